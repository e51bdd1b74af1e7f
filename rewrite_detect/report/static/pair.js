/* rewrite-detect pair report: partner highlighting, jumps from findings and the picture. */
(function () {
  "use strict";
  var selected = null;
  var status = document.getElementById("status");
  var map = document.querySelector("svg.map");

  function clearSelection() {
    document.querySelectorAll(".is-selected, .is-partner").forEach(function (el) {
      el.classList.remove("is-selected", "is-partner");
    });
    if (map) { map.classList.remove("has-selection"); }
    selected = null;
  }

  /* Select a sentence: every element of its alignment group (both sides, and its lines in the
     picture) is marked as a partner. */
  function select(sentence) {
    var group = sentence.getAttribute("data-g");
    var wasSelected = selected === sentence;
    clearSelection();
    if (wasSelected || group === null) { return; }
    var partners = [];
    document.querySelectorAll('[data-g="' + group + '"]').forEach(function (el) {
      el.classList.add(el === sentence ? "is-selected" : "is-partner");
      if (el !== sentence && el.classList.contains("sent")) {
        partners.push(el.querySelector(".num").textContent);
      }
    });
    if (map) { map.classList.add("has-selection"); }
    selected = sentence;
    if (status) {
      status.textContent = sentence.querySelector(".num").textContent + " is linked to " +
        (partners.length ? partners.join(", ") : "no other sentence") + ".";
    }
  }

  function jumpTo(id, focus) {
    var target = document.getElementById(id);
    if (!target) { return; }
    target.scrollIntoView({ block: "center" });
    if (focus && target.tabIndex >= 0) { target.focus({ preventScroll: true }); }
  }

  document.addEventListener("click", function (event) {
    if (!event.target.closest) { return; }
    var link = event.target.closest("a[data-focus]");
    if (link) {
      event.preventDefault();
      var id = link.getAttribute("data-focus");
      if (history.replaceState) { history.replaceState(null, "", "#" + id); }
      jumpTo(id, true);
      return;
    }
    var jump = event.target.closest("[data-jump]");
    if (jump) {
      jumpTo(jump.getAttribute("data-jump"), false);
      var sentence = document.getElementById(jump.getAttribute("data-jump"));
      if (sentence && sentence.hasAttribute("data-g")) { select(sentence); }
      return;
    }
    var sent = event.target.closest(".sent[data-g]");
    if (sent) { select(sent); }
  });

  document.addEventListener("keydown", function (event) {
    var t = event.target;
    if ((event.key === "Enter" || event.key === " ") && t.matches && t.matches(".sent[data-g]")) {
      event.preventDefault();
      select(t);
    } else if (event.key === "Escape") {
      clearSelection();
      if (status) { status.textContent = ""; }
      if (t && t.matches && t.matches("mark.f")) { t.classList.add("quiet"); }
    }
  });

  /* A dismissed tooltip (Escape) comes back the next time its mark gets focus. */
  document.addEventListener("focusout", function (event) {
    var t = event.target;
    if (t && t.classList && t.classList.contains("quiet")) { t.classList.remove("quiet"); }
  });
})();
