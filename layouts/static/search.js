/* The search page: the form (and 高级检索) in the URL, Pagefind's API, results by relevance
   or newest first, exact look-ups of 文号, 索引号 and full titles pinned above them.

   A query's runs of characters are also searched as the words of their character pairs,
   which every item page is indexed with (gkssg/search/ngrams.py: charCode() and the
   q/z words mirror it), so any run cut from a title or a body finds its page whatever
   Pagefind's word splitting makes of it. normalise() and shardOf() mirror
   gkssg/search/exact.py. Change both sides together. */
"use strict";

const root = document.getElementById("search");
const form = document.getElementById("search-form");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const pinned = root.querySelector(".exact-hit");
const PAGE = 10;
const FIELDS = ["q", "in", "wh", "sy", "org", "col", "topic", "valid", "from", "to"];
const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
const MARK = root.dataset.mark;
const base = root.dataset.base;
let pagefind = null;
let asked = 0;

/* -- the words of a query ------------------------------------------------------ */

function charCode(char) {
  const point = char.codePointAt(0);
  let n;
  if (point >= 0x3400 && point < 0xa000) n = point - 0x3400;
  else if (point >= 0xf900 && point < 0xfb00) n = 27648 + point - 0xf900;
  else if (point >= 0x10000) n = 28160 + point % 8000;
  else n = 36160 + point % 10496;
  return DIGITS[Math.floor(n / 1296)] + DIGITS[Math.floor(n / 36) % 36] + DIGITS[n % 36];
}

function pairWords(run, kind) {
  const chars = Array.from(run);
  const words = [];
  for (let i = 0; i + 1 < chars.length; i++) {
    words.push(kind + charCode(chars[i]) + charCode(chars[i + 1]));
  }
  return words;
}

/* the query's runs of two or more characters (whitespace apart) and its single ones */
function parse(query) {
  const pieces = query.normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean);
  const runs = pieces.filter((piece) => Array.from(piece).length > 1);
  const singles = pieces.filter((piece) => Array.from(piece).length === 1);
  return { runs, singles, terms: [...new Set(pieces)] };
}

/* A run's words as Pagefind's own search splits it (Intl.Segmenter; punctuation out) */
const SEGMENTER = typeof Intl.Segmenter === "function"
  ? new Intl.Segmenter("zh", { granularity: "word" }) : null;
function wordsOf(run) {
  if (!SEGMENTER) return [run];
  return Array.from(SEGMENTER.segment(run)).filter((part) => part.isWordLike)
    .map((part) => part.segment);
}

/* The searches of a query in the full text: the pairs of its runs as typed (any run of a
   page is found), and a search finding what Pagefind's word search finds (合肥 … 养老 for
   合肥养老): the pairs of the runs' words apart, which finds every page the first does
   too, or, when a run holds a word of one character (which the pairs cannot find
   apart), Pagefind's word search itself. A single character between spaces is
   Pagefind's word in both. */
function fullText(parsed, query) {
  if (!parsed.runs.length) return { together: query, wider: query, covers: true };
  const words = parsed.runs.map(wordsOf);
  const text = (pairs) => [...new Set(pairs), ...parsed.singles].join(" ");
  const together = text(parsed.runs.flatMap((run) => pairWords(run, "q")));
  if (words.flat().some((word) => Array.from(word).length < 2)) {
    return { together, wider: query, covers: false };
  }
  return { together, wider: text(words.flat().flatMap((word) => pairWords(word, "q"))), covers: true };
}

function inTitle(parsed) {  /* the pairs of the title */
  return [...new Set(parsed.runs.flatMap((run) => pairWords(run, "z")))].join(" ");
}

/* -- the form and the URL ------------------------------------------------------ */

function stateOf(params) {
  const state = {};
  for (const name of FIELDS) state[name] = (params.get(name) || "").trim();
  const sort = params.get("sort");
  state.sort = sort === "date" || sort === "relevance" ? sort : (state.q ? "relevance" : "date");
  return state;
}

