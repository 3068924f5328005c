// The checker page's first script: it starts the worker where Pyodide and the checker's
// Python load (the long wait) before anything else, then loads the page's own modules
// (checker.js and its parts) while Pyodide downloads.
//
// Why a separate entry without static imports: a module runs only once all its static
// imports have arrived, so with checker.js as the entry the worker started one round trip
// later (issue 16). The page also lists checker.js and its parts as
// <link rel="modulepreload"> (macros/plugin.py), so they download alongside this file.
//
// What the worker says before checker.js takes over is held and handed to it in order.

const root = document.getElementById("checker");

function startWorker(dataset) {
  const worker = new Worker(new URL("checker-worker.js", import.meta.url), { type: "module" });
  const held = [];
  const hold = (event) => held.push(event);
  worker.addEventListener("message", hold);
  worker.addEventListener("error", hold);
  const assets = new URL(dataset.assets || "assets/", location.href);
  // Pyodide may live elsewhere than the year's own assets (one copy for all years).
  const pyodide = new URL(dataset.pyodide || "pyodide/", dataset.pyodide ? location.href : assets);
  // Answered by the site's service worker (offline use): the files are on this device.
  const kept = Boolean(navigator.serviceWorker && navigator.serviceWorker.controller);
  worker.postMessage({ type: "init", assets: assets.href, pyodide: pyodide.href, kept });
  return {
    worker,
    // The events so far; from now on the caller listens itself.
    takeHeld() {
      worker.removeEventListener("message", hold);
      worker.removeEventListener("error", hold);
      return held.splice(0);
    },
  };
}

if (root) {
  let boot;
  try {
    boot = startWorker(root.dataset);
  } catch (error) {
    boot = { worker: null, failure: error, takeHeld: () => [] };
  }
  import("./checker.js").then(
    ({ startChecker }) => startChecker(root, boot),
    // The page's own text alternatives stay (they show by themselves); nothing is loading.
    () => boot.worker && boot.worker.terminate(),
  );
}
