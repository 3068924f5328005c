"""The checker in the other engines providers use: Firefox (firefox-esr over WebDriver BiDi,
with puppeteer-core) and Safari's WebKit (WebKitGTK: WebKitWebDriver and MiniBrowser on a
virtual display, with Selenium). One smoke flow each: open the checker, wait for ready,
answer every screen the page shows as the shared walker would, pass the review, read the
verdict; then one text page. Everything from Debian's packages (`make browsers`); nothing
is downloaded, and a missing engine fails the test instead of skipping it.

What is asserted comes from the page (data-state, data-verdict) and from the preview
server's request log: WebKitWebDriver gives no console log, so a script that failed to
load shows as a 4xx/5xx there, or as a flow that never reaches its verdict.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver import WebKitGTK, WebKitGTKOptions
from selenium.webdriver.common.by import By
from selenium.webdriver.webkitgtk.service import Service as WebKitGTKService

from .engines import (
    FIREFOX,
    FLOW_TIMEOUT_S,
    LOCAL_HOST,
    MAX_SCREENS,
    MINIBROWSER,
    ROOT,
    SMOKE_PLAN,
    STEP_TIMEOUT_S,
    WEBKIT_DRIVER,
    Flow,
    RequestLog,
    Server,
    deadline,
    engine_env,
    node,
    preview_server,
    proxy_trap,
    require,
    smoke_flow,
    stop,
    virtual_display,
)

# Selenium's own WebKitGTK class still passes the old argument; not ours to change.
pytestmark = pytest.mark.filterwarnings("ignore:setting remote_server_addr in RemoteConnection:DeprecationWarning")

FIREFOX_SCRIPT = ROOT / "tests" / "browser" / "firefox_smoke.mjs"
# A text page of the policy: the site's first chapter, as the menu lists it.
TEXT_PAGE = "beleid/inleiding/"
READY_TIMEOUT_S = 90.0
# The whole run of each engine, including start and shutdown of the browser.
FIREFOX_RUN_TIMEOUT_S = READY_TIMEOUT_S + FLOW_TIMEOUT_S + 60
WEBKIT_START_TIMEOUT_S = 30.0
WEBKIT_RUN_TIMEOUT_S = READY_TIMEOUT_S + FLOW_TIMEOUT_S + 30


@dataclass
class Outcome:
    """What a smoke run saw; the same shape from the Node script and from Selenium."""

    ready_state: str | None = None
    ready_s: float = 0.0
    screens: list[dict[str, Any]] = field(default_factory=list)
    review_title: str = ""
    verdict: str | None = None
    verdict_title: str = ""
    flow_s: float = 0.0
    text_title: str = ""
    text_heading: str = ""
    foreign: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def flow(site_dir: Path) -> Flow:
    return smoke_flow(site_dir)


@pytest.fixture(autouse=True)
def _engine_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Selenium Manager (which downloads drivers and browsers) must never run: the driver's
    # path is always given, and should it run anyway it finds no program and fails.
    monkeypatch.setenv("SE_OFFLINE", "true")
    monkeypatch.setenv("SE_MANAGER_PATH", "/nonexistent/selenium-manager")
    monkeypatch.setenv("NO_PROXY", LOCAL_HOST)

    # A stopped test run (SIGTERM, e.g. a CI timeout) still ends the browsers, drivers and
    # Xvfb: they run in their own process groups, which only our cleanup code ends.
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signaal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def check(outcome: Outcome, flow: Flow, log: RequestLog, engine: str) -> None:
    """What a provider would notice, the same for every engine."""
    shown = "\n".join(f"  {s.get('screen')}: {s.get('title', '')}" for s in outcome.screens[-5:])
    assert outcome.ready_state == "ready", f"{engine}: de checker kwam niet in data-state=ready maar {outcome.ready_state!r}"
    assert outcome.review_title == "Controleer uw antwoorden", f"{engine}: geen controlestap vóór de uitslag; laatste schermen:\n{shown}"
    assert outcome.verdict == flow.verdict, f"{engine}: uitslag {outcome.verdict!r}, CPython geeft {flow.verdict!r}; laatste schermen:\n{shown}"
    assert outcome.verdict_title, f"{engine}: de uitslag heeft geen kop"
    questions = [s for s in outcome.screens if s.get("screen") == "question"]
    assert len(questions) >= 2, f"{engine}: maar {len(questions)} vraagscherm(en) voor de uitslag:\n{shown}"
    assert outcome.text_heading, f"{engine}: de tekstpagina {TEXT_PAGE} toont geen kop"
    assert not outcome.foreign, f"{engine}: verzoeken naar een andere host:\n" + "\n".join(outcome.foreign)
    assert not outcome.page_errors, f"{engine}: JavaScript-fouten:\n" + "\n".join(outcome.page_errors)
    paths = log.paths()
    for wanted in ("/checker/", "/" + TEXT_PAGE):
        assert wanted in paths, f"{engine}: de server zag geen verzoek om {wanted}: {paths}"
    assert any(p.endswith(".wasm") for p in paths), f"{engine}: Pyodide's wasm is niet van de eigen server gehaald: {paths}"
    # The fast boot: the zstd-compressed zip unpacked by the zstd decoder's WebAssembly. Had
    # either failed in this engine, the worker would have fallen back to the full library.
    assert any(re.search(r"/python-[0-9a-f]+\.zip\.zst$", p) for p in paths), f"{engine}: de voorgecompileerde Python is niet geladen: {paths}"
    assert not any(p.endswith("/python_stdlib.zip") for p in paths), f"{engine}: de snelle start mislukte; de checker laadde de volledige standaardbibliotheek"
    problems = log.problems()
    assert not problems, f"{engine}: mislukte verzoeken of een andere host in het serverlog:\n" + "\n".join(problems)


# -- Firefox: puppeteer-core over WebDriver BiDi, in Node ----------------------------------------


def run_firefox(server: Server, flow: Flow, site_dir: Path) -> Outcome:
    config = {
        "firefox": FIREFOX,
        "checker": server.page_url("checker/"),
        "text": server.page_url(TEXT_PAGE),
        "answers": flow.answers,
        "plan": SMOKE_PLAN,
        "readyTimeoutMs": int(READY_TIMEOUT_S * 1000),
        "stepTimeoutMs": int(STEP_TIMEOUT_S * 1000),
        "flowTimeoutMs": int(FLOW_TIMEOUT_S * 1000),
        "maxScreens": MAX_SCREENS,
    }
    env = engine_env(PUPPETEER_SKIP_DOWNLOAD="1")
    # Node in a process group of its own. Puppeteer starts Firefox in another group and ends
    # it when Node exits or gets SIGTERM (which stop() sends first); should Node die before
    # that, end_firefox() ends Firefox by the pid Node reported.
    process = subprocess.Popen(
        [node(), str(FIREFOX_SCRIPT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    out, err = b"", b""
    try:
        out, err = process.communicate(json.dumps(config).encode(), timeout=FIREFOX_RUN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        stop(process)
        out, err = process.communicate()
        pytest.fail(f"Firefox: de rooktest liep langer dan {FIREFOX_RUN_TIMEOUT_S:.0f} s.\n{err.decode(errors='replace')[-3000:]}", pytrace=False)
    finally:
        stop(process)
        end_firefox(err.decode(errors="replace"))
    lines = [line for line in out.decode(errors="replace").splitlines() if line.startswith("{")]
    if process.returncode != 0 or not lines:
        pytest.fail(f"Firefox: de rooktest stopte (code {process.returncode}):\n{err.decode(errors='replace')[-3000:]}", pytrace=False)
    data = json.loads(lines[-1])
    if data.get("failure"):
        shown = "\n".join(f"  {s.get('screen')}: {s.get('title', '')}" for s in data.get("screens", [])[-5:])
        pytest.fail(f"Firefox: {data['failure']}\nlaatste schermen:\n{shown}", pytrace=False)
    return Outcome(**{k: v for k, v in data.items() if k in Outcome.__dataclass_fields__})


def end_firefox(stderr: str) -> None:
    """End the Firefox Node reported, if it still runs (its process group, as puppeteer does)."""
    found = re.search(r"^firefox-pid (\d+)$", stderr, re.MULTILINE)
    if not found:
        return
    pid = int(found[1])
    with contextlib.suppress(OSError):
        # Only that very Firefox: the group it leads, with its name on the command line.
        if os.getpgid(pid) == pid and b"firefox" in Path(f"/proc/{pid}/cmdline").read_bytes():
            os.killpg(pid, signal.SIGKILL)


def test_firefox_smoke_flow(site_dir: Path, flow: Flow) -> None:
    require(FIREFOX, "Firefox ESR (pakket firefox-esr)")
    started = time.perf_counter()
    # The server stops before the checks, so its request log is complete.
    with preview_server(site_dir) as (server, log):
        outcome = run_firefox(server, flow, site_dir)
    print(f"Firefox: klaar in {outcome.ready_s:.1f} s, {len(outcome.screens)} schermen in {outcome.flow_s:.1f} s, totaal {time.perf_counter() - started:.1f} s")
    check(outcome, flow, log, "Firefox")


# -- WebKit: WebKitWebDriver + MiniBrowser on Xvfb, with Selenium --------------------------------


@contextlib.contextmanager
def webkit(display: str, trap_port: int) -> Iterator[WebKitGTK]:
    options = WebKitGTKOptions()
    options.binary_location = MINIBROWSER
    options.add_argument("--automation")
    # Everything not for 127.0.0.1 goes to the trap, which records it (WebKit has no request log).
    options.add_argument(f"--proxy=http://{LOCAL_HOST}:{trap_port}")
    options.add_argument(f"--ignore-host={LOCAL_HOST}")
    service = WebKitGTKService(
        executable_path=WEBKIT_DRIVER,
        env=engine_env(DISPLAY=display),
        log_output=subprocess.DEVNULL,
        popen_kw={"start_new_session": True},
    )

    def end() -> None:
        # MiniBrowser and its web processes are the driver's children: its whole group ends.
        if service.process:
            stop(service.process, grace=2)

    driver: WebKitGTK | None = None
    try:
        with deadline(WEBKIT_START_TIMEOUT_S, "WebKit: het starten van WebKitWebDriver met MiniBrowser", end):
            try:
                driver = WebKitGTK(options=options, service=service)
            except WebDriverException as error:
                pytest.fail(f"WebKit: WebKitWebDriver of MiniBrowser startte niet: {error.msg}", pytrace=False)
        driver.set_page_load_timeout(READY_TIMEOUT_S)
        driver.set_script_timeout(STEP_TIMEOUT_S)
        with deadline(WEBKIT_RUN_TIMEOUT_S, "WebKit: de rooktest", end):
            yield driver
    finally:
        if driver is not None:
            with contextlib.suppress(Exception):
                driver.quit()
        end()


def plan(driver: WebKitGTK, answers: dict[str, Any]) -> dict[str, Any]:
    return driver.execute_script(f"return ({SMOKE_PLAN})(arguments[0]);", answers)


def wait_for(driver: WebKitGTK, answers: dict[str, Any], done: Callable[[dict[str, Any]], bool], timeout: float, what: str) -> dict[str, Any]:
    """Read the screen until `done` holds for its plan, for at most `timeout` seconds."""
    until = time.monotonic() + timeout
    while True:
        current = plan(driver, answers)
        if done(current):
            return current
        if time.monotonic() > until:
            pytest.fail(f"WebKit: {what} niet binnen {timeout:.0f} s; de pagina toont: {json.dumps(current, ensure_ascii=False)[:1500]}", pytrace=False)
        time.sleep(0.05)


def perform(driver: WebKitGTK, current: dict[str, Any]) -> bool:
    """Answer the screen as planned and press its button; False when the screen was drawn
    anew meanwhile (a marked element is gone), so the caller reads it again."""
    if not current.get("submit"):
        pytest.fail(f"WebKit: geen knop om verder te gaan op {current.get('title')!r}", pytrace=False)
    for action in [*current.get("actions", []), {"kind": "click", "selector": current["submit"]}]:
        found = driver.find_elements(By.CSS_SELECTOR, action["selector"])
        if not found:
            return False
        element = found[0]
        try:
            # Scrolled to first, as a provider does. Why: WebKitWebDriver (2.50) left a short step's
            # Volgende button below the fold unscrolled (scrollY 0) and called it not interactable.
            driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
            if action["kind"] == "type":
                element.send_keys(action["text"])
            else:
                element.click()
        except StaleElementReferenceException:
            return False
        except WebDriverException as error:
            html = (element.get_attribute("outerHTML") or "")[:300]
            pytest.fail(f"WebKit: {action['kind']} op {html} mislukte ({type(error).__name__}: {error.msg}) op {current.get('title')!r}", pytrace=False)
    return True


def walk_webkit(driver: WebKitGTK, server: Server, flow: Flow) -> Outcome:
    outcome = Outcome()
    started = time.perf_counter()
    driver.get(server.page_url("checker/"))
    state = wait_for(driver, flow.answers, lambda p: p["state"] in ("ready", "error"), READY_TIMEOUT_S, "data-state ready")
    outcome.ready_state, outcome.ready_s = state["state"], time.perf_counter() - started
    if state["state"] != "ready":
        return outcome
    flow_started, previous = time.perf_counter(), ""
    for _ in range(MAX_SCREENS):
        if time.perf_counter() - flow_started > FLOW_TIMEOUT_S:
            pytest.fail(f"WebKit: geen uitslag binnen {FLOW_TIMEOUT_S:.0f} s", pytrace=False)
        current = wait_for(driver, flow.answers, lambda p, seen=previous: p["screen"] != "waiting" and p["key"] != seen, STEP_TIMEOUT_S, "een volgend scherm")
        outcome.screens.append({k: current.get(k) for k in ("screen", "title", "qids", "errors")})
        if current["screen"] == "result":
            outcome.verdict, outcome.verdict_title = current["verdict"], current["title"]
            break
        if current["screen"] == "review":
            outcome.review_title = current["title"]
        if current["screen"] == "error":
            pytest.fail(f"WebKit: de checker ging in data-state=error: {current.get('text')}", pytrace=False)
        # A screen drawn anew while it was being answered is read again (same key as before).
        if perform(driver, current):
            previous = current["key"]
    outcome.flow_s = time.perf_counter() - flow_started
    driver.get(server.page_url(TEXT_PAGE))
    outcome.text_title = driver.title
    outcome.text_heading = driver.execute_script("const h = document.querySelector('article h1, h1'); return h ? h.textContent.trim() : '';")
    return outcome


def test_webkit_smoke_flow(site_dir: Path, flow: Flow) -> None:
    require(WEBKIT_DRIVER, "WebKitWebDriver (pakket webkit2gtk-driver)")
    require(MINIBROWSER, "MiniBrowser van WebKitGTK (pakket webkit2gtk-driver)")
    started = time.perf_counter()
    with (
        preview_server(site_dir) as (server, log),
        virtual_display() as display,
        proxy_trap() as (trap_port, caught),
        webkit(display, trap_port) as driver,
    ):
        outcome = walk_webkit(driver, server, flow)
    outcome.foreign = list(caught)
    print(f"WebKit: klaar in {outcome.ready_s:.1f} s, {len(outcome.screens)} schermen in {outcome.flow_s:.1f} s, totaal {time.perf_counter() - started:.1f} s")
    check(outcome, flow, log, "WebKit")


# -- The smoke plan itself: it follows the screen, however the questions are grouped -------------

GROUPED_SCREEN = """
<div id="checker" data-state="ready">
  <form class="checker-step">
    <fieldset data-question="eerste"><legend>Vraag 1 en 2 van 3</legend>
      <input type="radio" id="c-eerste-ja" name="eerste" value="ja"><label for="c-eerste-ja">Ja</label>
      <input type="radio" id="c-eerste-nee" name="eerste" value="nee"><label for="c-eerste-nee">Nee</label>
    </fieldset>
    <fieldset data-question="onbekend">
      <input type="radio" id="c-onbekend-nee" name="onbekend" value="nee"><label for="c-onbekend-nee">Nee</label>
      <input type="radio" id="c-onbekend-ja" name="onbekend" value="ja"><label for="c-onbekend-ja">Ja</label>
    </fieldset>
    <fieldset data-question="agb-code"><label for="c-agb">AGB-code</label><input type="text" id="c-agb" name="answer"></fieldset>
    <fieldset data-question="verklaring"><input type="checkbox" id="c-verklaring" value="ja"><label for="c-verklaring">Klopt</label></fieldset>
    <fieldset data-question="afspraken">
      <input type="checkbox" id="c-afspraken-a" name="answer" value="a"><label for="c-afspraken-a">A</label>
      <input type="checkbox" id="c-afspraken-b" name="answer" value="b" checked><label for="c-afspraken-b">B</label>
      <input type="checkbox" id="c-afspraken-c" name="answer" value="c"><label for="c-afspraken-c">C</label>
    </fieldset>
    <button type="submit">Volgende</button>
  </form>
