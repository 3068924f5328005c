// One step of the checker: a question (the twin of macros/checker_html.py, element for
// element and attribute for attribute; a browser test compares the two), the notice about
// a link that could not all be used, and the first question's own error before Python is
// ready. What is asked, in which order and what counts as an answer come from checker.web.

import { h } from "./dom.js";
import { TEXT } from "./texts.js";

// The progress line as Python words it ("Stap 2 van 8: Uw organisatie").
export function progressText(stageLabel, progress) {
  if (progress && progress.text) return progress.text;
  return stageLabel;
}

function fieldId(question) {
  const base = `checker-${question.id}`;
  const options = question.options || [];
  if ((question.type === "choice" || question.type === "checkboxes") && options.length) return `${base}-${options[0].value}`;
  return `${base}-input`;
}

// GOV.UK's error summary: a titled box at the top that links to the field.
export function errorSummary(question, error) {
  return h("div", [["class", "checker-error-summary"], ["role", "alert"], ["tabindex", "-1"]],
    h("h2", [["class", "checker-error-summary-title"], ["id", `checker-${question.id}-error-summary`]], TEXT.errorSummaryTitle),
    h("ul", [], h("li", [], h("a", [["href", `#${fieldId(question)}`], ["data-action", "focus-field"]], error))));
}

export function backLine(fragment) {
  return fragment ? h("p", [["class", "checker-back-line"]], h("a", [["class", "checker-back"], ["href", fragment]], TEXT.back)) : null;
}

// One page: a question, a page of statements (Ja / Nee, niet allemaal) or a page of
// checkboxes. Which it is, and what it lists, comes from checker.pages through checker.web.
export function renderQuestion(question, answers, { progress = null, error = null, siteRoot = "", back = null } = {}) {
  const qid = String(question.id);
  const base = `checker-${qid}`;
  const { helpId, listId, errorId, described } = partIds(question, base);
  const current = currentValue(question, answers || {});
  const isText = question.type !== "choice" && question.type !== "checkboxes";
  const parts = [
    legend(question, base, progress),
    helpId ? h("p", [["class", "checker-help"], ["id", helpId]], question.help) : null,
    listId ? statementList(question, listId, siteRoot) : null,
    // GOV.UK: the message sits above the field it is about.
    h("div", [["class", "checker-error"], ["id", errorId]], error ? h("p", [], error) : null),
    control(question, base, current, described, error),
    terms(question, siteRoot),
    note(question),
    source(question, siteRoot),
  ];
  return h("form", [["class", "checker-step"], ["data-question", qid], ["data-kind", question.kind || "question"], ["novalidate", ""]],
    backLine(back),
    error ? errorSummary(question, error) : null,
    h("fieldset", [["aria-describedby", isText ? null : described]], parts),
    h("div", [["class", "checker-actions"]],
      h("button", [["type", "submit"], ["class", "md-button md-button--primary checker-next"]], TEXT.next)));
}

// The ids of a step's parts that describe its fieldset or field.
function partIds(question, base) {
  const helpId = question.help ? `${base}-help` : null;
  const listId = question.kind === "statements" ? `${base}-list` : null;
  const errorId = `${base}-error`;
  return { helpId, listId, errorId, described: [helpId, listId, errorId].filter(Boolean).join(" ") };
}

// The answer shown: the one in the answers, else the page's own (its statements, its boxes).
function currentValue(question, answers) {
  const qid = String(question.id);
  return Object.hasOwn(answers, qid) ? answers[qid] : (question.value ?? undefined);
}

function control(question, base, current, described, error) {
  if (question.type === "choice") return options(question, base, current);
  if (question.type === "checkboxes") return checkboxes(question, base, current);
  return textField(question, base, current, described, error);
}

// The question is the page's h1; on the start step the page's own title is, and the
// question an h2 under it.
function legend(question, base, progress) {
  return h("legend", [["class", "checker-legend"], ["id", `${base}-legend`], ["tabindex", "-1"]],
    h("span", [["class", "checker-progress"]], progressText(String(question.stage_label || ""), progress)),
    h(question.start ? "h2" : "h1", [["class", "checker-question"]], question.text));
}

// The statements of a page, in the policy's words under its own lead-in, each group with
// the link to its passage.
function statementList(question, id, siteRoot) {
  return h("div", [["class", "checker-statements"], ["id", id]], (question.groups || []).map((group) => [
    group.lead ? h("p", [["class", "checker-statements-lead"]], group.lead) : null,
    h("ul", [], group.items.map((item) => h("li", [], item.label))),
    group.url ? h("p", [["class", "checker-source"]], h("a", [["href", siteRoot + group.url]], TEXT.readInPolicy)) : null,
  ]));
}

function options(question, base, current) {
  return h("div", [["class", "checker-options"]], (question.options || []).map((option) => choice("radio", option, base, current === String(option.value))));
}

// GOV.UK's checkboxes: every option a box of its own, what is ticked already ticked; the
// statements of a page under the policy's own lead-in ("De kraamzorginstelling:").
function checkboxes(question, base, current) {
  const ticked = new Set(Array.isArray(current) ? current : []);
  const groups = question.groups || [{ lead: null, items: question.options || [] }];
  return h("div", [["class", "checker-options checker-checkboxes"]], groups.map((group) => [
    group.lead ? h("p", [["class", "checker-statements-lead"]], group.lead) : null,
    group.items.map((option) => choice("checkbox", option, base, ticked.has(String(option.value)))),
  ]));
}

