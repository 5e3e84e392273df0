// Behaviour every page may use, bound by class (the Content-Security-Policy allows no inline handlers).
//   button.js-print        prints the page
//   select.js-autosubmit   submits its form when the choice changes (a <noscript> button covers no JS)
//   input.agency-filter    filters the agency checkboxes of the comparison page by name
(function () {
  "use strict";
  document.querySelectorAll(".js-print").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("select.js-autosubmit").forEach(function (select) {
    select.addEventListener("change", function () { if (select.form) select.form.submit(); });
  });
  var box = document.querySelector(".agency-filter");
  if (box) {
    // The list grows with the library; the filter stays hidden without JavaScript.
    box.hidden = false;
    box.addEventListener("input", function () {
      var q = box.value.trim();
      document.querySelectorAll(".agency-options label").forEach(function (l) {
        l.hidden = q && l.textContent.indexOf(q) < 0 && !l.querySelector("input").checked;
      });
    });
  }
})();
