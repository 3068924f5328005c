// The checker's Python, off the main thread: boots the self-hosted Pyodide, loads the
// policy bundles, and answers {"year", "answers"} requests with checker.web.handle.
// No decisions are made here.
//
// Two ways to boot, the first preferred:
// - fast: Pyodide with the build's precompiled zip (manifest.python, made by
//   tools/pyodide_artefacts.mjs) as its standard library. The zip holds the modules the
//   checker needs as .pyc, and the checker package itself; a module missing from it is
//   read from Pyodide's full python_stdlib.zip on first import (_stdlib_fallback). It
//   arrives zstd-compressed and is unpacked here (zstd.mjs) before Pyodide sees it.
// - stock: Pyodide's own python_stdlib.zip, the checker's .py files written into its file
//   system. Used when the manifest names no zip for this Pyodide version, or when the fast
//   boot fails in any way (download, bytecode, import).
// A fast boot on this device also keeps a memory snapshot: Python as it stood once the
// checker was imported and the bundles loaded, before any answer was read. The next visit
// starts from it (snapshot), which skips Python's start and every import. It is kept per
// build: its key is a hash of the manifest and the bundles, so new data or a new zip never
// meets an old snapshot; a snapshot that fails to start is dropped and the fast boot runs.
//
// Messages in:  {type: "init", assets: "<absolute URL of assets/>", pyodide: "<absolute URL of Pyodide's folder>", kept}
//               (kept: the site's service worker answers this page, javascripts/offline.js)
//               {type: "handle", id, request: "<JSON text>"}
// Messages out: {type: "ready", years, latest, ms, boot: "snapshot" | "fast" | "stock"} | {type: "failed", message}
//               {type: "progress", loaded, total}  (bytes of Pyodide's big files so far)
//               {type: "response", id, text} | {type: "response", id, error}

const APP_DIR = "/checker_app";
// Only the checker package may be written; a manifest cannot point elsewhere.
const SAFE_FILE = /^checker\/[a-z_]+\.py$/;
const SAFE_BUNDLE = /^[a-z0-9-]+\.json$/;
const SAFE_ZIP = /^python-[0-9a-f]+\.zip\.zst$/;
const SAFE_DECODER = /^zstddec-[0-9a-f]+\.wasm$/;
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
const BIG_FILE = /\.(wasm|zip|zst)$/;
const counted = { loaded: 0, total: 0 };
let countBytes = true;
// The precompiled zip, zstd-compressed: Pyodide fetches it by its URL and gets it unpacked.
// {url, size, decode: zstd.mjs's decode}, set once the decoder is ready.
let packedZip = null;
const plainFetch = self.fetch.bind(self);
self.fetch = async (input, options) => {
  const response = await plainFetch(input, options);
  const url = new URL(typeof input === "string" ? input : input.url || String(input), self.location.href);
  const seen = countBytes && BIG_FILE.test(url.pathname) && response.ok && response.body ? withProgress(response) : response;
  return packedZip && url.href === packedZip.url && response.ok ? unpackedZip(seen, packedZip) : seen;
};

function withProgress(response) {
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
}

// The zip as Pyodide expects it; a wrong size is a broken download (the fast boot then fails
// and the stock boot follows).
async function unpackedZip(response, { size, decode }) {
  const zip = decode(new Uint8Array(await response.arrayBuffer()));
  if (zip.length !== size) throw new Error(`${response.url}: uitgepakt ${zip.length} bytes, verwacht ${size}`);
  return new Response(zip, { status: 200, headers: { "content-type": "application/zip" } });
}

// What went wrong, as one line of text, whatever was thrown.
function reason(error) {
  return String((error && error.message) || error);
}

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

// Where the precompiled zip is: Pyodide's stdLibURL, and the one URL whose response
// self.fetch unpacks.
function zipUrl(checkerDir, artefact) {
  return new URL(artefact.zip, checkerDir).href;
}

function fastOptions(pyodideDir, checkerDir, artefact) {
  return { indexURL: pyodideDir, stdLibURL: zipUrl(checkerDir, artefact), lockFileContents: artefact.lock };
}

