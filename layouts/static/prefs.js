/* 适老化 preferences: font size and high contrast, remembered across pages.
   The page is complete without this script; it only adds the switches. */
(function () {
  "use strict";
  var root = document.documentElement;
  function load(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function save(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } }
  function apply() {
    var font = load("gkssg-font") || "standard";
    root.classList.remove("font-large", "font-larger");
    if (font !== "standard") { root.classList.add("font-" + font); }
    root.classList.toggle("high-contrast", load("gkssg-contrast") === "on");
    return font;
  }
  apply();
  document.addEventListener("DOMContentLoaded", function () {
    var tools = document.getElementById("a11y-tools");
    if (!tools) { return; }
    tools.hidden = false;
    function sync() {
      var font = apply();
      tools.querySelectorAll("[data-font]").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b.getAttribute("data-font") === font));
      });
      var contrast = tools.querySelector("[data-contrast]");
      contrast.setAttribute("aria-pressed", String(load("gkssg-contrast") === "on"));
    }
    tools.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) { return; }
      if (button.hasAttribute("data-font")) { save("gkssg-font", button.getAttribute("data-font")); }
      if (button.hasAttribute("data-contrast")) {
        save("gkssg-contrast", load("gkssg-contrast") === "on" ? "off" : "on");
      }
      sync();
    });
    sync();
  });
})();
