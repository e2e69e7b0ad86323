"""Raw HTML in bodies is sanitised; front-matter values are escaped in every output file."""

from __future__ import annotations

from pathlib import Path

import pytest

from gkssg.render.markdown import MarkdownRenderer

from support.scripts import html_findings, scan_output
from support.sites import SiteFiles, default_item

REMOVED = {
    "script": "<script>xss(1)</script>",
    "script_in_svg": "<svg><script>xss(1)</script></svg>",
    "svg_onload": "<svg onload=xss(1)>",
    "svg_use_href": '<svg><use href="data:image/svg+xml,<svg id=x onload=xss(1)>#x"/></svg>',
    "mathml_style_confusion": "<math><mtext><table><mglyph><style><img src=x onerror=xss(1)>",
    "noscript_confusion": '<noscript><p title="</noscript><img src=x onerror=xss(1)>">',
    "img_onerror": "<img src=x onerror=xss(1)>",
    "details_ontoggle": "<details open ontoggle=xss(1)>x</details>",
    "mixed_case_handler": '<p OnMouseOver="xss(1)">x</p>',
    "javascript_url": '<a href="javascript:xss(1)">x</a>',
    "javascript_mixed_case": '<a href="JaVaScRiPt:xss(1)">x</a>',
    "javascript_tab": '<a href="jav&#x09;ascript:xss(1)">x</a>',
    "javascript_newline": '<a href="jav&#x0A;ascript:xss(1)">x</a>',
    "javascript_entity": '<a href="&#106;avascript:xss(1)">x</a>',
    "javascript_leading_space": '<a href=" javascript:xss(1)">x</a>',
    "markdown_javascript_link": "[x](javascript:xss(1))",
    "markdown_javascript_image": "![x](javascript:xss(1))",
    "data_url": '<a href="data:text/html,<script>xss(1)</script>">x</a>',
    "data_url_markdown": "[x](data:text/html;base64,PHNjcmlwdD54c3MoMSk8L3NjcmlwdD4=)",
    "vbscript_url": '<a href="vbscript:msgbox(1)">x</a>',
    "iframe": '<iframe src="https://example.org/"></iframe>',
    "object": '<object data="x.swf"></object>',
    "embed": '<embed src="x.swf">',
    "style_element": "<style>body{background:url(javascript:xss(1))}</style>",
    "style_attribute": '<p style="background:url(javascript:xss(1))">x</p>',
    "form": '<form action="https://example.org/"><input name=q><button>go</button></form>',
    "base": '<base href="https://example.org/">',
    "meta_refresh": '<meta http-equiv="refresh" content="0;url=javascript:xss(1)">',
    "link_stylesheet": '<link rel=stylesheet href="https://example.org/x.css">',
    "attr_list_handler": 'para\n{: onclick="xss(1)" }',
    "unknown_element_handler": "<x onclick=xss(1)>y</x>",
}


@pytest.mark.parametrize("name", sorted(REMOVED))
def test_each_dangerous_construct_is_removed(name: str) -> None:
    html = MarkdownRenderer().render(REMOVED[name])
    assert html_findings(html) == [], html
    lowered = html.lower()
    for word in ("<script", "<iframe", "<object", "<embed", "<style", "<form", "<base", "<meta"):
        assert word not in lowered, html


KEPT = {
    "table": (
        '<table class="data"><caption>标准</caption><thead><tr><th scope="col">地区</th></tr>'
        '</thead><tbody><tr><td colspan="2" rowspan="1">合肥</td></tr></tbody></table>',
        ['<table class="data">', "<caption>标准</caption>", '<th scope="col">', 'colspan="2"'],
    ),
    "span_with_class": ('<span class="red">红头</span>', ['<span class="red">红头</span>']),
    "div_with_class_and_id": ('<div class="note" id="n1">注</div>', ['<div class="note" id="n1">']),
    "markdown_table": ("| 地区 | 标准 |\n|---|---|\n| 合肥 | 1 |\n", ["<table>", "<td>合肥</td>"]),
    "links": (
        '<a href="https://www.gov.cn/">国务院</a> <a href="附件/a.pdf">附件</a> '
        '<a href="mailto:x@example.gov.cn">信箱</a> <a href="tel:12333">电话</a>',
        ['href="https://www.gov.cn/"', 'href="附件/a.pdf"', 'href="mailto:', 'href="tel:12333"'],
    ),
    "local_image": (
        '<img src="附件/图.png" alt="图" width="10">',
        ['src="附件/图.png"', 'alt="图"'],
    ),
    "emphasis": ("**粗** *斜* <u>下</u> <sub>2</sub>", ["<strong>粗</strong>", "<u>下</u>"]),
    "code_shows_script_as_text": ("`<script>`", ["<code>&lt;script&gt;</code>"]),
}


