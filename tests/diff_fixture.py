"""A 2025 update as the issue describes it, made the way the purchasing team makes one:
`new-year`, then edits (dates moved by new-year itself, a new kraamzorg condition and a
reworded one, PRN dropped for midwife practices, prenatal screening no longer contracted,
a tariff note, a help-only edit and a renamed condition id)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from .conftest import ROOT, edit_yaml

NEW_KRAAMZORG = "kz-klachtenregeling"
REWORDED_KRAAMZORG = "kz-kwaliteitsindicatoren"
DROPPED = "vk-prn"
SCREENING_RULE = "ps-inkoop-elders"
TARIFF_SECTION = "max-max-tarieven"
HELP_ONLY = "alle-wtza"
OLD_ID, NEW_ID = "kz-hkz-iso", "kz-hkz-iso-certificaat"
TARIFF_NOTE = "‘In principe’: het beleid noemt niet in welke gevallen a.s.r. toch een max-max tarief afspreekt; vraag het de afdeling zorginkoop."
NEW_HELP = "Wtza staat voor Wet toetreding zorgaanbieders. U vindt uw toelating in het register van het CIBG."


def _walk(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for section in sections:
        out += [section, *_walk(section.get("sections", []))]
    return out


def _conditions(data: dict[str, Any]) -> None:
    items = data["conditions"]
    items[:] = [c for c in items if c["id"] != DROPPED]
    for c in items:
        if c["id"] == OLD_ID:
            c["id"] = NEW_ID
        if c["id"] == REWORDED_KRAAMZORG:
            c["text"] = "levert jaarlijks kwaliteitsindicatoren aan het kwaliteitsinstituut"
        if c["id"] == HELP_ONLY:
            c["question"]["help"] = NEW_HELP
    template = next(c for c in items if c["id"] == REWORDED_KRAAMZORG)
    items.insert(
        items.index(template) + 1,
        {
            **template,
            "id": NEW_KRAAMZORG,
            "text": "heeft een klachtenregeling",
            "question": {"text": "Heeft uw kraamzorginstelling een klachtenregeling?", "meets": "ja"},
        },
    )
    partus = next(c for c in items if c["id"] == "partusassistentie-inkoop")
    items.insert(
        items.index(partus),
        {
            **partus,
            "id": SCREENING_RULE,
            "provider_types": ["prenatale-screening"],
            "text": "Prenatale screening kopen wij in bij het Regionaal Centrum voor Prenatale Screening.",
            "outcome": {"verdict": "elsewhere", "text": "a.s.r. koopt prenatale screening in bij het Regionaal Centrum."},
            "next_steps": [],
            "source": {"section": "prenatale-screening", "quote": "Prenatale screening kopen wij in bij het Regionaal Centrum"},
        },
    )


def _sections(data: dict[str, Any]) -> None:
    for section in _walk(data["sections"]):
        for block in section.get("blocks", []):
            ids = block.get("conditions", [])
            if DROPPED in ids:
                ids.remove(DROPPED)
            if OLD_ID in ids:
                ids[ids.index(OLD_ID)] = NEW_ID
            if REWORDED_KRAAMZORG in ids:
                ids.insert(ids.index(REWORDED_KRAAMZORG) + 1, NEW_KRAAMZORG)
            if section["id"] == TARIFF_SECTION and "note" in block:
                block["note"] = TARIFF_NOTE
        if section["id"] == "prenatale-screening":
            section["blocks"].append({"p": "Prenatale screening kopen wij in bij het Regionaal Centrum voor Prenatale Screening."})


def _provider_types(data: dict[str, Any]) -> None:
    next(p for p in data["provider_types"] if p["id"] == "prenatale-screening")["refusal"] = SCREENING_RULE


def _tests(data: dict[str, Any]) -> None:
    cases = []
    for case in data["cases"]:
        if DROPPED in case.get("answers", {}) or case["type"] == "prenatale-screening":
            continue
        if OLD_ID in case.get("answers", {}):
            case["answers"][NEW_ID] = case["answers"].pop(OLD_ID)
            case["unmet"] = [NEW_ID if u == OLD_ID else u for u in case.get("unmet", [])]
        cases.append(case)
    data["cases"] = cases


def make_update(data_dir: Path) -> Path:
    """`new-year 2025` on a copy of the data, then the update's edits."""
    done = subprocess.run([sys.executable, "-m", "checker", "--data", str(data_dir), "new-year", "2025"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    year = data_dir / "2025"
    edit_yaml(year / "conditions.yaml", _conditions)
    edit_yaml(year / "sections.yaml", _sections)
    edit_yaml(year / "provider_types.yaml", _provider_types)
    edit_yaml(year / "tests.yaml", _tests)
    return year
