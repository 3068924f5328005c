"""The paths through the checker's decision flow, enumerated from the data (CPython only:
used by the policy tests, the decision trees and the year comparison, never shipped).

Why not every combination: with ~25 yes/no questions that is millions of paths, and only
the questions that route (stage `route`, or named in an `ask_if`) change the way through.
So: every combination of the routing answers, and within each route the all-met path plus
every single other answer to every question. That takes every branch of every question,
in every route, at least once.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from checker.engine import RECHECK_KEY, RECHECK_YES, evaluate, flow, flow_routers
from checker.identifiers import identifier_type
from checker.model import Option, OptionEffect, Policy, Question, Stage, Verdict


def _compliant_option(question: Question) -> Option:
    """The option that meets the condition, else a plain one that changes nothing (no
    message, no other outcome), else one that only routes, else the first."""
    routing = [o for o in question.options if o.effect == OptionEffect.NONE and o.meets is None]
    met = next((o for o in question.options if o.meets is True), None)
    plain = next((o for o in routing if not o.outcomes and not o.message), None)
    return met or plain or next(iter(routing), question.options[0])


def filler(policy: Policy, provider: str, question: Question) -> str:
    """The answer a compliant provider with no special arrangements gives: for a choice
    the compliant option, else the identifier type's example value."""
    if question.type == "choice":
        return _compliant_option(question).value
    prefix = policy.provider_types[provider].agb_prefix or "99"
    return identifier_type(question.type).example.format(prefix=prefix)


def alternatives(question: Question) -> list[str]:
    if question.type == "choice":
        return [o.value for o in question.options]
    return [""] if question.optional else []


def routing_ids(policy: Policy, provider: str) -> list[str]:
    routers = flow_routers(policy, provider)
    return [q.id for q in policy.questions_for(provider) if q.id in routers or q.stage == Stage.ROUTE]


def complete(policy: Policy, provider: str, fixed: dict[str, str]) -> dict[str, str]:
    """Fill every question that is asked, keeping the fixed answers.

    Why in runs: the flow only changes after an answer that routes (named in an ask_if, or
    a purchasing rule's question), so the questions up to such an answer are filled in one
    go; recomputing the flow after every answer made long policies cubic to walk."""
    routers = flow_routers(policy, provider)
    # The choice to check anyway (after an existing contract) is kept as given.
    values: dict[str, str] = {k: v for k, v in fixed.items() if k == RECHECK_KEY}
    while True:
        pending = [q for q in flow(policy, provider, values).questions if q.id not in values]
        if not pending:
            return values
        for q in pending:
            values[q.id] = fixed.get(q.id, filler(policy, provider, q))
            if q.id in routers:
                break


def paths(policy: Policy, provider: str) -> Iterator[dict[str, str]]:
    questions = {q.id: q for q in policy.questions_for(provider)}
    routes = routing_ids(policy, provider)
    for combo in itertools.product(*(alternatives(questions[r]) for r in routes)):
        fixed = dict(zip(routes, combo, strict=True))
        yield from _route_paths(policy, provider, questions, fixed)
        # After an answer that decides at once, the conditions are checked only on request.
        if any(o is not None and o.ends_questions for o in (questions[r].option(v) for r, v in fixed.items())):
            yield from _route_paths(policy, provider, questions, {**fixed, RECHECK_KEY: RECHECK_YES})


def _route_paths(policy: Policy, provider: str, questions: dict[str, Question], fixed: dict[str, str]) -> Iterator[dict[str, str]]:
    """The all-met path of one route, and every single other answer within it."""
    base = complete(policy, provider, fixed)
    yield base
    for qid in list(base):
        if qid in fixed:
            continue
        for alt in alternatives(questions[qid]):
            if alt != base[qid]:
                yield complete(policy, provider, {**fixed, **{k: v for k, v in base.items() if k != qid}, qid: alt})


@dataclass(frozen=True)
class ReachableOutcome:
    """One outcome some path of a provider type leads to, as the engine words it, with its next steps."""

    verdict: Verdict
    label: str
    steps: tuple[str, ...]


# Outcomes per (policy, provider type): the paths are walked once per build, not per page.
_outcomes: dict[tuple[int, str], tuple[Policy, list[ReachableOutcome]]] = {}


def outcomes(policy: Policy, provider: str) -> list[ReachableOutcome]:
    """Every outcome some path of this provider type leads to, with the union of the next
    steps the engine gives for it, in the order the paths reach them."""
    cached = _outcomes.get((id(policy), provider))
    if cached is not None and cached[0] is policy:
        return cached[1]
    found: dict[tuple[Verdict, str], list[str]] = {}
    for values in paths(policy, provider):
        result = evaluate(policy, provider, values)
        steps = found.setdefault((result.verdict, result.label), [])
        steps += [s.id for s in result.next_steps if s.id not in steps]
    listed = [ReachableOutcome(verdict, label, tuple(steps)) for (verdict, label), steps in found.items()]
    _outcomes[(id(policy), provider)] = (policy, listed)
    return listed


def reachable_verdicts(policy: Policy, provider: str) -> list[str]:
    """Every verdict some path of this provider type leads to, in the engine's order."""
    seen = {o.verdict for o in outcomes(policy, provider)}
    return [v for v in Verdict if v in seen]
