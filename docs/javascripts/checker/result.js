// The review (every answer, each with a Wijzig link) and the result. Every verdict, item
// and link comes from checker.web as it is; this only lays them out.

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

// `siteRoot` prefixes the site-root-relative URLs; `restartUrl` is where "Opnieuw beginnen" leads.
export function renderResult(response, { siteRoot, restartUrl }) {
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
    h("p", [["class", "checker-progress"]], TEXT.resultFor(r.provider_type.label, year)),
    h("h2", [["class", "checker-verdict"], ["id", "checker-result-title"], ["tabindex", "-1"]], r.verdict_label),
    r.verdict_text ? h("p", [["class", "checker-verdict-text"]], r.verdict_text) : "",
    h("p", [["class", "checker-print-only"]], TEXT.printed(printDate().format(new Date()), location.href)),
  );
  const part = (cls, items, draw) => {
    if (!list(items).length) return;
    const [heading, intro] = TEXT.parts[cls];
    section.append(h("h3", [], heading), intro ? h("p", [], intro) : "",
      h("ul", [["class", `checker-items checker-items--${cls}`]], list(items).map(draw)));
  };
  const source = (s) => sourceLine(s, siteRoot);
  part("unmet", r.unmet, (item) => conditionItem(item, source));
  part("contact", r.contacts, (item) => contactItem(item, source));
  part("expectation", r.expectations, (item) => conditionItem(item, source));
  part("conditional", r.conditional_expectations, (item) => conditionItem(item, source));
  part("asr", r.asr_assesses, (item) => conditionItem(item, source));
  part("arrangement", r.arrangements, (item) => arrangementItem(item, source));
  part("message", r.messages, (m) => h("li", [["class", "checker-item"], ["data-message", m.id]], m.text, source(m.source)));
  if (list(r.next_steps).length) {
    section.append(h("h3", [], TEXT.nextSteps),
      h("ol", [["class", "checker-steps"]], r.next_steps.map((step) => stepItem(step, siteRoot))));
  }
  if (list(response.answers_list).length) {
    section.append(h("h3", [], TEXT.yourAnswers), answersList(response.answers_list, true));
  }
  section.append(h("div", [["class", "checker-actions"]],
    h("a", [["href", restartUrl], ["class", "md-button checker-restart"], ["data-action", "restart"]], TEXT.restart),
    h("button", [["type", "button"], ["class", "md-button md-button--primary checker-print"], ["data-action", "print"]], TEXT.print)));
  return section;
}

function conditionItem(item, source) {
  const kind = item.kind || "condition";
  return h("li", [["class", `checker-item checker-item--${kind}`], ["data-condition", item.id]],
    item.kind_label ? h("span", [["class", `badge badge--${kind}`]], item.kind_label) : "", ` ${item.text}`,
    item.note ? h("span", [["class", "checker-item-note"]], h("strong", [], TEXT.notePrefix), ` ${item.note}`) : null,
    source(item.source));
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
    h("a", [["href", mailHref(c.email)], ["class", "md-button checker-contact-mail"]], TEXT.mailTo(c.who))) : null;
  return [line, button];
}

function contactItem(item, source) {
  return h("li", [["class", "checker-item"], ["data-contact", item.id]], item.text, contactLine(item.contact), source(item.source));
}

function arrangementItem(item, source) {
  return h("li", [["class", "checker-item checker-item--arrangement"], ["data-arrangement", item.id]],
    item.text, item.message ? h("span", [["class", "checker-item-note"]], item.message) : null,
    item.contact ? h("span", [["class", "checker-item-note"]], TEXT.contactFor) : null,
    contactLine(item.contact), source(item.source));
}

function stepItem(step, siteRoot) {
  const li = h("li", [["class", "checker-step-item"], ["data-step", step.id]],
    h("h4", [], step.title),
    step.for ? h("p", [["class", "checker-step-for"]], TEXT.stepFor(step.for)) : null,
    h("p", [], step.text));
  if (step.mailto) li.append(...mailParts(step.mailto));
  if (step.start && step.start.url) {
    li.append(h("p", [], h("a", [["href", siteRoot + step.start.url], ["class", "md-button checker-start"]],
      step.start.label || TEXT.startAs(step.start.type))));
  }
  if (step.source) li.append(sourceLine(step.source, siteRoot));
  return li;
}

// A ready e-mail: the button that opens it, and its text shown (and printed) in full.
function mailParts(m) {
  const [to, subject] = TEXT.mailHeaders;
  return [
    h("p", [], h("a", [["href", m.href], ["class", "md-button md-button--primary checker-mailto"]], TEXT.draftMail(m.to))),
    h("div", [["class", "checker-mail"]],
      h("p", [], h("strong", [], to), m.to),
      h("p", [], h("strong", [], subject), m.subject),
      h("p", [["class", "checker-mail-body"]], m.body)),
  ];
}

function sourceLine(source, siteRoot) {
  if (!source || !source.url) return null;
  const href = siteRoot + source.url;
  return h("span", [["class", "checker-source"]], TEXT.sourcePrefix,
    h("q", [], h("a", [["href", href], ["data-print-url", new URL(href, location.href).href]], source.quote)));
}

// The phone number as a tel: link, in international form.
// mailto: and one address, from its parts (as checker.model.address_link): a ?, & or comma
// in an address stays part of it and cannot add a recipient.
function mailHref(address) {
  const at = address.lastIndexOf("@");
  return `mailto:${encodeURIComponent(address.slice(0, at))}@${encodeURIComponent(address.slice(at + 1))}`;
}

function telHref(phone) {
  const digits = phone.replace(/\D/g, "");
  return digits.startsWith("0") ? `tel:+31${digits.slice(1)}` : `tel:${digits}`;
}
