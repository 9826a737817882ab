// Live update of the writer's feedback page: while a version is being scored, poll the status
// endpoint, then show the new verdict. Without JavaScript the page still works (reload by hand).
(function () {
  "use strict";
  var banner = document.getElementById("live-status");
  if (!banner || banner.dataset.poll !== "1") {
    return;
  }
  var url = banner.dataset.statusUrl;
  var version = banner.dataset.version;
  var textarea = document.getElementById("text");
  var original = textarea ? textarea.value : "";
  var delay = 700;
  var text = banner.querySelector(".status-text");

  function say(message) {
    if (text) {
      text.textContent = message;
    }
  }

  function done(status) {
    var spinner = banner.querySelector(".spinner");
    if (spinner) {
      spinner.remove();
    }
    banner.className = "status-banner status-" + status;
    // Reloading would throw away an edit the writer has started meanwhile: ask instead.
    if (textarea && textarea.value !== original) {
      say("Version " + version + " is scored. Save your edits elsewhere, then reload to see it.");
      return;
    }
    window.location.reload();
  }

  function tick() {
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (resp) {
        return resp.ok ? resp.json() : null;
      })
      .then(function (state) {
        if (state && (String(state.version) !== version || state.verdict || state.status === "error")) {
          if (state.status === "error") {
            say("Scoring failed on our side. Resubmit to try again.");
            done("error");
          } else {
            say("Scored: " + (state.verdict === "pass" ? "passed" : "flagged") + ". Loading the new verdict…");
            done(state.verdict === "pass" ? "passed" : "flagged");
          }
          return;
        }
        delay = Math.min(delay * 1.4, 5000);
        window.setTimeout(tick, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 10000);
        window.setTimeout(tick, delay);
      });
  }

  window.setTimeout(tick, delay);
})();
