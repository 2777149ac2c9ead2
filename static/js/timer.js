/* Speaking-time timer for the meeting moderator (seed rule: brief, on topic,
   the moderator keeps time). Counts down from the per-speaker limit; when time is
   up it turns red and tells screen readers through the aria-live status. */
(function () {
  "use strict";

  function format(seconds) {
    var sign = seconds < 0 ? "+" : "";
    var s = Math.abs(seconds);
    var m = Math.floor(s / 60);
    var r = s % 60;
    return sign + m + ":" + (r < 10 ? "0" : "") + r;
  }

  function setup(root) {
    var limit = parseInt(root.dataset.limit, 10) || 180;
    var display = root.querySelector("[data-timer-display]");
    var status = root.querySelector("[data-timer-status]");
    var start = root.querySelector("[data-timer-start]");
    var pause = root.querySelector("[data-timer-pause]");
    var reset = root.querySelector("[data-timer-reset]");
    var elapsedBefore = 0; // ms counted before the current run
    var runningSince = null; // performance.now() when started
    var tick = null;
    var announcedOver = false;

    function elapsed() {
      return elapsedBefore + (runningSince === null ? 0 : performance.now() - runningSince);
    }

    function say(text) {
      // Clearing first makes screen readers announce a repeated message again.
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }

    function render() {
      var left = limit - Math.floor(elapsed() / 1000);
      display.textContent = format(left);
      root.dataset.left = String(left);
      if (left <= 0) {
        root.classList.add("is-over");
        if (!announcedOver) {
          announcedOver = true;
          say(root.dataset.msgOver);
        }
      } else {
        root.classList.remove("is-over");
      }
    }

    function doStart() {
      if (runningSince !== null) return;
      runningSince = performance.now();
      tick = window.setInterval(render, 250);
      start.disabled = true;
      pause.disabled = false;
      root.dataset.state = "running";
      say(root.dataset.msgRunning);
      pause.focus();
    }

    function doPause() {
      if (runningSince === null) return;
      elapsedBefore = elapsed();
      runningSince = null;
      window.clearInterval(tick);
      start.disabled = false;
      pause.disabled = true;
      root.dataset.state = "paused";
      render();
      say(root.dataset.msgPaused);
      start.focus();
    }

    function doReset() {
      var wasRunning = runningSince !== null;
      window.clearInterval(tick);
      elapsedBefore = 0;
      runningSince = null;
      announcedOver = false;
      start.disabled = false;
      pause.disabled = true;
      root.dataset.state = "stopped";
      render();
      say(root.dataset.msgReset);
      if (wasRunning) start.focus();
    }

    start.addEventListener("click", doStart);
    pause.addEventListener("click", doPause);
    reset.addEventListener("click", doReset);
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      var key = event.key.toLowerCase();
      if (key === "s") { doStart(); event.preventDefault(); }
      else if (key === "p") { doPause(); event.preventDefault(); }
      else if (key === "r") { doReset(); event.preventDefault(); }
    });
    root.dataset.state = "stopped";
    render();
  }

  document.querySelectorAll("[data-timer]").forEach(setup);
})();
