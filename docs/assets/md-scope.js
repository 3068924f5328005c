// Helpers the Material theme expects as globals before its bundle runs: the site's
// scope (its base URL) and small localStorage wrappers keyed by that scope.
// Loaded as a file instead of Material's inline script so the CSP can forbid inline code.
(function () {
  var base = document.currentScript.getAttribute("data-base") || ".";
  window.__md_scope = new URL(base, location);
  window.__md_hash = function (text) {
    var hash = 0;
    for (var i = 0; i < text.length; i++) hash = (hash << 5) - hash + text.charCodeAt(i);
    return hash;
  };
  window.__md_get = function (key, storage, scope) {
    storage = storage || localStorage;
    scope = scope || window.__md_scope;
    return JSON.parse(storage.getItem(scope.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, scope) {
    storage = storage || localStorage;
    scope = scope || window.__md_scope;
    try { storage.setItem(scope.pathname + "." + key, JSON.stringify(value)); } catch (e) { /* storage full or blocked */ }
  };
})();
