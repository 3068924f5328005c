"""The copy of site/ the bench serves, and what it adds: the bare Pyodide page (the floor
the checker is compared with, checked to be the stock npm files) and the in-page clock
installed before any script runs."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from macros.config import pyodide_path

from .settings import BARE_PAGE, ROOT, SITE

# Same shape as the checker: a module script starts a module Worker, which imports
# pyodide.mjs from assets/pyodide/ (the npm package's own files, unmodified: checked
# before measuring) and calls loadPyodide({indexURL}) as it comes; the page flips
# data-state to "ready" when the worker says so. The worker also times WebAssembly's
# instantiate (download and compile of pyodide.asm.wasm), to see on a second visit
# whether the browser kept the compiled code.
BARE_HTML = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Bare Pyodide</title></head>
<body><div id="bare" data-state="loading"></div>
<script type="module" src="bare.js"></script></body></html>
"""
BARE_JS = """const root = document.getElementById("bare");
const worker = new Worker(new URL("bare-worker.js", import.meta.url), { type: "module" });
worker.addEventListener("message", (event) => {
  root.dataset.loadMs = String(event.data.ms);
  root.dataset.wasmMs = String(event.data.wasm);
  root.dataset.state = event.data.type === "ready" ? "ready" : "error";
});
worker.addEventListener("error", () => { root.dataset.state = "error"; });
worker.postMessage({ type: "init", pyodide: new URL("../PYODIDE_DIR", location.href).href });
"""
BARE_WORKER_JS = """let wasm = 0;
for (const name of ["instantiateStreaming", "instantiate"]) {
  const original = WebAssembly[name];
  WebAssembly[name] = async (...args) => {
    const started = performance.now();
    try { return await original.apply(WebAssembly, args); } finally { wasm += performance.now() - started; }
  };
}
self.addEventListener("message", async (event) => {
  const started = performance.now();
  try {
    const indexURL = event.data.pyodide;
    const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
    await loadPyodide({ indexURL, stdout: () => {}, stderr: () => {} });
    self.postMessage({ type: "ready", ms: Math.round(performance.now() - started), wasm: Math.round(wasm) });
  } catch (error) {
    self.postMessage({ type: "failed", ms: 0, message: String(error) });
  }
});
"""

# Installed before any page script: records performance.now() (ms since navigation)
# when a root flips data-state, when a Volgende button is clicked, when the page posts a
# request to its worker after that click and when the answer to it comes back (Worker is
# wrapped, not changed; none at all when the page had the screen already, as the review
# brings the verdict along), when the result section enters the DOM, and after the next
# frame has been painted; likewise when checker.js shows the server-rendered first
# question (unhides its body).
MARKS_JS = """(() => {
  const marks = {};
  Object.defineProperty(window, "__bench", { value: marks });
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url, options, ...rest) {
      if (options && options.type === "module" && marks.worker === undefined) marks.worker = performance.now();
      super(url, options, ...rest);
      this.addEventListener("message", (event) => {
        if (event.data && event.data.type === "response" && marks.posted !== undefined) marks.response = performance.now();
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === "handle" && marks.click !== undefined) marks.posted = performance.now();
      return super.postMessage(message, ...rest);
    }
  };
  const roots = new Set(["checker", "bare"]);
  const afterPaint = (name) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { marks[name] = performance.now(); };
    channel.port2.postMessage(0);
  });
  new MutationObserver((records) => {
    const now = performance.now();
    for (const record of records) {
      if (record.type === "attributes") {
        if (roots.has(record.target.id) && record.attributeName === "data-state") {
          const state = record.target.getAttribute("data-state");
          if (!(state in marks)) marks[state] = now;
        } else if (record.target.classList.contains("checker-body") && !record.target.hidden && marks.question === undefined) {
          marks.question = now;
          afterPaint("question_painted");
        }
      } else if (marks.click !== undefined && marks.result === undefined) {
        for (const node of record.addedNodes) {
          if (node.nodeType === 1 && (node.matches("section.checker-result") || node.querySelector("section.checker-result"))) {
            marks.result = now;
            afterPaint("painted");
            break;
          }
        }
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state", "hidden"] });
  document.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("#checker button.checker-next, #checker button.checker-confirm")) {
      marks.click = performance.now();
      for (const name of ["posted", "response", "result", "painted"]) delete marks[name];
    }
  }, true);
})();
"""


def site_copy(tmp: Path, name: str, checker_bundle: Path | None = None) -> Path:
    """A copy of site/ with the bare page added (and another checker bundle, if given):
    a concurrent `make build` cannot swap the files out from under a measurement."""
    target = tmp / name
    shutil.copytree(SITE, target, symlinks=True)
    bare = target / BARE_PAGE
    bare.mkdir()
    (bare / "index.html").write_text(BARE_HTML, encoding="utf-8")
    (bare / "bare.js").write_text(BARE_JS.replace("PYODIDE_DIR", pyodide_path(ROOT)), encoding="utf-8")
    (bare / "bare-worker.js").write_text(BARE_WORKER_JS, encoding="utf-8")
    if checker_bundle is not None:
        shutil.rmtree(target / "assets" / "checker")
        shutil.copytree(checker_bundle, target / "assets" / "checker")
    return target


def check_bare_is_stock(site: Path) -> None:
    """The floor must be the npm package's own files: the site's copy is compared byte for byte."""
    served = site / pyodide_path(ROOT)
    npm = ROOT / "node_modules" / "pyodide"
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"):
        if (served / name).read_bytes() != (npm / name).read_bytes():
            sys.exit(f"{served / name} differs from {npm / name}: the bare page must boot the stock Pyodide; run `make build`.")
