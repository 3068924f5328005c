// The checker page: keeps the answers in the URL fragment, asks Python (in a worker)
// what to show for them, and draws it. It makes no decisions of its own: which
// question comes next, what counts as a valid answer and what the verdict is all come
// from checker.web. The markup of a question mirrors macros/checker_html.py exactly.

function start(root) {
  const body = root.querySelector(".checker-body");
  const status = root.querySelector(".checker-status");
  const siteRoot = root.dataset.siteRoot || "";
  const fallback = root.dataset.fallback || siteRoot;
  const defaultYear = Number(root.dataset.year);
  const pageTitle = document.title;
  const SLOW_MS = 20000; // then say so, and offer the conditions pages
  const LOAD_TIMEOUT_MS = 180000; // then give up

  let ready = false;
  let current = null; // the last response shown
  let sequence = 0; // only the newest request is drawn
  let ownHash = null; // a fragment this page wrote itself (answer, back, restart)
  let moveFocus = false; // after a user action, focus goes to the new step
  const drafts = {}; // last value typed or chosen per question, for pre-filling after Vorige
  const pending = new Map();

  body.hidden = false;

  // -- the worker ------------------------------------------------------------------------

  let worker;
  const timer = setTimeout(() => fail("het laden duurde te lang"), LOAD_TIMEOUT_MS);
  const slow = setTimeout(() => {
    if (ready || root.dataset.state !== "loading" || !status) return;
    status.replaceChildren("Het laden duurt langer dan normaal. Even geduld, of bekijk de ",
      h("a", [["href", fallback]], "voorwaarden per soort zorgaanbieder"), ".");
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
    body.replaceChildren(
      h("div", [["class", "checker-failure"], ["role", "alert"]],
        h("h2", [["class", "checker-failure-title"], ["id", "checker-failure-title"], ["tabindex", "-1"]], "De checker werkt nu niet"),
        h("p", [], "De checker kon niet worden geladen in uw browser. Probeer het later opnieuw of gebruik een recente versie van uw browser."),
        h("p", [], "Alle voorwaarden staan ook op de pagina ",
          h("a", [["href", fallback]], "Voorwaarden per soort zorgaanbieder"), ".")));
  }

  function setStatus(text) {
    if (status) status.textContent = text;
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

  function readHash() {
    const answers = Object.create(null); // a key like "__proto__" stays a plain key
    let year = defaultYear;
    if (isAnswers(location.hash)) {
      for (const [key, value] of new URLSearchParams(location.hash.slice(1))) {
        if (key === "jaar") year = /^\d{1,6}$/.test(value) ? Number(value) : value;
        else answers[key] = value;
      }
    }
    return { year, answers };
  }

  function hashFor(year, answers, order) {
    const params = new URLSearchParams();
    params.set("jaar", String(year));
    for (const id of order) if (Object.hasOwn(answers, id)) params.set(id, answers[id]);
    return `#${params}`;
  }

  function go(hash) {
    ownHash = hash;
    moveFocus = true;
    // pushState (not location.hash =) saves a hashchange round trip; it still makes a
    // history entry, so the browser's back button steps back (via the hashchange listener).
    if (location.hash !== hash) history.pushState(null, "", hash);
    update();
  }

  // The Dutch date formatter is slow to make the first time (it loads locale data), so it
  // is made once, when the checker is idle, and not while a verdict is being drawn.
  let dateFormat = null;
  function printDate() {
    dateFormat ??= new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric" });
    return dateFormat;
  }

  function restartUrl() {
    return location.pathname + location.search;
  }

  function restart() {
    for (const key of Object.keys(drafts)) delete drafts[key];
    ownHash = "";
    moveFocus = true;
    history.pushState(null, "", restartUrl());
    update();
  }

  window.addEventListener("hashchange", () => {
    if (location.hash && !isAnswers(location.hash)) return; // a jump to a heading, not answers
    if (location.hash !== ownHash) moveFocus = true;
    update();
  });

  async function update() {
    const hasAnswers = isAnswers(location.hash);
    // Without answers and before any step, the server-rendered first question stays.
    if (!hasAnswers && !current) return;
    if (!ready) {
      if (root.dataset.state === "loading") setStatus("Uw antwoord is bewaard. De checker is bijna klaar…");
      return;
    }
    const fromUrl = hasAnswers && location.hash !== ownHash;
    const { year, answers } = readHash();
    const message = await ask({ year, answers });
    if (message.id !== sequence) return; // a newer request is on its way
    if (message.error) {
      fail(message.error);
      return;
    }
    const response = JSON.parse(message.text);
    if (response.state === "error") {
      fail(response.message);
      return;
    }
    current = response;
    draw(response, answers, fromUrl);
  }

  // -- drawing ---------------------------------------------------------------------------

  function draw(response, rawAnswers, fromUrl) {
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
    if (response.state === "result") {
      parts.push(renderResult(response));
      document.title = `Uitslag – ${pageTitle}`;
    } else {
      const q = response.question;
      const fieldError = errors.find((e) => e.question === q.id);
      const prefill = { ...response.answers };
      if (Object.hasOwn(rawAnswers, q.id)) prefill[q.id] = rawAnswers[q.id];
      else if (Object.hasOwn(drafts, q.id)) prefill[q.id] = drafts[q.id];
      parts.push(renderQuestion(q, prefill, {
        progress: response.progress,
        error: fieldError ? fieldError.message : null,
        siteRoot,
      }));
      const p = response.progress;
      document.title = `${p && p.total ? `Vraag ${p.step} van ${p.total}` : "Eerste vraag"} – ${pageTitle}`;
    }
    body.replaceChildren(...parts);
    if (focus || (fromUrl && notices.length)) {
      const target = notices.length && fromUrl
        ? body.querySelector(".checker-notice")
        : body.querySelector(".checker-legend, .checker-verdict");
      if (target) target.focus();
    }
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
    const field = form.elements.namedItem("answer");
    const radios = form.querySelectorAll('input[type="radio"][name="answer"]');
    let value;
    if (radios.length) {
      const chosen = form.querySelector('input[type="radio"][name="answer"]:checked');
      if (!chosen) {
        showFieldError(form, "Kies een van de antwoorden.");
        return;
      }
      value = chosen.value;
    } else {
      value = field ? field.value : "";
    }
    drafts[qid] = value;
    const year = current ? current.year : readHash().year;
    const answers = current ? { ...current.answers } : {};
    const order = current ? [...current.history] : [];
    answers[qid] = value;
    if (!order.includes(qid)) order.push(qid);
    if (!ready) setStatus("Uw antwoord is bewaard. De checker is bijna klaar…");
    go(hashFor(year, answers, order));
  });

  root.addEventListener("click", (event) => {
    const target = event.target.closest("[data-action]");
    if (!target || !root.contains(target)) return;
    const action = target.dataset.action;
    if (action === "back" && current) {
      event.preventDefault();
      const order = [...current.history];
      const last = order.pop();
      const answers = { ...current.answers };
      if (last !== undefined) {
        drafts[last] = answers[last];
        delete answers[last];
      }
      go(hashFor(current.year, answers, order));
    } else if (action === "restart") {
      event.preventDefault();
      restart();
    } else if (action === "print") {
      event.preventDefault();
      window.print();
    }
  });

  function showFieldError(form, text) {
    const region = form.querySelector(".checker-error");
    if (region) region.replaceChildren(h("p", [], text));
    const first = form.querySelector('input[name="answer"]');
    if (first) first.focus();
  }

  // -- the result ------------------------------------------------------------------------

  function renderResult(response) {
    const r = response.result;
    const section = h("section", [
      ["class", `checker-result checker-result--${r.verdict}`],
      ["data-verdict", r.verdict],
      ["aria-labelledby", "checker-result-title"],
    ]);
    const year = r.year || response.year;
    section.append(
      h("p", [["class", "checker-progress"]], `Uitslag voor ${r.provider_type.label} · beleidsjaar ${year}`),
      h("h2", [["class", "checker-verdict"], ["id", "checker-result-title"], ["tabindex", "-1"]], r.verdict_label),
      h("p", [["class", "checker-print-only"]],
        `Uitslag van de checker, ${printDate().format(new Date())}. `
        + `Open deze uitslag opnieuw via: ${location.href}`),
    );
    if (r.unmet.length) {
      section.append(h("h3", [], "Hier voldoet u nu niet aan"),
        h("ul", [["class", "checker-items checker-items--unmet"]], r.unmet.map(conditionItem)));
    }
    if (r.contacts.length) {
      section.append(h("h3", [], "Waarom u contact opneemt met a.s.r."),
        h("ul", [["class", "checker-items checker-items--contact"]], r.contacts.map(contactItem)));
    }
    if (r.expectations.length) {
      section.append(h("h3", [], "Wat a.s.r. daarnaast van u verwacht"),
        h("p", [], "Hier voldoet u nog niet aan. Een contract hangt er niet van af."),
        h("ul", [["class", "checker-items checker-items--expectation"]], r.expectations.map(conditionItem)));
    }
    if (r.messages.length) {
      section.append(h("h3", [], "Goed om te weten"),
        h("ul", [["class", "checker-items checker-items--message"]],
          r.messages.map((m) => h("li", [["class", "checker-item"]], m.text, sourceLine(m.source)))));
    }
    if (r.next_steps.length) {
      section.append(h("h3", [], "Wat u nu kunt doen"),
        h("ol", [["class", "checker-steps"]], r.next_steps.map(stepItem)));
    }
    const actions = h("div", [["class", "checker-actions"]]);
    if (response.history.length) {
      actions.append(h("button", [["type", "button"], ["class", "md-button checker-back"], ["data-action", "back"]], "Vorige vraag"));
    }
    actions.append(
      h("a", [["href", restartUrl()], ["class", "md-button checker-restart"], ["data-action", "restart"]], "Opnieuw beginnen"),
      h("button", [["type", "button"], ["class", "md-button md-button--primary checker-print"], ["data-action", "print"]], "Afdrukken"),
    );
    section.append(actions);
    return section;
  }

  function conditionItem(item) {
    const kind = item.kind || "condition";
    return h("li", [["class", `checker-item checker-item--${kind}`], ["data-condition", item.id]],
      h("span", [["class", `badge badge--${kind}`]], item.kind_label), ` ${item.text}`,
      item.note ? h("span", [["class", "checker-item-note"]], h("strong", [], "Let op:"), ` ${item.note}`) : null,
      sourceLine(item.source));
  }

  function contactItem(item) {
    const c = item.contact;
    let who = null;
    if (c) {
      const ways = [];
      if (c.email) ways.push(h("a", [["href", `mailto:${c.email}`]], c.email));
      if (c.phone) ways.push(h("a", [["href", telHref(c.phone)]], c.phone));
      who = h("span", [["class", "checker-contact"]], `${c.who} (${c.topic})`,
        ...ways.flatMap((way) => [", ", way]));
    }
    return h("li", [["class", "checker-item"], ["data-contact", item.id]], item.text, who, sourceLine(item.source));
  }

  function stepItem(step) {
    const li = h("li", [["class", "checker-step-item"], ["data-step", step.id]],
      h("h4", [], step.title), h("p", [], step.text));
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
    body.replaceChildren(h("p", [["class", "checker-wait"]], "Uw antwoorden worden geladen…"));
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

export function progressText(stageLabel, progress) {
  if (progress && progress.total) return `${stageLabel} · Vraag ${progress.step} van ${progress.total}`;
  return stageLabel;
}

export function renderQuestion(question, answers, { progress = null, error = null, siteRoot = "" } = {}) {
  answers = answers || {};
  const qid = String(question.id);
  const base = `checker-${qid}`;
  const helpId = question.help ? `${base}-help` : null;
  const errorId = `${base}-error`;
  const described = [helpId, errorId].filter(Boolean).join(" ");
  const current = Object.hasOwn(answers, qid) ? answers[qid] : undefined;
  const hasHistory = Object.keys(answers).some((key) => key !== qid);
  const isChoice = question.type === "choice";

  const parts = [
    h("legend", [["class", "checker-legend"], ["id", `${base}-legend`], ["tabindex", "-1"]],
      h("h2", [["class", "checker-question"]], question.text)),
  ];
  if (helpId) parts.push(h("p", [["class", "checker-help"], ["id", helpId]], question.help));
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
  parts.push(h("div", [["class", "checker-error"], ["id", errorId], ["role", "alert"]], error ? h("p", [], error) : null));
  if (question.note) parts.push(h("p", [["class", "checker-note"]], h("strong", [], "Let op:"), ` ${question.note}`));
  const source = question.source;
  if (source && source.url) {
    parts.push(h("p", [["class", "checker-source"]], "Uit het beleid: ", h("q", [], source.quote), " ",
      h("a", [["href", siteRoot + source.url]], "Lees dit in het beleid")));
  }
  const buttons = [];
  if (hasHistory) buttons.push(h("button", [["type", "button"], ["class", "md-button checker-back"], ["data-action", "back"]], "Vorige"));
  buttons.push(h("button", [["type", "submit"], ["class", "md-button md-button--primary checker-next"]], "Volgende"));
  return h("form", [["class", "checker-step"], ["data-question", qid], ["novalidate", ""]],
    h("p", [["class", "checker-progress"]], progressText(String(question.stage_label || ""), progress)),
    h("fieldset", [["aria-describedby", isChoice ? described : null]], parts),
    h("div", [["class", "checker-actions"]], buttons));
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
