// Open the folded parts of a page (sensitive source texts, boilerplate) that
// contain the element a link points at, in browsers that do not do it themselves.
(function () {
  "use strict";
  function targetId() {
    try {
      return decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      // A fragment that is not valid percent-encoding, such as "#%", names no element.
      if (error instanceof URIError) return "";
      throw error;
    }
  }
  function openTarget() {
    var id = targetId();
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    if (target) target.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", openTarget);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", openTarget);
  } else {
    openTarget();
  }
})();
