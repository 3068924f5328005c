"""A year at its permanent address (`/2024/`): its checker boots from its own bundle and the
one Pyodide at the site root, and an unknown page under it gets the site's 404 page."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, Response

from tools import flows

from .conftest import READY_TIMEOUT_MS, Server
from .ui import ROOT, complete, expected_summary, result_summary


def _current_year(site: Path) -> str:
    """The year at the root, whose permanent address is `/<year>/` (macros.config.editions)."""
    return next(iter(json.loads((site / "assets/checker/manifest.json").read_text(encoding="utf-8"))["bundles"]))


def test_the_checker_runs_at_a_years_permanent_address(page: Page, server: Server, site_dir: Path) -> None:
    year = _current_year(site_dir)
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(server.page_url(f"{year}/checker/"))
    page.wait_for_selector('#checker[data-state="ready"], #checker[data-state="error"]', timeout=READY_TIMEOUT_MS)
    assert page.get_attribute(ROOT, "data-state") == "ready", page.inner_text(ROOT)
    walk = flows.not_eligible_path(site_dir / year)
    complete(page, walk)
    assert result_summary(page) == expected_summary(walk)
    assert failed == []


def test_an_unknown_page_under_a_year_gets_the_404_page(page: Page, hosted_server: Server, site_dir: Path) -> None:
    """As a host serves it (tools/serve.py): the site's own 404.html for any unknown path."""
    year = _current_year(site_dir)
    failed: list[str] = []

    def check(r: Response) -> None:
        if r.status >= 400 and not r.url.endswith("/bestaat-niet/"):
            failed.append(f"{r.status} {r.url}")

    page.on("response", check)
    response = page.goto(hosted_server.page_url(f"{year}/bestaat-niet/"))
    assert response is not None and response.status == 404
    assert "404" in page.inner_text("h1")
    # Its styles and links are absolute from the site root: they load from /2024/ too.
    page.wait_for_load_state("networkidle")
    assert failed == []
    assert page.locator('link[rel="stylesheet"][href$="site.css"]').count() == 1
