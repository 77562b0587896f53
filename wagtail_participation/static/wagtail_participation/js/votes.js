// Progressive enhancement: vote buttons post in place. Without JavaScript the same forms post
// and the server redirects back to where the person was.
(function () {
  "use strict";
  var live = document.getElementById("wp-live");
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-wp-vote]")) return;
    var submitter = event.submitter || form.querySelector("button[name=value]");
    event.preventDefault();
    var data = new FormData(form);
    if (submitter && submitter.name) data.set(submitter.name, submitter.value);
    fetch(form.action, { method: "POST", body: data, headers: { "X-Requested-With": "XMLHttpRequest" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (result) {
        if (result.ok) {
          form.querySelectorAll("[data-wp-score]").forEach(function (el) { el.textContent = result.score; });
          form.querySelectorAll("button[name=value]").forEach(function (button) {
            var direction = button.dataset.direction;
            var mine = (direction === "up" && result.my_vote === 1) || (direction === "down" && result.my_vote === -1);
            button.setAttribute("aria-pressed", mine ? "true" : "false");
            button.value = mine ? "withdraw-" + direction : direction;
          });
        }
        if (live) live.textContent = result.ok ? live.dataset.done.replace("%s", result.score) : result.message;
      })
      .catch(function () { form.submit(); });
  });
})();
