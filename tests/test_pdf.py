"""The PDF of *Het hele beleid* (issue 17, item 3): printed by the system Chromium from the
built site, with pages and the policy's title. The deploy makes it (make build PDF=1); a plain
build does not, and then the page does not link it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from authoring.loader import DATA_DIR
from macros.config import SiteConfig
from macros.generate import WHOLE_POLICY, pdf_name, published_pages
from macros.page import Page
from macros.whole_policy import whole_policy_page
from tools.browser_env import CHROMIUM
from tools.pdf import PdfError, pdf_facts, print_site

from .site_files import SITE, require_site
from .text import letters, visible_text

PAGE = Path(*WHOLE_POLICY)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built site with the PDFs printed into it (the site itself stays as built)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium ontbreekt op {CHROMIUM}: `make chromium` installeert het via apt.", pytrace=False)
    copy = tmp_path_factory.mktemp("pdf") / "site"
    shutil.copytree(require_site(), copy, ignore=shutil.ignore_patterns("pyodide"))
    print_site(copy)
    return copy


def test_every_year_gets_a_pdf_with_pages_and_the_policy_title(printed: Path, policy):
    folders = [printed, *sorted(p for p in printed.iterdir() if p.is_dir() and p.name.isdigit())]
    for folder in folders:
        pdf = folder / PAGE / pdf_name(policy.year)
        facts = pdf_facts(pdf)
        # The whole policy: many A4 pages, not one screen.
        assert facts.pages >= 10, f"{pdf}: {facts.pages} pagina's"
        assert policy.meta.title in facts.title
        assert pdf.stat().st_size > 50_000


def test_pdf_facts_refuses_what_is_no_pdf(tmp_path: Path):
    fake = tmp_path / "x.pdf"
    fake.write_bytes(b"<html>geen pdf</html>")
    with pytest.raises(PdfError):
        pdf_facts(fake)


def test_printing_needs_the_built_page(tmp_path: Path):
    with pytest.raises(PdfError, match="make build"):
        print_site(tmp_path)


def test_a_build_with_pdf_links_the_pdf_beside_the_page(policy):
    """Only when the deploy made the PDF (make build PDF=1) does the page link it."""
    html = (SITE / PAGE / "index.html").read_text(encoding="utf-8")
    pdf = SITE / PAGE / pdf_name(policy.year)
    if pdf.is_file():
        assert f'href="{pdf_name(policy.year)}"' in html
        assert letters("download het hele beleid als PDF") in letters(visible_text(html))
    else:
        assert ".pdf" not in html


def _config(prefix: str, pdf: bool = False) -> SiteConfig:
    return SiteConfig(data_dir=DATA_DIR, year=2024, preview=False, prefix=prefix, year_switch="", pyodide="", pyodide_bytes=0, pdf=pdf)


def test_only_the_deploy_flag_makes_the_page_link_its_pdf(policy):
    plain = next(p for p in published_pages(policy, _config(""), "") if p.src_uri == f"{PAGE.as_posix()}.md")
    assert ".pdf" not in plain.markdown
    deployed = next(p for p in published_pages(policy, _config("2024/", pdf=True), "https://beleid.example.org/gz") if p.src_uri == f"{PAGE.as_posix()}.md")
    assert pdf_name(policy.year) in deployed.markdown
    # With SITE_URL, the page names its own address: a printout says where it came from.
    assert "https://beleid.example.org/gz/2024/beleid/het-hele-beleid/" in deployed.markdown
    html = whole_policy_page(Page(policy, "beleid/het-hele-beleid/"), "2024-01-05", pdf_name(policy.year), "https://beleid.example.org/gz/")
    assert f'<a href="{pdf_name(policy.year)}">download het hele beleid als PDF</a>' in html
    assert "Gegevens van 5 januari 2024." in html and 'href="https://beleid.example.org/gz/"' in html
