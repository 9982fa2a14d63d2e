/* 评价器: go back to the tablet's start screen after a while, so the next person finds it ready.
   A script instead of <meta http-equiv="refresh"> (WCAG 2.2.1: axe-core flags delayed meta
   refreshes), plain ES5 for old tablet browsers. Without JavaScript the screen has a button. */
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var screen = document.querySelector("[data-return-after]");
    if (!screen) { return; }
    var seconds = parseInt(screen.getAttribute("data-return-after"), 10);
    var url = screen.getAttribute("data-return-url");
    if (!seconds || !url) { return; }
    window.setTimeout(function () { window.location.replace(url); }, seconds * 1000);
  });
})();
