// The phone vote page of the general assembly: every 4 s, asks which resolutions are open and
// reloads the page when that set changes (the bureau opened or closed a vote). No inline script:
// the page's Content-Security-Policy forbids it.
(function () {
  "use strict";
  var live = document.getElementById("vote-live");
  if (!live || !window.fetch) {
    return;
  }
  var url = live.getAttribute("data-state-url");
  var shown = live.getAttribute("data-open") || "";
  function check() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (state) {
        if (state && Array.isArray(state.open) && state.open.join(",") !== shown) {
          window.location.reload();
        }
      })
      .catch(function () {});
  }
  window.setInterval(check, 4000);
})();
