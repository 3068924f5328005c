"""Shared fixtures: the real policy data, and scratch copies of it to break."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from authoring.loader import DATA_DIR, load_policy
from checker.model import Policy

ROOT = Path(__file__).resolve().parent.parent
SOURCE_TEXT = DATA_DIR / "2024" / "source" / "zorginkoopbeleid-geboortezorg-2024.txt"


def edit_yaml(path: Path, change: Callable[[Any], None]) -> None:
    """Load a data file, let `change` edit it in place, write it back: how the tests make a
    mistake (or a new year) in a scratch copy of the data."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy(2024)


@pytest.fixture
def data_copy(tmp_path: Path) -> Callable[..., Path]:
    """A copy of policy_data/ (schema + 2024) in tmp, to edit in a test."""

    def make(years: tuple[str, ...] = ("2024",)) -> Path:
        target = tmp_path / "policy_data"
        target.mkdir()
        shutil.copytree(DATA_DIR / "schema", target / "schema")
        for year in years:
            shutil.copytree(DATA_DIR / year, target / year)
        return target

    return make


@pytest.fixture
def two_years(data_copy: Callable[..., Path]) -> Path:
    """The data copy with a 2025 draft beside 2024 (tests/years_fixture.py)."""
    # Imported here: years_fixture imports this module.
    from .years_fixture import make_2025

    data_dir = data_copy()
    make_2025(data_dir)
    return data_dir
