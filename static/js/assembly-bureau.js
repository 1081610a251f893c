// The bureau's live screen (templates/assembly/bureau/screen.html): every 3 seconds, read the
// numbers from `data-state-url` (JSON) and write them into the elements whose `data-state`
// names them ("counts.present", "quorums.ago.summary", "polls.12.votes_cast"). When the
// meeting or a vote changes status (another member of the bureau pressed a button), reload:
// the buttons change with it.
(function () {
  "use strict";
  var root = document.querySelector("[data-state-url]");
  if (!root) { return; }
  var url = root.getAttribute("data-state-url");

  function lookup(data, path) {
    return path.split(".").reduce(function (value, key) {
      return value === null || value === undefined ? undefined : value[key];
    }, data);
  }

  function changed(data) {
    if (String(data.opened) !== root.getAttribute("data-opened")) { return true; }
    if (String(data.closed) !== root.getAttribute("data-closed")) { return true; }
    var polls = root.querySelectorAll("[data-poll]");
    for (var i = 0; i < polls.length; i++) {
      var poll = data.polls[polls[i].getAttribute("data-poll")];
      if (!poll || poll.status !== polls[i].getAttribute("data-status")) { return true; }
    }
    return false;
  }

  function update(data) {
    if (changed(data)) { window.location.reload(); return; }
    root.querySelectorAll("[data-state]").forEach(function (element) {
      var value = lookup(data, element.getAttribute("data-state"));
      if (value !== undefined && value !== null && element.textContent !== String(value)) {
        element.textContent = String(value);
      }
    });
    root.querySelectorAll("[data-quorum]").forEach(function (element) {
      var quorum = data.quorums[element.getAttribute("data-quorum")];
      if (quorum) { element.setAttribute("data-reached", String(quorum.reached)); }
    });
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { update(data); } })
      .catch(function () { /* offline for a moment: the next round tries again */ })
      .then(function () { window.setTimeout(poll, 3000); });
  }

  window.setTimeout(poll, 3000);
})();
