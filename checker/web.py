"""The checker's one entry point for the browser: JSON in, JSON out.

Why a single function: the page's JavaScript only passes the answers from the URL and
draws what comes back, so every decision (which question, which verdict, which message
for a tampered URL) is made here and tested in CPython.
"""

from __future__ import annotations

import json
from typing import Any

from .engine import PROVIDER_KEY, evaluate, flow, next_question, provider_question, question_json, read_answers
from .model import Policy

BUNDLE_FORMAT = 1
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


def respond(policy: Policy, raw_answers: Any) -> dict[str, Any]:
    """What the checker shows for these answers: the next question or the result."""
    answers = read_answers(policy, raw_answers if isinstance(raw_answers, dict) else None)
    base: dict[str, Any] = {
        "year": policy.year,
        "dropped": answers.dropped,
        "errors": [{"question": k, "message": v} for k, v in answers.errors.items()],
    }
    if answers.provider is None:
        return {
            **base,
            "state": "question",
            "question": provider_question(policy),
            "answers": {},
            "history": [],
            "progress": {"step": 1, "total": None},
        }
    values = answers.values
    questions = flow(policy, answers.provider, values)
    history = [PROVIDER_KEY] + [q.id for q in questions if q.id in values]
    clean = {PROVIDER_KEY: answers.provider, **{q.id: values[q.id] for q in questions if q.id in values}}
    progress = {"step": len(history) + 1, "total": len(questions) + 1}
    # A bad answer is asked again, with its message, before anything after it.
    pending = next((q for q in questions if q.id in answers.errors), None) or next_question(policy, answers.provider, values)
    if pending is not None:
        return {
            **base,
            "state": "question",
            "question": question_json(policy, answers.provider, pending),
            "answers": clean,
            "history": history,
            "progress": progress,
        }
    return {
        **base,
        "state": "result",
        "result": evaluate(policy, answers.provider, values),
        "answers": clean,
        "history": history,
        "progress": {"step": progress["total"], "total": progress["total"]},
    }


def handle(request_json: str) -> str:
    """Browser entry: {"year": 2024, "answers": {...}} -> the response as JSON text."""
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
    response = respond(policy or _policies[max(_policies)], request.get("answers", {}))
    if year is not None and policy is None:
        response["errors"].insert(0, {"question": "jaar", "message": f"Beleidsjaar {str(year)[:10]} bestaat niet; u ziet {max(_policies)}."})
    return json.dumps(response, ensure_ascii=False)
