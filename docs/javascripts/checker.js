// The checker page: keeps the answers in the URL fragment, asks Python (in a worker)
// what to show for them, and draws it. It makes no decisions of its own: which
// question comes next, what counts as a valid answer, where Terug and Wijzig lead, what
// goes into the URL and what the verdict is all come from checker.web. The markup of a
// question mirrors macros/checker_html.py exactly.
//
// The parts, in checker/: answers.js (the answers in the URL), worker-client.js (the
// worker where checker.web runs), step.js (a question and its notices), result.js (the
// review and the result), loading.js (loading and failure), texts.js (every Dutch text
// this page writes itself) and dom.js (the element builder). This file ties them together;
// start-checker.js starts the worker first and then this file (startChecker).

// dom.js is imported by the others only; named here too, so the browser fetches it with
// them and not one round trip later, once it has read them.
import "./checker/dom.js";
import { firstAnswerFragment, isAnswers, readAnswers, restartUrl } from "./checker/answers.js";
import { answersLoading, bytesText, failureBox, showWaiting, slowStatus } from "./checker/loading.js";
import { printDate, renderResult, renderReview } from "./checker/result.js";
import { clearLocalError, formValue, noticeBox, noticesFor, prefillFor, renderQuestion, showLocalError } from "./checker/step.js";
import { TEXT } from "./checker/texts.js";
import { WorkerClient } from "./checker/worker-client.js";

const SLOW_MS = 20000; // then say so, and offer the text pages
const LOAD_TIMEOUT_MS = 180000; // then give up

class CheckerPage {
  constructor(root) {
    this.root = root;
    this.body = root.querySelector(".checker-body");
    this.status = root.querySelector(".checker-status");
    this.siteRoot = root.dataset.siteRoot || "";
    this.fallback = root.dataset.fallback || this.siteRoot;
    this.trees = root.dataset.trees || this.fallback;
    this.emptyChoice = root.dataset.emptyChoice || TEXT.emptyChoice;
    this.defaultYear = Number(root.dataset.year);
    this.pageTitle = document.title;
    this.ready = false;
    this.current = null; // the last response shown
    this.ownHash = null; // a fragment this page wrote itself
    this.moveFocus = false; // after a user action, focus goes to the new step
    this.loadedBytes = null; // {loaded, total} of Pyodide's big files, from the worker
    this.drafts = {}; // last value typed or chosen per question, for pre-filling
    this.worker = null;
    this.timer = null;
    this.slow = null;
  }

  // `boot` is start-checker.js's: the worker it started (or why it could not).
  start(boot) {
    // JavaScript runs: the text for "no JavaScript" goes, the loading text comes.
    for (const node of this.root.querySelectorAll(".checker-fallback")) node.remove();
    this.setStatus(TEXT.loading);
    this.body.hidden = false;
    this.timer = setTimeout(() => this.fail(TEXT.tooSlow), LOAD_TIMEOUT_MS);
    this.slow = setTimeout(() => this.saySlow(), SLOW_MS);
    if (!boot.worker) {
      this.fail(String(boot.failure));
      return;
    }
    this.worker = new WorkerClient(boot, {
      ready: (message) => this.onReady(message),
      progress: (message) => this.onProgress(message),
      failed: (reason) => this.fail(reason),
    });
    window.addEventListener("hashchange", () => this.onHashChange());
    // One listener for every step.
    this.root.addEventListener("submit", (event) => this.onSubmit(event));
    this.root.addEventListener("click", (event) => this.onClick(event));
    // A fragment with answers replaces the first question with a short wait.
    if (isAnswers(location.hash)) this.body.replaceChildren(answersLoading());
  }

  // -- loading ---------------------------------------------------------------------------

  setStatus(text) {
    if (this.status) this.status.textContent = text;
  }

  saySlow() {
    if (this.ready || this.root.dataset.state !== "loading" || !this.status) return;
    this.status.replaceChildren(...slowStatus(this.trees));
  }

