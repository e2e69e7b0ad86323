"""gkssg.render.md_processors: the faster tree processors give the stock processors' HTML."""

from __future__ import annotations

import random

import markdown
import pytest
from markdown.treeprocessors import InlineProcessor

from gkssg.render.markdown import markdown_extensions
from gkssg.render.md_processors import GATED_PATTERNS

from conftest import REPO

#: One document per kind of inline markup and per way a heading gets its id.
SAMPLES = {
    "plain": "为进一步规范工作，现就有关事项通知如下。\n\n第二段，没有任何标记。",
    "code": "使用 `gkssg build` 命令；转义的 \\\\`反引号`。",
    "escape": "星号 \\*不是强调\\*，下划线 \\_也不是\\_。",
    "footnote": "依据条例[^1]执行。\n\n[^1]: 《中华人民共和国政府信息公开条例》。",
    "link": '见[通知](/catalog/a.html "标题")与[参考][r]及[简写]。\n\n'
    "[r]: /r.html\n[简写]: /s.html",
    "image": "![图一](a.png) 和 ![图二][img] 和 ![img]\n\n[img]: b.png",
    "autolink": "网址 <https://www.example.gov.cn/> 邮箱 <xxgk@example.gov.cn>。",
    "linebreak": "第一行  \n第二行",
    "html": '含有<span class="x">内联</span>标签<br>与<!-- 注释 -->。',
    "entity": "符号 &amp; &copy; &#169; &#xA9; 和裸 & 号，<与>。",
    "emphasis": "*强调* **加粗** ***二者*** _下划线_ __双__ snake_case_name * 孤立 *",
    "table": "| 栏目 | 条数 |\n|---|---:|\n| **规范性文件** | 12 |\n| 部门动态 | `3` |",
    "list": "1. 第一项\n2. *第二项*\n\n- 无序\n- [链接](/x)",
    "headings": "# 一、总则\n\n## 一、总则\n\n## 一、总则\n\n### 第1条  多  空格\n\n"
    "## Mixed Case & Co\n\n## *强调*的标题\n\n## 含`代码`的标题\n\n## 脚注标题[^n]\n\n"
    '## <span>内联</span>HTML\n\n## 自定 {#custom-id}\n\n## 标签 {data-toc-label="短"}\n\n'
    "## custom-id\n\n#\n\n设置标题\n========\n\n> ## 引用中的标题\n\n[^n]: 注。",
    "taken_ids": "## 总则 {#总则_1}\n\n## 总则\n\n## 总则\n\n## 总则",
    "toc_marker": "[TOC]\n\n## 一、总则\n\n### 适用范围\n\n## 二、附则",
    "fenced": "```\n**不是强调** [不是链接](x)\n```\n\n正文。",
    "rules": "第一段\n\n***\n\n* * *\n\n___\n\n- - -\n\n二级标题\n--------\n\n一级标题\n===",
    "placeholders": "<div>\n块级 HTML\n</div>\n\n段落 &amp; 实体。",
}


def _render(text: str, *, fast: bool, extra: tuple[str, ...] = ()) -> str:
    md = markdown.Markdown(extensions=[*markdown_extensions(fast=fast), *extra])
    return md.convert(text)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_fast_processors_give_the_stock_html(name: str) -> None:
    text = SAMPLES[name]
    assert _render(text, fast=True) == _render(text, fast=False)


def test_the_sample_site_renders_as_with_the_stock_processors() -> None:
    sources = sorted((REPO / "content").rglob("*.md"))
    assert len(sources) > 50
    fast = markdown.Markdown(extensions=markdown_extensions())
    stock = markdown.Markdown(extensions=markdown_extensions(fast=False))
    for source in sources:
        text = source.read_text(encoding="utf-8")
        fast.reset()
        stock.reset()
        assert fast.convert(text) == stock.convert(text), source.name


def test_heading_ids_are_those_of_toc() -> None:
    html = _render(SAMPLES["headings"], fast=True)
    for expected in ('id="一总则"', 'id="一总则_1"', 'id="一总则_2"', 'id="custom-id"'):
        assert expected in html
    assert 'id="custom-id_1"' in html  # the heading text that collides with a set id
    assert "data-toc-label" not in html


def test_plain_text_never_reaches_the_inline_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    applied: list[str] = []
    stock_apply = InlineProcessor._InlineProcessor__applyPattern  # type: ignore[attr-defined]

    def counting(self: InlineProcessor, pattern: object, *args: object) -> object:
        applied.append(type(pattern).__name__)
        return stock_apply(self, pattern, *args)

    monkeypatch.setattr(InlineProcessor, "_InlineProcessor__applyPattern", counting)
    _render(SAMPLES["plain"] + "\n\n## 标题\n\n- 列表项", fast=True)
    assert applied == []
    _render(SAMPLES["plain"], fast=False)
    assert len(applied) >= len(GATED_PATTERNS)  # the stock processor tries each pattern
    applied.clear()
    _render("含有**加粗**的段落。", fast=True)
    assert applied  # text that may match goes through the patterns


def test_the_gate_names_exactly_the_registered_patterns() -> None:
    md = markdown.Markdown(extensions=markdown_extensions(fast=False))
    assert {name for name in GATED_PATTERNS if name in md.inlinePatterns} == GATED_PATTERNS
    assert len(md.inlinePatterns) == len(GATED_PATTERNS)


def test_another_extensions_patterns_turn_the_gate_off() -> None:
    text = "他说：\"依法公开\" -- 并且... 引用 '单引号' <<书名>>"
    fast = _render(text, fast=True, extra=("smarty",))
    assert fast == _render(text, fast=False, extra=("smarty",))
    assert "&ldquo;" in fast or "&mdash;" in fast or "&hellip;" in fast


def test_random_documents_render_as_with_the_stock_processors() -> None:
    """Chinese text strewn with every character that starts markup, in lines that
    become headings, lists, quotes, tables and paragraphs: the same HTML."""
    rng = random.Random(20261130)
    pieces = [*"政府信息公开目录规范编码统一", *"`\\[]()!<>&*_{}#:|-=~^\"' ", "  \n", "\n", "\n\n"]
    starts = ["", "", "## ", "- ", "1. ", "> ", "| ", "    ", "[^1]: ", "[r]: /x "]
    fast = markdown.Markdown(extensions=markdown_extensions())
    stock = markdown.Markdown(extensions=markdown_extensions(fast=False))
    for _ in range(300):
        lines = [
            rng.choice(starts) + "".join(rng.choices(pieces, k=rng.randint(1, 30)))
            for _ in range(rng.randint(1, 8))
        ]
        text = "\n".join(lines)
        fast.reset()
        stock.reset()
        assert fast.convert(text) == stock.convert(text), text