// The fallback for modules the zip lacks. It holds a JavaScript function, so it is
// installed only after any snapshot was made (a snapshot may hold no such reference).
function installFallback(py, pyodideDir) {
  py.pyimport("_stdlib_fallback").install(fullStdlibReader(py, `${pyodideDir}python_stdlib.zip`));
}

// The fast boot. With `keep`, Python is started so that its memory can be kept; `after`
// (run once "ready" is sent, before any request is read) keeps it, so no answer is in it,
// and then walks once to a result (checker.web.warm_up: the first verdict is then as
// quick as later ones).
async function bootFast(loadPyodide, pyodideDir, checkerDir, artefact, texts, keep) {
  const py = await boot(loadPyodide, { ...fastOptions(pyodideDir, checkerDir, artefact), _makeSnapshot: Boolean(keep) }, FAST_FATAL);
  const checker = py.pyimport("checker.web");
  const loaded = await texts;
  const years = loaded.map((text) => checker.load_bundle(text));
  const bundles = keep ? await digest(loaded) : null;
  const after = () => {
    if (keep) {
      try {
        keep.save(py.makeMemorySnapshot(), years, bundles);
      } catch (error) {
        console.warn("checker: geen momentopname bewaard:", reason(error));
      }
    }
    installFallback(py, pyodideDir);
    checker.warm_up();
  };
  return { checker, years, after };
}

// Python from this device's snapshot of an earlier fast boot of the same build. The
// bundles are checked while it starts: other data than the snapshot holds is an error.
async function bootSnapshot(loadPyodide, pyodideDir, checkerDir, artefact, kept, texts) {
  const [py, bundles] = await Promise.all([
    boot(loadPyodide, { ...fastOptions(pyodideDir, checkerDir, artefact), _loadSnapshot: kept.memory }, FAST_FATAL),
    texts.then(digest),
  ]);
  if (bundles !== kept.bundles) throw new Error("de momentopname hoort bij andere bundels");
  installFallback(py, pyodideDir);
  const checker = py.pyimport("checker.web");
  return { checker, years: kept.years, after: () => checker.warm_up() };
}

