"""Paths through the checker, found in the policy data the built site ships; shared by
the browser tests (tests/browser/), the parity test and the benchmark (tools/bench/),
so the bench times the very walk the tests check.

Why from the data and not hard-coded: the browser tests must follow next year's
questions without edits. Each path is walked with `checker.web.respond`, the very
function the page calls in Pyodide, so the expected screens are CPython's.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from checker import engine, pages, web
from checker.identifiers import identifier_type
from checker.model import Policy, Question

# Answers a provider would type for the identifier questions; {prefix} is the AGB prefix.
# A practice name with a character that HTML and a mail link must escape.
FREE_TEXT = "Kraamzorg De Ooievaar & Zn"


@dataclass
class Step:
    """One page of the checker and the answer given on it: a choice's value, the ticked
    boxes of a checkbox page (a list), or the typed text. `fragment` is the URL fragment of
    that page (without the year's own marker changed)."""

    question: dict[str, Any]
    value: Any
    fragment: str = ""

    @property
    def id(self) -> str:
        return str(self.question["id"])

    @property
    def type(self) -> str:
        return str(self.question["type"])

    @property
    def kind(self) -> str:
        return str(self.question.get("kind") or "question")

    @property
    def taps(self) -> int:
        """Taps (clicks) a provider makes on this page: each choice or ticked box, or the
        text box, and Volgende."""
        if self.type == "checkboxes":
            return len(self.value) + 1
        return 2

    @property
    def label(self) -> str:
        """The label of the chosen option (choice) or the typed text."""
        if self.type == "checkboxes":
            return ", ".join(str(o["label"]) for o in self.question["options"] if o["value"] in self.value)
        if self.type != "choice":
            return str(self.value)
        return next(str(o["label"]) for o in self.question["options"] if o["value"] == self.value)


@dataclass
class Walk:
    """A complete walk: the pages in order (the type page first), CPython's review (when
    the walk has one) and final response, and the answers per question it ends with."""

    provider: str
    steps: list[Step] = field(default_factory=list)
    response: dict[str, Any] = field(default_factory=dict)
    review: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)

    @property
    def result(self) -> dict[str, Any]:
        return self.response["result"]

    @property
    def verdict(self) -> str:
        return str(self.result["verdict"])

    @property
    def pages(self) -> int:
        """Pages from the type page to the verdict: every page answered, and the review."""
        return len(self.steps) + (1 if self.review else 0)

    @property
    def taps(self) -> int:
        """Taps from the type page to the verdict: on every page, and Bekijk de uitslag."""
        return sum(s.taps for s in self.steps) + (1 if self.review else 0)

    def fragment(self, upto: int | None = None, year: int | None = None, confirmed: bool = False) -> str:
        """The URL fragment that opens page `upto` (0-based; all answers when None);
        `confirmed` adds the review's confirmation, so the page opens on the result."""
        year_text = str(year or self.response["year"])
        if upto is not None and upto < len(self.steps):
            pairs = parse_qsl(self.steps[upto].fragment.lstrip("#"), keep_blank_values=True)
        else:
            pairs = list(self.answers.items())
        pairs = [("jaar", year_text)] + [(k, v) for k, v in pairs if k != "jaar"]
        if confirmed:
            pairs.append((web.CONFIRM_KEY, "1"))
        return "#" + urlencode(pairs)

    def result_fragment(self) -> str:
        return self.fragment(confirmed=True)

    def types(self) -> set[str]:
        return {s.type for s in self.steps}

    @property
    def clickable(self) -> bool:
        """Every page of it follows from the one before by Volgende: not a walk that went on
        from a result's offer to check the conditions anyway."""
        return engine.RECHECK_KEY not in self.answers


def load_policy(site: Path, year: int | None = None) -> Policy:
    """The policy exactly as the site ships it (its JSON bundle)."""
    manifest = json.loads((site / "assets" / "checker" / "manifest.json").read_text(encoding="utf-8"))
    year = year or int(manifest["latest"])
    text = (site / "assets" / "checker" / manifest["bundles"][str(year)]).read_text(encoding="utf-8")
    return Policy.from_data(json.loads(text)["data"])


