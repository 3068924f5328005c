// Offline use: registers the site's service worker (service-worker.js, at the root of this
// year's site), asks it to keep the checker once the checker is ready (and a text page once
// it is read), and says so on the page when a new version of the site has taken over.
//
// On the checker page this script runs only once the checker is ready (Material's scripts
// wait for that, javascripts/material-later.js), so nothing here competes with Pyodide.
// Every text the visitor reads is Dutch (B1), in a polite live region above the page text.
// A module (mkdocs.yml): its top level is its own, not the page's.
const workerUrl = new URL("../service-worker.js", import.meta.url);
const checker = document.getElementById("checker");
const UPDATED = "offline-updated"; // sessionStorage: this load follows an update
const TEXT = {
  kept: "De checker werkt nu ook zonder internet op dit apparaat.",
  updated: "De site is bijgewerkt. U ziet nu de nieuwste versie.",
  newer: "Er is een nieuwe versie van de checker. Uw antwoorden blijven staan.",
  useNewer: "Nieuwe versie gebruiken",
};
let touched = false; // the visitor did something on the checker page
let wantNewer = false; // the visitor chose the new version

// The live region is on the page from the start: a text put in later is read out.
const region = document.createElement("div");
region.className = "offline-notice";
region.setAttribute("role", "status");

function say(text, button) {
  const line = document.createElement("p");
  line.append(text);
  if (button) line.append(" ", button);
  const box = document.createElement("div");
  box.className = "admonition note offline-note";
  box.append(line);
  region.replaceChildren(box);
}

// Whether a new version may take over and reload this page now: a text page, or the
// checker before any answer. Otherwise the visitor chooses (a button).
const pristine = () => !checker || (!touched && !location.hash);

function reload() {
  sessionStorage.setItem(UPDATED, "1");
  location.reload();
}

function offerNewer(waiting) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "md-button offline-use-newer";
  button.textContent = TEXT.useNewer;
  button.addEventListener("click", () => {
    wantNewer = true;
    if (waiting) waiting.postMessage({ type: "skip-waiting" });
    else reload();
  });
  say(TEXT.newer, button);
}

// A new version is installed and waits for the pages of the old one.
function onWaiting(waiting) {
  if (pristine()) waiting.postMessage({ type: "skip-waiting" });
  else if (checker) offerNewer(waiting);
}

function watchUpdates(registration) {
  if (!registration) return; // service workers turned off (a test browser may do so)
  // A new version may be waiting, still installing (found before this script ran, which on
  // the checker page is after the checker is ready), or found later.
  const track = (worker) => {
    if (!worker) return;
    const check = () => {
      if (worker.state === "installed" && navigator.serviceWorker.controller) onWaiting(worker);
    };
    worker.addEventListener("statechange", check);
    check();
  };
  track(registration.waiting);
  track(registration.installing);
  registration.addEventListener("updatefound", () => track(registration.installing));
  // Ask for a new version now too: on the checker page the browser's own check may have run
  // before this script did.
  registration.update().catch(() => {});
  // The new version took over: the checker page loads it (answers stay in the URL).
  let controlled = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (!controlled) {
      controlled = true; // the first version took this page over: nothing changed
      return;
    }
    if (!checker) return;
    if (pristine() || wantNewer) reload();
    else offerNewer(null);
  });
}

// The service worker's answer to keep-checker; the marks on <html> are for the tests and the bench.
function onMessage(event) {
  const message = event.data || {};
  if (message.type !== "kept") return;
  document.documentElement.dataset.offline = "kept";
  document.documentElement.dataset.offlineBuild = message.build;
  if (message.fresh) say(TEXT.kept);
}

function keep() {
  navigator.serviceWorker.ready.then((registration) => {
    if (!registration || !registration.active) return;
    if (checker) {
      registration.active.postMessage({ type: "keep-checker" });
      return;
    }
    // This page and what it loaded (styles, scripts, images) from this site.
    const urls = performance.getEntriesByType("resource")
      .filter((entry) => ["link", "script", "img", "css"].includes(entry.initiatorType))
      .map((entry) => entry.name);
    registration.active.postMessage({ type: "keep-page", urls: [location.href.split("#")[0], ...urls] });
  });
}

function start() {
  const content = document.querySelector(".md-content__inner") || document.querySelector("main") || document.body;
  content.prepend(region);
  if (sessionStorage.getItem(UPDATED)) {
    sessionStorage.removeItem(UPDATED);
    say(TEXT.updated);
  }
  if (checker) {
    for (const type of ["keydown", "pointerdown", "input"]) checker.addEventListener(type, () => (touched = true), { capture: true });
  }
  navigator.serviceWorker.addEventListener("message", onMessage);
  navigator.serviceWorker.startMessages();
  navigator.serviceWorker.register(workerUrl).then(watchUpdates, () => {});
  // The checker is kept once it works here; a page that failed to load keeps nothing.
  if (!checker || checker.dataset.state === "ready") keep();
  else {
    new MutationObserver((records, observer) => {
      if (checker.dataset.state !== "ready") return;
      observer.disconnect();
      keep();
    }).observe(checker, { attributes: true, attributeFilter: ["data-state"] });
  }
}

if ("serviceWorker" in navigator) start();
