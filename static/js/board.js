/* SWOT board: htmx polls the items partial every few seconds. Polling waits while
   someone is choosing or typing inside the board (a moderator picking a merge
   target), and keyboard focus returns to the same button after a swap. */
(function () {
  "use strict";
  var lastFocusId = null;

  window.boardMayRefresh = function () {
    var board = document.getElementById("board");
    if (!board) return false;
    var active = document.activeElement;
    if (active && board.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) {
      return false;
    }
    return !board.querySelector("details[open]");
  };

  // Cancelling here rather than with an hx-trigger filter keeps htmx free of eval
  // (ready for a Content-Security-Policy without 'unsafe-eval').
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.id === "board" && !window.boardMayRefresh()) {
      event.preventDefault();
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "board") {
      var active = document.activeElement;
      lastFocusId = active && active.id && event.detail.target.contains(active) ? active.id : null;
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "board" && lastFocusId) {
      var again = document.getElementById(lastFocusId);
      if (again) again.focus();
      lastFocusId = null;
    }
  });
})();
