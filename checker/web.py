"""The checker's one entry point for the browser: JSON in, JSON out.

Why a single function: the page's JavaScript only passes the answers from the URL and
draws what comes back, so every decision (which question, which verdict, which message
for a tampered URL, where Terug and Wijzig lead, what goes into the URL) is made here
and tested in CPython.

The URL fragment holds the answers (one per question, whatever page asked it) plus at
most one of these markers:
- `vraag=<id>`: show this page (a question's id, or a page's from checker.pages; Terug
  leads here); answering it moves to the next one;
- `wijzig=<id>`: change this answer from the review; answering it returns to the review,
  after any questions the change made newly relevant;
- `bevestigd=1`: the review was confirmed; show the result.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .engine import PROVIDER_KEY, RECHECK_KEY, RECHECK_YES, Answers, Flow, deferred, evaluate, flow, provider_question, read_answers
from .identifiers import identifier_type
from .model import Policy, Question
from .pages import PROVIDER, REVIEW, Applied, Page, PageKind, Pages, apply, page_json, pages_for, progress, step_of
from .results import result_json
from .urls import urlencode
from .words import EMPTY_CHOICE, NOT_FILLED, RECHECK

BUNDLE_FORMAT = 1
YEAR_KEY = "jaar"
VIEW_KEY = "vraag"
CHANGE_KEY = "wijzig"
CONFIRM_KEY = "bevestigd"
MARKERS = (VIEW_KEY, CHANGE_KEY, CONFIRM_KEY)
_policies: dict[int, Policy] = {}


def bundle(policy: Policy) -> dict[str, Any]:
    """The JSON bundle the browser loads: the validated data of one year."""
    # The policy tests are for the team and CI, not for the browser.
    return {"format": BUNDLE_FORMAT, "year": policy.year, "data": {k: v for k, v in policy.data.items() if k != "tests"}}


def load_bundle(text: str) -> int:
    """Load a bundle (JSON text) into this interpreter; returns its year."""
    raw = json.loads(text)
    if raw.get("format") != BUNDLE_FORMAT:
        raise ValueError(f"Onbekend bundelformaat: {raw.get('format')!r}")
    policy = Policy.from_data(raw["data"])
    _policies[policy.year] = policy
    return policy.year


def respond(policy: Policy, raw_answers: Any, submit: Any = None) -> dict[str, Any]:
    """What the checker shows for these answers (and markers), after an optional submit.

    `submit` is {"question": id, "value": …}: the answer just given on the page the URL
    shows (a question's id and its text, or a page's id and its answer: "ja"/"nee" on a
    page of statements, the checked boxes as a list on a checkbox page). A valid one is
    merged and the next page is returned; an invalid one is not (so it never reaches the
    URL): the same page comes back with its message.
    `fragment` in the response is the URL fragment for the screen shown.
    """
    raw = dict(raw_answers) if isinstance(raw_answers, dict) else raw_answers
    markers = _take_markers(raw) if isinstance(raw, dict) else {}
    answers: Answers | None = None
    extra: dict[str, str] = {}
    if isinstance(submit, dict) and isinstance(submit.get("question"), str) and isinstance(raw, dict):
        answers, markers = _submitted(policy, raw, submit["question"], submit.get("value"), markers, extra)
    # The answers as they were are only read when the submit did not replace them.
    if answers is None:
        answers = read_answers(policy, raw if isinstance(raw, dict) else None)
    return _screen(policy, answers, markers, extra)


def _submitted(
    policy: Policy, raw: dict[str, Any], qid: str, value: Any, markers: dict[str, str], extra: dict[str, str]
) -> tuple[Answers | None, dict[str, str]]:
    """The answers and markers after a submit; (None, markers) with a message in `extra`
    when the answer cannot be used (then the answers stay as they were)."""
    goto: str | None = None
    if qid != PROVIDER_KEY and qid not in policy.questions:
        applied = _page_submit(policy, raw, qid, value)
        if applied is None:
            return None, markers
        if applied.error is not None:
            extra[qid] = applied.error
            return None, {VIEW_KEY: qid}
        raw = {k: v for k, v in raw.items() if k not in applied.clear} | applied.set
        goto = applied.goto
    elif isinstance(value, str):
        raw = {**raw, qid: value}
    else:
        return None, markers
    trial = read_answers(policy, raw)
    error = _submit_error(policy, trial, qid, value) if qid in policy.questions or qid == PROVIDER_KEY else None
    if error is not None:
        extra[qid] = error
        return None, {CHANGE_KEY: qid} if markers.get(CHANGE_KEY) == qid else {VIEW_KEY: qid}
    if qid in policy.questions and qid not in trial.values:
        return None, markers
    # What a new provider type does not ask is left behind without a message.
    answers = Answers(trial.provider, trial.values, trial.errors, [], trial.flow)
    return answers, ({VIEW_KEY: goto} if goto else _after(policy, answers, qid, markers))


def _page_submit(policy: Policy, raw: dict[str, Any], page_id: str, value: Any) -> Applied | None:
    """A page of several statements or options: its answer as one answer per question
    (None when the URL's answers have no such page)."""
    before = read_answers(policy, raw)
    pages = _pages_of(policy, before)
    if pages is None or page_id not in pages.by_id:
        return None
    return apply(pages, page_id, value, before.values)


def _pages_of(policy: Policy, answers: Answers) -> Pages | None:
    if answers.provider is None:
        return None
    walked = answers.flow or flow(policy, answers.provider, answers.values)
    return pages_for(policy, answers.provider, walked, answers.values)


def _take_markers(raw: dict[str, Any]) -> dict[str, str]:
    """Take the markers (vraag, wijzig, bevestigd) out of the answers."""
    markers: dict[str, str] = {}
    for key in MARKERS:
        value = raw.pop(key, None)
        if isinstance(value, str):
            markers[key] = value
    return markers


def _submit_error(policy: Policy, trial: Answers, qid: str, value: Any) -> str | None:
    """The Dutch message for an answer that cannot be used, or None."""
    if qid == PROVIDER_KEY:
        return EMPTY_CHOICE if trial.provider is None else None
    question = policy.questions.get(qid)
    if question is not None and question.type == "choice" and not value:
        return EMPTY_CHOICE
    return trial.errors.get(qid)


def _after(policy: Policy, answers: Answers, answered: str, markers: dict[str, str]) -> dict[str, str]:
    """Where a valid answer leads: from the review's Wijzig back to the review (through any
    newly relevant pages); otherwise to the next page, shown with its answers when it has
    them already (else the first page still open)."""
    pages = _pages_of(policy, answers)
    if CHANGE_KEY in markers or pages is None:
        return {}
    if answered == PROVIDER_KEY:
        following = pages.ids[0] if pages.ids else None
    else:
        holder = pages.by_id.get(answered) or pages.holder.get(answered)
        following = pages.after(holder.id) if holder is not None else None
    if following is not None and pages.by_id[following].answered(answers.values):
        return {VIEW_KEY: following}
    return {}


def _answer_label(question: Question | None, value: str) -> str:
    if question is None or question.type != "choice":
        return value or NOT_FILLED
    option = question.option(value)
    return option.label if option else value


@dataclass
class _Screen:
    """What every screen of one answer set shares: the questions asked in order (the
    provider type first), the answers to them, the pages they are shown on, and the start
    of the response."""

    policy: Policy
    provider: str
    answers: Answers
    walked: Flow
    base: dict[str, Any]
    ids: list[str] = field(init=False)
    clean: dict[str, str] = field(init=False)
    pages: Pages = field(init=False)
    # The answers in the URL, encoded once: the review has a link per answer, and encoding
    # every answer again for each link made the review and the result slow.
    encoded: str = field(init=False)

    def __post_init__(self) -> None:
        values = self.answers.values
        self.ids = [PROVIDER_KEY, *self.walked.ids]
        self.clean = {PROVIDER_KEY: self.provider}
        for q in self.walked.questions:
            if q.id in values:
                self.clean[q.id] = values[q.id]
            # The choice to check anyway stands right after the answer it is about.
            if RECHECK_KEY in values and q.option(values.get(q.id, "")) is not None and q.option(values[q.id]).ends_questions:  # type: ignore[union-attr]
                self.clean[RECHECK_KEY] = values[RECHECK_KEY]
        self.pages = pages_for(self.policy, self.provider, self.walked, values)
        self.encoded = urlencode([(YEAR_KEY, str(self.policy.year)), *self.clean.items()])

    @property
    def history(self) -> list[str]:
        return [qid for qid in self.ids if qid in self.clean]

    @property
    def first_open(self) -> str | None:
        """The first page not answered yet (None when all are answered)."""
        return next((p.id for p in self.pages.order if not p.answered(self.answers.values)), None)

    def fragment(self, marker: tuple[str, str] | None = None) -> str:
        """The URL fragment for these answers (in asking order) and one marker."""
        return "#" + self.encoded + ("&" + urlencode([marker]) if marker else "")


def _answers_list(screen: _Screen) -> list[dict[str, str]]:
    """Every question asked with its answer and the link that changes it (what the provider
    left out on the optional page is not listed)."""
    policy, clean = screen.policy, screen.clean
    first = provider_question(policy)
    rows = [{"id": PROVIDER_KEY, "question": first["text"], "answer_label": policy.provider_types[screen.provider].label}]
    rows += [
        {"id": q.id, "question": q.text, "answer_label": _answer_label(q, clean[q.id])}
        for q in screen.walked.questions
        if q.id in clean and not (clean[q.id] == "" and deferred(q))
    ]
    for row in rows:
        row["change_url_hash"] = screen.fragment((CHANGE_KEY, row["id"]))
    return rows


def _provider_screen(policy: Policy, base: dict[str, Any]) -> dict[str, Any]:
    """The first question: which kind of provider. No answers yet, nothing in the URL."""
    return {
        **base,
        "state": "question",
        "mode": "ask",
        "question": provider_question(policy),
        "answers": {},
        "history": [],
        "progress": progress(policy, None, PROVIDER),
        "fragment": "",
        "back": None,
    }


def _shown_page(screen: _Screen, markers: dict[str, str], errors: dict[str, str]) -> str | None:
    """The page to show: a bad answer again first, then the page the URL names (Wijzig
    names a question: it is shown on its own), then the first page still open; None when
    every page is answered."""
    change, view = markers.get(CHANGE_KEY), markers.get(VIEW_KEY)
    known = change in screen.ids if change is not None else view is not None and (view == PROVIDER_KEY or view in screen.pages.by_id)
    wanted = change or view
    if wanted is not None and not known:
        screen.base["dropped"].append(f"{VIEW_KEY if VIEW_KEY in markers else CHANGE_KEY}={wanted[:40]}")
        wanted = None
    bad = next((key for key in [PROVIDER_KEY, *screen.pages.by_id, *screen.ids] if key in errors), None)
    return bad or wanted or screen.first_open


def _question_screen(screen: _Screen, shown: str, markers: dict[str, str]) -> dict[str, Any]:
    policy, values = screen.policy, screen.answers.values
    changing = markers.get(CHANGE_KEY) == shown
    marker: tuple[str, str] | None = None
    back: str | None = None
    page = screen.pages.by_id.get(shown) if not changing else None
    if changing:
        # Terug from a change leads back to the review (or to what it still needs).
        marker, back = (CHANGE_KEY, shown), screen.fragment()
    else:
        marker = None if shown == screen.first_open else (VIEW_KEY, shown)
        # A question shown on its own (its answer in the URL was wrong) goes back as its page would.
        holder = page or screen.pages.holder.get(shown)
        before = screen.pages.before(holder.id) if holder is not None and holder.id in screen.pages.by_id else None
        back = screen.fragment((VIEW_KEY, before or PROVIDER_KEY)) if shown != PROVIDER_KEY else None
    if shown == PROVIDER_KEY:
        question, step = provider_question(policy), PROVIDER
    elif page is not None:
        question, step = page_json(policy, screen.provider, page, values), page.step
    else:
        one = next(q for q in screen.walked.questions if q.id == shown)
        step = step_of(one)
        question = page_json(policy, screen.provider, Page(one.id, PageKind.QUESTION, step, (one,)), values)
    return {
        **screen.base,
        "state": "question",
        "mode": "change" if changing else "ask",
        "question": question,
        "answers": screen.clean,
        "history": screen.history,
        "progress": progress(policy, screen.provider, step),
        "fragment": screen.fragment(marker),
        "back": back,
    }


def _review_screen(screen: _Screen, listed: list[dict[str, str]]) -> dict[str, Any]:
    """The review, with `next`: the response its only way on (`confirm`) gets.

    Why: confirming asked the browser's worker again for a verdict this request has
    already decided (the flow carries the decision); the page now shows `next` at once
    when it goes to exactly that fragment. It is the response a request for the confirm
    fragment gets, so it starts clean: what this request left out of the URL is not in
    that fragment, and the review said so already."""
    last = screen.pages.ids[-1] if screen.pages.ids else PROVIDER_KEY
    following = {**_short_route(screen, _result_screen(screen, listed)), "dropped": [], "errors": []}
    return {
        **screen.base,
        "state": "review",
        "answers": screen.clean,
        "answers_list": listed,
        "history": screen.history,
        "progress": progress(screen.policy, screen.provider, REVIEW),
        "fragment": screen.fragment(),
        "confirm": following["fragment"],
        "back": screen.fragment((VIEW_KEY, last)),
        "next": following,
    }


def _result_screen(screen: _Screen, listed: list[dict[str, str]]) -> dict[str, Any]:
    """The result: only what its page draws. Why no per-row change link: each repeated
    the answers in the URL and made the result four times as large (and slower to send and
    read); the page links a row to `change` followed by the row's id."""
    total = len(screen.ids)
    result = evaluate(screen.policy, screen.provider, screen.answers.values, screen.walked)
    return {
        **screen.base,
        "state": "result",
        "result": result_json(result),
        "answers_list": [{key: row[key] for key in ("id", "question", "answer_label")} for row in listed],
        "change": screen.fragment((CHANGE_KEY, "")),
        "progress": {"step": total, "total": total},
        "fragment": screen.fragment((CONFIRM_KEY, "1")),
        "back": screen.fragment(),
    }


def _screen(policy: Policy, answers: Answers, markers: dict[str, str], extra: dict[str, str]) -> dict[str, Any]:
    errors = {**answers.errors, **extra}
    base: dict[str, Any] = {
        "year": policy.year,
        "dropped": list(answers.dropped),
        "errors": [{"question": k, "message": v} for k, v in errors.items()],
    }
    if answers.provider is None:
        return _provider_screen(policy, base)
    # The flow of these answers, with its decision, worked out once for the whole request.
    walked = answers.flow or flow(policy, answers.provider, answers.values)
    screen = _Screen(policy, answers.provider, answers, walked, base)
    shown = _shown_page(screen, markers, errors)
    if shown is not None:
        return _question_screen(screen, shown, markers)
    listed = _answers_list(screen)
    # An answer that decides at once (an existing contract) leads straight to the verdict.
    if CONFIRM_KEY not in markers and not walked.short:
        return _review_screen(screen, listed)
    return _short_route(screen, _result_screen(screen, listed))


def _short_route(screen: _Screen, response: dict[str, Any]) -> dict[str, Any]:
    """The result, with the optional check of the conditions after an answer that decided at
    once (`recheck`: its text and fragment; None otherwise). That result has no review
    before it: Terug leads to the last question."""
    response["recheck"] = None
    if screen.walked.short:
        clean = {**screen.clean, RECHECK_KEY: RECHECK_YES}
        response["recheck"] = {"text": RECHECK, "fragment": "#" + urlencode([(YEAR_KEY, str(screen.policy.year)), *clean.items()])}
        response["fragment"] = screen.fragment()
        response["back"] = screen.fragment((VIEW_KEY, screen.pages.ids[-1] if screen.pages.ids else PROVIDER_KEY))
    return response


def warm_up() -> str:
    """Walk once to a result of the latest year with made-up answers, and forget it.

    Why: in the browser the first verdict takes several times longer than later ones, as
    the WebAssembly behind the result's code is compiled on its first use. The worker walks
    here once after the checker is ready, while the provider reads the first question.
    Nothing of the walk is kept: every request is answered from its own answers alone.
    Returns the state the walk ended in ("result" unless the data changed shape)."""
    policy = _policies[max(_policies)]
    provider = next(pid for pid, pt in policy.provider_types.items() if not pt.refusal)
    screen = respond(policy, {PROVIDER_KEY: provider})
    for _ in range(len(policy.questions) + 2):
        if screen["state"] == "review":
            screen = respond(policy, {**screen["answers"], CONFIRM_KEY: "1"})
        elif screen["state"] == "question":
            page = screen["question"]
            screen = respond(policy, screen["answers"], {"question": page["id"], "value": _made_up(policy, provider, page)})
        else:
            break
    return str(screen["state"])


def _made_up(policy: Policy, provider: str, page: dict[str, Any]) -> Any:
    """An answer to a page for the walk above: all statements hold, no box is ticked, a
    question gets an answer that meets it (not one that ends the questions at once), and
    a text its type's example."""
    if page.get("kind") == PageKind.STATEMENTS:
        return "ja"
    if page.get("kind") != PageKind.QUESTION:
        return []
    question = policy.questions[page["id"]]
    if question.type != "choice":
        return identifier_type(question.type).example.format(prefix=policy.provider_types[provider].agb_prefix or "01")
    going_on = [o for o in question.options if not o.ends_questions] or list(question.options)
    return next((o for o in going_on if o.meets is True), going_on[0]).value


def handle(request_json: str) -> str:
    """Browser entry: {"year": 2024, "answers": {...}, "submit"?: {...}} -> the response as JSON text."""
    try:
        request = json.loads(request_json)
    except ValueError:
        request = {}
    if not isinstance(request, dict):
        request = {}
    year = request.get("year")
    if not _policies:
        return json.dumps({"state": "error", "message": "Het beleid is niet geladen."})
    policy = _policies.get(year) if isinstance(year, int) else None
    response = respond(policy or _policies[max(_policies)], request.get("answers", {}), request.get("submit"))
    if year is not None and policy is None:
        response["errors"].insert(0, {"question": "jaar", "message": f"Beleidsjaar {str(year)[:10]} bestaat niet; u ziet {max(_policies)}."})
    return json.dumps(response, ensure_ascii=False)
