"""The checker's one entry point for the browser: JSON in, JSON out.

Why a single function: the page's JavaScript only passes the answers from the URL and
draws what comes back, so every decision (which question, which verdict, which message
for a tampered URL, where Terug and Wijzig lead, what goes into the URL) is made here
and tested in CPython.

The URL fragment holds the answers plus at most one of these markers:
- `vraag=<id>`: show this question (Terug leads here); answering it moves to the next one;
- `wijzig=<id>`: change this answer from the review; answering it returns to the review,
  after any questions the change made newly relevant;
- `bevestigd=1`: the review was confirmed; show the result.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from .engine import PROVIDER_KEY, Answers, Flow, evaluate, flow, provider_question, question_json, read_answers
from .model import Policy, Question
from .results import result_json
from .words import EMPTY_CHOICE, NOT_FILLED

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

    `submit` is {"question": id, "value": text}: the answer just given on the screen the
    URL shows. A valid one is merged and the next screen is returned; an invalid one is
    not (so it never reaches the URL): the same screen comes back with its message.
    `fragment` in the response is the URL fragment for the screen shown.
    """
    raw = dict(raw_answers) if isinstance(raw_answers, dict) else raw_answers
    markers = _take_markers(raw) if isinstance(raw, dict) else {}
    answers: Answers | None = None
    extra: dict[str, str] = {}
    # A submit is checked on its own first: an invalid answer leaves the answers as they were.
    if isinstance(submit, dict) and isinstance(submit.get("question"), str) and isinstance(submit.get("value"), str) and isinstance(raw, dict):
        qid, value = submit["question"], submit["value"]
        trial = read_answers(policy, {**raw, qid: value})
        error = _submit_error(policy, trial, qid, value)
        if error is None and (qid == PROVIDER_KEY or qid in trial.values):
            markers = _after(trial, qid, markers)
            # What a new provider type does not ask is left behind without a message.
            answers = Answers(trial.provider, trial.values, trial.errors, [], trial.flow)
        elif error is not None:
            extra[qid] = error
            markers = {CHANGE_KEY: qid} if markers.get(CHANGE_KEY) == qid else {VIEW_KEY: qid}
    # The answers as they were are only read when the submit did not replace them.
    if answers is None:
        answers = read_answers(policy, raw if isinstance(raw, dict) else None)
    return _screen(policy, answers, markers, extra)


def _take_markers(raw: dict[str, Any]) -> dict[str, str]:
    """Take the markers (vraag, wijzig, bevestigd) out of the answers."""
    markers: dict[str, str] = {}
    for key in MARKERS:
        value = raw.pop(key, None)
        if isinstance(value, str):
            markers[key] = value
    return markers


def _submit_error(policy: Policy, trial: Answers, qid: str, value: str) -> str | None:
    """The Dutch message for an answer that cannot be used, or None."""
    if qid == PROVIDER_KEY:
        return EMPTY_CHOICE if trial.provider is None else None
    question = policy.questions.get(qid)
    if question is not None and question.type == "choice" and not value:
        return EMPTY_CHOICE
    return trial.errors.get(qid)


def _after(answers: Answers, qid: str, markers: dict[str, str]) -> dict[str, str]:
    """Where a valid answer leads: from the review's Wijzig back to the review (through any
    newly relevant questions); otherwise to the next question in the flow, shown with its
    answer when it already has one."""
    if CHANGE_KEY in markers or answers.provider is None or answers.flow is None:
        return {}
    ids = [PROVIDER_KEY, *answers.flow.ids]
    if qid not in ids:
        return {}
    following = ids[ids.index(qid) + 1] if ids.index(qid) + 1 < len(ids) else None
    return {VIEW_KEY: following} if following is not None and following in answers.values else {}


def _answer_label(question: Question | None, value: str) -> str:
    if question is None or question.type != "choice":
        return value or NOT_FILLED
    option = question.option(value)
    return option.label if option else value


