"""The policy tests in `policy_data/<year>/tests.yaml`: cases the purchasing team reads and
writes in Dutch, run against the engine (CPython only; pytest, the CLI and the site's
fact-check page use them).

Why as data, the way OpenFisca keeps YAML tests beside its parameters: the people who
own the policy check its logic in the same place as its words, and a new year's folder
carries its own tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from checker.engine import AnswerError, evaluate, flow
from checker.model import Policy, PolicyCase
from checker.results import Result, result_json

from .paths import complete

# The lists of a result a case may name exactly, by id.
EXACT = ("unmet", "contacts", "arrangements", "expectations", "conditional_expectations")


@dataclass
class CaseRun:
    """One case, the answers it was run with, the result and what did not hold."""

    case: PolicyCase
    answers: dict[str, str]
    result: Result | None
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def cases(policy: Policy) -> list[PolicyCase]:
    return list(policy.cases)


def _given_answers(given: dict[str, str], values: dict[str, str], asked: list[str]) -> list[str]:
    """Each answer the case gives must be asked and used as given."""
    failures = []
    for qid, value in given.items():
        if qid not in asked:
            failures.append(f"vraag '{qid}' wordt bij deze antwoorden niet gesteld")
        elif values.get(qid) != value:
            failures.append(f"antwoord '{value}' op '{qid}' is niet gebruikt")
    return failures


def _outcome_failures(case: PolicyCase, result: Result) -> list[str]:
    """The verdict, its heading and the lists of conditions the case names (a list the
    case leaves out is not checked; an empty one means none)."""
    failures = []
    if result.verdict != case.verdict:
        failures.append(f"uitslag is {result.verdict}, verwacht {case.verdict}")
    if case.label is not None and result.label != case.label:
        failures.append(f"kop is ‘{result.label}’, verwacht ‘{case.label}’")
    for key in EXACT:
        expected = getattr(case, key)
        if expected is not None:
            got = sorted(item.id for item in getattr(result, key))
            if got != sorted(expected):
                failures.append(f"{key} is {got}, verwacht {sorted(expected)}")
    if case.asr_assesses is not None:
        found = {item.id for item in result.asr_assesses}
        want = set(case.asr_assesses)
        if (not want and found) or not want <= found:
            failures.append(f"asr_assesses is {sorted(found)}, verwacht minstens {sorted(want)}" if want else f"asr_assesses is {sorted(found)}, verwacht leeg")
    return failures


def _step_failures(case: PolicyCase, result: Result) -> list[str]:
    steps = [s.id for s in result.next_steps]
    failures = [f"vervolgstap '{sid}' ontbreekt (wel: {steps})" for sid in case.next_steps if sid not in steps]
    return failures + [f"vervolgstap '{sid}' hoort er niet bij" for sid in case.not_next_steps if sid in steps]


def _asked_failures(case: PolicyCase, asked: list[str]) -> list[str]:
    failures = [f"vraag '{qid}' wordt niet gesteld" for qid in case.asked if qid not in asked]
    failures += [f"vraag '{qid}' wordt gesteld en hoort dat niet" for qid in case.not_asked if qid in asked]
    if case.first_question is not None and (not asked or asked[0] != case.first_question):
        failures.append(f"eerste vraag is '{asked[0] if asked else '-'}', verwacht '{case.first_question}'")
    return failures


def _mention_failures(case: PolicyCase, result: Result) -> list[str]:
    """What the result must (not) say, anywhere in it, as the browser gets it."""
    text = json.dumps(result_json(result), ensure_ascii=False)
    failures = [f"de uitslag noemt ‘{needle}’ niet" for needle in case.mentions if needle not in text]
    return failures + [f"de uitslag noemt ‘{needle}’ en hoort dat niet" for needle in case.not_mentions if needle in text]


def run_case(policy: Policy, case: PolicyCase) -> CaseRun:
    provider = case.type
    if provider not in policy.provider_types:
        return CaseRun(case, {}, None, [f"onbekende soort zorgaanbieder '{provider}'"])
    given = dict(case.answers)
    values = complete(policy, provider, given)
    run = CaseRun(case, values, None)
    walked = flow(policy, provider, values)
    asked = walked.ids
    run.failures += _given_answers(given, values, asked)
    try:
        run.result = evaluate(policy, provider, values, walked)
    except AnswerError as exc:
        run.failures.append(f"geen uitslag: {exc}")
        return run
    run.failures += _outcome_failures(case, run.result)
    run.failures += _step_failures(case, run.result)
    run.failures += _asked_failures(case, asked)
    run.failures += _mention_failures(case, run.result)
    return run


def run_all(policy: Policy) -> list[CaseRun]:
    return [run_case(policy, case) for case in cases(policy)]
