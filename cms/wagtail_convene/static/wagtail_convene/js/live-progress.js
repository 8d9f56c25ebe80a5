// Live progress of an import or a campaign: polls the same page as JSON every two
// seconds and updates every [data-field]; stops when the work is done. Without
// JavaScript the page still shows the figures as of its loading.
(function () {
  "use strict";
  var box = document.querySelector("[data-live-progress]");
  if (!box || box.dataset.done === "true" || !window.fetch) return;
  var url = window.location.pathname + "?format=json";
  function show(state) {
    box.querySelectorAll("[data-field]").forEach(function (el) {
      var value = state[el.dataset.field];
      if (value === undefined) return;
      if (el.tagName === "PROGRESS") el.value = value;
      else el.textContent = value;
    });
    return state.done;
  }
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) {
        if (!state || !show(state)) window.setTimeout(poll, 2000);
        else if (box.hasAttribute("data-reload-when-done")) window.location.reload();
        else box.dataset.done = "true";
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
