// The checker's Python, off the main thread: boots the self-hosted Pyodide, loads the
// policy bundles, and answers {"year", "answers"} requests with checker.web.handle.
// No decisions are made here.
//
// Two ways to boot, the first preferred:
// - fast: Pyodide with the build's precompiled zip (manifest.python, made by
//   tools/pyodide_artefacts.mjs) as its standard library. The zip holds the modules the
//   checker needs as .pyc, and the checker package itself; a module missing from it is
//   read from Pyodide's full python_stdlib.zip on first import (_stdlib_fallback).
// - stock: Pyodide's own python_stdlib.zip, the checker's .py files written into its file
//   system. Used when the manifest names no zip for this Pyodide version, or when the fast
//   boot fails in any way (download, bytecode, import).
//
// Messages in:  {type: "init", assets: "<absolute URL of assets/>", pyodide: "<absolute URL of Pyodide's folder>", kept}
//               (kept: the site's service worker answers this page, javascripts/offline.js)
//               {type: "handle", id, request: "<JSON text>"}
// Messages out: {type: "ready", years, latest, ms, boot: "fast" | "stock"} | {type: "failed", message}
//               {type: "progress", loaded, total}  (bytes of Pyodide's big files so far)
//               {type: "response", id, text} | {type: "response", id, error}

