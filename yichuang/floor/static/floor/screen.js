// The call screen: htmx refreshes #screen-now every second; each new call (ticket id + number of
// calls, so a recall speaks again) is read aloud with the browser's speechSynthesis. Browsers
// allow speech only after one interaction, so a button asks for it once when needed.
(function () {
  "use strict";
  var spoken = new Set();
  var enabled = false;
  var first = true;

  function speak(text) {
    if (!enabled || !("speechSynthesis" in window)) return;
    var u = new SpeechSynthesisUtterance(text + "," + text);
    u.lang = "zh-CN";
    u.rate = 0.9;
    window.speechSynthesis.speak(u);
  }

  function scan() {
    var calls = document.querySelectorAll("[data-announce]");
    for (var i = calls.length - 1; i >= 0; i--) {
      var key = calls[i].getAttribute("data-announce");
      if (!spoken.has(key)) {
        spoken.add(key);
        if (!first) speak(calls[i].textContent.trim());
      }
    }
    first = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("speech-on");
    if ("speechSynthesis" in window && button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        enabled = true;
        button.hidden = true;
        speak("语音播报已开启");
      });
    }
    scan();
    document.body.addEventListener("htmx:afterSwap", scan);
  });
})();
