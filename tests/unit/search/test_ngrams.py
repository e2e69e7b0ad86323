"""The words of character pairs Pagefind indexes each item page with (gkssg.search.ngrams)."""

from __future__ import annotations

from gkssg.search.ngrams import (
    MARK,
    TITLE_WEIGHT,
    char_code,
    page_text,
    pairs,
    searchable_copy,
    words,
)

PAGE = """<!DOCTYPE html><html lang="zh-CN"><body><nav>栏目导航</nav>
<article class="item" data-pagefind-body>
<table><tr data-pagefind-ignore><th>发布机构</th><td>安徽省劳动和社会保障厅</td></tr>
<tr><th data-pagefind-ignore>主题词</th><td>失业 保险</td></tr></table>
<h1>关于调整<em>失业</em>保险金标准的通知</h1>
<div class="prose"><p>各市<strong>劳动</strong>保障局：现将有关事项通知如下。</p></div>
</article><footer>网站标识码</footer></body></html>"""


def test_the_pairs_of_a_text_are_its_adjacent_characters_whitespace_apart() -> None:
    assert pairs("安徽省 人力") == {"安徽", "徽省", "人力"}
    assert pairs("a") == set() and pairs("") == set()
    assert pairs("法》解读") == {"法》", "》解", "解读"}


def test_codes_are_three_base36_digits_and_words_seven_characters() -> None:
    assert {len(char_code(char)) for char in "安〇Aa1，𠀀\uffff"} == {3}
    assert len({char_code(chr(point)) for point in range(0x3400, 0xA000)}) == 0xA000 - 0x3400
    found = words(pairs("安徽省人力资源和社会保障厅 2008年"))
    assert all(len(word) == 7 and word[0] == "q" for word in found.split())
    assert words(pairs("安徽"), "z").startswith("z")


def test_widths_case_and_compatibility_ideographs_give_the_same_words() -> None:
    def same(text: str) -> set[str]:
        return set(words(pairs(text)).split())

    assert same("２００８年ＡＢ") == same("2008年ab")
    assert same("\uf900\u4e00") == same("豈一")  # U+F900 is NFKC U+8C48
    assert words(pairs("𠀀𠀁好")).split() == ["q" + char_code("𠀀") + char_code("𠀁"),
                                           "q" + char_code("𠀁") + char_code("好")]  # fmt: skip


def test_the_words_of_a_set_are_one_text() -> None:
    assert words({"保险", "安徽", "失业"}) == words({"失业", "安徽", "保险"})
    assert words(set()) == ""


def test_page_text_leaves_out_ignored_elements_and_joins_inline_markup() -> None:
    text = page_text(PAGE)
    assert "安徽省劳动和社会保障厅" not in text and "主题词" not in text
    assert "关于调整失业保险金标准的通知" in text and "各市劳动保障局" in text


def test_the_copy_adds_the_pairs_at_the_end_of_the_searchable_element() -> None:
    copy = searchable_copy(PAGE)
    assert copy.startswith(PAGE[: PAGE.index("</article>")])
    assert copy.endswith(PAGE[PAGE.index("</article>") :])
    added = copy[PAGE.index("</article>") : copy.index("</article>")]
    assert added.startswith(f'<div>{MARK}</div><div data-pagefind-weight="{TITLE_WEIGHT}">')
    title = words(pairs("关于调整失业保险金标准的通知"))
    assert title in added and words(pairs("关于调整失业保险金标准的通知"), "z") in added
    body = set(added.split("</div><div>")[-1].removesuffix("</div>").split())
    assert words({"劳动", "动保", "各市"}).split()[0] in body  # across <strong>
    assert not body & set(title.split())  # the title's pairs once, weighted
    assert words(pairs("社会保障厅")).split()[0] not in added  # an ignored row
    assert "网站" not in page_text(added) and words(pairs("网站标识码")).split()[0] not in added


def test_a_page_without_a_searchable_element_gets_the_pairs_of_its_body() -> None:
    page = "<html><body><h1>标题</h1><p>正文内容</p></body></html>"
    copy = searchable_copy(page)
    assert copy.endswith("</body></html>") and words(pairs("正文内容")).split()[0] in copy
