"""Property tests: whatever lands in content/, loading and rendering end in a site or in problems.

Each example writes one hostile file into a small site and runs the real
pipeline in-process (``load_site``, the output plan, the page renderer). The
outcome must be reported problems or rendered pages without executable
script, never an exception. CI runs a fixed seed and few examples;
``HYPOTHESIS_PROFILE=long`` runs 10,000 per test (tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from gkssg.base.errors import CODES, Problems
from gkssg.content.frontmatter import COLUMN_FIELDS, ITEM_FIELDS
from gkssg.content.site import load_site
from gkssg.outputs.writing import make_renderer
from gkssg.pipeline.planning import plan_outputs

from support.scripts import html_findings
from support.sites import SiteFiles, default_item, item_file

FUZZ_ITEM = "content/catalog/regulations/fuzz.md"
FUZZ_COLUMN = "content/catalog/news/_index.md"
KEYS = sorted(
    {f.name for f in ITEM_FIELDS + COLUMN_FIELDS}
    | {f.alias for f in ITEM_FIELDS + COLUMN_FIELDS if f.alias}
)
VALID = default_item(77, summary="摘要", keywords=["社会保险"], doc_no="皖劳社〔2008〕1号")


@pytest.fixture(scope="module")
def fuzz_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteFiles]:
    """A small valid site; each example overwrites one file of it."""
    site = SiteFiles(tmp_path_factory.mktemp("fuzz")).with_items(2)
    site.write()
    original = (site.root / FUZZ_COLUMN).read_bytes()
    yield site
    (site.root / FUZZ_COLUMN).write_bytes(original)


def load_and_render(site: SiteFiles, path: str, data: bytes) -> Problems:
    """Write ``data`` at ``path``, then load, check, plan and render like a build does."""
    target = site.root / path
    target.write_bytes(data)
    try:
        problems = Problems()
        loaded = load_site(site.root, problems)
        assert loaded is not None
        for problem in problems:
            assert problem.code in CODES
            assert "\n" not in problem.format()
        if problems.has_errors:
            return problems
        plan = plan_outputs(loaded, problems)
        renderer = make_renderer(loaded)
        wanted = ("index.html", "catalog/regulations/", "catalog/news/")
        for page in plan.pages:
            if page.path.startswith(wanted):
                html = renderer.render(page.job).decode("utf-8")
                assert html_findings(html) == [], page.path
        return problems
    finally:
        target.unlink(missing_ok=True)


# -- strategies -------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),
    st.text(max_size=40),
    st.binary(max_size=20),
    st.dates().map(dt.date.isoformat),
    st.from_regex(r"\A[0-9]{1,5}-[0-9]{1,2}-[0-9]{1,2}( [0-9]{1,2}:[0-9]{2})?\Z"),
    st.sampled_from(
        [
            "有效",
            "废止",
            "主动公开",
            "依申请公开",
            "00298196X/2008-00001",
            "附件/x.pdf",
            "0203",
            "0000-00-00",
            "2008-02-30",
            "<script>xss(1)</script>",
            "../../site.yaml",
            "/etc/passwd",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["by", "date", "path", "title", "x"]) | st.text(max_size=5),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)
FRONT_MATTER = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), VALUES, max_size=8)

NASTY = [
    "&a ",
    "*a",
    "&a [1, 2]\n",
    "<<: *a\n",
    "!!python/object/apply:os.system [id]",
    "!!binary ",
    "!!int ",
    "!!timestamp ",
    "!custom ",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "\x00",
    "\ufeff",
    "\r",
    "\r\n",
    "\t",
    "{",
    "}",
    "[",
    "]",
    ": ",
    "- ",
    "? ",
    "---\n",
    "...\n",
    "'",
    '"',
    "\\",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "\x85",
    "\u2028",
    "\ud800",
    "#",
    "|\n",
    ">-\n",
    "长" * 3000,
    "9" * 5000,
    "\x1b[31m",
    "0203",
    "2008-13-45",
    "null",
    "~",
]


@st.composite
def mutated_text(draw: st.DrawFn, base: str) -> str:
    """``base`` with a few nasty fragments inserted, ranges deleted or lines repeated."""
    text = base
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "repeat"]))
        if action == "insert":
            fragment = draw(st.sampled_from(NASTY) | st.text(max_size=10))
            text = text[:position] + fragment + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 30)) :]
        else:
            end = text.find("\n", position)
            line = text[position : end + 1 if end >= 0 else len(text)]
            text = text[:position] + line * draw(st.integers(2, 50)) + text[position:]
    return text


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


# -- properties -------------------------------------------------------------------


@given(front=FRONT_MATTER, over_valid=st.booleans())
def test_random_front_matter_is_built_or_reported(
    fuzz_site: SiteFiles, front: dict[str, object], over_valid: bool
) -> None:
    values = {**VALID, **front} if over_valid else front
    text = "---\n" + yaml.safe_dump(values, allow_unicode=True) + "---\n正文。\n"
    load_and_render(fuzz_site, FUZZ_ITEM, encode(text))


@given(text=mutated_text(item_file(**VALID)))
def test_mutated_item_yaml_is_built_or_reported(fuzz_site: SiteFiles, text: str) -> None:
    load_and_render(fuzz_site, FUZZ_ITEM, encode(text))


@given(text=mutated_text('---\ntitle: 部门动态\ncode: "0205"\nlayout: news\norder: 3\n---\n正文\n'))
def test_mutated_column_index_is_built_or_reported(fuzz_site: SiteFiles, text: str) -> None:
    load_and_render(fuzz_site, FUZZ_COLUMN, encode(text))


@given(data=st.binary(max_size=3000), fenced=st.booleans())
def test_random_bytes_are_built_or_reported(
    fuzz_site: SiteFiles, data: bytes, fenced: bool
) -> None:
    load_and_render(fuzz_site, FUZZ_ITEM, (b"---\n" + data) if fenced else data)


BODY_PARTS = st.sampled_from(
    [
        "<script>xss(1)</script>",
        "<img src=x onerror=xss(1)>",
        "[a](javascript:xss(1))",
        '<a href="jav&#x09;ascript:xss(1)">a</a>',
        "<svg onload=xss(1)>",
        "<iframe src=x>",
        "<table><tr><td>1</td></tr></table>",
        '<span class="red">红</span>',
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
        "```\n<script>\n```\n",
        "\n\n",
        "# 标题\n",
        '{: onclick="xss(1)" }\n',
        "<!--",
        "-->",
        "<style>",
        "</",
        "<math><mtext><style><img src=x onerror=xss(1)>",
        "\x00",
        "\r",
        '<noscript><p title="</noscript><img src=x onerror=xss(1)>">',
        "&#0;",
        "[^1]\n\n[^1]: x\n",
    ]
)


@given(parts=st.lists(BODY_PARTS | st.text(max_size=30), max_size=30))
def test_any_body_is_built_without_script(fuzz_site: SiteFiles, parts: list[str]) -> None:
    text = item_file(body="".join(parts), **VALID)
    load_and_render(fuzz_site, FUZZ_ITEM, encode(text))


@given(depth=st.integers(1, 3000), opener=st.sampled_from(["[", "{a: ", "- ", "  - "]))
def test_deep_nesting_is_refused_or_read(fuzz_site: SiteFiles, depth: int, opener: str) -> None:
    nested = opener * depth if opener.startswith(("-", " ")) else opener * depth + "1"
    text = f"---\ntitle: {nested}\n---\n"
    start = time.perf_counter()
    load_and_render(fuzz_site, FUZZ_ITEM, encode(text))
    assert time.perf_counter() - start < 5
