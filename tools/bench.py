"""Performance report for developers: `make bench` (python -m tools.bench).

What it measures, in one run, and prints as one table (the report with per-request
details goes to .bench/report.md):

1. The checker in Debian's headless Chromium, served from a temporary copy of site/ on
   127.0.0.1: navigation to the first question painted and to `#checker[data-state=ready]`,
   against the floor of a bare page that boots the stock pinned Pyodide (the npm
   package's own files, unmodified) the same way (a module Worker that imports
   pyodide.mjs and calls loadPyodide); a second visit with the caching README
   recommends (is the compiled WebAssembly kept?); and the time from clicking Bekijk
   de uitslag on the review to the verdict being in the page.
2. The build (`mkdocs build`, the multi-year `macros.build`, `checker validate` and
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
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml
from playwright.sync_api import Browser, Page, Playwright, Request, sync_playwright

from macros.config import pyodide_path
from tests.browser.flows import Walk, load_policy, walk
from tools import browser_env
from tools.browser_env import CHROMIUM, CHROMIUM_ARGS, LOCAL_HOST, SiteHandler, Traffic, as_published, no_store

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
DATA = ROOT / "policy_data"
REPORT = ROOT / ".bench" / "report.md"
PY = sys.executable
READY_TIMEOUT_MS = 90_000
POLICY_PAGE = "zorgaanbieders/kraamzorg/"
CHECKER_PAGE = "checker/"
BARE_PAGE = "bench-bare/"
VERDICT_PROVIDER = "geboortecentrum"
OVERHEAD_TARGET = 0.5  # issue 11: ready in at most half the time of a bare stock Pyodide boot
WEIGHT_TARGET = 6_500_000  # gzip bytes until ready: not above what the checker page sent before issue 11
REVISIT_RUNS = 3  # second visits (per page) with the caching README recommends
VERDICT_TARGET_MS = 50.0
SYNTHETIC_FACTOR = 10
DATA_RUNS = 3  # checker loads with each synthetic bundle

# -- the bare page: the floor the checker is compared with --------------------------------

# Same shape as the checker: a module script starts a module Worker, which imports
# pyodide.mjs from assets/pyodide/ (the npm package's own files, unmodified: checked
# before measuring) and calls loadPyodide({indexURL}) as it comes; the page flips
# data-state to "ready" when the worker says so. The worker also times WebAssembly's
# instantiate (download and compile of pyodide.asm.wasm), to see on a second visit
# whether the browser kept the compiled code.
BARE_HTML = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Bare Pyodide</title></head>
<body><div id="bare" data-state="loading"></div>
<script type="module" src="bare.js"></script></body></html>
"""
BARE_JS = """const root = document.getElementById("bare");
const worker = new Worker(new URL("bare-worker.js", import.meta.url), { type: "module" });
worker.addEventListener("message", (event) => {
  root.dataset.loadMs = String(event.data.ms);
  root.dataset.wasmMs = String(event.data.wasm);
  root.dataset.state = event.data.type === "ready" ? "ready" : "error";
});
worker.addEventListener("error", () => { root.dataset.state = "error"; });
worker.postMessage({ type: "init", pyodide: new URL("../PYODIDE_DIR", location.href).href });
"""
BARE_WORKER_JS = """let wasm = 0;
for (const name of ["instantiateStreaming", "instantiate"]) {
  const original = WebAssembly[name];
  WebAssembly[name] = async (...args) => {
    const started = performance.now();
    try { return await original.apply(WebAssembly, args); } finally { wasm += performance.now() - started; }
  };
}
self.addEventListener("message", async (event) => {
  const started = performance.now();
  try {
    const indexURL = event.data.pyodide;
    const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
    await loadPyodide({ indexURL, stdout: () => {}, stderr: () => {} });
    self.postMessage({ type: "ready", ms: Math.round(performance.now() - started), wasm: Math.round(wasm) });
  } catch (error) {
    self.postMessage({ type: "failed", ms: 0, message: String(error) });
  }
});
"""

# Installed before any page script: records performance.now() (ms since navigation)
# when a root flips data-state, when a Volgende button is clicked, when the page posts a
# request to its worker and when the answer comes back (Worker is wrapped, not changed),
# when the result section enters the DOM, and after the next frame has been painted;
# likewise when checker.js shows the server-rendered first question (unhides its body).
MARKS_JS = """(() => {
  const marks = {};
  Object.defineProperty(window, "__bench", { value: marks });
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url, options, ...rest) {
      if (options && options.type === "module" && marks.worker === undefined) marks.worker = performance.now();
      super(url, options, ...rest);
      this.addEventListener("message", (event) => {
        if (event.data && event.data.type === "response") marks.response = performance.now();
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === "handle") marks.posted = performance.now();
      return super.postMessage(message, ...rest);
    }
  };
  const roots = new Set(["checker", "bare"]);
  const afterPaint = (name) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { marks[name] = performance.now(); };
    channel.port2.postMessage(0);
  });
  new MutationObserver((records) => {
    const now = performance.now();
    for (const record of records) {
      if (record.type === "attributes") {
        if (roots.has(record.target.id) && record.attributeName === "data-state") {
          const state = record.target.getAttribute("data-state");
          if (!(state in marks)) marks[state] = now;
        } else if (record.target.classList.contains("checker-body") && !record.target.hidden && marks.question === undefined) {
          marks.question = now;
          afterPaint("question_painted");
        }
      } else if (marks.click !== undefined && marks.result === undefined) {
        for (const node of record.addedNodes) {
          if (node.nodeType === 1 && (node.matches("section.checker-result") || node.querySelector("section.checker-result"))) {
            marks.result = now;
            afterPaint("painted");
            break;
          }
        }
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state", "hidden"] });
  document.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("#checker button.checker-next, #checker button.checker-confirm")) {
      marks.click = performance.now();
      delete marks.result;
      delete marks.painted;
    }
  }, true);
})();
"""