  bytesText() {
    return bytesText(this.loadedBytes, Number(this.root.dataset.pyodideBytes) || 0);
  }

  onReady(message) {
    clearTimeout(this.timer);
    clearTimeout(this.slow);
    if (this.root.dataset.state === "error") return;
    this.ready = true;
    this.root.dataset.state = "ready";
    this.root.dataset.loadMs = String(message.ms);
    this.root.dataset.boot = message.boot; // how Python started (tests and the bench read it)
    this.setStatus("");
    this.update();
    setTimeout(printDate, 0);
  }

  onProgress(message) {
    this.loadedBytes = { loaded: message.loaded, total: message.total };
    const box = this.body.querySelector(".checker-wait-bytes");
    if (box) box.textContent = this.bytesText();
  }

  fail(reason) {
    if (this.root.dataset.state === "error") return;
    clearTimeout(this.timer);
    clearTimeout(this.slow);
    console.error("checker:", reason);
    this.ready = false;
    this.root.dataset.state = "error";
    this.setStatus(TEXT.failedStatus);
    document.title = TEXT.titled(TEXT.titles.failed, this.pageTitle);
    this.body.replaceChildren(failureBox(this.trees, this.fallback));
  }

  // -- the URL fragment holds the answers ------------------------------------------------

  go(hash) {
    this.ownHash = hash;
    this.moveFocus = true;
    // pushState still makes a history entry, so the browser's back button steps back.
    history.pushState(null, "", hash || restartUrl());
    this.update(null, this.prepared(hash));
  }

  // The response Python gave along with the one shown, for exactly this fragment (the
  // review's result, for its Bekijk de uitslag), or null: then the worker is asked.
  prepared(hash) {
    const next = this.ready && this.current ? this.current.next : null;
    return next && next.fragment === hash ? next : null;
  }

  onHashChange() {
    if (location.hash && !isAnswers(location.hash)) return; // a jump to a heading, not answers
    if (location.hash !== this.ownHash) this.moveFocus = true;
    this.update();
  }

  // `prepared`: the response for this URL that Python already gave (see prepared()).
  async update(submit = null, prepared = null) {
    const hasAnswers = isAnswers(location.hash);
    // Without answers and before any step, the server-rendered first question stays.
    if (!hasAnswers && !this.current && !submit) return;
    if (!this.ready) return;
    const fromUrl = !submit && hasAnswers && location.hash !== this.ownHash;
    const { year, answers } = readAnswers(this.defaultYear, this.current);
    // An answer still on its way is older than a prepared screen: it is not drawn over it.
    if (prepared) this.worker.passOver();
    const response = prepared || (await this.askWorker(submit ? { year, answers, submit } : { year, answers }));
    if (!response) return;
    try {
      this.show(response, { rawAnswers: answers, fromUrl, submit, hasAnswers });
    } catch (error) {
      this.drawFailed(error);
    }
  }

  // checker.web's response to a request, or null: a newer request is on its way, or it
  // failed (then that is shown).
  async askWorker(request) {
    const message = await this.worker.ask(request);
    if (!this.worker.isNewest(message.id)) return null;
    if (message.error) {
      this.fail(message.error);
      return null;
    }
    try {
      return JSON.parse(message.text);
    } catch (error) {
      this.drawFailed(error);
      return null;
    }
  }

  drawFailed(error) {
    this.fail(TEXT.drawFailed(error && error.message ? error.message : error));
  }

  show(response, request) {
    if (response.state === "error") {
      this.fail(response.message);
      return;
    }
    // The URL follows the screen: a new entry after an answer, a quiet correction
    // (a bad or unknown part left out) otherwise. Only checker.web writes it.
    const target = response.fragment || "";
    if (target !== location.hash && (request.hasAnswers || target)) {
      this.ownHash = target;
      history[request.submit ? "pushState" : "replaceState"](null, "", target || restartUrl());
    }
    this.current = response;
    this.draw(response, request);
  }