Chooser = Callable[[Policy, str, Question], str | None]


def meets_first(policy: Policy, provider: str, question: Question) -> str | None:
    """The answer that meets a condition; for other questions one without an effect that
    does not decide at once (a new provider: the conditions are asked)."""
    met = next((o for o in question.options if o.meets is True), None)
    plain = next((o for o in question.options if o.effect == "none" and o.meets is None and not o.ends_questions), None)
    return (met or plain or question.options[0]).value


def typed_value(policy: Policy, provider: str, question: Question) -> str:
    """An identifier as the table's example; free text with characters that need escaping."""
    if question.type == "text":
        return FREE_TEXT
    prefix = policy.provider_types[provider].agb_prefix or "01"
    return identifier_type(question.type).example.format(prefix=prefix)


def _wanted(policy: Policy, provider: str, qid: str, overrides: dict[str, str], chooser: Chooser) -> str:
    """The answer to one question: the override, else what the chooser picks."""
    question = policy.questions[qid]
    if qid in overrides:
        return overrides[qid]
    if question.type == "choice":
        return chooser(policy, provider, question) or meets_first(policy, provider, question) or ""
    return typed_value(policy, provider, question)


def _page_value(policy: Policy, provider: str, page: dict[str, Any], overrides: dict[str, str], chooser: Chooser) -> Any:
    """What a provider gives on a page to end up with the wanted answer per question."""
    kind = page.get("kind")
    if kind == "statements":
        ids = [str(item["value"]) for group in page["groups"] for item in group["items"]]
        met = {qid: next(o.value for o in policy.questions[qid].options if o.meets is True) for qid in ids}
        return "ja" if all(_wanted(policy, provider, qid, overrides, chooser) == met[qid] for qid in ids) else "nee"
    if kind == "unmet":
        ids = [str(o["value"]) for o in page["options"]]
        return [qid for qid in ids if _wanted(policy, provider, qid, overrides, chooser) != meets_first(policy, provider, policy.questions[qid])]
    if kind == "extra":
        return [str(o["value"]) for o in page["options"] if _ticked(policy, str(o["value"]), overrides)]
    return _wanted(policy, provider, str(page["id"]), overrides, chooser)


def _ticked(policy: Policy, item: str, overrides: dict[str, str]) -> bool:
    """A box on the optional page is ticked when an override asks for what it stands for."""
    if item == pages.EXPECTATIONS_ITEM:
        return any(overrides.get(q.id, "") != "" for q in policy.questions.values() if engine.deferred(q) and q.condition is not None)
    option = policy.questions[item].option(overrides.get(item, ""))
    return option is not None and (option.effect != "none" or bool(option.message or option.next_steps))


def walk(policy: Policy, provider: str, overrides: dict[str, str] | None = None, chooser: Chooser = meets_first) -> Walk:
    """Answer every page as the provider would, with `overrides` (answers per question)
    where given, then confirm the review. `nagaan: ja` in the overrides follows the
    result's offer to check the conditions anyway."""
    overrides = overrides or {}
    path = Walk(provider)
    response = web.respond(policy, {})
    path.steps.append(Step(response["question"], provider, ""))
    response = web.respond(policy, {}, {"question": web.PROVIDER_KEY, "value": provider})
    for _ in range(500):
        assert not response["errors"], response["errors"]
        answers = _fragment_answers(response["fragment"])
        if response["state"] == "review":
            path.review = response
            response = web.respond(policy, {**answers, web.CONFIRM_KEY: "1"})
        if response["state"] == "result":
            if response.get("recheck") and overrides.get(engine.RECHECK_KEY) == engine.RECHECK_YES and not path.review:
                response = web.respond(policy, _fragment_answers(response["recheck"]["fragment"]))
                continue
            path.response = response
            path.answers = {k: v for k, v in _fragment_answers(response["fragment"]).items() if k != web.CONFIRM_KEY}
            return path
        page = response["question"]
        value = _page_value(policy, provider, page, overrides, chooser)
        path.steps.append(Step(page, value, response["fragment"]))
        response = web.respond(policy, answers, {"question": page["id"], "value": value})
    raise AssertionError(f"geen uitslag na 500 pagina's voor {provider}")


