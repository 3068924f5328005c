// The review (every answer, each with a Wijzig link) and the result. Every verdict, item,
// date and link comes from checker.web as it is; this only lays them out.
//
// The result answers "what now" first: the verdict, Wat u nu doet (one primary action, the
// others "Daarna"), Belangrijke data, the reasons and what else holds, then collapsed what
// a.s.r. assesses itself and the answers, then the sources. Why one HTML string: the result
// is drawn in one go (built as escaped text, parsed once, inserted once), without a DOM
// call per element; every text from Python goes through esc().

import { h } from "./dom.js";
import { backLine } from "./step.js";
import { TEXT } from "./texts.js";

// Dutch dates are slow to format the first time (locale data), so the formatter is
// made once, when the checker is idle (the page calls this then), and not while a
// verdict is being drawn.
let dateFormat = null;
export function printDate() {
  dateFormat ??= new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric" });
  return dateFormat;
}

function answersList(rows, withChange) {
  return h("dl", [["class", "checker-answers"]], rows.map((row) =>
    h("div", [["class", "checker-answer-row"], ["data-answer", row.id]],
      h("dt", [["class", "checker-answer-question"]], row.question),
      h("dd", [["class", "checker-answer-value"]], row.answer_label),
      withChange && row.change_url_hash ? h("dd", [["class", "checker-answer-change"]],
        h("a", [["href", row.change_url_hash]], TEXT.change,
          h("span", [["class", "checker-visually-hidden"]], TEXT.changeAnswerTo(row.question)))) : null)));
}

export function renderReview(response) {
  return h("section", [["class", "checker-review"], ["aria-labelledby", "checker-review-title"]],
    backLine(response.back),
    h("h2", [["class", "checker-review-title"], ["id", "checker-review-title"], ["tabindex", "-1"]], TEXT.reviewTitle),
    h("p", [], TEXT.reviewIntro),
    answersList(response.answers_list || [], true),
    h("div", [["class", "checker-actions"]],
      h("button", [["type", "button"], ["class", "md-button md-button--primary checker-confirm"],
        ["data-action", "go"], ["data-fragment", response.confirm]], TEXT.showResult)));
}

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const esc = (value) => String(value ?? "").replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
const list = (items) => items || [];
const each = (items, draw) => list(items).map(draw).join("");

// `siteRoot` prefixes the site-root-relative URLs; `restartUrl` is where "Opnieuw beginnen" leads.
export function renderResult(response, { siteRoot, restartUrl }) {
  const r = response.result;
  const ctx = { siteRoot, base: location.href };
  const html = [
    verdictPart(response, r),
    nowPart(r, response.recheck, ctx),
    datesPart(r.dates),
    reasonParts(r, ctx),
    detailsPart("asr", r.asr_assesses, (item) => conditionItem(item, ctx)),
    answersPart(response),
    sourcesPart(r, ctx),
    `<div class="checker-actions"><a href="${esc(restartUrl)}" class="md-button checker-restart" data-action="restart">${esc(TEXT.restart)}</a>`,
    `<button type="button" class="md-button md-button--primary checker-print" data-action="print">${esc(TEXT.print)}</button></div>`,
  ].join("");
  const template = document.createElement("template");
  template.innerHTML = `<section class="checker-result checker-result--${esc(r.verdict)}" data-verdict="${esc(r.verdict)}" `
    + `aria-labelledby="checker-result-title">${html}</section>`;
  return template.content.firstElementChild;
}

function verdictPart(response, r) {
  const back = response.back ? `<p class="checker-back-line"><a class="checker-back" href="${esc(response.back)}">${esc(TEXT.back)}</a></p>` : "";
  const text = r.verdict_text ? `<p class="checker-verdict-text">${esc(r.verdict_text)}</p>` : "";
  return `${back}<p class="checker-progress">${esc(TEXT.resultFor(r.provider_type.label, r.year || response.year))}</p>`
    + `<h2 class="checker-verdict" id="checker-result-title" tabindex="-1">${esc(r.verdict_label)}</h2>${text}`
    + `<p class="checker-print-only">${esc(TEXT.printed(printDate().format(new Date()), location.href))}</p>`;
}

