// What to do on the checker screen that is showing now: shared by the engine smoke tests
// (tests/browser/test_engines.py for WebKitGTK through Selenium, firefox_smoke.mjs for
// Firefox through puppeteer-core). It is one function expression: the driver evaluates it
// in the page with the walker's answers ({question id: value}) and gets back a plan.
//
// Why a plan read from the page, not a list of questions: the questions, their order and
// how many share one screen change with the data and the page; the smoke flow answers
// whatever is shown, so it reaches the verdict as long as a provider could.
// The driver performs the plan with real clicks and key presses: this only marks the
// elements (data-smoke) and reads the screen; it never answers by itself.
(answers) => {
  const root = document.getElementById("checker");
  if (!root) return { screen: "none", state: null, key: "none" };
  const state = root.dataset.state || null;
  const shown = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const text = (el) => (el ? el.textContent.replace(/\s+/g, " ").trim() : "");
  let marks = 0;
  const mark = (el) => {
    marks += 1;
    el.setAttribute("data-smoke", String(marks));
    return `[data-smoke="${marks}"]`;
  };
  document.querySelectorAll("[data-smoke]").forEach((el) => el.removeAttribute("data-smoke"));
  if (state === "error") return { screen: "error", state, key: "error", text: text(root).slice(0, 500) };

  const result = [...root.querySelectorAll("[data-verdict]")].find(shown);
  if (result) {
    const title = result.querySelector("h2, h1");
    return { screen: "result", state, key: "result", verdict: result.dataset.verdict, title: text(title) };
  }
  const review = [...root.querySelectorAll(".checker-review")].find(shown);
  if (review) {
    const button = review.querySelector("button[data-action='go'], button.checker-confirm, .checker-actions button, button");
    const title = review.querySelector("h2, h1");
    return { screen: "review", state, key: "review", title: text(title), submit: button ? mark(button) : null };
  }
  const form = [...root.querySelectorAll("form")].find(shown);
  if (!form) return { screen: "waiting", state, key: "waiting", text: text(root).slice(0, 300) };

  // The questions on this screen: elements with data-question (the form itself when it
  // holds one question); without any, the form, and answers are looked up by field name.
  const nested = [...form.querySelectorAll("[data-question]")];
  const nodes = nested.length ? nested : [form];
  const owner = (control) => (nested.length ? control.closest("[data-question]") : form);
  const positive = /^(ja|yes|true|1|voldoe|wel)/i;
  const actions = [];
  const qids = [];
  const click = (input) => {
    // Custom radios and checkboxes hide the input itself; a provider taps its label.
    const label = input.id ? form.querySelector(`label[for="${CSS.escape(input.id)}"]`) : input.closest("label");
    actions.push({ kind: "click", selector: mark(shown(label) ? label : input) });
  };
  for (const node of nodes) {
    const qid = node.dataset.question || null;
    if (qid) qids.push(qid);
    const controls = [...node.querySelectorAll("input, select, textarea")].filter(
      (c) => owner(c) === node && !c.disabled && c.type !== "hidden" && c.type !== "submit" && c.type !== "button",
    );
    const wanted = (c) => answers[qid] ?? answers[c.name];
    const groups = new Map();
    for (const c of controls.filter((c) => c.type === "radio")) {
      groups.set(c.name, [...(groups.get(c.name) || []), c]);
    }
    for (const radios of groups.values()) {
      const choice = radios.find((r) => r.value === wanted(r)) || radios.find((r) => positive.test(r.value)) || radios[0];
      click(choice);
    }
    // Boxes: ticked as the walker ticks them (a list of values); with no answer known, left
    // as they are (on an optional page, nothing ticked is the neutral answer).
    for (const box of controls.filter((c) => c.type === "checkbox")) {
      const want = wanted(box);
      if (want === undefined) continue;
      const on = Array.isArray(want) ? want.map(String).includes(box.value) : String(want) === box.value || /^(ja|true|on)$/i.test(String(want));
      if (on !== box.checked) click(box);
    }
    for (const select of controls.filter((c) => c.tagName === "SELECT")) {
      const option = [...select.options].find((o) => o.value === wanted(select)) || [...select.options].find((o) => o.value);
      if (option) {
        select.value = option.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
    for (const field of controls.filter((c) => c.tagName === "TEXTAREA" || (c.tagName === "INPUT" && !["radio", "checkbox"].includes(c.type)))) {
      const value = wanted(field);
      if (value !== undefined && value !== "") {
        field.value = "";
        actions.push({ kind: "type", selector: mark(field), text: String(value) });
      }
    }
  }
  const submit = form.querySelector("button[type='submit'], input[type='submit'], button:not([type])");
  const errors = [...root.querySelectorAll(".checker-error, .checker-error-summary")].map(text).filter(Boolean);
  const legend = form.querySelector("legend, h2");
  return {
    screen: "question",
    state,
    key: `question:${qids.join(",")}:${text(legend)}`,
    qids,
    title: text(legend),
    actions,
    submit: submit ? mark(submit) : null,
    errors,
  };
}
