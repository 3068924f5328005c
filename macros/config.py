"""The settings of one year's build, as one typed object, and which policy years the site
publishes where.

Why one object: the build step (tools/build.py) decides the data folder, the year, the
year switcher and where Pyodide is, and writes them into the generated MkDocs config under
`extra: policy:`; `define_env` reads them back here, once. Nothing else passes settings.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

# The key under `extra:` in the generated MkDocs config.
EXTRA_KEY = "policy"


class SiteConfigError(SystemExit):
    """Ends the build with one Dutch line when the config lacks the build step's settings."""


@dataclass(frozen=True)
class SiteConfig:
    # Which folder holds the policy years (policy_data/ unless a test points elsewhere).
    data_dir: Path
    # Which policy year this build renders.
    year: int
    # Preview (make serve): drafts are built too, marked as drafts.
    preview: bool
    # Where this year sits in the site: "" for the current year at the root, "2024/" at a year's permanent address.
    prefix: str
    # The year switcher and draft banner above every page (macros/years.py, with the marks
    # overrides/partials/year-switch.html fills in); empty for a site of one year.
    year_switch: str
    # Where the self-hosted Pyodide sits, from the site root ("assets/pyodide/<version>/").
    pyodide: str
    # The size of Pyodide's big files, so the checker's wait can say "3 van 12 MB" at once.
    pyodide_bytes: int
    # The deploy (make build PDF=1): tools/build.py prints *Het hele beleid* to PDF into the site, and the page links it.
    pdf: bool = False

    def to_extra(self) -> dict[str, Any]:
        """The settings as plain YAML values, for `extra: policy:` in the generated config."""
        return {**asdict(self), "data_dir": str(self.data_dir)}

    @classmethod
    def from_extra(cls, extra: dict[str, Any]) -> SiteConfig:
        found = extra.get(EXTRA_KEY)
        if not isinstance(found, dict):
            raise SiteConfigError(
                "mkdocs.yml is de basis van de site, geen complete config: bouw met `make build` (python -m tools.build) "
                "of bekijk met `make watch`; die schrijven de config per jaar in build/site-src/."
            )
        return cls(**{**found, "data_dir": Path(found["data_dir"])})


def pyodide_path(project_dir: Path) -> str:
    """Where the self-hosted Pyodide sits in the site: its pinned version is in the path,
    so a host may cache those files forever (see README, Publiceren)."""
    package = json.loads((project_dir / "package.json").read_text(encoding="utf-8"))
    return f"assets/pyodide/{package['dependencies']['pyodide']}/"


@dataclass(frozen=True)
class Edition:
    """One policy year as published: where in the site it lives, and whether it is a draft."""

    year: int
    prefix: str  # "" for the current year at the root, "2024/" for every year's permanent address
    draft: bool
    # The newest definitive year, on an earlier year that it replaces (its pages say so).
    superseded_by: int | None = None

    @property
    def permanent(self) -> bool:
        """At the year's own address (`/2024/`), which stays when a newer year is published."""
        return bool(self.prefix)


def editions(statuses: dict[int, str], preview: bool) -> list[Edition]:
    """The years the site publishes: the current year at the root, and every year (the
    current one too) at its permanent address `/<year>/`, newest first.

    Why the current year at its own address too: a provider's bookmark to "the 2024
    policy" (`/2024/…`) must still show 2024 after 2025 is published; the root always shows
    the latest definitive year. Drafts (status: concept) only in preview, and never at the
    root unless there is nothing else. A year before the current one is superseded by it.
    """
    final = sorted(y for y, status in statuses.items() if status == "definitief")
    drafts = sorted(y for y, status in statuses.items() if status != "definitief")
    shown = final + (drafts if preview or not final else [])
    root = max(final) if final else max(drafts)
    permanent = [Edition(y, f"{y}/", y in drafts, root if y < root else None) for y in sorted(shown, reverse=True)]
    return [Edition(root, "", root in drafts), *permanent]
