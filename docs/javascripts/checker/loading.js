// What the page shows while Python loads, and when it cannot: the slow-loading line, the
// wait after an early answer (with the real progress), and the failure with its way out.

import { h } from "./dom.js";
import { TEXT } from "./texts.js";

export function slowStatus(trees) {
  const [before, link, after] = TEXT.slow;
  return [before, h("a", [["href", trees]], link), after];
}

export function answersLoading() {
  return h("p", [["class", "checker-wait"], ["role", "status"]], TEXT.answersLoading);
}

export function failureBox(trees, fallback) {
  const [before, treesLink, between, fallbackLink, after] = TEXT.failedWayOut;
  return h("div", [["class", "checker-failure"], ["role", "alert"]],
    h("h2", [["class", "checker-failure-title"], ["id", "checker-failure-title"], ["tabindex", "-1"]], TEXT.failedTitle),
    h("p", [], TEXT.failedText),
    h("p", [], before, h("a", [["href", trees]], treesLink), between, h("a", [["href", fallback]], fallbackLink), after));
}

// "3,1 van 9,8 MB geladen": real bytes of Pyodide's big files, counted by the worker.
// `expected` is what the build measured; the worker adds what the server says, for a host
// that differs.
export function bytesText(loadedBytes, expected) {
  if (!loadedBytes || !loadedBytes.loaded) return "";
  const mb = (n) => (n / 1e6).toLocaleString("nl-NL", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  const total = Math.max(expected || 0, loadedBytes.total || 0, loadedBytes.loaded);
  return TEXT.bytesLoaded(mb(loadedBytes.loaded), mb(total));
}

// The provider answered before Python is ready: say so where they look, at the button,
// with the real progress and the text decision tree as a way not to wait.
export function showWaiting(form, provider, { trees, bytes }) {
  let box = form.querySelector(".checker-wait");
  if (!box) {
    box = h("div", [["class", "checker-wait"], ["role", "status"]]);
    form.querySelector(".checker-actions").after(box);
  }
  const chosen = provider ? form.querySelector(`label[for="checker-type-${CSS.escape(provider)}"]`) : null;
  const label = chosen ? chosen.textContent : TEXT.anyProvider;
  const [before, after] = TEXT.noWait;
  box.replaceChildren(
    h("p", [], h("strong", [], TEXT.saved), TEXT.stillLoading,
      h("span", [["class", "checker-wait-bytes"]], bytes)),
    h("p", [], before,
      h("a", [["href", provider ? `${trees}${encodeURIComponent(provider)}/` : trees]], TEXT.treeFor(label)), after));
}