# -- numbers -------------------------------------------------------------------------------


@dataclass
class Sample:
    """Repeated measurements of one thing (milliseconds or seconds, as named)."""

    values: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")

    @property
    def min(self) -> float:
        return min(self.values) if self.values else float("nan")


@dataclass
class Row:
    """One line of the report's table."""

    area: str
    what: str
    median: str
    minimum: str
    ratio: str = ""
    target: str = ""
    verdict: str = ""


def ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def secs(value: float) -> str:
    return f"{value:.2f} s"


def size(n: float) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.2f} MiB"
    return f"{n / 1024:.1f} KiB"


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *(line(r) for r in rows)])


def progress(text: str) -> None:
    print(f"· {text}", file=sys.stderr, flush=True)


# -- the local server ------------------------------------------------------------------------


@dataclass
class Sent:
    path: str  # URL path as requested
    file: Path | None  # the file served, None for errors
    status: int
    bytes: int
    at: float  # time.perf_counter() when the body was written
    received: float = 0.0  # time.time() when the request came in (the browser's clock too)


class _RecordingHandler(SiteHandler):
    """The browser tests' handler (MIME types for .wasm/.mjs, no-store), plus a log of
    every response body it sent, for the page weight."""

    sent_log: list[Sent]
    lock: threading.Lock

    def do_GET(self) -> None:
        received = time.time()
        self._status = 0
        self._bytes = 0
        self._file: Path | None = None
        super().do_GET()
        with self.lock:
            self.sent_log.append(Sent(urlsplit(self.path).path, self._file, self._status, self._bytes, time.perf_counter(), received))

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        super().send_response(code, message)

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        outputfile.write(data)
        self._bytes = len(data)
        served = Path(self.translate_path(self.path))
        self._file = served / "index.html" if served.is_dir() else served


@dataclass
class Server:
    url: str
    log: list[Sent]
    lock: threading.Lock

    def mark(self) -> int:
        with self.lock:
            return len(self.log)

    def since(self, start: int) -> list[Sent]:
        with self.lock:
            return list(self.log[start:])


@contextlib.contextmanager
def serve(root: Path, cache_control: Callable[[str], str] = no_store) -> Iterator[Server]:
    """The tests' server (tools/browser_env.py) with a log of what it sent; no-store unless
    told otherwise (the second visits get the caching README recommends)."""
    log: list[Sent] = []
    lock = threading.Lock()
    handler_class = type("Handler", (_RecordingHandler,), {"sent_log": log, "lock": lock, "cache_control": staticmethod(cache_control)})
    with browser_env.serve(root, handler_class, name="bench-server") as running:
        yield Server(running.url, log, lock)


def site_copy(tmp: Path, name: str, checker_bundle: Path | None = None) -> Path:
    """A copy of site/ with the bare page added (and another checker bundle, if given):
    a concurrent `make build` cannot swap the files out from under a measurement."""
    target = tmp / name
    shutil.copytree(SITE, target, symlinks=True)
    bare = target / BARE_PAGE
    bare.mkdir()
    (bare / "index.html").write_text(BARE_HTML, encoding="utf-8")
    (bare / "bare.js").write_text(BARE_JS.replace("PYODIDE_DIR", pyodide_path(ROOT)), encoding="utf-8")
    (bare / "bare-worker.js").write_text(BARE_WORKER_JS, encoding="utf-8")
    if checker_bundle is not None:
        shutil.rmtree(target / "assets" / "checker")
        shutil.copytree(checker_bundle, target / "assets" / "checker")
    return target


# -- the browser -----------------------------------------------------------------------------


@dataclass
class Load:
    """One page load: in-page ms to ready, the worker's own ms, wall-clock ms."""

    ready_ms: float
    worker_ms: float
    wall_ms: float
    marks: dict[str, float]


