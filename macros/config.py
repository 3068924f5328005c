"""Options of the macros adapter, read from `extra:` in mkdocs.yml, and which policy
years the site publishes where."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class MacrosConfig:
    # Which folder holds the policy years (policy_data/ unless a test points elsewhere).
    data_dir: Path
    # Which year this build renders; None is the year shown at the root of the site.
    policy_year: int | None
    # Preview (make serve): drafts are built too, marked as drafts.
    preview: bool

    @classmethod
    def from_extra(cls, extra: dict[str, Any], project_dir: Path) -> MacrosConfig:
        data = extra.get("policy_data") or "policy_data"
        year = extra.get("policy_year")
        preview = str(extra.get("preview") or "").lower() in ("1", "true", "yes", "ja")
        return cls(data_dir=(project_dir / data).resolve(), policy_year=int(year) if year else None, preview=preview)


def pyodide_path(project_dir: Path) -> str:
    """Where the self-hosted Pyodide sits in the site: its pinned version is in the path,
    so a host may cache those files forever (see README, Publiceren)."""
    package = json.loads((project_dir / "package.json").read_text(encoding="utf-8"))
    return f"assets/pyodide/{package['dependencies']['pyodide']}/"


@dataclass(frozen=True)
class Edition:
    """One policy year as published: where in the site it lives, and whether it is a draft."""

    year: int
    prefix: str  # "" for the year at the root, "2023/" for the others
    draft: bool


def editions(statuses: dict[int, str], preview: bool) -> list[Edition]:
    """The years the site publishes, newest first. The latest definitive year sits at the
    root; drafts (status: concept) only in preview, and never at the root unless there is
    nothing else."""
    final = sorted(y for y, status in statuses.items() if status == "definitief")
    drafts = sorted(y for y, status in statuses.items() if status != "definitief")
    shown = final + (drafts if preview or not final else [])
    root = max(final) if final else max(drafts)
    return [Edition(y, "" if y == root else f"{y}/", y in drafts) for y in sorted(shown, reverse=True)]


def shown_year(config: MacrosConfig, statuses: dict[int, str]) -> int:
    """The year a build renders: the one asked for, else the one at the root of the site.
    Shared by the macros and the `policy` plugin, so both render the same year."""
    if config.policy_year:
        return config.policy_year
    return next(e.year for e in editions(statuses, config.preview) if not e.prefix)
