/* rewrite-detect reports: shared behaviour. Plain ES2015, no libraries, no network.
   Reads only the page's own data attributes; article text never enters a script. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  /* Filter buttons: [data-filter-value] inside a .filters group set data-filter on the list
     (#findings) and on <html>, so CSS can hide or quieten what is not asked for. */
  function setFilter(button) {
    var value = button.getAttribute("data-filter-value");
    var group = button.closest(".filters");
    if (group) {
      group.querySelectorAll("[data-filter-value]").forEach(function (b) {
        b.setAttribute("aria-pressed", b === button ? "true" : "false");
      });
    }
    var list = document.getElementById("findings");
    if (list) { list.setAttribute("data-filter", value); }
    root.setAttribute("data-filter", value);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-filter-value]");
    if (button) { setFilter(button); }
  });

  /* Printing shows everything: open collapsed sections first. */
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.setAttribute("open", ""); });
  });

  window.rewriteDetect = { setFilter: setFilter };
})();
