"""The policy tests of every year (policy_data/<year>/tests.yaml), run against the engine."""

from __future__ import annotations

from dataclasses import replace

import pytest

from authoring.cases import cases, run_case
from authoring.loader import load_all
from checker.model import Verdict

POLICIES = load_all()
CASES = [(year, case) for year, policy in sorted(POLICIES.items()) for case in cases(policy)]


@pytest.mark.parametrize(("year", "case"), CASES, ids=[f"{y}: {c.name}" for y, c in CASES])
def test_policy_case(year, case):
    run = run_case(POLICIES[year], case)
    assert run.ok, f"{case.name} ({case.type}):\n- " + "\n- ".join(run.failures)


def test_every_provider_type_has_cases():
    for year, policy in POLICIES.items():
        covered = {c.type for c in cases(policy)}
        assert covered == set(policy.provider_types), f"{year}: geen beleidstest voor {sorted(set(policy.provider_types) - covered)}"


def test_every_verdict_the_data_can_give_is_covered():
    for year, policy in POLICIES.items():
        covered = {c.verdict for c in cases(policy)}
        assert covered >= {"eligible", "not_eligible", "contact"}, year


def test_a_wrong_expectation_fails(policy):
    """The runner can fail: the first case with its verdict turned around does not hold."""
    case = cases(policy)[0]
    case = replace(case, verdict=Verdict.NOT_ELIGIBLE if case.verdict != Verdict.NOT_ELIGIBLE else Verdict.ELIGIBLE)
    assert not run_case(policy, case).ok
