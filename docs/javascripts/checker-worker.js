// The checker's Python, off the main thread: boots the self-hosted Pyodide, writes the
// checker package into its file system, loads the policy bundles, and answers
// {"year", "answers"} requests with checker.web.handle. No decisions are made here.
//
// Messages in:  {type: "init", assets: "<absolute URL of assets/>"}
//               {type: "handle", id, request: "<JSON text>"}
// Messages out: {type: "ready", years, latest, ms} | {type: "failed", message}
//               {type: "response", id, text} | {type: "response", id, error}

const APP_DIR = "/checker_app";
// Only the checker package may be written; a manifest cannot point elsewhere.
const SAFE_FILE = /^checker\/[a-z_]+\.py$/;
const SAFE_BUNDLE = /^[a-z0-9-]+\.json$/;

let web = null;

async function fetchOk(url, as) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return as === "json" ? response.json() : response.text();
}

async function init(assets) {
  const started = performance.now();
  const pyodideDir = new URL("pyodide/", assets).href;
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
  // A failed WebAssembly download only shows as a line on stderr (loadPyodide never
  // settles then), so such a line ends the wait.
  let broken;
  const failure = new Promise((_, reject) => {
    broken = reject;
  });
  const stderr = (line) => {
    console.warn(line);
    if (/instantiation failed|^Aborted\(|failed to load/i.test(line)) broken(new Error(line));
  };
  self.addEventListener("unhandledrejection", (event) => broken(event.reason));
  const [pyodide, loaded] = await Promise.race([
    Promise.all([loadPyodide({ indexURL: pyodideDir, stdout: () => {}, stderr }), sources]),
    failure,
  ]);
  pyodide.FS.mkdirTree(`${APP_DIR}/checker`);
  loaded.files.forEach((file, i) => pyodide.FS.writeFile(`${APP_DIR}/${file}`, loaded.texts[i]));
  pyodide.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(APP_DIR)})`);
  web = pyodide.pyimport("checker.web");
  const years = loaded.bundleTexts.map((text) => web.load_bundle(text));
  return { years, latest: loaded.manifest.latest, ms: Math.round(performance.now() - started) };
}

self.addEventListener("message", async (event) => {
  const message = event.data || {};
  if (message.type === "init") {
    try {
      self.postMessage({ type: "ready", ...(await init(message.assets)) });
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
