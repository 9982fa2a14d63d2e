/* The print page's "打印" button: shown only when the script runs (it needs window.print). */
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("print-now");
    if (!button || !window.print) { return; }
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
