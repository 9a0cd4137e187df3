/* Accessibility fixes to the theme's own markup, found by axe-core:
   Material's search panel is a dialog without a name. */
(function () {
  "use strict";

  function setUp() {
    document.querySelectorAll('.md-search[role="dialog"]').forEach(function (dialog) {
      if (!dialog.hasAttribute("aria-label") && !dialog.hasAttribute("aria-labelledby")) {
        dialog.setAttribute("aria-label", "Search");
      }
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
