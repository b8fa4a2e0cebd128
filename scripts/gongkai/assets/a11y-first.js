/* gongkai 无障碍: the reader's saved choices applied, and the toolbar shown, before the page is drawn.
 * Loaded (not deferred) right after the toolbar by templates/partials/gongkai-a11y.html; a11y.js,
 * deferred, does the rest and applies the same choices the same way (its apply()). */
(function () {
  var s = {}, r = document.documentElement;
  try { s = JSON.parse(localStorage.getItem("gongkai-a11y") || "{}") || {}; } catch (e) {}
  // 高对比度 follows the system's "more contrast" until the reader chooses here (a11y.js, on()).
  if (typeof s.contrast !== "boolean") s.contrast = matchMedia("(prefers-contrast: more)").matches;
  ["contrast", "spacing", "cursor", "simple"].forEach(function (f) { if (s[f]) r.classList.add("gk-" + f); });
  if ([125, 150, 175, 200].indexOf(s.size) >= 0) {
    r.style.setProperty("--gk-text", String(s.size / 100));
    if (s.size >= 150) r.classList.add("gk-large");
  }
  document.querySelector("[data-gk-a11y]").hidden = false;
})();
