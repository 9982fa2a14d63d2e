/* 智能导办: when the answers load, move focus to their heading, so a keyboard or screen-reader
   user lands on the answers instead of the top of the page (issue 15 §7). Plain ES5. */
document.addEventListener("DOMContentLoaded", function () {
  var heading = document.getElementById("results-heading");
  if (heading) { heading.focus(); }
});
