// The published answers of a paragraph, or of the whole document, load in place under
// it (docs/architecture.md, "Caching"). Each is a plain link to its answers
// page, which is what it opens without JavaScript; this one delegated handler swaps the
// same address's fragment (htmx sends HX-Request) into the link's container. One
// handler instead of hx-get/hx-target/hx-swap and an id on every answered paragraph of
// the cached page.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.ctrlKey || event.metaKey || event.shiftKey || event.altKey ||
      !window.htmx
    ) {
      return; // a new tab or window still opens the answers page
    }
    var link = event.target.closest ? event.target.closest(".answers > a[href]") : null;
    if (!link) {
      return;
    }
    event.preventDefault();
    window.htmx.ajax("GET", link.href, {
      source: link,
      target: link.parentElement,
      swap: "innerHTML",
    });
  });
})();