async function digest(texts) {
  const bytes = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(texts.join("\n\u0000")));
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function bootStock(loadPyodide, pyodideDir, checkerDir, manifest, texts) {
  const files = manifest.files.filter((f) => SAFE_FILE.test(f));
  const [py, sources] = await Promise.all([
    boot(loadPyodide, { indexURL: pyodideDir }),
    Promise.all(files.map((f) => fetchOk(new URL(f, checkerDir), "text"))),
  ]);
  py.FS.mkdirTree(`${APP_DIR}/checker`);
  files.forEach((file, i) => py.FS.writeFile(`${APP_DIR}/${file}`, sources[i]));
  py.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(APP_DIR)})`);
  const checker = py.pyimport("checker.web");
  return { checker, years: (await texts).map((text) => checker.load_bundle(text)), after: () => {} };
}

async function init(assets, pyodide) {
  const started = performance.now();
  const pyodideDir = new URL(pyodide || "pyodide/", assets).href;
  const checkerDir = new URL("checker/", assets);
  // Pyodide's loader, the zstd decoder's code and the checker's manifest at once (imported
  // here, not at the top: a static import would hold up this worker's start by a round
  // trip); the bundles while Pyodide boots.
  const [{ loadPyodide, version }, { zstdDecoder }, manifestText] = await Promise.all([
    import(`${pyodideDir}pyodide.mjs`),
    import("./zstd.mjs").catch(() => ({})), // without it: the stock boot
    fetchOk(new URL("manifest.json", checkerDir), "text"),
  ]);
  const manifest = JSON.parse(manifestText);
  const texts = Promise.all(
    Object.values(manifest.bundles).filter((b) => SAFE_BUNDLE.test(b)).map((b) => fetchOk(new URL(b, checkerDir), "text")),
  );
  texts.catch(() => {}); // awaited below; not an unhandled rejection while booting
  // The zip's bytecode fits one Pyodide version only: the build wrote which.
  const artefact = manifest.python;
  const fast = artefact && artefact.pyodide === version && SAFE_ZIP.test(artefact.zip) && SAFE_DECODER.test(artefact.decoder) && zstdDecoder;
  const decoder = fast ? zstdDecoder(fetch(new URL(artefact.decoder, checkerDir))) : null;
  const booted = (fast ? await bootPrecompiled(loadPyodide, pyodideDir, checkerDir, { artefact, manifestText, version, texts, decoder }) : null)
    ?? { ...(await bootStock(loadPyodide, pyodideDir, checkerDir, manifest, texts)), how: "stock" };
  web = booted.checker;
  return { ready: { years: booted.years, latest: manifest.latest, ms: Math.round(performance.now() - started), boot: booted.how }, after: booted.after };
}

// From this device's snapshot if it has one for this build, else the fast boot (keeping a
// snapshot for next time); null if neither works (the stock boot follows). Both need the
// zstd decoder (it compiles while the snapshot is looked up): without it, neither starts.
async function bootPrecompiled(loadPyodide, pyodideDir, checkerDir, { artefact, manifestText, version, texts, decoder }) {
  const [memory, decode] = await Promise.all([snapshots(checkerDir, version, manifestText), decoder.catch((error) => error)]);
  if (typeof decode !== "function") {
    console.warn("checker: de zstd-decoder laadt niet, gewone start:", reason(decode));
    return null;
  }
  // Pyodide fetches the zip by its URL; it gets it unpacked (self.fetch above).
  packedZip = { url: zipUrl(checkerDir, artefact), size: artefact.size, decode };
  const kept = memory && (await memory.read());
  if (kept) {
    try {
      return { ...(await bootSnapshot(loadPyodide, pyodideDir, checkerDir, artefact, kept, texts)), how: "snapshot" };
    } catch (error) {
      console.warn("checker: de bewaarde momentopname start niet, gewone start:", reason(error));
      memory.drop();
    }
  }
  try {
    return { ...(await bootFast(loadPyodide, pyodideDir, checkerDir, artefact, texts, memory)), how: "fast" };
  } catch (error) {
    console.warn("checker: de voorgecompileerde Python werkt niet, gewone start:", reason(error));
    return null;
  }
}

// -- the memory snapshot, kept in this origin's Cache Storage ---------------------------------
//
// Why Cache Storage: it holds large binary responses, workers can use it, and the site's
// service worker leaves caches of other names alone. Everything here is best effort: a
// browser without it, a full disk or a private window only means the next visit boots
// the ordinary way.
const SNAPSHOT_CACHE = "checker-momentopname";
let snapshotStore = null; // this boot's store, while a snapshot waits to be written

async function snapshots(checkerDir, version, manifestText) {
  try {
    if (!self.caches || !crypto.subtle) return null;
    const key = new URL(`momentopname-${(await digest([version, manifestText])).slice(0, 24)}.bin`, checkerDir).href;
    snapshotStore = new SnapshotStore(await caches.open(SNAPSHOT_CACHE), key, checkerDir.href);
    return snapshotStore;
  } catch {
    return null;
  }
}

// The snapshot is written once the worker has had no request for this long: writing it
// (tens of MB) competes with answering, and a provider who just opened the checker may
// answer at once.
const SNAPSHOT_IDLE_MS = 3000;
// Most of Python's memory is zeros: only the 64 KiB pages with something in them are kept.
const PAGE = 65536;

class SnapshotStore {
  constructor(cache, key, folder) {
    this.cache = cache;
    this.key = key;
    this.folder = folder;
    this.pending = null;
    this.timer = null;
  }

  // {memory, years, bundles} of this build, or null.
  async read() {
    try {
      const response = await this.cache.match(this.key);
      if (!response) return null;
      const years = JSON.parse(response.headers.get("x-checker-years") || "null");
      const bundles = response.headers.get("x-checker-bundles");
      if (!Array.isArray(years) || !years.every(Number.isInteger) || !bundles) return null;
      const size = Number(response.headers.get("x-checker-size"));
      const runs = JSON.parse(response.headers.get("x-checker-runs") || "null");
      return { memory: unpack(new Uint8Array(await response.arrayBuffer()), runs, size), years, bundles };
    } catch {
      return null;
    }
  }

  // Kept once the worker is idle (see SNAPSHOT_IDLE_MS); then snapshots of other builds of
  // this folder go.
  save(memory, years, bundles) {
    this.pending = { memory, years, bundles };
    this.busy();
  }

  // A request came: the write waits for the next quiet moment.
  busy() {
    if (!this.pending) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.write(), SNAPSHOT_IDLE_MS);
  }

  write() {
    const { memory, years, bundles } = this.pending;
    this.pending = null;
    const { body, runs } = pack(memory);
    const headers = {
      "content-type": "application/octet-stream",
      "x-checker-years": JSON.stringify(years),
      "x-checker-bundles": bundles,
      "x-checker-size": String(memory.length),
      "x-checker-runs": JSON.stringify(runs),
    };
    this.cache
      .put(this.key, new Response(body, { headers }))
      .then(async () => {
        for (const request of await this.cache.keys()) {
          if (request.url.startsWith(this.folder) && request.url !== this.key) await this.cache.delete(request);
        }
      })
      .catch(() => {});
  }

  drop() {
    this.cache.delete(this.key).catch(() => {});
  }
}

// The pages of `memory` that hold anything, one after the other, and where they go:
// runs of [first page, number of pages].
function pack(memory) {
  const runs = [];
  const words = memory.length % 4 === 0 && memory.byteOffset % 4 === 0 ? new Uint32Array(memory.buffer, memory.byteOffset, memory.length / 4) : null;
  const pages = Math.ceil(memory.length / PAGE);
  for (let page = 0; page < pages; page++) {
    if (words && isZero(words, (page * PAGE) / 4, Math.min(memory.length, (page + 1) * PAGE) / 4)) continue;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === page) last[1] += 1;
    else runs.push([page, 1]);
  }
  const body = new Uint8Array(runs.reduce((sum, [first, count]) => sum + Math.min(memory.length, (first + count) * PAGE) - first * PAGE, 0));
  let at = 0;
  for (const [first, count] of runs) {
    const part = memory.subarray(first * PAGE, Math.min(memory.length, (first + count) * PAGE));
    body.set(part, at);
    at += part.length;
  }
  return { body, runs };
}

function isZero(words, from, to) {
  for (let i = from; i < to; i++) if (words[i] !== 0) return false;
  return true;
}

// The memory again from what pack() kept; an error if the parts do not add up.
function unpack(body, runs, size) {
  if (!Number.isInteger(size) || size <= 0 || !Array.isArray(runs)) throw new Error("geen geldige momentopname");
  const memory = new Uint8Array(size);
  let at = 0;
  for (const [first, count] of runs) {
    const start = first * PAGE;
    const end = Math.min(size, (first + count) * PAGE);
    if (!(Number.isInteger(first) && Number.isInteger(count) && start < end && at + end - start <= body.length)) throw new Error("geen geldige momentopname");
    memory.set(body.subarray(at, at + end - start), start);
    at += end - start;
  }
  if (at !== body.length) throw new Error("geen geldige momentopname");
  return memory;
}

self.addEventListener("message", async (event) => {
  const message = event.data || {};
  if (message.type === "init") {
    countBytes = !message.kept;
    try {
      const { ready, after } = await init(message.assets, message.pyodide);
      self.postMessage({ type: "ready", ...ready });
      // In this same task, so no request is read before it.
      try {
        after();
      } catch (error) {
        console.warn("checker:", reason(error));
      }
    } catch (error) {
      self.postMessage({ type: "failed", message: reason(error) });
    }
  } else if (message.type === "handle") {
    if (snapshotStore) snapshotStore.busy();
    try {
      self.postMessage({ type: "response", id: message.id, text: web.handle(message.request) });
    } catch (error) {
      self.postMessage({ type: "response", id: message.id, error: reason(error) });
    }
  }
});