// Wat u nu doet: the first step is the one action; any further one is "Daarna".
function nowPart(r, recheck, ctx) {
  const steps = list(r.next_steps);
  if (!steps.length && !recheck) return "";
  const items = steps.map((step, i) => stepItem(step, i === 0, ctx)).join("");
  const again = recheck && recheck.fragment
    ? `<p class="checker-recheck"><a href="${esc(recheck.fragment)}" data-action="go" data-fragment="${esc(recheck.fragment)}">${esc(recheck.text)}</a></p>`
    : "";
  return `<h3 class="checker-now">${esc(TEXT.nextSteps)}</h3>${items ? `<ol class="checker-steps">${items}</ol>` : ""}${again}`;
}

function stepItem(step, first, ctx) {
  const then = first ? "" : `<span class="checker-then">${esc(TEXT.then)}</span> `;
  const start = step.start && step.start.url
    ? `<p><a href="${esc(ctx.siteRoot + step.start.url)}" class="md-button${first ? " md-button--primary" : ""} checker-start">${esc(step.start.label || TEXT.startAs(step.start.type))}</a></p>`
    : "";
  return `<li class="checker-step-item${first ? " checker-step-item--first" : ""}" data-step="${esc(step.id)}"><h4>${then}${esc(step.title)}</h4>`
    + (step.for ? `<p class="checker-step-for">${esc(TEXT.stepFor(step.for))}</p>` : "")
    + `<p>${esc(step.text)}</p>${step.mailto ? mailParts(step.mailto, first) : ""}${start}</li>`;
}

// A ready e-mail: the button that opens it; its text folded away (printed in full).
function mailParts(m, first) {
  const [to, subject] = TEXT.mailHeaders;
  return `<p><a href="${esc(m.href)}" class="md-button${first ? " md-button--primary" : ""} checker-mailto">${esc(TEXT.draftMail(m.to))}</a></p>`
    + `<details class="checker-mail"><summary>${esc(TEXT.mailText)}</summary>`
    + `<p><strong>${esc(to)}</strong>${esc(m.to)}</p><p><strong>${esc(subject)}</strong>${esc(m.subject)}</p>`
    + `<p class="checker-mail-body">${esc(m.body)}</p></details>`;
}

function datesPart(dates) {
  if (!dates || (!dates.note && !list(dates.items).length)) return "";
  const items = each(dates.items, (d) => `<li data-date="${esc(d.id)}"><time datetime="${esc(d.date)}">${esc(d.when)}</time>: `
    + `${esc(d.what)}. <span class="checker-date-who">${esc(TEXT.who(d.who))}</span></li>`);
  return `<h3 class="checker-dates-title">${esc(TEXT.keyDates)}</h3>${dates.note ? `<p class="checker-dates-note">${esc(dates.note)}</p>` : ""}`
    + (items ? `<ul class="checker-dates">${items}</ul>` : "");
}

// Why the verdict is what it is, and what else holds with it: each with its passage.
function reasonParts(r, ctx) {
  const source = (s) => sourceLine(s, ctx);
  return [
    part("unmet", r.unmet, (item) => conditionItem(item, ctx)),
    part("contact", r.contacts, (item) => `<li class="checker-item" data-contact="${esc(item.id)}">${esc(item.text)}${contactLine(item.contact)}${source(item.source)}</li>`),
    part("message", r.messages, (m) => `<li class="checker-item" data-message="${esc(m.id)}">${esc(m.text)}${source(m.source)}</li>`),
    part("expectation", r.expectations, (item) => conditionItem(item, ctx)),
    part("conditional", r.conditional_expectations, (item) => conditionItem(item, ctx)),
    part("arrangement", r.arrangements, (item) => arrangementItem(item, ctx)),
  ].join("");
}

function part(cls, items, draw) {
  if (!list(items).length) return "";
  const [heading, intro] = TEXT.parts[cls];
  return `<h3>${esc(heading)}</h3>${intro ? `<p>${esc(intro)}</p>` : ""}<ul class="checker-items checker-items--${cls}">${each(items, draw)}</ul>`;
}

// Folded away, opened for print: what a.s.r. assesses itself.
function detailsPart(cls, items, draw) {
  if (!list(items).length) return "";
  const [heading, intro] = TEXT.parts[cls];
  return `<details class="checker-more checker-more--${cls}"><summary>${esc(TEXT.folded(heading, items.length))}</summary>`
    + `${intro ? `<p>${esc(intro)}</p>` : ""}<ul class="checker-items checker-items--${cls}">${each(items, draw)}</ul></details>`;
}

