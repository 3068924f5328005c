// Material's scripts on the checker page, started once the checker is ready (or failed, or
// after a while), or at once when the visitor opens the search. overrides/main.html keeps
// them in <template id="md-later">; they are added here in their order.
//
// Why a DOMContentLoaded event afterwards: Material mounts its components on that event,
// which has long passed when its script runs this late.
(() => {
  const later = document.getElementById("md-later");
  const checker = document.getElementById("checker");
  if (!later) return;
  // What Material's script does first: the page looks as it will once that script runs
  // (the search field shown), so nothing moves when it does.
  document.documentElement.classList.replace("no-js", "js");
  const WAIT_MS = 20000; // then start anyway, as the checker page says it is slow
  let started = false;
  let observer = null;
  let timer = null;

  function start() {
    if (started) return;
    started = true;
    if (observer) observer.disconnect();
    clearTimeout(timer);
    const scripts = [...later.content.querySelectorAll("script")];
    const next = (i) => {
      if (i === scripts.length) {
        document.dispatchEvent(new Event("DOMContentLoaded"));
        return;
      }
      const script = document.createElement("script");
      for (const { name, value } of scripts[i].attributes) script.setAttribute(name, value);
      script.async = false;
      script.addEventListener("load", () => next(i + 1));
      script.addEventListener("error", () => next(i + 1));
      document.body.append(script);
    };
    next(0);
  }

  if (!checker || checker.dataset.state !== "loading") {
    start();
    return;
  }
  observer = new MutationObserver(() => {
    if (checker.dataset.state !== "loading") start();
  });
  observer.observe(checker, { attributes: true, attributeFilter: ["data-state"] });
  timer = setTimeout(start, WAIT_MS);
  // The visitor wants to search now: the search field's label, the field, or the "/" and "s" keys Material binds.
  const search = document.getElementById("__search");
  if (search) search.addEventListener("change", start, { once: true });
  document.addEventListener("focusin", (event) => {
    if (event.target instanceof Element && event.target.closest("[data-md-component=search]")) start();
  });
})();
