// The site's service worker: after one visit the checker starts, answers and gives its
// verdict without a network, and the text pages a visitor read stay readable. Registered by
// javascripts/offline.js; its own file, because the CSP allows workers from this site only
// (worker-src 'self') and no inline code.
//
// Two kinds of cache:
// - "checker <scope> <build id>": this build's checker (its page, scripts, styles, the policy
//   bundle, the precompiled Python). Stored complete or not at all, only when a page asks
//   ("keep-checker", once the checker is ready) or when a visitor who kept the previous build
//   gets this one (install). Served from the cache first: a page never mixes two builds.
// - "pyodide <folder>": the pinned Pyodide files. Their version is in their path, so they
//   stay across builds until the version changes.
// Everything else of this site (text pages, their styles): network first, the cache when
// offline or when the network takes too long. Other hosts are never asked for anything.
//
// The build (tools/offline.py) writes BUILD below: the build id (a hash of the checker's
// files) and those files with their sha256, relative to this file. Without it (make watch)
// every request passes through untouched.
const BUILD = { id: "", checker: [], pyodide: [] };

const SLOW_NETWORK_MS = 4000; // then a text page comes from the cache, if it is there
const OWN = `checker ${self.registration.scope} `;
const CURRENT = OWN + BUILD.id;
const absolute = (entries) => new Map(entries.map(([path, integrity]) => [new URL(path, self.location.href).href, integrity]));
const CHECKER = absolute(BUILD.checker);
const PYODIDE = absolute(BUILD.pyodide);
const PYODIDE_CACHE = PYODIDE.size ? `pyodide ${new URL(".", [...PYODIDE.keys()][0]).href}` : "";
// Written last into the build's cache: the checker in it is complete.
const COMPLETE = new URL("service-worker.js?complete", self.location.href).href;
const CHECKER_PAGE = BUILD.checker.length ? new URL(BUILD.checker[0][0], self.location.href).href : "";

// A file exactly as this build has it: the browser checks its sha256, and asks the server
// again (a 304 costs nothing) rather than trusting its HTTP cache.
// Tried twice: a connection that drops once (a train) does not cost the whole keep.
async function fetchChecked(url, integrity, tries = 2) {
  try {
    const response = await fetch(url, { integrity, cache: "no-cache", credentials: "same-origin" });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response;
  } catch (error) {
    if (tries > 1) return fetchChecked(url, integrity, tries - 1);
    throw error;
  }
}

async function isComplete() {
  return Boolean(BUILD.id) && Boolean(await (await caches.open(CURRENT)).match(COMPLETE));
}

async function keepPyodide() {
  const cache = await caches.open(PYODIDE_CACHE);
  for (const [url, integrity] of PYODIDE) {
    if (!(await cache.match(url))) await cache.put(url, await fetchChecked(url, integrity));
  }
}

// The whole checker of this build, or nothing: every file is fetched and checked before
// the first one is stored. Returns whether anything was new.
async function keepChecker() {
  if (await isComplete()) return false;
  const files = [...CHECKER];
  const responses = await Promise.all(files.map(([url, integrity]) => fetchChecked(url, integrity)));
  await keepPyodide();
  const cache = await caches.open(CURRENT);
  await Promise.all(files.map(([url], i) => cache.put(url, responses[i])));
  await cache.put(COMPLETE, new Response(BUILD.id));
  return true;
}

// A text page and what it loaded (same site only), for reading it offline later.
async function keepPage(urls) {
  const cache = await caches.open(CURRENT);
  for (const url of urls) {
    const target = new URL(url, self.location.href);
    if (target.origin !== self.location.origin || CHECKER.has(target.href) || PYODIDE.has(target.href)) continue;
    if (await cache.match(target.href)) continue;
    try {
      const response = await fetch(target.href, { credentials: "same-origin" });
      if (response.ok) await cache.put(target.href, response);
    } catch {
      // offline again: the page is kept another time
    }
  }
}

// Did this visitor keep the checker of an earlier build (in this scope)?
async function keptBefore() {
  for (const name of await caches.keys()) {
    if (name.startsWith(OWN) && name !== CURRENT && (await (await caches.open(name)).match(COMPLETE))) return true;
  }
  return false;
}