@pytest.mark.parametrize("name", sorted(KEPT))
def test_what_editors_use_survives(name: str) -> None:
    source, expected = KEPT[name]
    html = MarkdownRenderer().render(source)
    for fragment in expected:
        assert fragment in html, html


def test_an_image_on_another_host_loses_its_source() -> None:
    html = MarkdownRenderer().render(
        '<img src="https://tracker.example.org/p.png" alt="a"> <img src="//x.example/p.png">'
        " ![b](http://x.example/p.png)"
    )
    assert "example" not in html
    assert 'alt="a"' in html


def test_sanitising_can_be_switched_off_in_site_yaml(tmp_path: Path) -> None:
    body = '<div class="x"><script src="/widgets/map.js"></script></div>\n'
    site = SiteFiles(tmp_path)
    site.config += "sanitize_html: false\n"
    site.with_item("catalog/regulations/a.md", body, **default_item(1))
    site.build()
    assert '<script src="/widgets/map.js"></script>' in site.read(
        "output/catalog/regulations/2008-00001.html"
    )
    site.config = site.config.replace("sanitize_html: false\n", "sanitize_html: true\n")
    site.build()
    assert "map.js" not in site.read("output/catalog/regulations/2008-00001.html")


# -- the XSS corpus: every value an editor writes, through every output file ----------

PAYLOADS = [
    "<script>xss(1)</script>",
    '"><script>xss(1)</script>',
    "'><img src=x onerror=xss(1)>",
    "</title><script>xss(1)</script>",
    "]]><script>xss(1)</script>",
    '" onmouseover="xss(1)',
    "javascript:xss(1)",
    "</script><script>xss(1)</script>",
    "<svg onload=xss(1)>",
    '=HYPERLINK("https://example.org","xss")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "{{ 7*7 }}{% raw %}",
]


def corpus_site(root: Path) -> SiteFiles:
    site = SiteFiles(root)
    site.with_file("content/catalog/regulations/附件/表.pdf", b"%PDF-1.4\n%%EOF\n")
    for seq, payload in enumerate(PAYLOADS, start=1):
        front = default_item(
            seq,
            title=f"标题{payload}",
            summary=f"摘要{payload}",
            keywords=[f"词{payload}", payload],
            doc_no=f"文号{payload}",
            genre=f"通知{payload}",
            publisher=f"机构{payload}",
            attachments=[{"path": "附件/表.pdf", "title": f"附件{payload}"}],
        )
        body = f"正文{payload}\n\n{payload}\n\n{REMOVED['javascript_tab']}\n"
        site.with_item(f"catalog/regulations/x{seq:02d}.md", body, **front)
        site.with_item(
            f"catalog/news/n{seq:02d}.md", payload + "\n", **default_item(seq + 50, title=payload)
        )
    return site


def test_no_payload_becomes_executable_in_any_output_file(tmp_path: Path) -> None:
    site = corpus_site(tmp_path)
    site.build()
    out = tmp_path / "output"
    checked = [p for p in out.rglob("*") if p.suffix in {".html", ".xml", ".json", ".csv"}]
    assert len(checked) >= 2 * len(PAYLOADS)
    assert scan_output(out) == {}
    # the payloads are there, as text
    page = site.read("output/catalog/regulations/2008-00001.html")
    assert "标题&lt;script&gt;xss(1)&lt;/script&gt;" in page
    assert "附件&lt;script&gt;" in page
    template_payload = site.read("output/catalog/regulations/2008-00012.html")
    assert "{{ 7*7 }}" in template_payload and ">49<" not in template_payload


def test_the_finder_does_find_scripts(tmp_path: Path) -> None:
    """The corpus check can fail: unsanitised output is caught in each kind of file."""
    (tmp_path / "a.html").write_text('<p><a href="jav&#x09;ascript:x()">x</a></p>', "utf-8")
    (tmp_path / "feed.xml").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">'
        "&lt;img src=x onerror=x()&gt;</content></entry></feed>",
        "utf-8",
    )
    (tmp_path / "feed.json").write_text(
        '{"items": [{"title": "<b>plain text</b>", "content_html": "<script>x()</script>"}]}'
    )
    (tmp_path / "catalog.csv").write_text('title\n=HYPERLINK("x")\n', "utf-8")
    assert sorted(scan_output(tmp_path)) == ["a.html", "catalog.csv", "feed.json", "feed.xml"]
