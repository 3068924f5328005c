"""The policy tests of every year (policy_data/<year>/tests.yaml), run against the engine."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from authoring.cases import cases, run_case
from authoring.loader import load_all
from checker.model import Verdict

from .conftest import ROOT

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


# -- a failing case stops publication ------------------------------------------------------


def break_first_case(data_dir: Path, year: str = "2024") -> tuple[int, str]:
    """Turn the verdict of the first case in tests.yaml around, as a slip in the data would;
    returns the case's line and name."""
    path = data_dir / year / "tests.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if re.match(r"^    verdict: ", line))
    verdict = lines[at].split(":", 1)[1].strip()
    lines[at] = f"    verdict: {'not_eligible' if verdict != 'not_eligible' else 'eligible'}\n"
    path.write_text("".join(lines), encoding="utf-8")
    start = max(i for i in range(at) if lines[i].startswith("  - "))
    case = yaml.safe_load("".join(lines))["cases"][0]
    return start + 1, case["name"]


def test_a_failing_case_stops_validate_with_its_line(data_copy):
    data_dir = data_copy()
    line, name = break_first_case(data_dir)
    out = subprocess.run([sys.executable, "-m", "checker", "--data", str(data_dir), "validate"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr
    expected = f"policy_data/2024/tests.yaml:{line}: {name}: verwacht uitslag ‘"
    failures = [row for row in out.stderr.splitlines() if row.startswith("policy_data/")]
    assert failures, out.stderr
    assert failures[0].startswith(expected), out.stderr
    assert ", kreeg ‘" in failures[0]
    # Only the broken case is named.
    assert all(row.startswith(f"policy_data/2024/tests.yaml:{line}: ") for row in failures), out.stderr


def test_a_failing_case_stops_make_build(data_copy, tmp_path):
    data_dir = data_copy()
    line, name = break_first_case(data_dir)
    site = tmp_path / "site"
    out = subprocess.run(
        ["make", "--no-print-directory", "-s", "build", f"POLICY_DATA={data_dir}", f"SITE={site}"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert out.returncode != 0, out.stderr
    assert f"policy_data/2024/tests.yaml:{line}: {name}: verwacht" in out.stderr
    assert "Traceback" not in out.stderr
    assert not site.exists()


def test_the_build_itself_stops_on_a_failing_case(data_copy, tmp_path):
    """tools.build checks too (it is also run without make)."""
    data_dir = data_copy()
    line, name = break_first_case(data_dir)
    site = tmp_path / "site"
    out = subprocess.run(
        [sys.executable, "-m", "tools.build", "--data", str(data_dir), "--site", str(site)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 1, out.stderr
    assert f"policy_data/2024/tests.yaml:{line}: {name}: verwacht" in out.stderr
    assert not site.exists()


def test_a_preview_names_the_failing_cases_in_its_banner(data_copy, tmp_path):
    """A preview is built (the team sees the year while fixing it); the banner above every
    page of that year says which cases fail and that the year cannot be published so."""
    data_dir = data_copy()
    line, name = break_first_case(data_dir)
    site = tmp_path / "site"
    cmd = [sys.executable, "-m", "tools.build", "--data", str(data_dir), "--site", str(site), "--preview", "--sources-only"]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    config = yaml.safe_load((tmp_path / "build" / "site-src" / "root" / "mkdocs.yml").read_text(encoding="utf-8"))
    banner = config["extra"]["policy"]["year_switch"]
    assert "Beleidstests kloppen niet" in banner
    assert f"tests.yaml:{line}: {html.escape(name)}: verwacht" in banner
    assert "niet gepubliceerd" in banner


def test_a_preview_without_failing_cases_has_no_such_banner(data_copy, tmp_path):
    data_dir = data_copy()
    cmd = [sys.executable, "-m", "tools.build", "--data", str(data_dir), "--site", str(tmp_path / "site"), "--preview", "--sources-only"]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    config = yaml.safe_load((tmp_path / "build" / "site-src" / "root" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "Beleidstests kloppen niet" not in config["extra"]["policy"]["year_switch"]