function answersPart(response) {
  const rows = list(response.answers_list);
  if (!rows.length) return "";
  const change = response.change || "";
  const items = rows.map((row) => `<div class="checker-answer-row" data-answer="${esc(row.id)}">`
    + `<dt class="checker-answer-question">${esc(row.question)}</dt><dd class="checker-answer-value">${esc(row.answer_label)}</dd>`
    + (change ? `<dd class="checker-answer-change"><a href="${esc(change + encodeURIComponent(row.id))}">${esc(TEXT.change)}`
      + `<span class="checker-visually-hidden">${esc(TEXT.changeAnswerTo(row.question))}</span></a></dd>` : "")
    + "</div>").join("");
  return `<details class="checker-more checker-more--answers"><summary>${esc(TEXT.folded(TEXT.yourAnswers, rows.length))}</summary>`
    + `<dl class="checker-answers">${items}</dl></details>`;
}

// The passages the steps and dates rest on (the reasons carry their own).
function sourcesPart(r, ctx) {
  const seen = new Set();
  const rows = [...list(r.next_steps).map((s) => [s.title, s.source]), ...list(r.dates && r.dates.items).map((d) => [d.what, d.source])]
    .filter(([, source]) => source && source.url && !seen.has(source.quote) && seen.add(source.quote));
  if (!rows.length) return "";
  return `<h3 class="checker-sources-title">${esc(TEXT.sources)}</h3><ul class="checker-sources">`
    + rows.map(([title, source]) => `<li>${esc(title)}${sourceLine(source, ctx)}</li>`).join("") + "</ul>";
}

function conditionItem(item, ctx) {
  const kind = item.kind || "condition";
  return `<li class="checker-item checker-item--${esc(kind)}" data-condition="${esc(item.id)}">`
    + (item.kind_label ? `<span class="badge badge--${esc(kind)}">${esc(item.kind_label)}</span>` : "") + ` ${esc(item.text)}`
    + (item.note ? `<span class="checker-item-note"><strong>${esc(TEXT.notePrefix)}</strong> ${esc(item.note)}</span>` : "")
    + `${sourceLine(item.source, ctx)}</li>`;
}

function contactLine(c) {
  if (!c) return "";
  // The address as text (it is printed); the button next to it opens the e-mail.
  const ways = [];
  if (c.email) ways.push(esc(c.email));
  if (c.phone) ways.push(`<a href="${esc(telHref(c.phone))}">${esc(c.phone)}</a>`);
  const line = `<span class="checker-contact">${esc(c.topic ? `${c.who} (${c.topic})` : c.who)}${ways.map((way) => `, ${way}`).join("")}</span>`;
  const button = c.email
    ? `<span class="checker-button-line"><a href="${esc(mailHref(c.email))}" class="md-button checker-contact-mail">${esc(TEXT.mailTo(c.who))}</a></span>`
    : "";
  return line + button;
}

function arrangementItem(item, ctx) {
  return `<li class="checker-item checker-item--arrangement" data-arrangement="${esc(item.id)}">${esc(item.text)}`
    + (item.message ? `<span class="checker-item-note">${esc(item.message)}</span>` : "")
    + (item.contact ? `<span class="checker-item-note">${esc(TEXT.contactFor)}</span>` : "")
    + `${contactLine(item.contact)}${sourceLine(item.source, ctx)}</li>`;
}

function sourceLine(source, ctx) {
  if (!source || !source.url) return "";
  const href = ctx.siteRoot + source.url;
  return `<span class="checker-source">${esc(TEXT.sourcePrefix)}<q><a href="${esc(href)}" data-print-url="${esc(new URL(href, ctx.base).href)}">`
    + `${esc(source.quote)}</a></q></span>`;
}

// mailto: and one address, from its parts (as checker.model.address_link): a ?, & or comma
// in an address stays part of it and cannot add a recipient.
function mailHref(address) {
  const at = address.lastIndexOf("@");
  return `mailto:${encodeURIComponent(address.slice(0, at))}@${encodeURIComponent(address.slice(at + 1))}`;
}

// The phone number as a tel: link, in international form.
function telHref(phone) {
  const digits = phone.replace(/\D/g, "");
  return digits.startsWith("0") ? `tel:+31${digits.slice(1)}` : `tel:${digits}`;
}

// Print keeps everything: folded parts open before printing (Ctrl+P too) and close after.
// CSS opens them as well (checker.css), for print previews that fire no event.
let openedForPrint = [];
window.addEventListener("beforeprint", () => {
  openedForPrint = [...document.querySelectorAll("#checker details:not([open])")];
  for (const details of openedForPrint) details.open = true;
});
window.addEventListener("afterprint", () => {
  for (const details of openedForPrint) details.open = false;
  openedForPrint = [];
});