const APP_DIR = "/checker_app";
// Only the checker package may be written; a manifest cannot point elsewhere.
const SAFE_FILE = /^checker\/[a-z_]+\.py$/;
const SAFE_BUNDLE = /^[a-z0-9-]+\.json$/;
const SAFE_ZIP = /^python-[0-9a-f]+\.zip$/;
// What Emscripten prints when the runtime cannot start.
const FATAL = /instantiation failed|^Aborted\(|both async and sync fetching of the wasm failed/i;
// Also fatal for the fast boot: Pyodide could not download the zip (it then carries on until
// Python fails to start), or Python could not start from it. Only while that boot runs: a
// stock boot after it must not stop on what the abandoned one still prints.
const FAST_FATAL = new RegExp(`${FATAL.source}|installing the standard library|^Fatal Python error`, "i");
const FULL_STDLIB = "/lib/python_stdlib_full.zip";

let web = null;

// Progress for the page ("3 van 9 MB geladen"): fetches of Pyodide's big files are
// counted as their bytes arrive. The response is passed on unchanged otherwise.
// Not when the service worker answers: its files are on this device, and a response it
// gives unchanged lets the browser reuse the WebAssembly it compiled last time (a counted
// copy is a new response, compiled again).
const BIG_FILE = /\.(wasm|zip)$/;
const counted = { loaded: 0, total: 0 };
let countBytes = true;
const plainFetch = self.fetch.bind(self);
self.fetch = async (input, options) => {
  const response = await plainFetch(input, options);
  const url = typeof input === "string" ? input : input.url || String(input);
  if (!countBytes || !BIG_FILE.test(new URL(url, self.location.href).pathname) || !response.ok || !response.body) return response;
  counted.total += Number(response.headers.get("content-length")) || 0;
  const reader = response.body.getReader();
  const stream = new ReadableStream({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
        return;
      }
      counted.loaded += value.byteLength;
      self.postMessage({ type: "progress", ...counted });
      controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
};

async function fetchOk(url, as) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return as === "json" ? response.json() : response.text();
}

// A failed download only shows as a line on the console (loadPyodide never settles then),
// so while booting such a line, or an unhandled rejection, ends the wait.
async function boot(loadPyodide, options, fatal = FATAL) {
  let broken;
  const failure = new Promise((_, reject) => {
    broken = reject;
  });
  const original = { warn: console.warn, error: console.error };
  for (const level of ["warn", "error"]) {
    console[level] = (...args) => {
      original[level](...args);
      const line = args.map(String).join(" ");
      if (fatal.test(line)) broken(new Error(line));
    };
  }
  // Handled here (this boot fails, and the caller falls back or reports it), so not
  // also reported as an uncaught error.
  const rejected = (event) => {
    event.preventDefault();
    broken(event.reason);
  };
  self.addEventListener("unhandledrejection", rejected);
  try {
    // Python's stderr of this boot only, so it can end this boot and no other.
    const stderr = (line) => {
      original.warn(line);
      if (fatal.test(line)) broken(new Error(line));
    };
    return await Promise.race([loadPyodide({ stdout: () => {}, stderr, ...options }), failure]);
  } finally {
    Object.assign(console, original);
    self.removeEventListener("unhandledrejection", rejected);
  }
}

// The full standard library, synchronously (an import cannot wait), on the first import
// of a module the precompiled zip does not have; the worker may block, the page does not.
function fullStdlibReader(py, url) {
  return () => {
    const request = new XMLHttpRequest();
    request.open("GET", url, false);
    request.responseType = "arraybuffer";
    request.send();
    if (request.status !== 200) throw new Error(`${url}: HTTP ${request.status}`);
    py.FS.writeFile(FULL_STDLIB, new Uint8Array(request.response));
    return FULL_STDLIB;
  };
}

async function bootFast(loadPyodide, pyodideDir, checkerDir, artefact) {
  const py = await boot(loadPyodide, {
    indexURL: pyodideDir,
    stdLibURL: new URL(artefact.zip, checkerDir).href,
    lockFileContents: artefact.lock,
  }, FAST_FATAL);
  py.pyimport("_stdlib_fallback").install(fullStdlibReader(py, `${pyodideDir}python_stdlib.zip`));
  return { py, checker: py.pyimport("checker.web") };
}

async function bootStock(loadPyodide, pyodideDir, checkerDir, manifest) {
  const files = manifest.files.filter((f) => SAFE_FILE.test(f));
  const [py, texts] = await Promise.all([
    boot(loadPyodide, { indexURL: pyodideDir }),
    Promise.all(files.map((f) => fetchOk(new URL(f, checkerDir), "text"))),
  ]);
  py.FS.mkdirTree(`${APP_DIR}/checker`);
  files.forEach((file, i) => py.FS.writeFile(`${APP_DIR}/${file}`, texts[i]));
  py.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(APP_DIR)})`);
  return { py, checker: py.pyimport("checker.web") };
}

async function init(assets, pyodide) {
  const started = performance.now();
  const pyodideDir = new URL(pyodide || "pyodide/", assets).href;
  const checkerDir = new URL("checker/", assets);
  // Pyodide's loader and the checker's manifest at once; the bundles while Pyodide boots.
  const [{ loadPyodide, version }, manifest] = await Promise.all([
    import(`${pyodideDir}pyodide.mjs`),
    fetchOk(new URL("manifest.json", checkerDir), "json"),
  ]);
  const bundles = Promise.all(
    Object.values(manifest.bundles).filter((b) => SAFE_BUNDLE.test(b)).map((b) => fetchOk(new URL(b, checkerDir), "text")),
  );
  bundles.catch(() => {}); // awaited below; not an unhandled rejection while booting
  // The zip's bytecode fits one Pyodide version only: the build wrote which.
  const artefact = manifest.python;
  let booted = null;
  let how = "stock";
  if (artefact && artefact.pyodide === version && SAFE_ZIP.test(artefact.zip)) {
    try {
      booted = await bootFast(loadPyodide, pyodideDir, checkerDir, artefact);
      how = "fast";
    } catch (error) {
      console.warn("checker: de voorgecompileerde Python werkt niet, gewone start:", String((error && error.message) || error));
    }
  }
  booted ??= await bootStock(loadPyodide, pyodideDir, checkerDir, manifest);
  web = booted.checker;
  const years = (await bundles).map((text) => web.load_bundle(text));
  return { years, latest: manifest.latest, ms: Math.round(performance.now() - started), boot: how };
}

self.addEventListener("message", async (event) => {
  const message = event.data || {};
  if (message.type === "init") {
    countBytes = !message.kept;
    try {
      self.postMessage({ type: "ready", ...(await init(message.assets, message.pyodide)) });
    } catch (error) {
      self.postMessage({ type: "failed", message: String((error && error.message) || error) });
    }
  } else if (message.type === "handle") {
    try {
      self.postMessage({ type: "response", id: message.id, text: web.handle(message.request) });
    } catch (error) {
      self.postMessage({ type: "response", id: message.id, error: String((error && error.message) || error) });
    }
  }
});