</div>
"""


def test_smoke_plan_answers_every_question_on_a_grouped_screen(page: Page) -> None:
    """Several questions on one screen: each gets the walker's answer (or, for a question the
    walker does not know, the first positive option), and the plan ends on Volgende."""
    page.set_content(GROUPED_SCREEN)
    answers = {"eerste": "nee", "agb-code": "33123456", "afspraken": ["a"]}
    plan = page.evaluate(f"({SMOKE_PLAN})({json.dumps(answers)})")
    assert plan["screen"] == "question"
    assert plan["qids"] == ["eerste", "onbekend", "agb-code", "verklaring", "afspraken"]
    targets = [(a["kind"], page.eval_on_selector(a["selector"], "e => e.htmlFor || e.id"), a.get("text")) for a in plan["actions"]]
    # The unknown box (verklaring) stays as it is; of afspraken, A is ticked and B unticked.
    assert targets == [
        ("click", "c-eerste-nee", None),
        ("click", "c-onbekend-ja", None),
        ("type", "c-agb", "33123456"),
        ("click", "c-afspraken-a", None),
        ("click", "c-afspraken-b", None),
    ]
    assert page.eval_on_selector(plan["submit"], "e => e.textContent") == "Volgende"


def test_smoke_plan_reads_review_and_verdict(page: Page) -> None:
    review = '<h2>Controleer uw antwoorden</h2><button type="button" data-action="go">Bekijk de uitslag</button>'
    page.set_content(f'<div id="checker" data-state="ready"><section class="checker-review">{review}</section></div>')
    plan = page.evaluate(f"({SMOKE_PLAN})({{}})")
    assert (plan["screen"], plan["title"]) == ("review", "Controleer uw antwoorden")
    assert page.eval_on_selector(plan["submit"], "e => e.textContent") == "Bekijk de uitslag"
    page.set_content('<div id="checker" data-state="ready"><section class="checker-result" data-verdict="eligible"><h2>U voldoet</h2></section></div>')
    plan = page.evaluate(f"({SMOKE_PLAN})({{}})")
    assert (plan["screen"], plan["verdict"], plan["title"]) == ("result", "eligible", "U voldoet")