def _fragment_answers(fragment: str) -> dict[str, str]:
    return {k: v for k, v in parse_qsl(fragment.lstrip("#"), keep_blank_values=True) if k != "jaar"}


def all_paths(policy: Policy) -> Iterator[Walk]:
    """For each provider type: the all-met path, then each single other answer to each
    choice question of it (which also opens the branches behind routing questions), and
    after an answer that decides at once the check of the conditions anyway."""
    for provider in policy.provider_types:
        base = walk(policy, provider)
        yield base
        given = {k: v for k, v in base.answers.items() if k != web.PROVIDER_KEY}
        for qid, value in given.items():
            question = policy.questions[qid]
            for option in question.options:
                if option.value == value:
                    continue
                # What was left out on the optional page stays out.
                keep = {k: v for k, v in given.items() if k != qid and v != ""}
                yield walk(policy, provider, {**keep, qid: option.value})
                if option.ends_questions:
                    yield walk(policy, provider, {**keep, qid: option.value, engine.RECHECK_KEY: engine.RECHECK_YES})


@cache
def _catalogue(site: str) -> list[Walk]:
    return list(all_paths(load_policy(Path(site))))


def catalogue(site: Path) -> list[Walk]:
    return _catalogue(str(site))


def find(site: Path, want: Callable[[Walk], bool], what: str, prefer: tuple[str, ...] = ()) -> Walk:
    """The first path that fits, trying the preferred provider types first."""
    paths = catalogue(site)
    ordered = sorted(paths, key=lambda p: (0, prefer.index(p.provider)) if p.provider in prefer else (1, 0))
    for path in ordered:
        if path.clickable and want(path):
            return path
    raise AssertionError(f"De beleidsdata heeft geen pad met {what}.")


def eligible_path(site: Path) -> Walk:
    return find(site, lambda p: p.verdict == "eligible" and not p.result["contacts"], "uitkomst 'voldoet'", prefer=("kraamzorg", "verloskundige-praktijk"))


def not_eligible_path(site: Path) -> Walk:
    """A contractable type that fails exactly one condition."""
    return find(
        site,
        lambda p: p.verdict == "not_eligible" and len(p.result["unmet"]) == 1 and len(p.steps) > 2,
        "uitkomst 'komt niet in aanmerking' door één voorwaarde",
        prefer=("kraamzorg", "verloskundige-praktijk"),
    )


def contact_path(site: Path) -> Walk:
    return find(site, lambda p: p.verdict == "contact", "uitkomst 'neem contact op'", prefer=("integrale-geboortezorg",))


def refused_path(site: Path) -> Walk:
    return find(
        site, lambda p: p.verdict == "not_eligible" and len(p.steps) == 1, "een soort die a.s.r. niet contracteert", prefer=("verloskundige-zorggroep",)
    )


def mailto_path(site: Path) -> Walk:
    """A path that asks the AGB code and a practice name and ends with an e-mail step."""
    return find(
        site,
        lambda p: {"agb", "text"} <= p.types() and any(s.get("mailto") for s in p.result["next_steps"]),
        "AGB-code, praktijknaam en een e-mail als vervolgstap",
        prefer=("kraamzorg", "verloskundige-praktijk"),
    )


def keyboard_path(site: Path) -> Walk:
    """The shortest path that has both choices and a typed answer (for the keyboard run)."""
    candidates = [p for p in catalogue(site) if p.clickable and "choice" in p.types() and p.types() - {"choice", "checkboxes"}]
    if not candidates:
        candidates = [p for p in catalogue(site) if p.clickable and len(p.steps) > 1]
    return min(candidates, key=lambda p: (len(p.steps), p.verdict != "eligible"))
