/* The search page: Pagefind's default UI (zh-CN), newest first, with exact
   look-ups of 文号, 索引号 and full titles pinned above Pagefind's results.
   normalise() and shardOf() mirror gkssg/search_exact.py exactly. */
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root) return;
  if (typeof PagefindUI !== "function") {  /* no bundle: a site without items yet */
    var none = document.createElement("p");
    none.className = "search-unavailable";
    none.textContent = "本站暂无可检索的信息。";
    root.appendChild(none);
    return;
  }
  var label = root.querySelector(".search-label");
  var exactBase = root.getAttribute("data-exact");
  var shards = parseInt(root.getAttribute("data-exact-shards"), 10) || 1;
  var loaded = {};
  var pinned = document.createElement("section");
  pinned.className = "exact-hit";
  pinned.setAttribute("aria-label", "精确匹配");
  pinned.hidden = true;
  var asked = 0;

  var OPEN = "〔［【〖(（", CLOSE = "〕］】〗)）";
  function normalise(text) {
    var out = "";
    text = text.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (OPEN.indexOf(c) >= 0) c = "[";
      else if (CLOSE.indexOf(c) >= 0) c = "]";
      else if ("《》〈〉“”‘’\"'「」『』".indexOf(c) >= 0) c = "";
      out += c;
    }
    return out.replace(/[。.]+$/, "");
  }
  function shardOf(key) {
    var bytes = new TextEncoder().encode(key), value = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      value = Math.imul(value ^ bytes[i], 0x01000193) >>> 0;
    }
    return value % shards;
  }
  function shard(number) {
    if (!loaded[number]) {
      loaded[number] = fetch(exactBase + number + ".json")
        .then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; });
    }
    return loaded[number];
  }
  function show(entries) {
    pinned.textContent = "";
    if (!entries || !entries.length) { pinned.hidden = true; return; }
    var heading = document.createElement("p");
    heading.className = "exact-hit__label";
    heading.textContent = "精确匹配";
    var list = document.createElement("ol");
    list.className = "pagefind-ui__results";
    entries.forEach(function (entry) {
      var li = document.createElement("li");
      li.className = "pagefind-ui__result exact-hit__result";
      var inner = document.createElement("div");
      inner.className = "pagefind-ui__result-inner";
      var title = document.createElement("p");
      title.className = "pagefind-ui__result-title";
      var link = document.createElement("a");
      link.className = "pagefind-ui__result-link";
      link.href = entry[0];
      link.textContent = entry[1];
      title.appendChild(link);
      var facts = document.createElement("p");
      facts.className = "pagefind-ui__result-excerpt";
      facts.textContent = (entry[2] ? "文号：" + entry[2] + "　" : "") + "索引号：" + entry[3];
      inner.appendChild(title);
      inner.appendChild(facts);
      li.appendChild(inner);
      list.appendChild(li);
    });
    pinned.appendChild(heading);
    pinned.appendChild(list);
    pinned.hidden = false;
    place();
  }
  function lookUp(term) {
    var number = ++asked, key = normalise(term || "");
    if (!key) { show(null); root.setAttribute("data-exact-for", ""); return; }
    shard(shardOf(key)).then(function (table) {
      if (number !== asked) return;
      show(table[key]);
      root.setAttribute("data-exact-for", term);  /* the look-up is done (tests wait on it) */
    });
  }
  /* Keep the pinned hit just above Pagefind's own result list. */
  function place() {
    var area = root.querySelector(".pagefind-ui__results-area");
    if (!area) return;
    var list = area.querySelector(":scope > ol.pagefind-ui__results");
    if (list) {
      if (pinned.nextSibling !== list) area.insertBefore(pinned, list);
    } else if (pinned.parentNode !== area) {
      area.appendChild(pinned);
    }
  }
  function remember(term) {
    var url = new URL(window.location.href);
    if (term) url.searchParams.set("q", term); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
  }

  /* one bundle per year: the newest is Pagefind's own, the older ones are merged
     in, newest first (gkssg/search_years.py keeps that order under the date sort) */
  var base = root.getAttribute("data-base");
  var merged = (root.getAttribute("data-merge") || "").split(" ").filter(Boolean)
    .map(function (path) { return { bundlePath: path, baseUrl: base }; });
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: root.getAttribute("data-bundle"),
    mergeIndex: merged,
    baseUrl: base,
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    excerptLength: 40,
    sort: { date: "desc" },
    openFilters: ["栏目"],
    processTerm: function (term) {
      lookUp(term);
      remember(term);
      return term;
    }
  });
  new MutationObserver(place).observe(root, { childList: true, subtree: true });
  var input = root.querySelector(".pagefind-ui__search-input");
  if (input && label) {  /* the label stays above Pagefind's form, which follows it */
    input.id = "search-input";
    label.htmlFor = input.id;  /* set only once the input exists: no label points at nothing */
    label.hidden = false;
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
