"""The benchmark corpus as a Hugo site, with templates equivalent to gkssg's pages.

Item pages with a metadata table, per-column lists of 20 per page, a home
page with the column tree and the newest items, one site feed — the same
work gkssg does, so the two can be timed side by side.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

CONFIG = """\
baseURL = "https://xxgk.example.gov.cn/"
languageCode = "zh-CN"
title = "安徽省劳动保障厅政府信息公开（基准测试）"
disableKinds = ["taxonomy", "term"]
[pagination]
  pagerSize = 20
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
"""

BASEOF = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} - {{ site.Title }}</title>
<meta name="SiteName" content="{{ site.Title }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<nav><ul>{{ range site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>
<main>{{ block "main" . }}{{ end }}</main><footer>主办单位：安徽省劳动和社会保障厅</footer></body></html>
"""

SINGLE = """{{ define "main" }}<table><caption>信息索引表</caption>
<tr><th>索引号</th><td>{{ .Params.index_no }}</td><th>主题分类</th><td>{{ .Params.topic }}</td></tr>
<tr><th>文号</th><td>{{ .Params.doc_no }}</td><th>发布日期</th><td>{{ .Date.Format "2006-01-02" }}</td></tr>
</table><h1>{{ .Title }}</h1>{{ .Content }}
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">上一篇</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">下一篇</a>{{ end }}{{ end }}
"""

LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><table>
{{ range .Paginator.Pages }}<tr><td>{{ .Params.index_no }}</td><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Date.Format "2006-01-02" }}</td></tr>{{ end }}
</table>{{ template "_internal/pagination.html" . }}{{ end }}
"""

HOME = """{{ define "main" }}<ul>{{ range site.Sections }}<li>{{ .Title }}</li>{{ end }}</ul>
<ul>{{ range first 10 site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def write_hugo(items: list[Any], columns: list[tuple[str, str, str, str, int]], out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    layouts = out / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (out / "hugo.toml").write_text(CONFIG, "utf-8")
    (layouts / "baseof.html").write_text(BASEOF, "utf-8")
    (layouts / "single.html").write_text(SINGLE, "utf-8")
    (layouts / "list.html").write_text(LIST, "utf-8")
    (out / "layouts" / "index.html").write_text(HOME, "utf-8")
    for folder, _code, title, _layout, _ in columns:
        path = out / "content" / folder / "_index.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: {title}\n---\n", "utf-8")
    seq: dict[int, int] = {}
    for item in sorted(items, key=lambda i: (i.published, i.column, i.name)):
        year = item.published.year
        seq[year] = seq.get(year, 0) + 1
        front = (
            f"---\ntitle: {item.title}\ndate: {item.published:%Y-%m-%dT%H:%M:00+08:00}\n"
            f'index_no: "00298196X/{year}-{seq[year]:05d}"\n'
            f"doc_no: {item.doc_no}\ntopic: {item.topic}\n"
            f"slug: {year}-{seq[year]:05d}\n---\n"
        )
        (out / "content" / item.column / item.name).write_text(front + item.body, "utf-8")