self.addEventListener("install", (event) => {
  // An update for a visitor who kept the checker: this build's checker complete before it
  // can take over. Offline or a server that moved on: the install fails and is tried again.
  event.waitUntil((async () => {
    if (BUILD.id && (await keptBefore())) await keepChecker();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      const oldBuild = name.startsWith(OWN) && name !== CURRENT;
      const oldPyodide = name.startsWith("pyodide ") && PYODIDE_CACHE && name !== PYODIDE_CACHE;
      if (oldBuild || oldPyodide) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

function cached(cacheName, url) {
  return caches.open(cacheName).then((cache) => cache.match(url));
}

// The checker's files: from this build's cache once it is complete, else from the network
// (offline, the checker page then says it is not on this device yet).
async function checkerFile(request, url) {
  if (await isComplete()) {
    const hit = await cached(CURRENT, url);
    if (hit) return hit;
  }
  try {
    return await fetch(request);
  } catch (error) {
    if (request.mode === "navigate") return offlinePage();
    throw error;
  }
}

// Pyodide's files: from the cache; fetched (and checked) once per version.
async function pyodideFile(request, url) {
  const hit = await cached(PYODIDE_CACHE, url);
  if (hit) return hit;
  try {
    const response = await fetchChecked(url, PYODIDE.get(url));
    (await caches.open(PYODIDE_CACHE)).put(url, response.clone());
    return response;
  } catch {
    return fetch(request);
  }
}

const NOT_HERE = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Geen internet</title></head>
<body><main><h1>Geen internetverbinding</h1>
<p>U heeft deze pagina op dit apparaat nog niet geopend. Daarom is hij er niet zonder internet.</p>
<p>Probeer het opnieuw als u weer internet heeft.</p>CHECKER_LINK</main></body></html>`;

async function offlinePage() {
  const link = (await isComplete()) ? `<p>De checker werkt wel zonder internet: <a href="${CHECKER_PAGE}">naar de checker</a>.</p>` : "";
  return new Response(NOT_HERE.replace("CHECKER_LINK", link), { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

// Text pages and the rest: the network, kept for later; the cache when the network fails
// or is slow (a train); for a page never seen, a short Dutch page that says so.
function networkFirst(event) {
  const { request } = event;
  const network = fetch(request);
  // Kept while the page reads it (the copy is taken before the page reads the original).
  event.waitUntil(network.then(async (response) => {
    if (!response.ok || response.type !== "basic") return;
    const copy = response.clone();
    await (await caches.open(CURRENT)).put(request, copy);
  }).catch(() => {}));
  return fromNetworkOrCache(request, network);
}

async function fromNetworkOrCache(request, network) {
  const cache = await caches.open(CURRENT);
  const slow = new Promise((resolve) => {
    setTimeout(resolve, SLOW_NETWORK_MS);
  }).then(async () => (await cache.match(request)) || network);
  try {
    return await Promise.race([network, slow]);
  } catch (error) {
    const hit = await cache.match(request);
    if (hit) return hit;
    if (request.mode === "navigate") return offlinePage();
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (!BUILD.id || request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return; // never another host
  if (request.cache === "only-if-cached" && request.mode !== "same-origin") return;
  const key = url.origin + url.pathname;
  if (PYODIDE.has(key)) event.respondWith(pyodideFile(request, key));
  else if (CHECKER.has(key)) event.respondWith(checkerFile(request, key));
  else event.respondWith(networkFirst(event));
});

// From the site's pages (javascripts/offline.js).
self.addEventListener("message", (event) => {
  const message = event.data || {};
  const reply = (answer) => event.source && event.source.postMessage({ build: BUILD.id, ...answer });
  if (message.type === "keep-checker") {
    event.waitUntil(keepChecker().then(
      (fresh) => reply({ type: "kept", fresh }),
      (error) => reply({ type: "not-kept", message: String((error && error.message) || error) }),
    ));
  } else if (message.type === "keep-page") {
    event.waitUntil(keepPage(Array.isArray(message.urls) ? message.urls : []));
  } else if (message.type === "skip-waiting") {
    self.skipWaiting();
  }
});
