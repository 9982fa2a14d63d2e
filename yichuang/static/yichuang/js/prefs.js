/* 适老化 display preferences: large text and high contrast, remembered in localStorage.
   Plain ES5 because village phones run old browsers; no library, nothing from the internet.
   A link may also switch them on (?large-text=1), e.g. one a clerk sends to an elderly citizen. */
(function () {
  var root = document.documentElement;
  var PREFS = ["large-text", "high-contrast"];
  var PREFIX = "yichuang.pref.";

  function load(name) {
    try { return window.localStorage.getItem(PREFIX + name) === "1"; } catch (e) { return false; }
  }
  function save(name, on) {
    try { window.localStorage.setItem(PREFIX + name, on ? "1" : "0"); } catch (e) { /* private mode: session only */ }
  }
  function apply(name, on) {
    if (on) { root.classList.add(name); } else { root.classList.remove(name); }
  }

  var query = window.location.search;
  for (var i = 0; i < PREFS.length; i++) {
    var name = PREFS[i];
    var asked = query.match(new RegExp("[?&]" + name + "=([01])"));
    if (asked) { save(name, asked[1] === "1"); }
    apply(name, load(name));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-pref]");
    for (var j = 0; j < buttons.length; j++) {
      (function (button) {
        var pref = button.getAttribute("data-pref");
        button.hidden = false;
        button.setAttribute("aria-pressed", root.classList.contains(pref) ? "true" : "false");
        button.addEventListener("click", function () {
          var on = !root.classList.contains(pref);
          apply(pref, on);
          save(pref, on);
          button.setAttribute("aria-pressed", on ? "true" : "false");
        });
      })(buttons[j]);
    }
  });
})();
