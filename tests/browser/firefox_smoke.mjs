// The checker's smoke flow in Firefox ESR, driven over WebDriver BiDi by puppeteer-core;
// started by tests/browser/test_engines.py, which reads the settings from stdin and the
// outcome (one JSON line) from stdout, and asserts on it and on the server's request log.
//
// Never a download: puppeteer-core has no browser of its own; executablePath is Debian's
// firefox-esr. Firefox's own background requests go to a closed local port (as Chromium's
// do in tools/browser_env.py); the page's requests are recorded here.

import puppeteer from "puppeteer-core";

const LOCAL_HOST = "127.0.0.1";
const LOCAL_SCHEMES = ["data:", "blob:", "about:"];

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

const isLocal = (url) => {
  const parsed = new URL(url);
  return LOCAL_SCHEMES.includes(parsed.protocol) || parsed.hostname === LOCAL_HOST;
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class Failure extends Error {}

// What puppeteer says of an element handle whose node is gone or was drawn anew.
const STALE = /not clickable or not an Element|detached|no such node|stale/i;

async function waitFor(page, config, done, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await page.evaluate(`(${config.plan})(${JSON.stringify(config.answers)})`);
    if (done(current)) return current;
    if (Date.now() > deadline) {
      throw new Failure(`${what} niet binnen ${timeoutMs / 1000} s; de pagina toont: ${JSON.stringify(current).slice(0, 1500)}`);
    }
    await sleep(50);
  }
}

// Answer the screen as planned and press its button; false when the screen was drawn anew
// meanwhile (a marked element is gone), so the caller reads it again.
async function perform(page, current) {
  if (!current.submit) throw new Failure(`geen knop om verder te gaan op ${JSON.stringify(current.title)}`);
  for (const action of [...(current.actions || []), { kind: "click", selector: current.submit }]) {
    const element = await page.$(action.selector);
    if (!element) return false;
    try {
      if (action.kind === "type") {
        await element.type(action.text);
      } else {
        await element.click();
      }
    } catch (error) {
      // The element was replaced between finding and using it (the page drew the screen
      // anew, e.g. the script taking over the server-drawn first question): read it again.
      if (STALE.test(String(error))) return false;
      throw error;
    }
  }
  return true;
}

async function walk(page, config, outcome) {
  const started = Date.now();
  await page.goto(config.checker, { waitUntil: "domcontentloaded", timeout: config.readyTimeoutMs });
  const ready = await waitFor(page, config, (p) => ["ready", "error"].includes(p.state), config.readyTimeoutMs, "data-state ready");
  outcome.ready_state = ready.state;
  outcome.ready_s = (Date.now() - started) / 1000;
  if (ready.state !== "ready") return;
  const flowStarted = Date.now();
  let previous = "";
  for (let i = 0; i < config.maxScreens; i += 1) {
    if (Date.now() - flowStarted > config.flowTimeoutMs) throw new Failure(`geen uitslag binnen ${config.flowTimeoutMs / 1000} s`);
    const seen = previous;
    const current = await waitFor(page, config, (p) => p.screen !== "waiting" && p.key !== seen, config.stepTimeoutMs, "een volgend scherm");
    outcome.screens.push({ screen: current.screen, title: current.title, qids: current.qids, errors: current.errors });
    if (current.screen === "result") {
      outcome.verdict = current.verdict;
      outcome.verdict_title = current.title;
      break;
    }
    if (current.screen === "error") throw new Failure(`de checker ging in data-state=error: ${current.text}`);
    if (current.screen === "review") outcome.review_title = current.title;
    // A screen drawn anew while it was being answered is read again (same key as before).
    if (await perform(page, current)) previous = current.key;
  }
  outcome.flow_s = (Date.now() - flowStarted) / 1000;
  await page.goto(config.text, { waitUntil: "load", timeout: config.readyTimeoutMs });
  outcome.text_title = await page.title();
  outcome.text_heading = await page.evaluate(() => {
    const h = document.querySelector("article h1, h1");
    return h ? h.textContent.trim() : "";
  });
}

async function main() {
  const config = await readStdin();
  const outcome = { screens: [], foreign: [], page_errors: [] };
  let browser = null;
  try {
    browser = await puppeteer.launch({
      browser: "firefox",
      executablePath: config.firefox,
      protocol: "webDriverBiDi",
      headless: true,
      timeout: config.readyTimeoutMs,
      extraPrefsFirefox: {
        "network.proxy.type": 1,
        "network.proxy.http": LOCAL_HOST,
        "network.proxy.http_port": 9,
        "network.proxy.ssl": LOCAL_HOST,
        "network.proxy.ssl_port": 9,
        "network.proxy.no_proxies_on": LOCAL_HOST,
        "intl.accept_languages": "nl-NL, nl",
      },
    });
    // For the test's last-resort cleanup: puppeteer starts Firefox in a process group of its own.
    process.stderr.write(`firefox-pid ${browser.process()?.pid ?? ""}\n`);
    const page = await browser.newPage();
    page.setDefaultTimeout(config.stepTimeoutMs);
    page.on("request", (request) => {
      if (!isLocal(request.url())) outcome.foreign.push(request.url());
    });
    page.on("pageerror", (error) => outcome.page_errors.push(String(error)));
    await walk(page, config, outcome);
  } catch (error) {
    outcome.failure = error instanceof Failure ? error.message : String(error?.stack || error);
  } finally {
    if (browser) await browser.close().catch(() => {});
  }
  process.stdout.write(JSON.stringify(outcome) + "\n");
}

await main();
process.exit(0);
