/* The citizens' application page: after an error, move to the error summary so it is read first; a link in the
   summary brings its field into view with the field's label and message above it, and puts the cursor there. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (e) {
      var link = e.target.closest("a[href^='#']");
      if (!link) return;
      var input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) return;
      e.preventDefault();
      (input.closest(".field") || input).scrollIntoView({ block: "start" });
      input.focus({ preventScroll: true });
    });
  });
})();