  // -- drawing ---------------------------------------------------------------------------

  draw(response, { rawAnswers, fromUrl, submit }) {
    const focus = this.moveFocus;
    this.moveFocus = false;
    const notices = noticesFor(response, fromUrl);
    const parts = notices.length ? [noticeBox(notices, restartUrl())] : [];
    const screen = this.screen(response, rawAnswers, submit);
    document.title = TEXT.titled(screen.title, this.pageTitle);
    this.body.replaceChildren(...parts, screen.part);
    let target = null;
    if (fromUrl && notices.length) target = this.body.querySelector(".checker-notice");
    else if (screen.fieldError) target = this.body.querySelector(".checker-error-summary");
    else if (focus) target = this.body.querySelector(".checker-legend, .checker-review-title, .checker-verdict");
    // In the next frame: focusing now would make the browser lay out the page at once,
    // and then again for the frame (the new screen is drawn one layout sooner this way).
    if (target) requestAnimationFrame(() => target.isConnected && target.focus());
  }

  // The screen for a response: its element, its page title and the error on its field.
  screen(response, rawAnswers, submit) {
    if (response.state === "result") {
      const part = renderResult(response, { siteRoot: this.siteRoot, restartUrl: restartUrl() });
      return { part, title: TEXT.titles.result, fieldError: null };
    }
    if (response.state === "review") return { part: renderReview(response), title: TEXT.titles.review, fieldError: null };
    const q = response.question;
    const fieldError = (response.errors || []).find((e) => e.question === q.id) || null;
    const prefill = prefillFor(response, fieldError, { rawAnswers, submit, drafts: this.drafts });
    const part = renderQuestion(q, prefill, {
      progress: response.progress,
      error: fieldError ? fieldError.message : null,
      siteRoot: this.siteRoot,
      back: response.back,
    });
    const p = response.progress;
    const step = p && p.total ? TEXT.titles.question(p.step, p.total) : TEXT.titles.firstQuestion;
    return { part, title: `${fieldError ? TEXT.titles.error : ""}${step}`, fieldError };
  }

  // -- events ----------------------------------------------------------------------------

  onSubmit(event) {
    const form = event.target.closest("form.checker-step");
    if (!form) return;
    event.preventDefault();
    const qid = form.dataset.question;
    const value = formValue(form);
    this.drafts[qid] = value;
    if (this.ready) {
      this.moveFocus = true;
      this.update({ question: qid, value });
      return;
    }
    this.answerEarly(form, qid, value);
  }

  // Before Python is ready only the first question (the server-rendered one) is on
  // screen; its options are the provider types, so a chosen one is a valid answer.
  answerEarly(form, qid, value) {
    if (!value) {
      showLocalError(form, this.emptyChoice, this.pageTitle);
      return;
    }
    clearLocalError(form, this.pageTitle);
    this.ownHash = firstAnswerFragment(this.defaultYear, qid, value);
    this.moveFocus = true;
    history.pushState(null, "", this.ownHash);
    if (this.root.dataset.state === "loading") showWaiting(form, value, { trees: this.trees, bytes: this.bytesText() });
  }

  onClick(event) {
    const target = event.target.closest("[data-action]");
    if (!target || !this.root.contains(target)) return;
    const action = target.dataset.action;
    if (action === "restart") {
      event.preventDefault();
      for (const key of Object.keys(this.drafts)) delete this.drafts[key];
      this.go("");
    } else if (action === "go") {
      event.preventDefault();
      this.go(target.dataset.fragment || "");
    } else if (action === "focus-field") {
      // The summary's link moves focus without putting an element id in the URL.
      event.preventDefault();
      const field = document.getElementById(target.getAttribute("href").slice(1));
      if (field) field.focus();
    } else if (action === "print") {
      event.preventDefault();
      window.print();
    }
  }
}

export function startChecker(root, boot) {
  new CheckerPage(root).start(boot);
}
