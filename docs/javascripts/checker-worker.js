// The checker's Python, off the main thread: boots the self-hosted Pyodide, writes the
// checker package into its file system, loads the policy bundles, and answers
// {"year", "answers"} requests with checker.web.handle. No decisions are made here.
//
// Messages in:  {type: "init", assets: "<absolute URL of assets/>", pyodide: "<absolute URL of Pyodide's folder>"}
//               {type: "handle", id, request: "<JSON text>"}
// Messages out: {type: "ready", years, latest, ms} | {type: "failed", message}
//               {type: "progress", loaded, total}  (bytes of Pyodide's big files so far)
//               {type: "response", id, text} | {type: "response", id, error}

const APP_DIR = "/checker_app";
// Only the checker package may be written; a manifest cannot point elsewhere.
const SAFE_FILE = /^checker\/[a-z_]+\.py$/;
const SAFE_BUNDLE = /^[a-z0-9-]+\.json$/;
// What Emscripten prints when the runtime cannot start.
const FATAL = /instantiation failed|^Aborted\(|both async and sync fetching of the wasm failed/i;

let web = null;

// Progress for the page ("3 van 9 MB geladen"): fetches of Pyodide's big files are
// counted as their bytes arrive. The response is passed on unchanged otherwise.
const BIG_FILE = /\.(wasm|zip)$/;
const counted = { loaded: 0, total: 0 };
const plainFetch = self.fetch.bind(self);
self.fetch = async (input, options) => {
  const response = await plainFetch(input, options);
  const url = typeof input === "string" ? input : input.url || String(input);
  if (!BIG_FILE.test(new URL(url, self.location.href).pathname) || !response.ok || !response.body) return response;
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

async function init(assets, pyodide) {
  const started = performance.now();
  const pyodideDir = new URL(pyodide || "pyodide/", assets).href;
  const checkerDir = new URL("checker/", assets);
  // Fetch the checker's files while Pyodide boots.
  const sources = fetchOk(new URL("manifest.json", checkerDir), "json").then(async (manifest) => {
    const files = manifest.files.filter((f) => SAFE_FILE.test(f));
    const bundles = Object.values(manifest.bundles).filter((b) => SAFE_BUNDLE.test(b));
    const [texts, bundleTexts] = await Promise.all([
      Promise.all(files.map((f) => fetchOk(new URL(f, checkerDir), "text"))),
      Promise.all(bundles.map((b) => fetchOk(new URL(b, checkerDir), "text"))),
    ]);
    return { manifest, files, texts, bundleTexts };
  });
  const { loadPyodide } = await import(`${pyodideDir}pyodide.mjs`);
  // A failed WebAssembly download only shows as a warning on the console (loadPyodide
  // never settles then), so while booting such a line ends the wait.
  let broken;
  const failure = new Promise((_, reject) => {
    broken = reject;
  });
  const original = { warn: console.warn, error: console.error };
  for (const level of ["warn", "error"]) {
    console[level] = (...args) => {
      original[level](...args);
      const line = args.map(String).join(" ");
      if (FATAL.test(line)) broken(new Error(line));
    };
  }
  self.addEventListener("unhandledrejection", (event) => broken(event.reason));
  let py, loaded;
  try {
    [py, loaded] = await Promise.race([
      Promise.all([loadPyodide({ indexURL: pyodideDir, stdout: () => {}, stderr: (line) => console.warn(line) }), sources]),
      failure,
    ]);
  } finally {
    Object.assign(console, original);
  }
  py.FS.mkdirTree(`${APP_DIR}/checker`);
  loaded.files.forEach((file, i) => py.FS.writeFile(`${APP_DIR}/${file}`, loaded.texts[i]));
  py.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(APP_DIR)})`);
  web = py.pyimport("checker.web");
  const years = loaded.bundleTexts.map((text) => web.load_bundle(text));
  return { years, latest: loaded.manifest.latest, ms: Math.round(performance.now() - started) };
}

self.addEventListener("message", async (event) => {
  const message = event.data || {};
  if (message.type === "init") {
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