function fill(state) {
  for (const name of FIELDS) {
    const field = form.elements[name];
    if (field) field.value = state[name];
  }
  for (const radio of form.querySelectorAll("input[name=sort]")) {
    radio.checked = radio.value === state.sort;
  }
  const advanced = FIELDS.slice(1).some((name) => state[name]);
  if (advanced) document.getElementById("search-advanced").open = true;
}

function paramsOf(state) {
  const params = new URLSearchParams();
  for (const name of FIELDS) if (state[name]) params.set(name, state[name]);
  if (params.toString()) params.set("sort", state.sort);
  return params;
}

function asking(state) {
  return FIELDS.some((name) => state[name]);
}

/* -- filters: the fields of the 信息索引表 ---------------------------------------- */

function chosen(name, value) {  /* a column or a topic stands for those below it too */
  const option = Array.from(form.elements[name].options).find((o) => o.value === value);
  return option && option.dataset.values ? option.dataset.values.split("|") : [value];
}

function day(date) {
  return date.toISOString().slice(0, 10);
}

/* 发布日期 from–to as whole years, whole months and single days (Pagefind's filters
   年份, 月份 and 日期): both ends included. null: nothing can match. */
function dateFilter(from, to) {
  const [first, last] = root.dataset.years.split(" ");
  const pattern = /^\d{4}-\d{2}-\d{2}$/;
  const start = new Date((pattern.test(from) ? from : "") || first + "-01-01");
  const end = new Date((pattern.test(to) ? to : "") || last + "-12-31");
  const lowest = new Date(first + "-01-01"), highest = new Date(last + "-12-31");
  if (isNaN(start) || isNaN(end)) return null;
  const years = [], months = [], days = [];
  const at = new Date(Math.max(start, lowest));
  const stop = new Date(Math.min(end, highest));
  while (at <= stop) {
    const y = at.getUTCFullYear(), m = at.getUTCMonth(), d = at.getUTCDate();
    const yearEnd = new Date(Date.UTC(y, 11, 31)), monthEnd = new Date(Date.UTC(y, m + 1, 0));
    if (m === 0 && d === 1 && yearEnd <= stop) {
      years.push(String(y));
      at.setUTCFullYear(y + 1);
    } else if (d === 1 && monthEnd <= stop) {
      months.push(day(at).slice(0, 7));
      at.setUTCMonth(m + 1);
    } else {
      days.push(day(at));
      at.setUTCDate(d + 1);
    }
  }
  const any = [];
  if (years.length) any.push({ "年份": { any: years } });
  if (months.length) any.push({ "月份": { any: months } });
  if (days.length) any.push({ "日期": { any: days } });
  return any.length ? any : null;
}

let fieldValues = null;
function fieldsTable() {
  if (!fieldValues) {
    fieldValues = fetch(root.dataset.fields).then((r) => (r.ok ? r.json() : {}))
      .catch(() => ({}));
  }
  return fieldValues;
}

async function filtersOf(state) {
  const filters = {};
  if (state.org) filters["发布机构"] = state.org;
  if (state.valid) filters["有效性"] = state.valid;
  if (state.col) filters["栏目代码"] = { any: chosen("col", state.col) };
  if (state.topic) filters["主题"] = { any: chosen("topic", state.topic) };
  if (state.from || state.to) {
    const dates = dateFilter(state.from, state.to);
    if (!dates) return null;
    filters.any = dates;
  }
  for (const [name, field] of [["wh", "文号"], ["sy", "索引号"]]) {
    if (!state[name]) continue;
    const wanted = normalise(state[name]);
    const table = await fieldsTable();
    const values = (table[field] || []).filter((value) => normalise(value).includes(wanted));
    if (!values.length) return null;
    filters[field] = { any: values };
  }
  return filters;
}

/* -- Pagefind ------------------------------------------------------------------ */