@dataclass
class _Screen:
    """What every screen of one answer set shares: the questions asked in order (the
    provider type first), the answers to them, and the start of the response."""

    policy: Policy
    provider: str
    answers: Answers
    walked: Flow
    base: dict[str, Any]
    ids: list[str] = field(init=False)
    clean: dict[str, str] = field(init=False)
    # The answers in the URL, encoded once: the review has a link per answer, and encoding
    # every answer again for each link made the review and the result slow.
    encoded: str = field(init=False)

    def __post_init__(self) -> None:
        values = self.answers.values
        self.ids = [PROVIDER_KEY, *self.walked.ids]
        self.clean = {PROVIDER_KEY: self.provider, **{q.id: values[q.id] for q in self.walked.questions if q.id in values}}
        self.encoded = urlencode([(YEAR_KEY, str(self.policy.year)), *self.clean.items()])

    @property
    def history(self) -> list[str]:
        return [qid for qid in self.ids if qid in self.clean]

    @property
    def first_open(self) -> str | None:
        """The first question without an answer (None when all are answered)."""
        return next((qid for qid in self.ids if qid not in self.clean), None)

    def fragment(self, marker: tuple[str, str] | None = None) -> str:
        """The URL fragment for these answers (in asking order) and one marker."""
        return "#" + self.encoded + ("&" + urlencode([marker]) if marker else "")


def _answers_list(screen: _Screen) -> list[dict[str, str]]:
    """Every question asked with its answer and the link that changes it."""
    policy, clean = screen.policy, screen.clean
    first = provider_question(policy)
    rows = [{"id": PROVIDER_KEY, "question": first["text"], "answer_label": policy.provider_types[screen.provider].label}]
    rows += [{"id": q.id, "question": q.text, "answer_label": _answer_label(q, clean[q.id])} for q in screen.walked.questions if q.id in clean]
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
        "progress": {"step": 1, "total": None},
        "fragment": "",
        "back": None,
    }


def _shown_question(screen: _Screen, markers: dict[str, str], errors: dict[str, str]) -> str | None:
    """The question to show: a bad answer again first, then the one the URL names, then
    the first without an answer; None when every question is answered."""
    view = markers.get(CHANGE_KEY) or markers.get(VIEW_KEY)
    if view is not None and view not in screen.ids:
        screen.base["dropped"].append(f"{VIEW_KEY if VIEW_KEY in markers else CHANGE_KEY}={view[:40]}")
        view = None
    return next((qid for qid in screen.ids if qid in errors), None) or view or screen.first_open


def _question_screen(screen: _Screen, shown: str, markers: dict[str, str]) -> dict[str, Any]:
    policy = screen.policy
    changing = markers.get(CHANGE_KEY) == shown
    index = screen.ids.index(shown)
    marker: tuple[str, str] | None = None
    back: str | None = None
    if changing:
        # Terug from a change leads back to the review (or to what it still needs).
        marker, back = (CHANGE_KEY, shown), screen.fragment()
    else:
        marker = None if shown == screen.first_open else (VIEW_KEY, shown)
        back = screen.fragment((VIEW_KEY, screen.ids[index - 1])) if index else None
    by_id = {q.id: q for q in screen.walked.questions}
    question = provider_question(policy) if shown == PROVIDER_KEY else question_json(policy, screen.provider, by_id[shown])
    return {
        **screen.base,
        "state": "question",
        "mode": "change" if changing else "ask",
        "question": question,
        "answers": screen.clean,
        "history": screen.history,
        "progress": {"step": index + 1, "total": len(screen.ids)},
        "fragment": screen.fragment(marker),
        "back": back,
    }


def _review_screen(screen: _Screen, listed: list[dict[str, str]]) -> dict[str, Any]:
    total = len(screen.ids)
    return {
        **screen.base,
        "state": "review",
        "answers": screen.clean,
        "answers_list": listed,
        "history": screen.history,
        "progress": {"step": total, "total": total},
        "fragment": screen.fragment(),
        "confirm": screen.fragment((CONFIRM_KEY, "1")),
        "back": screen.fragment((VIEW_KEY, screen.ids[-1])),
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
    shown = _shown_question(screen, markers, errors)
    if shown is not None:
        return _question_screen(screen, shown, markers)
    listed = _answers_list(screen)
    if CONFIRM_KEY not in markers:
        return _review_screen(screen, listed)
    return _result_screen(screen, listed)


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
