"""The second visit on the same device starts from a memory snapshot of the first.

Why it matters to a provider: the first visit's wait (Python starting, the checker and the
policy loading) is not repeated; the checker is there about as fast as the page. What must
never happen: a snapshot of another build or other policy data giving an answer, a broken
snapshot stopping the checker, or anything the provider typed being kept in it.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode

from playwright.sync_api import BrowserContext, Page, Route

from tools import flows

from .conftest import Server, Traffic
from .ui import ROOT, expected_summary, open_checker, result_summary, wait_result

CACHE = "checker-momentopname"  # docs/javascripts/checker-worker.js, SNAPSHOT_CACHE
BUNDLE = re.compile(r"/assets/checker/policy-\d{4}\.json$")

KEPT_JS = f"""async () => {{
  const cache = await caches.open({CACHE!r});
  return (await cache.keys()).map((r) => r.url);
}}"""

# The kept snapshot's bytes, as text where they are ASCII (to look for what was typed).
KEPT_TEXT_JS = f"""async () => {{
  const cache = await caches.open({CACHE!r});
  const [key] = await cache.keys();
  const bytes = new Uint8Array(await (await cache.match(key)).arrayBuffer());
  return {{ size: bytes.length, text: new TextDecoder("latin1").decode(bytes) }};
}}"""

# The size of the kept snapshot (0 when there is none).
KEPT_BYTES_JS = f"""async () => {{
  const cache = await caches.open({CACHE!r});
  const [key] = await cache.keys();
  return key ? (await (await cache.match(key)).arrayBuffer()).byteLength : 0;
}}"""

BREAK_JS = f"""async () => {{
  const cache = await caches.open({CACHE!r});
  const [key] = await cache.keys();
  const kept = await cache.match(key);
  await cache.put(key, new Response(new Uint8Array(4096).fill(7), {{ headers: kept.headers }}));
}}"""


def visit(context: BrowserContext, server: Server, fragment: str = "") -> Page:
    page = context.new_page()
    open_checker(page, server, fragment)
    return page


def wait_kept(page: Page, least_bytes: int = 1) -> list[str]:
    """The snapshot is written in the background once the worker has been idle a moment
    (checker-worker.js, SNAPSHOT_IDLE_MS); the page asks the cache until it is there."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if page.evaluate(KEPT_BYTES_JS) >= least_bytes:
            return page.evaluate(KEPT_JS)
        page.wait_for_timeout(250)
    raise AssertionError("de checker bewaarde geen momentopname")


def test_the_second_visit_starts_from_the_snapshot_and_answers_the_same(context: BrowserContext, server: Server, site_dir: Path, traffic: Traffic) -> None:
    walk = flows.not_eligible_path(site_dir)
    first = visit(context, server, walk.result_fragment())
    assert first.get_attribute(ROOT, "data-boot") == "fast"
    wait_result(first)
    assert len(wait_kept(first)) == 1
    first.close()

    second = visit(context, server, walk.result_fragment())
    assert second.get_attribute(ROOT, "data-boot") == "snapshot"
    wait_result(second)
    assert result_summary(second) == expected_summary(walk)


def test_nothing_the_provider_typed_is_in_the_snapshot(context: BrowserContext, server: Server, site_dir: Path, traffic: Traffic) -> None:
    walk = flows.mailto_path(site_dir)
    # The practice's name as the provider types it, made unmistakable.
    name = next(s.id for s in walk.steps if s.type == "text" and not s.id.startswith("agb"))
    typed = "Praktijk Zwaluwnest 8271"
    pairs = [(k, typed if k == name else v) for k, v in parse_qsl(walk.result_fragment()[1:], keep_blank_values=True)]
    page = visit(context, server, "#" + urlencode(pairs))
    wait_result(page)
    assert any(typed in unquote(h) for h in page.locator(f"{ROOT} a[href^='mailto:']").evaluate_all("els => els.map(e => e.href)"))
    wait_kept(page)
    kept = page.evaluate(KEPT_TEXT_JS)
    assert kept["size"] > 1_000_000
    assert typed not in kept["text"]


def test_other_policy_data_does_not_meet_an_old_snapshot(context: BrowserContext, server: Server, site_dir: Path, traffic: Traffic) -> None:
    wait_kept(visit(context, server))

    # The same build, the bundle's text changed (as when the team fixes a typo and the
    # manifest stays the same): the kept snapshot holds the old data and is not used.
    def changed(route: Route) -> None:
        route.fulfill(status=200, body=route.fetch().text() + "\n", content_type="application/json")

    context.route(BUNDLE, changed)
    page = visit(context, server)
    assert page.get_attribute(ROOT, "data-boot") == "fast"


def test_a_broken_snapshot_is_dropped_and_the_checker_starts_anyway(context: BrowserContext, server: Server, site_dir: Path, traffic: Traffic) -> None:
    first = visit(context, server)
    wait_kept(first)
    first.evaluate(BREAK_JS)
    first.close()

    walk = flows.eligible_path(site_dir)
    second = visit(context, server, walk.result_fragment())
    assert second.get_attribute(ROOT, "data-boot") == "fast"
    wait_result(second)
    assert result_summary(second) == expected_summary(walk)
    # A good snapshot took the broken one's place.
    wait_kept(second, least_bytes=1_000_000)
    third = visit(context, server)
    assert third.get_attribute(ROOT, "data-boot") == "snapshot"