function loadPagefind() {
  if (!pagefind) {
    pagefind = import(root.dataset.bundle + "pagefind.js").then(async (api) => {
      await api.options({ bundlePath: root.dataset.bundle, baseUrl: base, excerptLength: 30 });
      const merged = (root.dataset.merge || "").split(" ").filter(Boolean);
      for (const path of merged) await api.mergeIndex(path, { baseUrl: base });
      return api;
    });
  }
  return pagefind;
}

/* What a search found: how many, their ids, and next(n), the data of the next n. */
function listed(results) {
  let at = 0;
  return {
    count: results.length,
    ids: results.map((result) => result.id),
    next: (n) => {
      const part = results.slice(at, at + n);
      at += part.length;
      return Promise.all(part.map((result) => result.data()));
    },
  };
}

/* Lists each newest first, merged newest first by their pages' 发布日期 (loaded as shown) */
function newestFirst(lists) {
  const ids = [...new Set(lists.flatMap((results) => results.map((result) => result.id)))];
  const heads = lists.map(() => 0);
  const seen = new Set();
  const head = (i) => {
    while (heads[i] < lists[i].length && seen.has(lists[i][heads[i]].id)) heads[i]++;
    return heads[i] < lists[i].length ? lists[i][heads[i]].data() : null;
  };
  const dated = (data) => (data ? data.meta["发布日期"] || "" : null);
  return {
    count: ids.length,
    ids,
    next: async (n) => {
      lists.forEach((results, i) => results.slice(heads[i], heads[i] + n).forEach((r) => r.data()));
      const out = [];
      while (out.length < n) {
        const datas = await Promise.all(lists.map((_, i) => head(i)));
        let best = -1;
        datas.forEach((data, i) => {
          if (data && (best < 0 || dated(data) > dated(datas[best]))) best = i;
        });
        if (best < 0) break;
        seen.add(lists[best][heads[best]].id);
        heads[best]++;
        out.push(datas[best]);
      }
      return out;
    },
  };
}

async function find(state, parsed, ordered = true) {
  const api = await loadPagefind();
  const filters = await filtersOf(state);
  if (filters === null) return listed([]);
  const byDate = { filters, sort: { date: "desc" } };
  if (!state.q) {
    if (!Object.keys(filters).length) return listed([]);
    return listed((await api.search(null, byDate)).results);
  }
  let terms;
  if (state.in === "title") {
    terms = { together: inTitle(parsed) || state.q, wider: inTitle(parsed) || state.q, covers: true };
  } else {
    terms = fullText(parsed, state.q);
  }
  if (state.sort === "date") {
    if (terms.covers) return listed((await api.search(terms.wider, byDate)).results);
    const both = [terms.together, terms.wider].map((term) => api.search(term, byDate));
    return newestFirst((await Promise.all(both)).map((found) => found.results));
  }
  const asked = [...new Set([terms.together, terms.wider])];
  const found = await Promise.all(asked.map((term) => api.search(term, { filters })));
  const seen = new Set(), results = [];
  for (const search of found) {  /* the runs as typed first */
    for (const result of search.results) {
      if (!seen.has(result.id)) { seen.add(result.id); results.push(result); }
    }
  }
  if (ordered) await rerank(results, parsed);
  return listed(results);
}

/* Pagefind scores words, not runs: of the first page of results, a page holding the
   query's runs as they are typed goes first, in its title before in its text, and a title
   the query covers more of before one it covers less of (the whole title first). */
const RERANK = PAGE;
function placeOf(data, parsed) {
  const title = (data.meta.title || "").normalize("NFKC").toLowerCase();
  if (parsed.terms.every((term) => title.includes(term))) {
    const covered = parsed.terms.reduce((sum, term) => sum + term.length, 0);
    return [0, covered / Math.max(title.length, 1)];
  }
  const text = bodyText(data.content || "").normalize("NFKC").toLowerCase();
  return [parsed.terms.every((term) => text.includes(term)) ? 1 : 2, 0];
}

