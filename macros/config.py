"""Options of the macros adapter, read from `extra:` in mkdocs.yml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class MacrosConfig:
    # Which folder holds the policy years (policy_data/ unless a test points elsewhere).
    data_dir: Path
    # Which year the site shows; None is the latest definitive year.
    policy_year: int | None

    @classmethod
    def from_extra(cls, extra: dict[str, Any], project_dir: Path) -> MacrosConfig:
        data = extra.get("policy_data") or "policy_data"
        year = extra.get("policy_year")
        return cls(data_dir=(project_dir / data).resolve(), policy_year=int(year) if year else None)
