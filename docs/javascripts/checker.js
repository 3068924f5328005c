// The checker page: keeps the answers in the URL fragment, asks Python (in a worker)
// what to show for them, and draws it. It makes no decisions of its own: which
// question comes next, what counts as a valid answer, where Terug and Wijzig lead, what
// goes into the URL and what the verdict is all come from checker.web. The markup of a
// question mirrors macros/checker_html.py exactly.

function start(root) {
  const body = root.querySelector(".checker-body");
  const status = root.querySelector(".checker-status");
  const siteRoot = root.dataset.siteRoot || "";
  const fallback = root.dataset.fallback || siteRoot;
  const trees = root.dataset.trees || fallback;
  const emptyChoice = root.dataset.emptyChoice || "Kies een van de antwoorden.";
  const defaultYear = Number(root.dataset.year);
  const pageTitle = document.title;
  const SLOW_MS = 20000; // then say so, and offer the text pages
  const LOAD_TIMEOUT_MS = 180000; // then give up

  let ready = false;
  let current = null; // the last response shown
  let sequence = 0; // only the newest request is drawn
  let ownHash = null; // a fragment this page wrote itself
  let moveFocus = false; // after a user action, focus goes to the new step
  let loadedBytes = null; // {loaded, total} of Pyodide's big files, from the worker
  const drafts = {}; // last value typed or chosen per question, for pre-filling
  const pending = new Map();

  // JavaScript runs: the text for "no JavaScript" goes, the loading text comes.
  for (const node of root.querySelectorAll(".checker-fallback")) node.remove();
  setStatus("De checker wordt geladen. U kunt alvast de eerste vraag beantwoorden.");
  body.hidden = false;

  // -- the worker ------------------------------------------------------------------------

  let worker;
  const timer = setTimeout(() => fail("het laden duurde te lang"), LOAD_TIMEOUT_MS);
  const slow = setTimeout(() => {
    if (ready || root.dataset.state !== "loading" || !status) return;
    status.replaceChildren("Het laden duurt langer dan normaal. Even geduld, of bekijk de ",
      h("a", [["href", trees]], "beslisbomen per soort zorgaanbieder"), ".");
  }, SLOW_MS);
  try {
    worker = new Worker(new URL("checker-worker.js", import.meta.url), { type: "module" });
  } catch (error) {
    fail(String(error));
    return;
  }
  worker.addEventListener("error", (event) => fail(event.message || "de worker kon niet starten"));
  worker.addEventListener("message", (event) => {
    const message = event.data || {};
    if (message.type === "ready") {
      clearTimeout(timer);
      clearTimeout(slow);
      if (root.dataset.state === "error") return;
      ready = true;
      root.dataset.state = "ready";
      root.dataset.loadMs = String(message.ms);
      setStatus("");
      update();
      setTimeout(printDate, 0);
    } else if (message.type === "progress") {
      loadedBytes = { loaded: message.loaded, total: message.total };
      const box = body.querySelector(".checker-wait-bytes");
      if (box) box.textContent = bytesText();
    } else if (message.type === "failed") {
      fail(message.message);
    } else if (message.type === "response") {
      const done = pending.get(message.id);
      pending.delete(message.id);
      if (done) done(message);
    }
  });
  const assets = new URL(root.dataset.assets || "assets/", location.href);
  // Pyodide may live elsewhere than the year's own assets (one copy for all years).
  const pyodideDir = new URL(root.dataset.pyodide || "pyodide/", root.dataset.pyodide ? location.href : assets);
  worker.postMessage({ type: "init", assets: assets.href, pyodide: pyodideDir.href });

  function ask(request) {
    const id = ++sequence;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      worker.postMessage({ type: "handle", id, request: JSON.stringify(request) });
    }).then((message) => ({ id, ...message }));
  }

  function fail(reason) {
    if (root.dataset.state === "error") return;
    clearTimeout(timer);
    clearTimeout(slow);
    console.error("checker:", reason);
    ready = false;
    root.dataset.state = "error";
    setStatus("De checker kon niet worden geladen.");
    document.title = `Fout: de checker werkt niet – ${pageTitle}`;
    body.replaceChildren(
      h("div", [["class", "checker-failure"], ["role", "alert"]],
        h("h2", [["class", "checker-failure-title"], ["id", "checker-failure-title"], ["tabindex", "-1"]], "De checker werkt nu niet"),
        h("p", [], "De checker kon niet worden geladen in uw browser. Probeer het later opnieuw of gebruik een recente versie van uw browser."),
        h("p", [], "Dezelfde vragen en uitkomsten staan in de ",
          h("a", [["href", trees]], "Beslisbomen per soort zorgaanbieder"), ". Alle voorwaarden staan op ",
          h("a", [["href", fallback]], "Voorwaarden per soort zorgaanbieder"), ".")));
  }

  function setStatus(text) {
    if (status) status.textContent = text;
  }

  // "3,1 van 9,8 MB geladen": real bytes of Pyodide's big files, counted by the worker.
  function bytesText() {
    if (!loadedBytes || !loadedBytes.loaded) return "";
    const mb = (n) => (n / 1e6).toLocaleString("nl-NL", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
    // The build knows the sizes; the worker adds what the server says, for a host that differs.
    const total = Math.max(Number(root.dataset.pyodideBytes) || 0, loadedBytes.total || 0, loadedBytes.loaded);
    return `${mb(loadedBytes.loaded)} van ${mb(total)} MB geladen.`;
  }

  // The provider answered before Python is ready: say so where they look, at the button,
  // with the real progress and the text decision tree as a way not to wait.
  function showWaiting(form, provider) {
    if (!form || root.dataset.state !== "loading") return;
    let box = form.querySelector(".checker-wait");
    if (!box) {
      box = h("div", [["class", "checker-wait"], ["role", "status"]]);
      form.querySelector(".checker-actions").after(box);
    }
    const chosen = provider ? form.querySelector(`label[for="checker-type-${CSS.escape(provider)}"]`) : null;
    const label = chosen ? chosen.textContent : "uw soort zorgaanbieder";
    box.replaceChildren(
      h("p", [], h("strong", [], "Uw antwoord is bewaard."), " De checker wordt nog geladen. ",
        h("span", [["class", "checker-wait-bytes"]], bytesText())),
      h("p", [], "Niet wachten? Lees de ",
        h("a", [["href", provider ? `${trees}${encodeURIComponent(provider)}/` : trees]], `beslisboom voor ${label}`), " als tekst."));
  }

  // -- the URL fragment holds the answers ------------------------------------------------

  // A fragment is answers unless it is empty or names an element (a heading's anchor).
  function isAnswers(hash) {
    const raw = hash.replace(/^#/, "");
    if (!raw) return false;
    try {
      if (document.getElementById(decodeURIComponent(raw))) return false;
    } catch {
      // not decodable: certainly no element id; treat as (broken) answers
    }
    return true;
  }

  // The answers of the page: from the URL, or (while a heading anchor is in the URL)
  // those of the step on screen.
  function readHash() {
    const answers = Object.create(null); // a key like "__proto__" stays a plain key
    let year = defaultYear;
    let hash = location.hash;
    if (hash && !isAnswers(hash)) hash = (current && current.fragment) || "";
    for (const [key, value] of new URLSearchParams(hash.replace(/^#/, ""))) {
      if (key === "jaar") year = /^\d{1,6}$/.test(value) ? Number(value) : value;
      else answers[key] = value;
    }
    return { year, answers };
  }

  // Dutch dates are slow to format the first time (locale data), so the formatter is
  // made once, when the checker is idle, and not while a verdict is being drawn.
  let dateFormat = null;
  function printDate() {
    dateFormat ??= new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric" });
    return dateFormat;
  }

  function restartUrl() {
    return location.pathname + location.search;
  }

  function go(hash) {
    ownHash = hash;
    moveFocus = true;
    // pushState still makes a history entry, so the browser's back button steps back.
    history.pushState(null, "", hash || restartUrl());
    update();
  }

  window.addEventListener("hashchange", () => {
    if (location.hash && !isAnswers(location.hash)) return; // a jump to a heading, not answers
    if (location.hash !== ownHash) moveFocus = true;
    update();
  });

  async function update(submit = null) {
    const hasAnswers = isAnswers(location.hash);
    // Without answers and before any step, the server-rendered first question stays.
    if (!hasAnswers && !current && !submit) return;
    if (!ready) return;
    const fromUrl = !submit && hasAnswers && location.hash !== ownHash;
    const { year, answers } = readHash();
    const message = await ask(submit ? { year, answers, submit } : { year, answers });
    if (message.id !== sequence) return; // a newer request is on its way
    if (message.error) {
      fail(message.error);
      return;
    }
    let response;
    try {
      response = JSON.parse(message.text);
      if (response.state === "error") {
        fail(response.message);
        return;
      }
      // The URL follows the screen: a new entry after an answer, a quiet correction
      // (a bad or unknown part left out) otherwise. Only checker.web writes it.
      const target = response.fragment || "";
      if (target !== location.hash && (hasAnswers || target)) {
        ownHash = target;
        history[submit ? "pushState" : "replaceState"](null, "", target || restartUrl());
      }
      current = response;
      draw(response, answers, fromUrl, submit);
    } catch (error) {
      fail(`tekenen mislukt: ${error && error.message ? error.message : error}`);
    }
  }

  // -- drawing ---------------------------------------------------------------------------

  function draw(response, rawAnswers, fromUrl, submit) {
    const focus = moveFocus;
    moveFocus = false;
    const notices = [];
    const errors = response.errors || [];
    const shown = response.state === "question" ? response.question.id : null;
    for (const e of errors) if (fromUrl || e.question !== shown) notices.push(e.message);
    const dropped = (response.dropped || []).map((d) => String(d).slice(0, 40));
    if (dropped.length) {
      const list = dropped.slice(0, 5).join(", ") + (dropped.length > 5 ? ", …" : "");
      notices.push(`Deze onderdelen van de link zijn niet herkend en niet gebruikt: ${list}.`);
    }
    const parts = [];
    if (notices.length) parts.push(noticeBox(notices));
    let fieldError = null;
    if (response.state === "result") {
      parts.push(renderResult(response));
      document.title = `Uitslag – ${pageTitle}`;
    } else if (response.state === "review") {
      parts.push(renderReview(response));
      document.title = `Controleer uw antwoorden – ${pageTitle}`;
    } else {
      const q = response.question;
      fieldError = errors.find((e) => e.question === q.id) || null;
      const prefill = { ...response.answers };
      // A wrong answer stays in its box, so it can be corrected rather than retyped.
      if (fieldError && submit && submit.question === q.id) prefill[q.id] = submit.value;
      else if (fieldError && Object.hasOwn(rawAnswers, q.id)) prefill[q.id] = rawAnswers[q.id];
      else if (!Object.hasOwn(prefill, q.id) && Object.hasOwn(drafts, q.id)) prefill[q.id] = drafts[q.id];
      parts.push(renderQuestion(q, prefill, {
        progress: response.progress,
        error: fieldError ? fieldError.message : null,
        siteRoot,
        back: response.back,
      }));
      const p = response.progress;
      const step = p && p.total ? `Vraag ${p.step} van ${p.total}` : "Eerste vraag";
      document.title = `${fieldError ? "Fout: " : ""}${step} – ${pageTitle}`;
    }
    body.replaceChildren(...parts);
    let target = null;
    if (fromUrl && notices.length) target = body.querySelector(".checker-notice");
    else if (fieldError) target = body.querySelector(".checker-error-summary");
    else if (focus) target = body.querySelector(".checker-legend, .checker-review-title, .checker-verdict");
    if (target) target.focus();
  }

  function noticeBox(messages) {
    return h("div", [["class", "checker-notice"], ["role", "alert"], ["tabindex", "-1"]],
      h("p", [["class", "checker-notice-title"]], h("strong", [], "Niet alles uit deze link kon worden gebruikt.")),
      h("ul", [], messages.map((m) => h("li", [], m))),
      h("p", [], "Beantwoord de vraag hieronder, of ",
        h("a", [["href", restartUrl()], ["data-action", "restart"]], "begin opnieuw"), "."));
  }

  // -- events: one listener for every step -----------------------------------------------

  root.addEventListener("submit", (event) => {
    const form = event.target.closest("form.checker-step");
    if (!form) return;
    event.preventDefault();
    const qid = form.dataset.question;
    const radios = form.querySelectorAll('input[type="radio"][name="answer"]');
    let value = "";
    if (radios.length) {
      const chosen = form.querySelector('input[type="radio"][name="answer"]:checked');
      value = chosen ? chosen.value : "";
    } else {
      const field = form.elements.namedItem("answer");
      value = field ? field.value : "";
    }
    drafts[qid] = value;
    if (ready) {
      moveFocus = true;
      update({ question: qid, value });
      return;
    }
    // Before Python is ready only the first question (the server-rendered one) is on
    // screen; its options are the provider types, so a chosen one is a valid answer.
    if (!value) {
      showLocalError(form, emptyChoice);
      return;
    }
    clearLocalError(form);
    const params = new URLSearchParams([["jaar", String(defaultYear)], [qid, value]]);
    ownHash = `#${params}`;
    moveFocus = true;
    history.pushState(null, "", ownHash);
    showWaiting(form, value);
  });

  root.addEventListener("click", (event) => {
    const target = event.target.closest("[data-action]");
    if (!target || !root.contains(target)) return;
    const action = target.dataset.action;
    if (action === "restart") {
      event.preventDefault();
      for (const key of Object.keys(drafts)) delete drafts[key];
      go("");
    } else if (action === "go") {
      event.preventDefault();
      go(target.dataset.fragment || "");
    } else if (action === "focus-field") {
      // The summary's link moves focus without putting an element id in the URL.
      event.preventDefault();
      const field = document.getElementById(target.getAttribute("href").slice(1));
      if (field) field.focus();
    } else if (action === "print") {
      event.preventDefault();
      window.print();
    }
  });

  // The first question's own error before Python is ready: the same markup as a drawn one.
  function showLocalError(form, text) {
    const qid = form.dataset.question;
    const first = form.querySelector('input[name="answer"]');
    const question = { id: qid, type: "choice", options: first ? [{ value: first.value }] : [] };
    form.querySelector(".checker-error-summary")?.remove();
    const summary = errorSummary(question, text);
    form.prepend(summary);
    form.querySelector(".checker-error").replaceChildren(h("p", [], text));
    document.title = `Fout: Eerste vraag – ${pageTitle}`;
    summary.focus();
  }

  function clearLocalError(form) {
    form.querySelector(".checker-error-summary")?.remove();
    form.querySelector(".checker-error").replaceChildren();
    document.title = pageTitle;
  }

  // -- review: every answer, each with a Wijzig link -------------------------------------

  function answersList(rows, withChange) {
    return h("dl", [["class", "checker-answers"]], rows.map((row) =>
      h("div", [["class", "checker-answer-row"], ["data-answer", row.id]],
        h("dt", [["class", "checker-answer-question"]], row.question),
        h("dd", [["class", "checker-answer-value"]], row.answer_label),
        withChange && row.change_url_hash ? h("dd", [["class", "checker-answer-change"]],
          h("a", [["href", row.change_url_hash]], "Wijzig",
            h("span", [["class", "checker-visually-hidden"]], ` uw antwoord op: ${row.question}`))) : null)));
  }

  function backLine(fragment) {
    return fragment ? h("p", [["class", "checker-back-line"]], h("a", [["class", "checker-back"], ["href", fragment]], "Terug")) : null;
  }

  function renderReview(response) {
    return h("section", [["class", "checker-review"], ["aria-labelledby", "checker-review-title"]],
      backLine(response.back),
      h("h2", [["class", "checker-review-title"], ["id", "checker-review-title"], ["tabindex", "-1"]], "Controleer uw antwoorden"),
      h("p", [], "Klopt alles? Met ‘Wijzig’ past u een antwoord aan; uw andere antwoorden blijven bewaard."),
      answersList(response.answers_list || [], true),
      h("div", [["class", "checker-actions"]],
        h("button", [["type", "button"], ["class", "md-button md-button--primary checker-confirm"],
          ["data-action", "go"], ["data-fragment", response.confirm]], "Bekijk de uitslag")));
  }

  // -- the result ------------------------------------------------------------------------

  function renderResult(response) {
    const r = response.result;
    const list = (items) => items || [];
    const section = h("section", [
      ["class", `checker-result checker-result--${r.verdict}`],
      ["data-verdict", r.verdict],
      ["aria-labelledby", "checker-result-title"],
    ]);
    const year = r.year || response.year;
    section.append(
      backLine(response.back) || "",
      h("p", [["class", "checker-progress"]], `Uitslag voor ${r.provider_type.label} · beleidsjaar ${year}`),
      h("h2", [["class", "checker-verdict"], ["id", "checker-result-title"], ["tabindex", "-1"]], r.verdict_label),
      r.verdict_text ? h("p", [["class", "checker-verdict-text"]], r.verdict_text) : "",
      h("p", [["class", "checker-print-only"]],
        `Uitslag van de checker, ${printDate().format(new Date())}. `
        + `Open deze uitslag opnieuw via: ${location.href}`),
    );
    const part = (heading, cls, items, draw, intro = null) => {
      if (!list(items).length) return;
      section.append(h("h3", [], heading), intro ? h("p", [], intro) : "",
        h("ul", [["class", `checker-items checker-items--${cls}`]], list(items).map(draw)));
    };
    part("Hier voldoet u nu niet aan", "unmet", r.unmet, conditionItem);
    part("Waarom u contact opneemt met a.s.r.", "contact", r.contacts, contactItem);
    part("Wat a.s.r. daarnaast van u verwacht", "expectation", r.expectations, conditionItem,
      "Hier voldoet u nog niet aan. Een contract hangt er niet van af.");
    part("Wat a.s.r. van u verwacht door uw antwoorden", "conditional", r.conditional_expectations, conditionItem);
    part("a.s.r. beoordeelt daarnaast", "asr", r.asr_assesses, conditionItem,
      "Dit beoordeelt a.s.r. zelf; de checker vraagt er niet naar.");
    part("Afspraken bovenop uw contract", "arrangement", r.arrangements, arrangementItem,
      "Dit verandert de uitslag niet. Voor deze afspraken neemt u contact op met a.s.r.");
    part("Goed om te weten", "message", r.messages,
      (m) => h("li", [["class", "checker-item"], ["data-message", m.id]], m.text, sourceLine(m.source)));
    if (list(r.next_steps).length) {
      section.append(h("h3", [], "Wat u nu kunt doen"),
        h("ol", [["class", "checker-steps"]], r.next_steps.map(stepItem)));
    }
    if (list(response.answers_list).length) {
      section.append(h("h3", [], "Uw antwoorden"), answersList(response.answers_list, true));
    }
    section.append(h("div", [["class", "checker-actions"]],
      h("a", [["href", restartUrl()], ["class", "md-button checker-restart"], ["data-action", "restart"]], "Opnieuw beginnen"),
      h("button", [["type", "button"], ["class", "md-button md-button--primary checker-print"], ["data-action", "print"]], "Afdrukken")));
    return section;
  }

  function conditionItem(item) {
    const kind = item.kind || "condition";
    return h("li", [["class", `checker-item checker-item--${kind}`], ["data-condition", item.id]],
      item.kind_label ? h("span", [["class", `badge badge--${kind}`]], item.kind_label) : "", ` ${item.text}`,
      item.note ? h("span", [["class", "checker-item-note"]], h("strong", [], "Let op:"), ` ${item.note}`) : null,
      sourceLine(item.source));
  }

  function contactLine(c) {
    if (!c) return null;
    // The address as text (it is printed); the button next to it opens the e-mail.
    const ways = [];
    if (c.email) ways.push(c.email);
    if (c.phone) ways.push(h("a", [["href", telHref(c.phone)]], c.phone));
    const line = h("span", [["class", "checker-contact"]], c.topic ? `${c.who} (${c.topic})` : c.who,
      ...ways.flatMap((way) => [", ", way]));
    const button = c.email ? h("span", [["class", "checker-button-line"]],
      h("a", [["href", `mailto:${c.email}`], ["class", "md-button checker-contact-mail"]], `E-mail ${c.who}`)) : null;
    return [line, button];
  }

  function contactItem(item) {
    return h("li", [["class", "checker-item"], ["data-contact", item.id]], item.text, contactLine(item.contact), sourceLine(item.source));
  }

  function arrangementItem(item) {
    return h("li", [["class", "checker-item checker-item--arrangement"], ["data-arrangement", item.id]],
      item.text, item.message ? h("span", [["class", "checker-item-note"]], item.message) : null,
      item.contact ? h("span", [["class", "checker-item-note"]], "Neem hiervoor contact op met:") : null,
      contactLine(item.contact), sourceLine(item.source));
  }

  function stepItem(step) {
    const li = h("li", [["class", "checker-step-item"], ["data-step", step.id]],
      h("h4", [], step.title),
      step.for ? h("p", [["class", "checker-step-for"]], `Voor: ${step.for}`) : null,
      h("p", [], step.text));
    if (step.mailto) {
      const m = step.mailto;
      li.append(
        h("p", [], h("a", [["href", m.href], ["class", "md-button md-button--primary checker-mailto"]], `E-mail opstellen aan ${m.to}`)),
        h("div", [["class", "checker-mail"]],
          h("p", [], h("strong", [], "Aan: "), m.to),
          h("p", [], h("strong", [], "Onderwerp: "), m.subject),
          h("p", [["class", "checker-mail-body"]], m.body)),
      );
    }
    if (step.start && step.start.url) {
      li.append(h("p", [], h("a", [["href", siteRoot + step.start.url], ["class", "md-button checker-start"]],
        step.start.label || `Start de checker als ${step.start.type}`)));
    }
    if (step.source) li.append(sourceLine(step.source));
    return li;
  }

  function sourceLine(source) {
    if (!source || !source.url) return null;
    const href = siteRoot + source.url;
    return h("span", [["class", "checker-source"]], "Bron: ",
      h("q", [], h("a", [["href", href], ["data-print-url", new URL(href, location.href).href]], source.quote)));
  }

  function telHref(phone) {
    const digits = phone.replace(/\D/g, "");
    return digits.startsWith("0") ? `tel:+31${digits.slice(1)}` : `tel:${digits}`;
  }

  // Start: a fragment with answers replaces the first question with a short wait.
  if (isAnswers(location.hash)) {
    body.replaceChildren(h("p", [["class", "checker-wait"], ["role", "status"]], "Uw antwoorden worden geladen…"));
  }
}

// -- one question: the twin of macros/checker_html.py ------------------------------------

const INPUT_LABELS = {
  agb: "AGB-code (8 cijfers)",
  kvk: "KvK-nummer (8 cijfers)",
  big: "BIG-nummer (11 cijfers)",
  text: "Uw antwoord",
};
const NUMERIC_TYPES = ["agb", "kvk", "big"];
const OPTIONAL_SUFFIX = " (mag leeg blijven)";
const ERROR_SUMMARY_TITLE = "Er is een probleem";

export function progressText(stageLabel, progress) {
  if (progress && progress.total) return `${stageLabel} · Vraag ${progress.step} van ${progress.total}`;
  return stageLabel;
}

function fieldId(question) {
  const base = `checker-${question.id}`;
  const options = question.options || [];
  if (question.type === "choice" && options.length) return `${base}-${options[0].value}`;
  return `${base}-input`;
}

// GOV.UK's error summary: a titled box at the top that links to the field.
export function errorSummary(question, error) {
  return h("div", [["class", "checker-error-summary"], ["role", "alert"], ["tabindex", "-1"]],
    h("h2", [["class", "checker-error-summary-title"], ["id", `checker-${question.id}-error-summary`]], ERROR_SUMMARY_TITLE),
    h("ul", [], h("li", [], h("a", [["href", `#${fieldId(question)}`], ["data-action", "focus-field"]], error))));
}

export function renderQuestion(question, answers, { progress = null, error = null, siteRoot = "", back = null } = {}) {
  answers = answers || {};
  const qid = String(question.id);
  const base = `checker-${qid}`;
  const helpId = question.help ? `${base}-help` : null;
  const errorId = `${base}-error`;
  const described = [helpId, errorId].filter(Boolean).join(" ");
  const current = Object.hasOwn(answers, qid) ? answers[qid] : undefined;
  const isChoice = question.type === "choice";

  // The step counter sits in the legend, so a screen reader reads it with the question.
  const parts = [
    h("legend", [["class", "checker-legend"], ["id", `${base}-legend`], ["tabindex", "-1"]],
      h("span", [["class", "checker-progress"]], progressText(String(question.stage_label || ""), progress)),
      h("h2", [["class", "checker-question"]], question.text)),
  ];
  if (helpId) parts.push(h("p", [["class", "checker-help"], ["id", helpId]], question.help));
  // GOV.UK: the message sits above the field it is about.
  parts.push(h("div", [["class", "checker-error"], ["id", errorId]], error ? h("p", [], error) : null));
  if (isChoice) {
    parts.push(h("div", [["class", "checker-options"]], (question.options || []).map((option) => {
      const value = String(option.value);
      const oid = `${base}-${value}`;
      const descId = option.description ? `${oid}-description` : null;
      return h("div", [["class", "checker-option"]],
        h("input", [
          ["type", "radio"], ["id", oid], ["name", "answer"], ["value", value],
          ["checked", current === value ? "" : null], ["aria-describedby", descId],
        ]),
        h("label", [["for", oid]], option.label),
        descId ? h("p", [["class", "checker-option-description"], ["id", descId]], option.description) : null);
    })));
  } else {
    const qtype = String(question.type);
    const inputId = `${base}-input`;
    const numeric = NUMERIC_TYPES.includes(qtype);
    const label = (INPUT_LABELS[qtype] || INPUT_LABELS.text) + (question.optional ? OPTIONAL_SUFFIX : "");
    parts.push(h("div", [["class", "checker-field"]],
      h("label", [["for", inputId]], label),
      h("input", [
        ["type", "text"], ["id", inputId], ["name", "answer"], ["value", current || ""],
        ["inputmode", numeric ? "numeric" : null], ["autocomplete", numeric ? "off" : null],
        ["spellcheck", "false"], ["aria-describedby", described], ["aria-invalid", error ? "true" : null],
      ])));
  }
  const terms = (question.terms || []).filter((t) => t && t.term && t.meaning);
  if (terms.length) {
    parts.push(h("dl", [["class", "checker-terms"]], terms.map((t) => [
      h("dt", [], t.term),
      h("dd", [], t.meaning, t.url ? [" ", h("a", [["href", siteRoot + t.url]], "Meer hierover")] : null),
    ])));
  }
  if (question.note) parts.push(h("p", [["class", "checker-note"]], h("strong", [], "Let op:"), ` ${question.note}`));
  const source = question.source;
  if (source && source.url) {
    parts.push(h("p", [["class", "checker-source"]], "Uit het beleid: ", h("q", [], source.quote), " ",
      h("a", [["href", siteRoot + source.url]], "Lees dit in het beleid")));
  }
  return h("form", [["class", "checker-step"], ["data-question", qid], ["novalidate", ""]],
    back ? h("p", [["class", "checker-back-line"]], h("a", [["class", "checker-back"], ["href", back]], "Terug")) : null,
    error ? errorSummary(question, error) : null,
    h("fieldset", [["aria-describedby", isChoice ? described : null]], parts),
    h("div", [["class", "checker-actions"]],
      h("button", [["type", "submit"], ["class", "md-button md-button--primary checker-next"]], "Volgende")));
}

// A small element builder: attributes in order (null leaves one out), then children.
function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of attrs) if (value !== null && value !== undefined) element.setAttribute(name, value);
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== "") element.append(child);
  }
  return element;
}

const checkerRoot = document.getElementById("checker");
if (checkerRoot) start(checkerRoot);
