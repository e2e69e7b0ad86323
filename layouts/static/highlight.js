/* An item page opened from a search result (…/page.html?hl=词+词): each of the query's
   words is marked in the article wherever it occurs (a run of characters, not only a
   whole word, as the search found it), and a notice above the article says which
   words were marked, how often, and offers to remove the marks. */
(function () {
  "use strict";
  var wanted = new URLSearchParams(window.location.search).get("hl");
  var article = document.querySelector("article.item");
  if (!wanted || !article) return;
  var words = wanted.normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean)
    .filter(function (w, i, all) { return all.indexOf(w) === i; })
    .sort(function (a, b) { return b.length - a.length; });  /* the longest first */
  if (!words.length) return;
  var counts = {};
  var nodes = [];
  var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) nodes.push(walker.currentNode);
  nodes.forEach(function (node) {
    var text = node.nodeValue, lower = text.toLowerCase(), at = 0, parts = [];
    while (at < text.length) {
      var next = -1, word = "";
      words.forEach(function (w) {
        var found = lower.indexOf(w, at);
        if (found >= 0 && (next < 0 || found < next)) { next = found; word = w; }
      });
      if (next < 0) break;
      parts.push(document.createTextNode(text.slice(at, next)));
      var mark = document.createElement("mark");
      mark.className = "search-highlight";
      mark.textContent = text.slice(next, next + word.length);
      parts.push(mark);
      counts[word] = (counts[word] || 0) + 1;
      at = next + word.length;
    }
    if (!parts.length) return;
    parts.push(document.createTextNode(text.slice(at)));
    var holder = document.createDocumentFragment();
    parts.forEach(function (part) { holder.appendChild(part); });
    node.parentNode.replaceChild(holder, node);
  });
  var notice = document.createElement("p");
  notice.className = "highlight-notice";
  notice.setAttribute("role", "status");
  var found = words.filter(function (w) { return counts[w]; });
  notice.textContent = found.length
    ? "已高亮显示检索词：" + found.map(function (w) { return "“" + w + "”（" + counts[w] + " 处）"; }).join("、") + "。"
    : "本页正文中没有检索词“" + words.join(" ") + "”。";
  var clear = document.createElement("button");
  clear.type = "button";
  clear.textContent = "取消高亮";
  clear.addEventListener("click", function () {
    article.querySelectorAll("mark.search-highlight").forEach(function (mark) {
      mark.replaceWith(document.createTextNode(mark.textContent));
    });
    article.normalize();
    notice.remove();
  });
  if (found.length) notice.appendChild(clear);
  article.parentNode.insertBefore(notice, article);
  var first = article.querySelector("mark.search-highlight");
  if (first && first.closest(".prose")) first.scrollIntoView({ block: "center" });
})();