@contextlib.contextmanager
def dead_proxy() -> Iterator[tuple[str, list[str]]]:
    """A "proxy" on 127.0.0.1 that answers nothing: Chromium is started with it for every
    host but 127.0.0.1, so no request (the browser's own background requests included)
    leaves the machine, and each attempt is recorded by its request line."""
    attempts: list[str] = []
    listener = socket.create_server((LOCAL_HOST, 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(0.5)
                with contextlib.suppress(OSError):
                    attempts.append(conn.recv(512).split(b"\r\n", 1)[0].decode("latin-1"))

    thread = threading.Thread(target=accept, name="dead-proxy", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{listener.getsockname()[1]}", attempts
    finally:
        stop.set()
        thread.join()
        listener.close()


def launch(pw: Playwright, proxy: str) -> Browser:
    """Debian's Chromium with the browser tests' arguments. Other hosts are kept out by
    the dead proxy rather than by routing requests through Playwright: interception
    delays every request, the checker page's 26 more than the bare page's 8."""
    return pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=chromium_args(proxy))


def chromium_args(proxy: str) -> list[str]:
    return [*(a for a in CHROMIUM_ARGS if not a.startswith("--proxy")), f"--proxy-server={proxy}", f"--proxy-bypass-list={LOCAL_HOST}"]


@contextlib.contextmanager
def fresh_page(browser: Browser, traffic: Traffic) -> Iterator[Page]:
    """A new context: empty cache, no storage, every request recorded (not intercepted)."""
    context = browser.new_context(locale="nl-NL", service_workers="block")
    context.set_default_timeout(30_000)
    context.add_init_script(MARKS_JS)
    context.on("request", lambda request: traffic.saw(request.url))
    page = context.new_page()
    page.on("pageerror", lambda error: traffic.page_errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()


def load_until_ready(page: Page, url: str, root: str) -> Load:
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(f'#{root}[data-state="ready"], #{root}[data-state="error"]', state="attached", timeout=READY_TIMEOUT_MS)
    wall = (time.perf_counter() - started) * 1000
    state = page.get_attribute(f"#{root}", "data-state")
    if state != "ready":
        raise RuntimeError(f"{url}: #{root} is in state {state!r}, not ready")
    marks = page.evaluate("() => ({ ...window.__bench })")
    worker = float(page.get_attribute(f"#{root}", "data-load-ms") or "nan")
    marks["wasm"] = float(page.get_attribute(f"#{root}", "data-wasm-ms") or "nan")
    return Load(marks["ready"], worker, wall, marks)


def measure_load(browser: Browser, traffic: Traffic, url: str, root: str) -> Load:
    with fresh_page(browser, traffic) as page:
        return load_until_ready(page, url, root)


@dataclass
class Revisit:
    first: Load
    second: Load
    sent: int  # bytes the server sent for the second visit


def measure_revisit(pw: Playwright, proxy: str, traffic: Traffic, server: Server, url: str, root: str, profile: Path) -> Revisit:
    """A first visit and then a second one, from a server that sends the caching README
    recommends (Pyodide's folder immutable). Why a browser with a profile on disk: a fresh
    context's cache lives in memory and keeps no 9 MB file, as a visitor's browser does."""
    shutil.rmtree(profile, ignore_errors=True)
    context = pw.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, headless=True, args=chromium_args(proxy), locale="nl-NL", service_workers="block"
    )
    try:
        context.set_default_timeout(30_000)
        context.add_init_script(MARKS_JS)
        context.on("request", lambda request: traffic.saw(request.url))
        page = context.new_page()
        page.on("pageerror", lambda error: traffic.page_errors.append(str(error)))
        first = load_until_ready(page, url, root)
        page.wait_for_timeout(2000)  # the browser stores the compiled WebAssembly after its first use
        page.goto("about:blank")
        start = server.mark()
        second = load_until_ready(page, url, root)
        return Revisit(first, second, sum(s.bytes for s in server.since(start)))
    finally:
        context.close()


def check_bare_is_stock(site: Path) -> None:
    """The floor must be the npm package's own files: the site's copy is compared byte for byte."""
    served = site / pyodide_path(ROOT)
    npm = ROOT / "node_modules" / "pyodide"
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"):
        if (served / name).read_bytes() != (npm / name).read_bytes():
            sys.exit(f"{served / name} differs from {npm / name}: the bare page must boot the stock Pyodide; run `make build`.")


def measure_verdict(browser: Browser, traffic: Traffic, server: Server, path: Walk) -> dict[str, float]:
    """Open the checker with every answer in the fragment (the review, Controleer uw
    antwoorden), press Bekijk de uitslag, and return the ms from the click to each later mark."""
    with fresh_page(browser, traffic) as page:
        load_until_ready(page, server.url + CHECKER_PAGE + path.fragment(), "checker")
        review = page.locator("#checker section.checker-review")
        review.wait_for(state="visible")
        review.get_by_role("button", name="Bekijk de uitslag", exact=True).click()
        page.wait_for_function("() => window.__bench.painted !== undefined", timeout=30_000)
        verdict = page.get_attribute("#checker section.checker-result", "data-verdict")
        if verdict != path.verdict:
            raise RuntimeError(f"expected verdict {path.verdict!r}, the page shows {verdict!r}")
        marks = page.evaluate("() => ({ ...window.__bench })")
        return {name: marks[name] - marks["click"] for name in ("posted", "response", "result", "painted")}


@dataclass
class Fetch:
    path: str
    start_ms: float
    end_ms: float


Item = tuple[str, int, int]  # URL path, raw bytes, gzip -6 bytes


@dataclass
class Weight:
    items: list[Item]  # until ready (checker) or until the load event (other pages), largest first
    after: list[Item]  # requested after that, until the network was idle
    fetches: list[Fetch]  # the browser's view: when each request started and ended
    ready_ms: float  # in-page time of ready or of the load event

    @property
    def raw(self) -> int:
        return sum(i[1] for i in self.items)

    @property
    def gzipped(self) -> int:
        return sum(i[2] for i in self.items)


@functools.cache
def gzip_size(file: Path) -> int:
    return len(gzip.compress(file.read_bytes(), compresslevel=6))


def measure_weight(browser: Browser, traffic: Traffic, server: Server, page_path: str, root: str | None) -> Weight:
    """Load a page in a fresh context and add up what the server sent for it until the
    checker is ready (root) or the load event; what follows until the network is idle
    is kept apart. Also a cold load, so it doubles as the warm-up of the timings."""
    finished: list[Request] = []
    with fresh_page(browser, traffic) as page:
        page.context.on("requestfinished", lambda request: finished.append(request))
        start = server.mark()
        if root:
            ready_ms = load_until_ready(page, server.url + page_path, root).ready_ms
        else:
            page.goto(server.url + page_path, wait_until="load")
            ready_ms = float(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart"))
        page.wait_for_load_state("networkidle")
        time.sleep(0.5)
        sent = server.since(start)
        origin = float(page.evaluate("performance.timeOrigin"))
        fetches = [fetch_of(request, origin) for request in finished]
    # Split by the page's own clock: what was asked for before ready (or the load event)
    # counts; Playwright sees "ready" some milliseconds late, after the page asked for more.
    ready_at = (origin + ready_ms) / 1000
    before = [s for s in sent if s.received < ready_at]
    after = [s for s in sent if s.received >= ready_at]

    def items(part: list[Sent]) -> list[Item]:
        return sorted(((s.path, s.bytes, gzip_size(s.file) if s.file else s.bytes) for s in part), key=lambda i: -i[1])

    return Weight(items(before), items(after), sorted(fetches, key=lambda f: f.start_ms), ready_ms)


def fetch_of(request: Request, origin: float) -> Fetch:
    timing = request.timing
    start = timing["startTime"] - origin
    end = start + timing["responseEnd"] if timing["responseEnd"] >= 0 else float("nan")
    return Fetch(urlsplit(request.url).path, start, end)


# -- the build -------------------------------------------------------------------------------


def data_bytes(data: Path) -> int:
    return sum(p.stat().st_size for p in data.rglob("*.yaml") if "schema" not in p.parts)


def make_years(target: Path, count: int) -> Path:
    """policy_data with `count` copies of the latest year, one per year up to it; the
    meta year and the timeline dates moved along, as `checker new-year` does."""
    latest = max(int(p.name) for p in DATA.iterdir() if p.name.isdigit())
    target.mkdir(parents=True)
    shutil.copytree(DATA / "schema", target / "schema")
    for year in range(latest - count + 1, latest + 1):
        folder = target / str(year)
        shutil.copytree(DATA / str(latest), folder)
        meta = folder / "meta.yaml"
        meta.write_text(re.sub(r"(?m)^year: \d{4}", f"year: {year}", meta.read_text(encoding="utf-8")), encoding="utf-8")
        # The copies keep the latest year's texts; acknowledge the years they name, or the
        # review gate (authoring.yearly) rightly refuses to publish them.
        data = yaml.safe_load(meta.read_text(encoding="utf-8"))
        accepted = data.setdefault("review", {}).setdefault("accepted", [])
        accepted += [{"text": str(y), "reason": "Synthetisch jaar voor de benchmark"} for y in range(1900, latest + 1)]
        meta.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        procedure = folder / "procedure.yaml"
        procedure.write_text(
            re.sub(r"(?m)^(\s*date: ['\"]?)(\d{4})", functools.partial(_shift_year, year - latest), procedure.read_text(encoding="utf-8")),
            encoding="utf-8",
        )
    return target


def _shift_year(shift: int, match: re.Match[str]) -> str:
    return match.group(1) + str(int(match.group(2)) + shift)


def make_conditions(target: Path, factor: int) -> Path:
    """policy_data whose latest year has `factor` times the conditions: copies with ids
    suffixed -x1.., each listed in the policy text right after its original."""
    latest = max(int(p.name) for p in DATA.iterdir() if p.name.isdigit())
    target.mkdir(parents=True)
    shutil.copytree(DATA / "schema", target / "schema")
    folder = target / str(latest)
    shutil.copytree(DATA / str(latest), folder)

    conditions_file = folder / "conditions.yaml"
    data = yaml.safe_load(conditions_file.read_text(encoding="utf-8"))
    items = []
    for condition in data["conditions"]:
        items.append(condition)
        # Purchasing rules stay single: a copy would be a rule no provider type names.
        if condition["kind"] != "rule":
            items += [{**condition, "id": f"{condition['id']}-x{i}"} for i in range(1, factor)]
    data["conditions"] = items
    conditions_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    sections_file = folder / "sections.yaml"
    sections = yaml.safe_load(sections_file.read_text(encoding="utf-8"))
    stack = list(sections["sections"])
    while stack:
        section = stack.pop()
        for block in section.get("blocks", []):
            if block.get("conditions"):
                copied = {c["id"] for c in items}
                block["conditions"] = [
                    f"{cid}{suffix}" for cid in block["conditions"] for suffix in ["", *(f"-x{i}" for i in range(1, factor))] if f"{cid}{suffix}" in copied
                ]
        stack += section.get("sections", [])
    sections_file.write_text(yaml.safe_dump(sections, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


@dataclass
class Timing:
    """Seconds of one command: wall clock, and CPU (user + system, its child processes
    included), which other load on the machine hardly changes."""

    wall: Sample = field(default_factory=Sample)
    cpu: Sample = field(default_factory=Sample)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], env: dict[str, str], runs: int, before: Callable[[], None] | None = None) -> Timing:
    timing = Timing()
    for _ in range(runs):
        if before:
            before()
        cpu = _children_cpu()
        started = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        timing.wall.values.append(time.perf_counter() - started)
        timing.cpu.values.append(_children_cpu() - cpu)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return timing


@dataclass
class BuildResult:
    label: str
    data: Path
    factor: float  # how much more data than the real set (by construction)
    yaml_ratio: float
    times: dict[str, Timing]


BUILD_STEPS = ("mkdocs build", "macros.build (all years)", "checker validate", "checker bundle")


HAS_SITE_BUILD = (ROOT / "macros" / "build.py").is_file()  # the multi-year build
YEARS_BUILD_RUNS = 2  # runs of macros.build with 10 and with 5 years, taken in turns


def build_env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("POLICY_YEAR", "POLICY_PREVIEW", "EXCLUDE_DOCS")}
    return env | {"POLICY_DATA": str(data), "NO_MKDOCS_2_WARNING": "1"}


def site_build_cmd(data: Path, site: Path) -> list[str]:
    return [PY, "-m", "macros.build", "--data", str(data), "--site", str(site)]


def measure_build(label: str, data: Path, factor: float, tmp: Path, runs: int, all_years_runs: int | None = None) -> BuildResult:
    env = build_env(data)
    out = tmp / f"out-{label}"
    clear = functools.partial(shutil.rmtree, out, ignore_errors=True)
    times: dict[str, Timing] = {}
    progress(f"build: {label}")
    times["mkdocs build"] = timed([PY, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out / "mkdocs")], env, runs, clear)
    if HAS_SITE_BUILD and all_years_runs != 0:
        times["macros.build (all years)"] = timed(site_build_cmd(data, out / "site"), env, all_years_runs or runs, clear)
    times["checker validate"] = timed([PY, "-m", "checker", "--data", str(data), "validate"], env, runs)
    times["checker bundle"] = timed([PY, "-m", "checker", "--data", str(data), "bundle", "--out", str(out / "bundle")], env, runs, clear)
    return BuildResult(label, data, factor, data_bytes(data) / data_bytes(DATA), times)


def bundle_of(data: Path, out: Path) -> Path:
    """The checker bundle (`checker bundle`) for other data, to serve instead of the real one."""
    env = {**os.environ, "POLICY_DATA": str(data)}
    subprocess.run([PY, "-m", "checker", "--data", str(data), "bundle", "--out", str(out)], cwd=ROOT, env=env, check=True, capture_output=True)
    # Its precompiled Python too, as `make assets` makes it: else that page would boot the stock way.
    tool = [shutil.which("node") or "node", str(ROOT / "tools" / "pyodide_artefacts.mjs"), str(ROOT / "node_modules" / "pyodide"), str(out)]
    subprocess.run(tool, cwd=ROOT, check=True, capture_output=True)
    return out


# -- the report ------------------------------------------------------------------------------


def growth(ratio: float, data_ratio: float) -> str:
    if ratio <= data_ratio:
        return "≤ linear"
    return "≈ linear (within 5%)" if ratio <= data_ratio * 1.05 else "super-linear"


def verdict(ok: bool) -> str:
    return "OK" if ok else "over target"


def check_site() -> None:
    needed = ("checker/index.html", "assets/checker/manifest.json", pyodide_path(ROOT) + "pyodide.asm.wasm", POLICY_PAGE + "index.html")
    missing = [p for p in needed if not (SITE / p).is_file()]
    if missing:
        sys.exit(f"The built site is missing {', '.join(missing)} in {SITE}: run `make build` first (make bench does).")
    if not Path(CHROMIUM).exists():
        sys.exit(f"No Chromium at {CHROMIUM}: `make chromium` installs Debian's.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, choices=range(1, 51), metavar="N", help="page loads per measurement (default 5)")
    parser.add_argument("--build-runs", type=int, default=3, help="runs per build command (default 3)")
    parser.add_argument("--skip-build", action="store_true", help="only the browser part")
    parser.add_argument("--skip-browser", action="store_true", help="only the build part")
    args = parser.parse_args(argv)
    check_site()
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    rows: list[Row] = []
    details: list[str] = []
    traffic = Traffic()

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp_name:
        tmp = Path(tmp_name)
        years_data = make_years(tmp / "data-years", SYNTHETIC_FACTOR)
        conditions_data = make_conditions(tmp / "data-conditions", SYNTHETIC_FACTOR)

        if not args.skip_browser:
            rows += browser_part(tmp, years_data, conditions_data, args.runs, traffic, details)
        if not args.skip_build:
            rows += build_part(tmp, years_data, conditions_data, args.build_runs, details)

    load_after = os.getloadavg()[0]
    header = [
        "# Benchmark report",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')} · {os.cpu_count()} CPUs · Chromium {CHROMIUM} · "
        f"{args.runs} page loads and {args.build_runs} build runs per figure · took {time.perf_counter() - started:.0f} s · "
        f"load average {load_before:.1f} at start, {load_after:.1f} at end",
        "",
    ]
    if load_before > (os.cpu_count() or 1) * 0.75:  # the load at the end is mostly this run's own
        header += [
            "**The machine was busy with other work during this run: the timings are noisy. Compare ratios (measured",
            "interleaved) and CPU times rather than absolute wall-clock times, or run again on a quiet machine.**",
            "",
        ]
    cells = [[r.area, r.what, r.median, r.minimum, r.ratio, r.target, r.verdict] for r in rows]
    main_table = table(["Area", "Measurement", "Median", "Min", "Ratio", "Target", "Verdict"], cells)
    notes = [
        "",
        "Checker ratios use medians. Checker times are in-page (performance.now() since navigation start), every load in a fresh",
        "context from a server that sends no-store, i.e. cold; checker, bare page and bigger bundles are loaded in turns.",
        "Second visits: the same context loads the page again from a server sending README's caching (Pyodide immutable).",
        "Growth is ≤ linear when time ratio ≤ data ratio. Build ratios (and their verdicts) use the minimum CPU time",
        "(user + system of the command and its children): other load on the machine adds to any time, less to CPU time",
        "and least to the minimum.",
    ]
    if traffic.foreign:
        notes += [
            "",
            f"Requests for other hosts, all stopped on 127.0.0.1 (none left the machine): {len(traffic.foreign)}: "
            + ", ".join(sorted(set(traffic.foreign))[:10]),
        ]
    if traffic.page_errors:
        notes += ["", "JavaScript errors: " + "; ".join(traffic.page_errors[:5])]
    # One table on the terminal; the report file adds the per-request detail tables.
    print("\n".join([*header, main_table, *notes]))
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join([*header, main_table, *notes, *details]) + "\n", encoding="utf-8")
    print(f"(with the largest items and request waterfalls: {REPORT.relative_to(ROOT)})", file=sys.stderr)
    return 0


def browser_part(tmp: Path, years_data: Path, conditions_data: Path, runs: int, traffic: Traffic, details: list[str]) -> list[Row]:
    progress("copying site/, adding the bare page, bundling the synthetic data")
    real_site = site_copy(tmp, "site")
    check_bare_is_stock(real_site)
    years_site = site_copy(tmp, "site-years", bundle_of(years_data, tmp / "bundle-years"))
    conditions_site = site_copy(tmp, "site-conditions", bundle_of(conditions_data, tmp / "bundle-conditions"))
    path = walk(load_policy(real_site), VERDICT_PROVIDER)
    loads = {"checker": Sample(), "bare": Sample()}
    workers = {"checker": Sample(), "bare": Sample()}
    walls = {"checker": Sample(), "bare": Sample()}
    created = {"checker": Sample(), "bare": Sample()}
    verdict_marks: dict[str, Sample] = {name: Sample() for name in ("posted", "response", "result", "painted")}
    variants = {f"{SYNTHETIC_FACTOR} years": years_site, f"{SYNTHETIC_FACTOR}× conditions": conditions_site}
    more_data: dict[str, Sample] = {label: Sample() for label in variants}
    question = Sample()  # navigation → first question painted (checker)
    revisits = {"checker": Sample(), "bare": Sample()}
    revisit_sent = {"checker": Sample(), "bare": Sample()}
    wasm_first, wasm_second = Sample(), Sample()

    with contextlib.ExitStack() as stack:
        pw = stack.enter_context(sync_playwright())
        proxy, attempts = stack.enter_context(dead_proxy())
        server = stack.enter_context(serve(real_site))
        published = stack.enter_context(serve(real_site, as_published))
        # The same checker page with a bigger bundle (the worker loads every year's bundle at start).
        others = {label: stack.enter_context(serve(site_dir)) for label, site_dir in variants.items()}
        browser = launch(pw, proxy)
        stack.callback(browser.close)
        # The weighed loads come first: cold, so they are also the (uncounted) warm-up.
        progress("page weight (also the warm-up, not timed)")
        policy_weight = measure_weight(browser, traffic, server, POLICY_PAGE, None)
        checker_weight = measure_weight(browser, traffic, server, CHECKER_PAGE, "checker")
        bare_weight = measure_weight(browser, traffic, server, BARE_PAGE, "bare")
        for i in range(runs):
            progress(f"checker vs bare Pyodide{' vs bigger bundles' if i < DATA_RUNS else ''}, run {i + 1}/{runs}")
            pages = [("checker", server.url + CHECKER_PAGE), ("bare", server.url + BARE_PAGE)]
            if i < DATA_RUNS:
                pages += [(label, other.url + CHECKER_PAGE) for label, other in others.items()]
            for name, url in pages[i % len(pages) :] + pages[: i % len(pages)]:  # rotate: none always first
                load = measure_load(browser, traffic, url, "bare" if name == "bare" else "checker")
                if name in more_data:
                    more_data[name].values.append(load.ready_ms)
                    continue
                loads[name].values.append(load.ready_ms)
                if name == "checker":
                    question.values.append(load.marks.get("question_painted", float("nan")))
                workers[name].values.append(load.worker_ms)
                walls[name].values.append(load.wall_ms)
                created[name].values.append(load.marks.get("worker", float("nan")))
        for i in range(REVISIT_RUNS):
            progress(f"second visit with immutable caching, checker and bare, run {i + 1}/{REVISIT_RUNS}")
            pair = [("checker", CHECKER_PAGE), ("bare", BARE_PAGE)]
            for name, page_path in pair if i % 2 == 0 else pair[::-1]:
                visit = measure_revisit(pw, proxy, traffic, published, published.url + page_path, name, tmp / "profile")
                revisits[name].values.append(visit.second.ready_ms)
                revisit_sent[name].values.append(visit.sent)
                if name == "bare":
                    wasm_first.values.append(visit.first.marks["wasm"])
                    wasm_second.values.append(visit.second.marks["wasm"])
        for i in range(runs):
            progress(f"last answer → verdict ({VERDICT_PROVIDER}, {len(path.steps)} answers), run {i + 1}/{runs}")
            for name, value in measure_verdict(browser, traffic, server, path).items():
                verdict_marks[name].values.append(value)

    # Attempts that reached the dead proxy: the browser's own, or a page's the request events also saw.
    traffic.foreign += [f"{line} (stopped at the dead proxy)" for line in attempts]
    checker, bare = loads["checker"], loads["bare"]
    overhead = checker.median / bare.median
    posted, to_verdict, to_paint = verdict_marks["posted"], verdict_marks["result"], verdict_marks["painted"]
    worker_trip = Sample([r - p for r, p in zip(verdict_marks["response"].values, posted.values, strict=True)])
    drawing = Sample([d - r for d, r in zip(to_verdict.values, verdict_marks["response"].values, strict=True)])
    before = {root: Sample([r - w for r, w in zip(loads[root].values, workers[root].values, strict=True)]) for root in loads}
    rows = [
        Row("Checker", "navigation → first question painted", ms(question.median), ms(question.min)),
        Row("Checker", "navigation → #checker ready", ms(checker.median), ms(checker.min)),
        Row("Checker", "navigation → bare stock Pyodide ready (the npm files, unmodified)", ms(bare.median), ms(bare.min)),
        Row(
            "Checker",
            "ready: checker / bare (cold, interleaved)",
            "",
            "",
            f"{overhead:.2f} (min/min {checker.min / bare.min:.2f})",
            f"≤ {OVERHEAD_TARGET:.2f}",
            verdict(overhead <= OVERHEAD_TARGET),
        ),
        Row(
            "Checker",
            "  navigation → module Worker created (checker / bare)",
            f"{ms(created['checker'].median)} / {ms(created['bare'].median)}",
            f"{ms(created['checker'].min)} / {ms(created['bare'].min)}",
        ),
        Row(
            "Checker",
            "  navigation → worker gets init (checker / bare)",
            f"{ms(before['checker'].median)} / {ms(before['bare'].median)}",
            f"{ms(before['checker'].min)} / {ms(before['bare'].min)}",
        ),
        Row(
            "Checker",
            "  worker init → ready, worker's clock (checker / bare)",
            f"{ms(workers['checker'].median)} / {ms(workers['bare'].median)}",
            f"{ms(workers['checker'].min)} / {ms(workers['bare'].min)}",
        ),
        Row(
            "Checker",
            "  wall clock, goto → selector seen (checker / bare)",
            f"{ms(walls['checker'].median)} / {ms(walls['bare'].median)}",
            f"{ms(walls['checker'].min)} / {ms(walls['bare'].min)}",
        ),
        Row(
            "Checker",
            f"click Bekijk de uitslag on the review → verdict in DOM ({VERDICT_PROVIDER}, {len(path.steps)} answers)",
            ms(to_verdict.median),
            ms(to_verdict.min),
            "",
            f"≤ {VERDICT_TARGET_MS:.0f} ms",
            verdict(to_verdict.median <= VERDICT_TARGET_MS),
        ),
        Row("Checker", "  click → request posted to the worker (submit, hashchange)", ms(posted.median), ms(posted.min)),
        Row("Checker", "  posted → response back (worker: checker.web.handle)", ms(worker_trip.median), ms(worker_trip.min)),
        Row("Checker", "  response → verdict in DOM (JSON.parse, draw)", ms(drawing.median), ms(drawing.min)),
        Row("Checker", "click Bekijk de uitslag → verdict painted (next frame)", ms(to_paint.median), ms(to_paint.min)),
        Row(
            "Revisit",
            f"second visit, Pyodide immutable: navigation → ready (checker / bare, {REVISIT_RUNS} each)",
            f"{ms(revisits['checker'].median)} / {ms(revisits['bare'].median)}",
            f"{ms(revisits['checker'].min)} / {ms(revisits['bare'].min)}",
            f"{revisits['checker'].median / revisits['bare'].median:.2f}",
        ),
        Row(
            "Revisit",
            "  bytes sent by the server on the second visit (checker / bare)",
            f"{size(revisit_sent['checker'].median)} / {size(revisit_sent['bare'].median)}",
            "",
        ),
        Row(
            "Revisit",
            "  WebAssembly instantiate (download + compile) in the bare worker: first / second visit",
            f"{ms(wasm_first.median)} / {ms(wasm_second.median)}",
            f"{ms(wasm_first.min)} / {ms(wasm_second.min)}",
            f"{wasm_second.median / wasm_first.median:.2f}",
            "",
            "compiled code reused" if wasm_second.median < 0.5 * wasm_first.median else "compiled again (≥ 0.5× first)",
        ),
    ]
    same_runs = Sample(checker.values[:DATA_RUNS])  # the real bundle, loaded in the same rounds
    for label, sample in more_data.items():
        ratio = sample.median / same_runs.median
        loads_note = f"{len(sample.values)} load{'s' if len(sample.values) != 1 else ''}"
        rows.append(
            Row(
                "Checker",
                f"navigation → ready, bundle with {label} ({loads_note})",
                ms(sample.median),
                ms(sample.min),
                f"{ratio:.2f} vs real",
                f"≤ {SYNTHETIC_FACTOR} (linear)",
                growth(ratio, SYNTHETIC_FACTOR),
            )
        )
    after = sum(i[1] for i in checker_weight.after)
    rows += [
        Row(
            "Weight",
            f"policy page /{POLICY_PAGE}, all ({len(policy_weight.items) + len(policy_weight.after)} requests)",
            size(policy_weight.raw + sum(i[1] for i in policy_weight.after)),
            "",
            "",
            "",
            f"gzip-6: {size(policy_weight.gzipped + sum(i[2] for i in policy_weight.after))}",
        ),
        Row(
            "Weight",
            f"checker page until ready ({len(checker_weight.items)} requests, {boot_of(checker_weight)} boot), gzip -6",
            size(checker_weight.gzipped),
            "",
            f"raw {size(checker_weight.raw)}",
            f"≤ {WEIGHT_TARGET / 1e6:.1f} MB",
            verdict(checker_weight.gzipped <= WEIGHT_TARGET),
        ),
        Row(
            "Weight",
            f"  checker page after ready ({len(checker_weight.after)} requests)",
            size(after),
            "",
            "",
            "",
            f"gzip-6: {size(sum(i[2] for i in checker_weight.after))}",
        ),
        Row(
            "Weight",
            f"bare Pyodide page until ready ({len(bare_weight.items)} requests)",
            size(bare_weight.raw),
            "",
            "",
            "",
            f"gzip-6: {size(bare_weight.gzipped)}",
        ),
    ]
    details += weight_details("Checker page until ready: largest items", checker_weight, 12)
    details += weight_details(f"Policy page /{POLICY_PAGE}: largest items", policy_weight, 6)
    details += waterfall("Checker page: requests of its first cold load (the warm-up, so slower than the medians)", checker_weight)
    details += waterfall("Bare Pyodide page: requests of its first cold load", bare_weight)
    return rows


def boot_of(weight: Weight) -> str:
    """Which way the checker booted, from what it downloaded: the precompiled zip, or the
    stock standard library (the worker's fallback; then the numbers are not the fast path's)."""
    paths = [path for path, _, _ in weight.items]
    if any(path.endswith("/python_stdlib.zip") for path in paths):
        return "STOCK (fallback)"
    return "fast" if any(re.search(r"/python-[0-9a-f]+\.zip$", path) for path in paths) else "unknown"


def weight_details(title: str, weight: Weight, top: int) -> list[str]:
    total = weight.raw or 1
    rows = [[path, f"{raw:,}", f"{gz:,}", f"{raw / total:.0%}"] for path, raw, gz in weight.items[:top]]
    rest = weight.items[top:]
    if rest:
        rows.append([f"({len(rest)} more)", f"{sum(i[1] for i in rest):,}", f"{sum(i[2] for i in rest):,}", f"{sum(i[1] for i in rest) / total:.0%}"])
    rows.append(["total", f"{weight.raw:,}", f"{weight.gzipped:,}", "100%"])
    out = ["", f"### {title}", "", table(["Path", "Bytes", "gzip -6", "Share"], rows)]
    if weight.after:
        listed = ", ".join(f"{p} ({raw:,})" for p, raw, _ in weight.after)
        out += ["", f"After ready / the load event, until the network was idle (not in the total): {listed}"]
    return out


def waterfall(title: str, weight: Weight) -> list[str]:
    rows = [[unquote(f.path), f"{f.start_ms:,.0f}", f"{f.end_ms:,.0f}", f"{f.end_ms - f.start_ms:,.0f}"] for f in weight.fetches]
    return [
        "",
        f"### {title}",
        "",
        f"Milliseconds since navigation start, as the browser saw them; ready at {weight.ready_ms:,.0f} ms.",
        "",
        table(["Path", "Start", "End", "Took"], rows),
    ]


def build_part(tmp: Path, years_data: Path, conditions_data: Path, runs: int, details: list[str]) -> list[Row]:
    measure_build("warm-up", DATA, 1, tmp, 1)
    real = measure_build("real", DATA, 1, tmp, runs)
    years_label, conditions_label = f"{SYNTHETIC_FACTOR} years", f"{SYNTHETIC_FACTOR}× conditions"
    results = {
        years_label: measure_build("years", years_data, SYNTHETIC_FACTOR, tmp, runs, all_years_runs=0),
        conditions_label: measure_build("conditions", conditions_data, SYNTHETIC_FACTOR, tmp, runs),
    }
    # The multi-year build with 10 and with 5 years, in turns. Real data is one year with no
    # year before it; from the second year on each year's build also loads its predecessor
    # and renders the comparison, so 5 → 10 years is the fairer test of linearity.
    half = SYNTHETIC_FACTOR // 2
    halves: Timing | None = None
    if HAS_SITE_BUILD:
        half_data = make_years(tmp / "data-years-half", half)
        full, halves = Timing(), Timing()
        # The build checks that every year it publishes is in the checker bundle, as make
        # build writes it: the bundle of all synthetic years goes in place while timing (the
        # half set is a subset), and the real one comes back afterwards.
        bundle = [PY, "-m", "checker", "--data", str(years_data), "bundle", "--out", str(ROOT / "docs/assets/checker")]
        subprocess.run(bundle, cwd=ROOT, env=build_env(years_data), check=True, capture_output=True)
        try:
            for i in range(YEARS_BUILD_RUNS):
                pair = [(years_data, full), (half_data, halves)]
                for data, timing in pair if i % 2 == 0 else pair[::-1]:
                    progress(f"build: macros.build with {year_count(data)} years, run {i + 1}/{YEARS_BUILD_RUNS}")
                    out = tmp / "out-years-site"
                    one = timed(site_build_cmd(data, out), build_env(data), 1, functools.partial(shutil.rmtree, out, ignore_errors=True))
                    timing.wall.values += one.wall.values
                    timing.cpu.values += one.cpu.values
        finally:
            restore = [PY, "-m", "checker", "--data", str(DATA), "bundle", "--out", str(ROOT / "docs/assets/checker")]
            subprocess.run(restore, cwd=ROOT, env=build_env(DATA), check=True, capture_output=True)
            subprocess.run(["node", "tools/pyodide_artefacts.mjs", "node_modules/pyodide", "docs/assets/checker"], cwd=ROOT, check=True, capture_output=True)
        results[years_label].times["macros.build (all years)"] = full
    rows: list[Row] = []
    for step in BUILD_STEPS:
        if step not in real.times:
            continue
        base = real.times[step]
        rows.append(
            Row("Build", f"{step}: real data", f"{secs(base.wall.median)} (CPU {secs(base.cpu.median)})", f"{secs(base.wall.min)} (CPU {secs(base.cpu.min)})")
        )
        for what, result in results.items():
            timing = result.times[step]
            cpu = timing.cpu.min / base.cpu.min
            wall = timing.wall.median / base.wall.median
            runs_note = f" ({len(timing.wall.values)} run{'s' if len(timing.wall.values) != 1 else ''})" if len(timing.wall.values) != runs else ""
            rows.append(
                Row(
                    "Build",
                    f"{step}: {what}{runs_note}",
                    f"{secs(timing.wall.median)} (CPU {secs(timing.cpu.median)})",
                    f"{secs(timing.wall.min)} (CPU {secs(timing.cpu.min)})",
                    f"{cpu:.2f} (wall median {wall:.2f})",
                    f"≤ {result.factor:g} (YAML ×{result.yaml_ratio:.1f})",
                    growth(cpu, result.factor),
                )
            )
        if step == "macros.build (all years)" and halves is not None:
            ratio = results[years_label].times[step].cpu.min / halves.cpu.min
            wall = results[years_label].times[step].wall.median / halves.wall.median
            rows.append(
                Row(
                    "Build",
                    f"{step}: {half} years ({len(halves.wall.values)} runs, in turns with {SYNTHETIC_FACTOR})",
                    f"{secs(halves.wall.median)} (CPU {secs(halves.cpu.median)})",
                    f"{secs(halves.wall.min)} (CPU {secs(halves.cpu.min)})",
                    f"{SYNTHETIC_FACTOR} vs {half} years: {ratio:.2f} (wall median {wall:.2f})",
                    f"≤ {SYNTHETIC_FACTOR / half:g}",
                    growth(ratio, SYNTHETIC_FACTOR / half),
                )
            )
    steep = [r.what for r in rows if r.verdict == "super-linear"]
    if steep:
        details += [
            "",
            "### Build notes",
            "",
            "Growing faster than the data (minimum CPU time): " + "; ".join(steep) + ". "
            "Real data is one year, with no year before it: from the second year on, every year's build also loads "
            "its predecessor and renders the comparison, a fixed extra per year. The 5 → 10 years row shows "
            "whether the cost per year itself grows with the number of years.",
        ]
    return rows


def year_count(data: Path) -> int:
    return sum(1 for p in data.iterdir() if p.name.isdigit())


if __name__ == "__main__":
    sys.exit(main())
