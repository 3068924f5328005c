"""Performance report for developers: `make bench` (python -m tools.bench).

What it measures, in one run, and prints as one table (the report with per-request
details goes to .bench/report.md):

1. The checker in Debian's headless Chromium, served from a temporary copy of site/ on
   127.0.0.1: navigation to the first question painted and to `#checker[data-state=ready]`,
   against the floor of a bare page that boots the stock pinned Pyodide (the npm
   package's own files, unmodified) the same way (a module Worker that imports
   pyodide.mjs and calls loadPyodide); a second visit with the caching README
   recommends (is the compiled WebAssembly kept?); a second visit through the service
   worker (offline use), against the bare cold boot; the time from clicking Bekijk
   de uitslag on the review to the verdict being in the page; and first question
   painted, ready and verdict on a throttled phone profile (slow 4G, 4x slower CPU).
2. The build (`mkdocs build`, the multi-year `tools.build`, `checker validate` and
   `checker bundle`) for the real data and for synthetic data with 10 years and with
   10x the conditions; growth is "linear or better" when time ratio <= data ratio.
3. Page weight: the bytes the server sent for a policy page and for the checker page
   until ready, raw and as gzip level 6 would send them, with the largest items.

Why not a test: timings depend on the machine; this is a report, it asserts nothing.
Why times are taken in the page (performance.now() in a MutationObserver installed
before any script runs): Playwright's polling adds tens of milliseconds of noise; the
in-page clock starts at navigation, the same for the checker and the bare page.
Every context is fresh and the server sends `Cache-Control: no-store`, so every load
is cold (but the second visits). Only 127.0.0.1 is contacted: Chromium gets a "proxy" on 127.0.0.1 that answers
nothing for every other host (its own background requests included), and each attempt
is listed in the report.

The parts, one module each, in the order of the pipeline:
- `__main__`: the command line; makes the synthetic data, runs the parts, writes the report.
- `settings`: paths, the pages loaded, the targets.
- `synthetic`: policy data with 10 years or with 10x the conditions, and their bundles.
- `pages`: the copy of site/ that is served, with the bare Pyodide page and the in-page clock.
- `server`: the browser tests' server, with a log of every body it sent.
- `browser`: Chromium behind a dead proxy; one page load until ready; a second visit.
- `browser_part`: the order of the browser measurements, and their rows in table order:
  `weight` (bytes per page), `boot` (checker vs bare Pyodide, second visits, bigger
  bundles), `verdict` (the last answer to the verdict), `offline` (a second visit
  through the service worker) and `phone` (the throttled phone profile).
- `journey`: pages and taps from the type page to the verdict per provider type, new and
  with a contract (no browser: counted on the walks of tools/flows.py).
- `build`: the build commands timed for real and synthetic data, and their rows.
- `report`: samples, rows, number formats, the table and the report file.
"""
