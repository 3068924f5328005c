"""Synthetic policy data, made from the real data: with 10 years (copies of the latest)
or with 10x the conditions, to see whether the build and the checker grow linearly;
and their checker bundles, to serve instead of the real one."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml

from .settings import DATA, PY, ROOT


def data_bytes(data: Path) -> int:
    return sum(p.stat().st_size for p in data.rglob("*.yaml") if "schema" not in p.parts)


def year_count(data: Path) -> int:
    return sum(1 for p in data.iterdir() if p.name.isdigit())


def make_years(target: Path, count: int) -> Path:
    """policy_data with `count` copies of the latest year, one per year up to it; the
    meta year and the timeline dates moved along, as `checker new-year` does."""
    latest = max(int(p.name) for p in DATA.iterdir() if p.name.isdigit())
    target.mkdir(parents=True)
    shutil.copytree(DATA / "schema", target / "schema")
    for year in range(latest - count + 1, latest + 1):
        folder = target / str(year)
        shutil.copytree(DATA / str(latest), folder)
        meta = folder / "meta.yaml"
        meta.write_text(re.sub(r"(?m)^year: \d{4}", f"year: {year}", meta.read_text(encoding="utf-8")), encoding="utf-8")
        # The copies keep the latest year's texts; acknowledge the years they name, or the
        # review gate (authoring.yearly) rightly refuses to publish them.
        data = yaml.safe_load(meta.read_text(encoding="utf-8"))
        accepted = data.setdefault("review", {}).setdefault("accepted", [])
        accepted += [{"text": str(y), "reason": "Synthetisch jaar voor de benchmark"} for y in range(1900, latest + 1)]
        # Editorial texts that speak of last year are stale in a copy, for the same reason.
        accepted += [{"text": text, "reason": "Synthetisch jaar voor de benchmark"} for text in ("gewijzigd ten opzichte van vorig jaar", "vorig jaar")]
        meta.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        # So is the copied table of changes: kept on purpose here.
        changes = folder / "changes.yaml"
        table = yaml.safe_load(changes.read_text(encoding="utf-8"))
        table["kept"] = "Synthetisch jaar voor de benchmark"
        changes.write_text(yaml.safe_dump(table, allow_unicode=True, sort_keys=False), encoding="utf-8")
        procedure = folder / "procedure.yaml"
        procedure.write_text(
            re.sub(r"(?m)^(\s*date: ['\"]?)(\d{4})", functools.partial(_shift_year, year - latest), procedure.read_text(encoding="utf-8")),
            encoding="utf-8",
        )
    return target


def _shift_year(shift: int, match: re.Match[str]) -> str:
    return match.group(1) + str(int(match.group(2)) + shift)


def make_conditions(target: Path, factor: int) -> Path:
    """policy_data whose latest year has `factor` times the conditions: copies with ids
    suffixed -x1.., each listed in the policy text right after its original."""
    latest = max(int(p.name) for p in DATA.iterdir() if p.name.isdigit())
    target.mkdir(parents=True)
    shutil.copytree(DATA / "schema", target / "schema")
    folder = target / str(latest)
    shutil.copytree(DATA / str(latest), folder)

    conditions_file = folder / "conditions.yaml"
    data = yaml.safe_load(conditions_file.read_text(encoding="utf-8"))
    items = []
    for condition in data["conditions"]:
        items.append(condition)
        # Purchasing rules stay single: a copy would be a rule no provider type names.
        if condition["kind"] != "rule":
            items += [{**condition, "id": f"{condition['id']}-x{i}"} for i in range(1, factor)]
    data["conditions"] = items
    conditions_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    sections_file = folder / "sections.yaml"
    sections = yaml.safe_load(sections_file.read_text(encoding="utf-8"))
    stack = list(sections["sections"])
    while stack:
        section = stack.pop()
        for block in section.get("blocks", []):
            if block.get("conditions"):
                copied = {c["id"] for c in items}
                block["conditions"] = [
                    f"{cid}{suffix}" for cid in block["conditions"] for suffix in ["", *(f"-x{i}" for i in range(1, factor))] if f"{cid}{suffix}" in copied
                ]
        stack += section.get("sections", [])
    sections_file.write_text(yaml.safe_dump(sections, allow_unicode=True, sort_keys=False), encoding="utf-8")

    # The policy tests name the exact conditions a result lists; the copies join those lists,
    # and the build rightly refuses a failing test. The verdicts they expect still hold.
    tests_file = folder / "tests.yaml"
    tests = yaml.safe_load(tests_file.read_text(encoding="utf-8"))
    listed = ("unmet", "contacts", "arrangements", "expectations", "conditional_expectations", "asr_assesses")
    tests["cases"] = [{k: v for k, v in case.items() if k not in listed} for case in tests["cases"]]
    tests_file.write_text(yaml.safe_dump(tests, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def bundle_of(data: Path, out: Path) -> Path:
    """The checker bundle (`checker bundle`) for other data, to serve instead of the real one."""
    env = {**os.environ, "POLICY_DATA": str(data)}
    subprocess.run([PY, "-m", "checker", "--data", str(data), "bundle", "--out", str(out)], cwd=ROOT, env=env, check=True, capture_output=True)
    # Its precompiled Python too, as `make assets` makes it: else that page would boot the stock way.
    tool = [shutil.which("node") or "node", str(ROOT / "tools" / "pyodide_artefacts.mjs"), str(ROOT / "node_modules" / "pyodide"), str(out)]
    subprocess.run(tool, cwd=ROOT, check=True, capture_output=True)
    return out