async function rerank(results, parsed) {
  const head = results.slice(0, RERANK);
  const loaded = await Promise.all(head.map((result) => result.data()));
  const placed = head.map((result, index) => ({ result, index, at: placeOf(loaded[index], parsed) }));
  placed.sort((a, b) => a.at[0] - b.at[0] || b.at[1] - a.at[1] || a.index - b.index);
  results.splice(0, head.length, ...placed.map((entry) => entry.result));
}

/* -- showing results ----------------------------------------------------------- */

function marked(element, text, terms) {  /* text, each of the terms in a <mark> */
  const lower = text.toLowerCase();
  let at = 0;
  while (at < text.length) {
    let next = -1, length = 0;
    for (const term of terms) {
      const found = lower.indexOf(term, at);
      if (found >= 0 && (next < 0 || found < next || (found === next && term.length > length))) {
        next = found;
        length = term.length;
      }
    }
    if (next < 0) break;
    element.append(text.slice(at, next));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(next, next + length);
    element.append(mark);
    at = next + length;
  }
  element.append(text.slice(at));
  return element;
}

/* the page's text as Pagefind has it, less the words of its pairs; Pagefind ends each
   block of the page with ". " */
function bodyText(content) {
  const cut = content.indexOf(MARK);
  const text = cut >= 0 ? content.slice(0, cut) : content;
  return text.replace(/\s+/g, " ").replace(/([^\x00-\x7f])\. /g, "$1 ").replace(/[.\s]+$/, "").trim();
}

function excerpt(content, terms) {
  const text = bodyText(content);
  const lower = text.toLowerCase();
  const hits = terms.map((term) => lower.indexOf(term)).filter((at) => at >= 0);
  const first = hits.length ? Math.min(...hits) : 0;
  const start = Math.max(0, first - 30);
  return (start > 0 ? "…" : "") + text.slice(start, start + 110) + (start + 110 < text.length ? "…" : "");
}

function item(data, terms) {
  const li = document.createElement("li");
  li.className = "search-result";
  const heading = document.createElement("h2");
  heading.className = "search-result__title";
  const link = document.createElement("a");
  const url = new URL(data.url, window.location.href);
  if (terms.length) url.searchParams.set("hl", terms.join(" "));
  link.href = url.pathname + url.search;
  heading.append(marked(link, data.meta.title || data.url, terms));
  const text = document.createElement("p");
  text.className = "search-result__excerpt";
  marked(text, excerpt(data.content || "", terms), terms);
  const facts = document.createElement("p");
  facts.className = "search-result__meta";
  const meta = data.meta;
  facts.textContent = [
    meta["发布日期"] && "发布日期：" + meta["发布日期"],
    meta["栏目"] && "栏目：" + meta["栏目"],
    meta["文号"] && "文号：" + meta["文号"],
    meta["索引号"] && "索引号：" + meta["索引号"],
  ].filter(Boolean).join("　");
  li.append(heading, text, facts);
  return li;
}

async function showMore(results, terms, number) {
  const loaded = await results.next(PAGE);
  if (number !== asked) return;
  for (const data of loaded) list.append(item(data, terms));
  more.hidden = list.children.length >= results.count;
}

function describe(state, count) {
  const what = state.q ? "“" + state.q + "”" : "所选条件";
  if (!count) return "未找到 " + what + " 的相关结果";
  const order = state.sort === "date" ? "按时间从新到旧排列" : "按相关度排列";
  return "找到 " + what + " 的相关结果 " + count + " 条，" + order;
}

/* -- exact look-ups: 文号, 索引号, full title ------------------------------------ */

const OPEN = "〔［【〖(（", CLOSE = "〕］】〗)）";
function normalise(text) {
  let out = "";
  text = text.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  for (const char of text) {
    if (OPEN.includes(char)) out += "[";
    else if (CLOSE.includes(char)) out += "]";
    else if (!"《》〈〉“”‘’\"'「」『』".includes(char)) out += char;
  }
  return out.replace(/[。.]+$/, "");
}

