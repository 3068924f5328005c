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
from pathlib import Path

from checker.engine import RECHECK_KEY, AnswerError, evaluate, flow
from checker.model import Policy, PolicyCase
from checker.results import Result, result_json
from checker.words import VERDICT_SHORT

from .paths import complete
from .problems import DataError, Lines, Problem
from .yamlfile import parse, read_text

# The lists of a result a case may name exactly, by id.
EXACT = ("unmet", "contacts", "arrangements", "expectations", "conditional_expectations")


class CaseFailure(DataError):
    """Policy tests (tests.yaml) that no longer hold: a build stops, like on bad data (exit code 1)."""


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


# What each list of a result is called in the messages (the keys of tests.yaml in Dutch).
LIST_WORDS = {
    "unmet": "niet vervulde voorwaarden (unmet)",
    "contacts": "contactpersonen (contacts)",
    "arrangements": "afspraken (arrangements)",
    "expectations": "niet vervulde verwachtingen (expectations)",
    "conditional_expectations": "verwachtingen door een antwoord (conditional_expectations)",
    "asr_assesses": "wat a.s.r. zelf beoordeelt (asr_assesses)",
}


def _ids(ids: list[str] | set[str] | tuple[str, ...]) -> str:
    return ", ".join(sorted(ids)) or "geen"


def _given_answers(given: dict[str, str], values: dict[str, str], asked: list[str]) -> list[str]:
    """Each answer the case gives must be asked and used as given."""
    failures = []
    for qid, value in given.items():
        if qid == RECHECK_KEY:
            continue
        if qid not in asked:
            failures.append(f"verwacht dat vraag '{qid}' gesteld wordt, kreeg: niet gesteld bij deze antwoorden")
        elif values.get(qid) != value:
            failures.append(f"verwacht antwoord '{value}' op '{qid}', kreeg '{values.get(qid)}'")
    return failures


def _outcome_failures(case: PolicyCase, result: Result) -> list[str]:
    """The verdict, its heading and the lists of conditions the case names (a list the
    case leaves out is not checked; an empty one means none)."""
    failures = []
    if result.verdict != case.verdict:
        failures.append(f"verwacht uitslag ‘{VERDICT_SHORT[case.verdict]}’ ({case.verdict}), kreeg ‘{VERDICT_SHORT[result.verdict]}’ ({result.verdict})")
    if case.label is not None and result.label != case.label:
        failures.append(f"verwacht kop ‘{case.label}’, kreeg ‘{result.label}’")
    for key in EXACT:
        expected = getattr(case, key)
        if expected is not None:
            got = sorted(item.id for item in getattr(result, key))
            if got != sorted(expected):
                failures.append(f"verwacht bij {LIST_WORDS[key]}: {_ids(expected)}, kreeg: {_ids(got)}")
    if case.asr_assesses is not None:
        found = {item.id for item in result.asr_assesses}
        want = set(case.asr_assesses)
        if (not want and found) or not want <= found:
            expected = f"minstens {_ids(want)}" if want else "geen"
            failures.append(f"verwacht bij {LIST_WORDS['asr_assesses']}: {expected}, kreeg: {_ids(found)}")
    return failures


def _step_failures(case: PolicyCase, result: Result) -> list[str]:
    steps = [s.id for s in result.next_steps]
    failures = [f"verwacht vervolgstap '{sid}', kreeg: {_ids(steps)}" for sid in case.next_steps if sid not in steps]
    return failures + [f"verwacht geen vervolgstap '{sid}', kreeg hem wel" for sid in case.not_next_steps if sid in steps]


def _asked_failures(case: PolicyCase, asked: list[str]) -> list[str]:
    failures = [f"verwacht dat vraag '{qid}' gesteld wordt, kreeg: niet gesteld" for qid in case.asked if qid not in asked]
    failures += [f"verwacht dat vraag '{qid}' niet gesteld wordt, kreeg: wel gesteld" for qid in case.not_asked if qid in asked]
    if case.first_question is not None and (not asked or asked[0] != case.first_question):
        failures.append(f"verwacht als eerste vraag '{case.first_question}', kreeg '{asked[0] if asked else 'geen vraag'}'")
    return failures


def _mention_failures(case: PolicyCase, result: Result) -> list[str]:
    """What the result must (not) say, anywhere in it, as the browser gets it."""
    text = json.dumps(result_json(result), ensure_ascii=False)
    failures = [f"verwacht dat de uitslag ‘{needle}’ noemt, kreeg: niet genoemd" for needle in case.mentions if needle not in text]
    return failures + [f"verwacht dat de uitslag ‘{needle}’ niet noemt, kreeg: wel genoemd" for needle in case.not_mentions if needle in text]


def run_case(policy: Policy, case: PolicyCase) -> CaseRun:
    provider = case.type
    if provider not in policy.provider_types:
        return CaseRun(case, {}, None, [f"verwacht een soort zorgaanbieder uit provider_types.yaml, kreeg '{provider}'"])
    given = dict(case.answers)
    values = complete(policy, provider, given)
    run = CaseRun(case, values, None)
    walked = flow(policy, provider, values)
    asked = walked.ids
    run.failures += _given_answers(given, values, asked)
    try:
        run.result = evaluate(policy, provider, values, walked)
    except AnswerError as exc:
        run.failures.append(f"verwacht een uitslag, kreeg geen: {'; '.join(exc.problems.values())}")
        return run
    run.failures += _outcome_failures(case, run.result)
    run.failures += _step_failures(case, run.result)
    run.failures += _asked_failures(case, asked)
    run.failures += _mention_failures(case, run.result)
    return run


def run_all(policy: Policy) -> list[CaseRun]:
    return [run_case(policy, case) for case in cases(policy)]


def failing(policy: Policy, data_dir: Path, year: int) -> list[Problem]:
    """Every failure of a year's policy tests as one line at its case in tests.yaml:
    `policy_data/2025/tests.yaml:40: <naam>: verwacht …, kreeg …`."""
    label = f"{data_dir.name}/{year}/tests.yaml"
    runs = [run for run in run_all(policy) if not run.ok]
    if not runs:
        return []
    # The case's line, from the file's node tree (the loader read it a moment ago).
    text, _ = read_text(data_dir / str(year) / "tests.yaml", label)
    lines = Lines(parse(text, label).node if text is not None else None)
    index = {id(case): i for i, case in enumerate(policy.cases)}
    return [Problem(label, lines.line(["cases", index[id(run.case)]]), f"{run.case.name}: {failure}.") for run in runs for failure in run.failures]
