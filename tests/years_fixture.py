"""A 2025 draft made the way the purchasing team makes one: `new-year`, then edits.

Why built here and not kept as a folder: the fixture follows the real 2024 data, so a
change to 2024 never leaves a stale copy behind. The edits are the ones a yearly update
brings: a condition added, one removed, one reworded (text and question), a date moved and
a contact changed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, edit_yaml

ADDED = "vk-echoscopie-registratie"
REMOVED = "kz-twee-kraamverzorgenden"
REWORDED = "vk-prn"
NEW_TEXT = "neemt deel aan de Perinatale Registratie Nederland (Perined)"
NEW_QUESTION = "Levert uw praktijk gegevens aan Perined (de Perinatale Registratie Nederland)?"
MOVED_DATE = "publicatie"
CHANGED_CONTACT = "declaraties"


def make_2025(data_dir: Path) -> Path:
    """Run `new-year 2025` on a copy of the data and apply the fixture's edits."""
    done = subprocess.run([sys.executable, "-m", "checker", "--data", str(data_dir), "new-year", "2025"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    year = data_dir / "2025"

    def conditions(data: dict) -> None:
        items = data["conditions"]
        reworded = next(c for c in items if c["id"] == REWORDED)
        reworded["text"] = NEW_TEXT
        reworded["question"] = {**reworded["question"], "text": NEW_QUESTION}
        items[:] = [c for c in items if c["id"] != REMOVED]
        template = next(c for c in items if c["id"] == "vk-vsv")
        items.insert(
            items.index(template) + 1,
            {
                **template,
                "id": ADDED,
                "text": "registreert echoscopische verrichtingen in de Perinatale Registratie",
                "question": {"text": "Registreert uw praktijk echoscopische verrichtingen?", "meets": "ja"},
            },
        )

    def sections(data: dict) -> None:
        stack = list(data["sections"])
        while stack:
            section = stack.pop()
            for block in section.get("blocks", []):
                if REMOVED in block.get("conditions", []):
                    block["conditions"].remove(REMOVED)
                if "vk-vsv" in block.get("conditions", []):
                    block["conditions"].insert(block["conditions"].index("vk-vsv") + 1, ADDED)
            stack += section.get("sections", [])

    def procedure(data: dict) -> None:
        next(t for t in data["timeline"] if t["id"] == MOVED_DATE).update(date="2024-11-19")

    def contacts(data: dict) -> None:
        next(c for c in data["contacts"] if c["id"] == CHANGED_CONTACT).update(phone="030 - 278 99 99")

    edit_yaml(year / "conditions.yaml", conditions)
    edit_yaml(year / "sections.yaml", sections)
    edit_yaml(year / "procedure.yaml", procedure)
    edit_yaml(year / "contacts.yaml", contacts)
    return year