// One option of either kind: its box or button, its label and its description.
function choice(type, option, base, checked) {
  const value = String(option.value);
  const oid = `${base}-${value}`;
  const descId = option.description ? `${oid}-description` : null;
  return h("div", [["class", "checker-option"]],
    h("input", [
      ["type", type], ["id", oid], ["name", "answer"], ["value", value],
      ["checked", checked ? "" : null], ["aria-describedby", descId],
    ]),
    h("label", [["for", oid]], option.label),
    descId ? h("p", [["class", "checker-option-description"], ["id", descId]], option.description) : null);
}

function textField(question, base, current, described, error) {
  // The text box as the question carries it (checker.identifiers, through question_json).
  const inputId = `${base}-input`;
  const numeric = Boolean(question.input.numeric);
  const label = question.input.label + (question.optional ? TEXT.optionalSuffix : "");
  return h("div", [["class", "checker-field"]],
    h("label", [["for", inputId]], label),
    h("input", [
      ["type", "text"], ["id", inputId], ["name", "answer"], ["value", current || ""],
      ["inputmode", numeric ? "numeric" : null], ["autocomplete", numeric ? "off" : null],
      ["spellcheck", "false"], ["aria-describedby", described], ["aria-invalid", error ? "true" : null],
    ]));
}

function terms(question, siteRoot) {
  const explained = (question.terms || []).filter((t) => t && t.term && t.meaning);
  if (!explained.length) return null;
  return h("dl", [["class", "checker-terms"]], explained.map((t) => [
    h("dt", [], t.term),
    h("dd", [], t.meaning, t.url ? [" ", h("a", [["href", siteRoot + t.url]], TEXT.moreAbout)] : null),
  ]));
}

function note(question) {
  return question.note ? h("p", [["class", "checker-note"]], h("strong", [], TEXT.notePrefix), ` ${question.note}`) : null;
}

function source(question, siteRoot) {
  const quoted = question.source;
  if (!quoted || !quoted.url) return null;
  return h("p", [["class", "checker-source"]], TEXT.fromPolicy, h("q", [], quoted.quote), " ",
    h("a", [["href", siteRoot + quoted.url]], TEXT.readInPolicy));
}

// -- what goes with a question on screen -------------------------------------------------

// What the provider is told about the link or answers: errors not about the question on
// screen (all of them when the answers came from a link), and parts of the link not used.
export function noticesFor(response, fromUrl) {
  const shown = response.state === "question" ? response.question.id : null;
  const notices = (response.errors || []).filter((e) => fromUrl || e.question !== shown).map((e) => e.message);
  const dropped = (response.dropped || []).map((d) => String(d).slice(0, 40));
  if (dropped.length) {
    const list = dropped.slice(0, 5).join(", ") + (dropped.length > 5 ? ", …" : "");
    notices.push(TEXT.notRecognised(list));
  }
  return notices;
}

export function noticeBox(messages, restartUrl) {
  const [before, link, after] = TEXT.noticeWayOut;
  return h("div", [["class", "checker-notice"], ["role", "alert"], ["tabindex", "-1"]],
    h("p", [["class", "checker-notice-title"]], h("strong", [], TEXT.noticeTitle)),
    h("ul", [], messages.map((m) => h("li", [], m))),
    h("p", [], before, h("a", [["href", restartUrl], ["data-action", "restart"]], link), after));
}

// What the question's box holds: the answer so far; a wrong answer stays in its box, so it
// can be corrected rather than retyped; else what was typed there before on this page.
export function prefillFor(response, fieldError, { rawAnswers, submit, drafts }) {
  const qid = response.question.id;
  const prefill = { ...response.answers };
  if (fieldError && submit && submit.question === qid) prefill[qid] = submit.value;
  else if (fieldError && Object.hasOwn(rawAnswers, qid)) prefill[qid] = rawAnswers[qid];
  else if (!Object.hasOwn(prefill, qid) && Object.hasOwn(drafts, qid)) prefill[qid] = drafts[qid];
  return prefill;
}

// The value a step's form was sent with: the chosen option, the ticked boxes (a list), or
// the text typed.
export function formValue(form) {
  const boxes = form.querySelectorAll('input[type="checkbox"][name="answer"]');
  if (boxes.length) return [...boxes].filter((box) => box.checked).map((box) => box.value);
  const radios = form.querySelectorAll('input[type="radio"][name="answer"]');
  if (radios.length) {
    const chosen = form.querySelector('input[type="radio"][name="answer"]:checked');
    return chosen ? chosen.value : "";
  }
  const field = form.elements.namedItem("answer");
  return field ? field.value : "";
}

// The first question's own error before Python is ready: the same markup as a drawn one.
export function showLocalError(form, text, pageTitle) {
  const qid = form.dataset.question;
  const first = form.querySelector('input[name="answer"]');
  const question = { id: qid, type: "choice", options: first ? [{ value: first.value }] : [] };
  form.querySelector(".checker-error-summary")?.remove();
  const summary = errorSummary(question, text);
  form.prepend(summary);
  form.querySelector(".checker-error").replaceChildren(h("p", [], text));
  document.title = TEXT.titled(TEXT.titles.error + TEXT.titles.firstQuestion, pageTitle);
  summary.focus();
}

export function clearLocalError(form, pageTitle) {
  form.querySelector(".checker-error-summary")?.remove();
  form.querySelector(".checker-error").replaceChildren();
  document.title = pageTitle;
}
