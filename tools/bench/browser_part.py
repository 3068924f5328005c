"""The browser part of the bench: the order of its measurements, and its rows in the order
of the table (boot, verdict, second visits, through the service worker, phone profile,
bigger bundles, weight)."""

from __future__ import annotations

import contextlib
from pathlib import Path

from playwright.sync_api import sync_playwright

from tools.browser_env import Traffic, as_published
from tools.flows import load_policy, walk

from .boot import boot_rows, data_rows, measure_boot, measure_revisits, revisit_rows
from .browser import dead_proxy, launch
from .offline import measure_offline_visits, offline_rows
from .pages import check_bare_is_stock, site_copy
from .phone import measure_phone, phone_rows
from .report import Row, progress
from .server import serve
from .settings import SYNTHETIC_FACTOR, VERDICT_PROVIDER
from .synthetic import bundle_of
from .verdict import measure_verdicts, verdict_rows
from .weight import measure_weights, weight_report, weight_rows


def browser_part(tmp: Path, years_data: Path, conditions_data: Path, runs: int, traffic: Traffic, details: list[str]) -> list[Row]:
    progress("copying site/, adding the bare page, bundling the synthetic data")
    real_site = site_copy(tmp, "site")
    check_bare_is_stock(real_site)
    # The same checker page with a bigger bundle (the worker loads every year's bundle at start).
    variants = {
        f"{SYNTHETIC_FACTOR} years": site_copy(tmp, "site-years", bundle_of(years_data, tmp / "bundle-years")),
        f"{SYNTHETIC_FACTOR}× conditions": site_copy(tmp, "site-conditions", bundle_of(conditions_data, tmp / "bundle-conditions")),
    }
    path = walk(load_policy(real_site), VERDICT_PROVIDER)

    with contextlib.ExitStack() as stack:
        pw = stack.enter_context(sync_playwright())
        proxy, attempts = stack.enter_context(dead_proxy())
        server = stack.enter_context(serve(real_site))
        published = stack.enter_context(serve(real_site, as_published))
        others = {label: stack.enter_context(serve(site_dir)) for label, site_dir in variants.items()}
        browser = launch(pw, proxy)
        stack.callback(browser.close)
        # The weighed loads come first: cold, so they are also the (uncounted) warm-up.
        weights = measure_weights(browser, traffic, server)
        boot = measure_boot(browser, traffic, server, others, runs)
        revisits = measure_revisits(pw, proxy, traffic, published, tmp / "profile")
        verdicts = measure_verdicts(browser, traffic, server, path, runs)
        offline = measure_offline_visits(pw, proxy, traffic, server, tmp / "profile-offline")
        phone = measure_phone(browser, traffic, server, path)

    # Attempts that reached the dead proxy: the browser's own, or a page's the request events also saw.
    traffic.foreign += [f"{line} (stopped at the dead proxy)" for line in attempts]
    details += weight_report(weights)
    return [
        *boot_rows(boot),
        *verdict_rows(verdicts, len(path.steps)),
        *revisit_rows(revisits),
        *offline_rows(offline, boot.loads["bare"]),
        *phone_rows(phone),
        *data_rows(boot),
        *weight_rows(weights),
    ]
