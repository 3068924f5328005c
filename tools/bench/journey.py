"""Pages and taps from the type page to the verdict, per provider type, for a new provider
and for one with a contract (issue 14). Counted on the walks the browser tests click through
(tools/flows.py walks checker.web, the function the page calls), so no browser is needed:
`python -m tools.bench.journey` prints the rows alone in a few seconds.

Pages: every page answered (the type page first) and the review, Controleer uw antwoorden.
Taps: a choice and Volgende on each page (a tick per box on a checkbox page), and Bekijk de
uitslag. Worst case: the most of any path the catalogue walks (every single other answer
to every question, as in the browser tests).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from tools import flows

from .report import Row, table
from .settings import SITE

# Issue 14's targets, from the type page to the verdict.
NEW_TARGET_PAGES = 10  # a new kraamzorg or midwife practice that meets everything
NEW_TARGET_TYPES = ("kraamzorg", "verloskundige-praktijk")
CONTRACT_TARGET_PAGES = 2  # with a 2023-2024 contract


@dataclass(frozen=True)
class Count:
    pages: int
    taps: int

    def __str__(self) -> str:
        return f"{self.pages} pages, {self.taps} taps"


def _count(walk: flows.Walk) -> Count:
    return Count(walk.pages, walk.taps)


def _worst(walks: list[flows.Walk]) -> Count | None:
    return max((_count(w) for w in walks), key=lambda c: (c.pages, c.taps), default=None)


def _contracted(walk: flows.Walk, ends: set[str]) -> bool:
    return any(walk.answers.get(qid) == value for qid, value in (e.split("=", 1) for e in ends))


def journey_rows(site: Path = SITE) -> list[Row]:
    """One row per provider type and route: the way of a provider who meets everything, and
    the worst case; with a contract, the short route to its verdict and the worst case of
    checking the conditions anyway (optional, after that verdict)."""
    policy = flows.load_policy(site)
    catalogue = list(flows.all_paths(policy))
    rows: list[Row] = []
    for provider, pt in policy.provider_types.items():
        label = pt.nav_title or pt.label
        ends = {f"{q.id}={o.value}" for q in policy.questions_for(provider) for o in q.options if o.ends_questions}
        mine = [w for w in catalogue if w.provider == provider]
        new = [w for w in mine if not _contracted(w, ends)]
        base = _count(flows.walk(policy, provider))
        target = f"≤ {NEW_TARGET_PAGES} pages" if provider in NEW_TARGET_TYPES else ""
        ok = "OK" if base.pages <= NEW_TARGET_PAGES else "over target"
        rows.append(Row("Journey", f"{label}: new, meets everything", str(base), "", "", target, ok if target else ""))
        rows.append(Row("Journey", f"{label}: new, worst case", str(_worst(new)), ""))
        short = [w for w in mine if _contracted(w, ends) and not w.review]
        checked = [w for w in mine if _contracted(w, ends) and w.review]
        if short:
            count = _worst(short)
            assert count is not None
            # Issue 14: at most 2 pages for every type with a contract (the contract question
            # comes first in its stage, before the ZZP samenwerkingsverband).
            rows.append(
                Row(
                    "Journey",
                    f"{label}: with a contract 2023-2024, to the verdict",
                    str(count),
                    "",
                    "",
                    f"≤ {CONTRACT_TARGET_PAGES} pages",
                    "OK" if count.pages <= CONTRACT_TARGET_PAGES else "over target",
                )
            )
        if checked:
            rows.append(Row("Journey", f"{label}: with a contract, checking anyway (optional), worst case", str(_worst(checked)), ""))
    return rows


def main() -> int:
    rows = journey_rows()
    cells = [[r.area, r.what, r.median, r.target, r.verdict] for r in rows]
    print(table(["Area", "Measurement", "Count", "Target", "Verdict"], cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
