// Open the folded parts of a page (boilerplate) that contain the element a link
// points at, in browsers that do not do it themselves. A source text folded behind
// a content warning stays folded until the reader opens it: a link to a quote in
// it lands on the warning, which says the quote is inside, and opening the text
// then shows the quote.
(function () {
  "use strict";
  var SENSITIVE = "details.dossier-sensitive";
  var chosen = new WeakSet(); // the warned texts the reader opened themselves

  function targetId() {
    try {
      return decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      // A fragment that is not valid percent-encoding, such as "#%", names no element.
      if (error instanceof URIError) return "";
      throw error;
    }
  }

  function reveal(target) {
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    target.scrollIntoView({ block: "center" });
  }

  function holdBack(sensitive, target) {
    // Browsers that open a folded text for a link have done so already: fold it again.
    sensitive.open = false;
    var note = sensitive.previousElementSibling;
    if (!note || !note.classList.contains("dossier-pending")) {
      note = document.createElement("p");
      note.className = "dossier-pending";
      note.setAttribute("role", "status");
      sensitive.before(note);
    }
    note.textContent = "The passage you followed is in this text, folded behind its " +
      "content warning: open it to read the passage.";
    var summary = sensitive.querySelector("summary");
    summary.scrollIntoView({ block: "center" });
    summary.focus({ preventScroll: true });
    if (sensitive.dataset.pending === "true") return;
    sensitive.dataset.pending = "true";
    sensitive.addEventListener("toggle", function shown() {
      if (!sensitive.open || !chosen.has(sensitive)) return;
      delete sensitive.dataset.pending;
      sensitive.removeEventListener("toggle", shown);
      note.remove();
      reveal(target);
    });
  }

  function openTarget() {
    var id = targetId();
    var target = id && document.getElementById(id);
    if (!target) return;
    var sensitive = target.closest(SENSITIVE);
    if (sensitive && !chosen.has(sensitive)) holdBack(sensitive, target);
    else reveal(target);
  }

  document.addEventListener("click", function (event) {
    var summary = event.target.closest && event.target.closest(SENSITIVE + " > summary");
    if (summary) chosen.add(summary.parentElement);
  });
  // Material opens the folded parts around a link's target too, after this script
  // has run: a warned text opened by anything but the reader is folded again.
  document.addEventListener(
    "toggle",
    function (event) {
      var details = event.target;
      if (!details.open || !details.matches(SENSITIVE) || chosen.has(details)) return;
      if (window.matchMedia("print").matches) return; // printing shows everything
      var id = targetId();
      var target = id && document.getElementById(id);
      if (target && details.contains(target)) holdBack(details, target);
      else details.open = false;
    },
    true
  );
  window.addEventListener("hashchange", openTarget);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", openTarget);
  } else {
    openTarget();
  }
})();
