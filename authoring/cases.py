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
from typing import Any

from checker.engine import AnswerError, evaluate, flow
from checker.model import Policy, PolicyCase

from .paths import complete

EXACT = ("unmet", "contacts", "arrangements", "expectations", "conditional_expectations")


@dataclass
class CaseRun:
    """One case, the answers it was run with, the result and what did not hold."""

    case: PolicyCase
    answers: dict[str, str]
    result: dict[str, Any] | None
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def cases(policy: Policy) -> list[PolicyCase]:
    return list(policy.cases)


def run_case(policy: Policy, case: PolicyCase) -> CaseRun:
    provider = case.type
    if provider not in policy.provider_types:
        return CaseRun(case, {}, None, [f"onbekende soort zorgaanbieder '{provider}'"])
    given = dict(case.answers)
    values = complete(policy, provider, given)
    run = CaseRun(case, values, None)
    asked = [q.id for q in flow(policy, provider, values)]
    for qid, value in given.items():
        if qid not in asked:
            run.failures.append(f"vraag '{qid}' wordt bij deze antwoorden niet gesteld")
        elif values.get(qid) != value:
            run.failures.append(f"antwoord '{value}' op '{qid}' is niet gebruikt")
    try:
        result = evaluate(policy, provider, values)
    except AnswerError as exc:
        run.failures.append(f"geen uitslag: {exc}")
        return run
    run.result = result
    check = run.failures.append
    if result["verdict"] != case.verdict:
        check(f"uitslag is {result['verdict']}, verwacht {case.verdict}")
    if case.label is not None and result["verdict_label"] != case.label:
        check(f"kop is ‘{result['verdict_label']}’, verwacht ‘{case.label}’")
    for key in EXACT:
        expected = getattr(case, key)
        if expected is not None:
            got = sorted(item["id"] for item in result[key])
            if got != sorted(expected):
                check(f"{key} is {got}, verwacht {sorted(expected)}")
    if case.asr_assesses is not None:
        got = {item["id"] for item in result["asr_assesses"]}
        want = set(case.asr_assesses)
        if (not want and got) or not want <= got:
            check(f"asr_assesses is {sorted(got)}, verwacht minstens {sorted(want)}" if want else f"asr_assesses is {sorted(got)}, verwacht leeg")
    steps = [s["id"] for s in result["next_steps"]]
    for sid in case.next_steps:
        if sid not in steps:
            check(f"vervolgstap '{sid}' ontbreekt (wel: {steps})")
    for sid in case.not_next_steps:
        if sid in steps:
            check(f"vervolgstap '{sid}' hoort er niet bij")
    for qid in case.asked:
        if qid not in asked:
            check(f"vraag '{qid}' wordt niet gesteld")
    for qid in case.not_asked:
        if qid in asked:
            check(f"vraag '{qid}' wordt gesteld en hoort dat niet")
    if case.first_question is not None and (not asked or asked[0] != case.first_question):
        check(f"eerste vraag is '{asked[0] if asked else '-'}', verwacht '{case.first_question}'")
    text = json.dumps(result, ensure_ascii=False)
    for needle in case.mentions:
        if needle not in text:
            check(f"de uitslag noemt ‘{needle}’ niet")
    for needle in case.not_mentions:
        if needle in text:
            check(f"de uitslag noemt ‘{needle}’ en hoort dat niet")
    return run


def run_all(policy: Policy) -> list[CaseRun]:
    return [run_case(policy, case) for case in cases(policy)]
