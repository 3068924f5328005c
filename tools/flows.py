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
from urllib.parse import urlencode

from checker import web
from checker.identifiers import identifier_type
from checker.model import Policy, Question

# Answers a provider would type for the identifier questions; {prefix} is the AGB prefix.
# A practice name with a character that HTML and a mail link must escape.
FREE_TEXT = "Kraamzorg De Ooievaar & Zn"


@dataclass
class Step:
    """One screen of the checker and the answer given on it."""

    question: dict[str, Any]
    value: str

    @property
    def id(self) -> str:
        return str(self.question["id"])

    @property
    def type(self) -> str:
        return str(self.question["type"])

    @property
    def label(self) -> str:
        """The label of the chosen option (choice) or the typed text."""
        if self.type != "choice":
            return self.value
        return next(str(o["label"]) for o in self.question["options"] if o["value"] == self.value)


@dataclass
class Walk:
    """A complete walk: the steps in order and CPython's final response."""

    provider: str
    steps: list[Step] = field(default_factory=list)
    response: dict[str, Any] = field(default_factory=dict)
    review: dict[str, Any] = field(default_factory=dict)

    @property
    def answers(self) -> dict[str, str]:
        return {s.id: s.value for s in self.steps}

    @property
    def result(self) -> dict[str, Any]:
        return self.response["result"]

    @property
    def verdict(self) -> str:
        return str(self.result["verdict"])

    def fragment(self, upto: int | None = None, year: int | None = None, confirmed: bool = False) -> str:
        """The URL fragment after the first `upto` steps (all when None); `confirmed`
        adds the review's confirmation, so the page opens on the result."""
        pairs = [("jaar", str(year or self.response["year"]))] + [(s.id, s.value) for s in self.steps[:upto]]
        if confirmed:
            pairs.append((web.CONFIRM_KEY, "1"))
        return "#" + urlencode(pairs)

    def result_fragment(self) -> str:
        return self.fragment(confirmed=True)

    def types(self) -> set[str]:
        return {s.type for s in self.steps}


def load_policy(site: Path, year: int | None = None) -> Policy:
    """The policy exactly as the site ships it (its JSON bundle)."""
    manifest = json.loads((site / "assets" / "checker" / "manifest.json").read_text(encoding="utf-8"))
    year = year or int(manifest["latest"])
    text = (site / "assets" / "checker" / manifest["bundles"][str(year)]).read_text(encoding="utf-8")
    return Policy.from_data(json.loads(text)["data"])


Chooser = Callable[[Policy, str, Question], str | None]


def meets_first(policy: Policy, provider: str, question: Question) -> str | None:
    """The answer that meets a condition; for other questions one without an effect."""
    met = next((o for o in question.options if o.meets is True), None)
    plain = next((o for o in question.options if o.effect == "none" and o.meets is None), None)
    return (met or plain or question.options[0]).value


def typed_value(policy: Policy, provider: str, question: Question) -> str:
    """An identifier as the table's example; free text with characters that need escaping."""
    if question.type == "text":
        return FREE_TEXT
    prefix = policy.provider_types[provider].agb_prefix or "01"
    return identifier_type(question.type).example.format(prefix=prefix)


def walk(policy: Policy, provider: str, overrides: dict[str, str] | None = None, chooser: Chooser = meets_first) -> Walk:
    """Answer every question as the provider would, with `overrides` where given, then
    confirm the review."""
    overrides = overrides or {}
    path = Walk(provider)
    answers: dict[str, str] = {"type": provider}
    first = web.respond(policy, {})
    path.steps.append(Step(first["question"], provider))
    for _ in range(500):
        response = web.respond(policy, answers)
        assert not response["errors"], response["errors"]
        if response["state"] == "review":
            path.review = response
            path.response = web.respond(policy, {**answers, web.CONFIRM_KEY: "1"})
            return path
        q = response["question"]
        question = policy.questions[q["id"]]
        if q["id"] in overrides:
            value = overrides[q["id"]]
        elif question.type == "choice":
            value = chooser(policy, provider, question) or meets_first(policy, provider, question) or ""
        else:
            value = typed_value(policy, provider, question)
        path.steps.append(Step(q, value))
        answers[q["id"]] = value
    raise AssertionError(f"geen uitslag na 500 vragen voor {provider}")


def all_paths(policy: Policy) -> Iterator[Walk]:
    """For each provider type: the all-met path, then each single other answer to each
    choice question of it (which also opens the branches behind routing questions)."""
    for provider in policy.provider_types:
        base = walk(policy, provider)
        yield base
        for step in base.steps[1:]:
            if step.type != "choice":
                continue
            for option in step.question["options"]:
                if option["value"] != step.value:
                    keep = {s.id: s.value for s in base.steps[1:] if s.id != step.id}
                    yield walk(policy, provider, {**keep, step.id: option["value"]})


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
        if want(path):
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
    candidates = [p for p in catalogue(site) if "choice" in p.types() and p.types() - {"choice"}]
    if not candidates:
        candidates = [p for p in catalogue(site) if len(p.steps) > 1]
    return min(candidates, key=lambda p: (len(p.steps), p.verdict != "eligible"))
