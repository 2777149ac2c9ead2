// "Propose a change" (Zaproponuj zmianę): selecting words in a paragraph of the public
// draft offers a link to the comment form with exactly that span as the current
// wording (issue 11, item 4). Without JS the "Comment" link of each paragraph remains.
(function () {
  "use strict";
  var doc = document.querySelector(".draft-document[data-comment-url]");
  if (!doc) {
    return;
  }
  var link = document.createElement("a");
  link.className = "btn btn-primary btn-sm ms-2 propose-change";
  link.textContent = doc.getAttribute("data-propose-label");
  link.hidden = true;

  function paragraphOf(node) {
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    return element ? element.closest(".paragraph") : null;
  }

  document.addEventListener("selectionchange", function () {
    var selection = document.getSelection();
    var text = selection ? selection.toString().trim() : "";
    var paragraph = selection && paragraphOf(selection.anchorNode);
    if (!text || !paragraph || paragraph !== paragraphOf(selection.focusNode)) {
      link.hidden = true;
      return;
    }
    var label = paragraph.id.replace(/^p-/, "");
    link.href =
      doc.getAttribute("data-comment-url") +
      "?paragraph=" + encodeURIComponent(label) +
      "&current=" + encodeURIComponent(text.slice(0, 2000));
    var meta = paragraph.querySelector(".para-meta");
    if (meta && link.parentElement !== meta) {
      meta.appendChild(link);
    }
    link.hidden = false;
  });
})();