function shardOf(key) {
  const bytes = new TextEncoder().encode(key);
  let value = 0x811c9dc5;
  for (const byte of bytes) value = Math.imul(value ^ byte, 0x01000193) >>> 0;
  return value % (parseInt(root.dataset.exactShards, 10) || 1);
}

const shards = {};
function exact(query) {
  const key = normalise(query || "");
  if (!key) return Promise.resolve([]);
  const number = shardOf(key);
  if (!shards[number]) {
    shards[number] = fetch(root.dataset.exact + number + ".json")
      .then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
  }
  return shards[number].then((table) => table[key] || []);
}

function showExact(entries, terms) {
  const ol = pinned.querySelector("ol");
  ol.textContent = "";
  for (const [url, title, docNo, indexNo] of entries) {
    ol.append(item({ url, content: "", meta: { title, "文号": docNo, "索引号": indexNo } }, terms));
  }
  pinned.hidden = !entries.length;
}

/* -- running a search ---------------------------------------------------------- */

async function run(state) {
  const number = ++asked;
  const key = window.location.search;
  list.textContent = "";
  more.hidden = true;
  if (!asking(state)) {
    statusLine.textContent = "";
    showExact([], []);
    root.dataset.done = key;
    return;
  }
  statusLine.textContent = "正在检索……";
  const parsed = parse(state.q);
  const alone = state.q && !FIELDS.slice(1).some((name) => state[name]);
  let results, hits;
  try {
    [results, hits] = await Promise.all([find(state, parsed), alone ? exact(state.q) : []]);
  } catch (error) {  /* no index: a site without items yet */
    if (number !== asked) return;
    statusLine.textContent = "本站暂无可检索的信息。";
    root.dataset.done = key;
    return;
  }
  if (number !== asked) return;
  showExact(hits, parsed.terms);
  await showMore(results, parsed.terms, number);
  if (number !== asked) return;
  statusLine.textContent = describe(state, results.count);
  more.onclick = () => showMore(results, parsed.terms, number);
  root.dataset.done = key;
}

function go(state) {
  const params = paramsOf(state).toString();
  const url = window.location.pathname + (params ? "?" + params : "");
  if (url !== window.location.pathname + window.location.search) {
    window.history.pushState(null, "", url);
  }
  run(state);
}

function fromForm() {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) params.set(name, String(value));
  return stateOf(params);
}

/* while a query is typed, Pagefind loads the parts of the index its words are in */
let typing = 0;
form.elements.q.addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(async () => {
    const parsed = parse(form.elements.q.value);
    const term = form.elements.in.value === "title" ? inTitle(parsed) : fullText(parsed, "").together;
    if (term) (await loadPagefind()).preload(term);
  }, 150);
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  go(fromForm());
});
for (const radio of form.querySelectorAll("input[name=sort]")) {
  radio.addEventListener("change", () => go(fromForm()));
}
window.addEventListener("popstate", () => {
  const state = stateOf(new URLSearchParams(window.location.search));
  fill(state);
  run(state);
});

/* what the tests and bench/search_recall.py ask the page: the Pagefind ids of the pages a
   URL's query finds (in the order shown, or as found when ordered is false), and the
   loaded Pagefind (for the ids' pages) */
window.gkssgSearch = {
  find: async (search, ordered = true) => {
    const state = stateOf(new URLSearchParams(search));
    return (await find(state, parse(state.q), ordered)).ids;
  },
  pagefind: loadPagefind,
  pairs: (query, kind) => parse(query).runs.flatMap((run) => pairWords(run, kind)),
};

const initial = stateOf(new URLSearchParams(window.location.search));
fill(initial);
if (asking(initial)) run(initial);
else root.dataset.done = window.location.search;
