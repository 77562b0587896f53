// Export status page: fetch the page again every few seconds and swap in the status block, until
// the export is finished. Without JavaScript the "Check again" link reloads the page by hand.
(function () {
  "use strict";
  var block = document.querySelector("[data-wp-export-status][data-wp-export-poll]");
  if (!block || !window.fetch || !window.DOMParser) {
    return;
  }
  var delay = parseInt(block.getAttribute("data-wp-export-poll"), 10) || 3000;
  function poll() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-wp-export-status]");
        if (!fresh) {
          return;
        }
        block.innerHTML = fresh.innerHTML;
        if (fresh.hasAttribute("data-wp-export-poll")) {
          window.setTimeout(poll, delay);
        } else {
          block.removeAttribute("data-wp-export-poll");
        }
      })
      .catch(function () { window.setTimeout(poll, delay * 2); });
  }
  window.setTimeout(poll, delay);
})();
