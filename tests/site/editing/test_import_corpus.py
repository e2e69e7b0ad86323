"""``gkssg import`` on the corpus of 公文: each document's front matter and Markdown body as
expected, then the site built from them with every link resolving and nothing that runs.

The corpus is written by tests/support/gongwen_corpus.py with python-docx, and one
document by LibreOffice (HTML converted to .docx), so that the reader meets an
office suite's own XML. The expected bodies are tests/data/import/NAME.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import REPO, require_tool
from support.gongwen_corpus import ATTACHMENT_FILES, CORPUS, EXPECTED, REFUSED, libreoffice, soffice
from support.links import broken_links_on_disk
from support.scripts import scan_output
from support.sites import SITE_YAML, SiteFiles

EXPECTED_DIR = REPO / "tests" / "data" / "import"
COLUMN = "catalog/regulations"
PUBLISHED = "2008-09-05 09:00"
IMPORTED = sorted(EXPECTED)
ZH_KEYS = SITE_YAML.replace("keys: en\n", "keys: zh\n")  # the default of a site: 标题, 索引号 …


def split_item(text: str) -> tuple[dict[str, object], str]:
    """(front matter as YAML reads it, body) of an item file."""
    assert text.startswith("---\n")
    front, _, body = text[4:].partition("\n---\n")
    return yaml.safe_load(front), body


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name, write in CORPUS.items():
        write(folder / f"{name}.docx")
    require_tool("LibreOffice", soffice() is not None, "apt-get install libreoffice-writer-nogui")
    libreoffice(folder / "libreoffice.docx")
    for name, data in ATTACHMENT_FILES.items():
        (folder / "attachments" / name).parent.mkdir(exist_ok=True)
        (folder / "attachments" / name).write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def imported(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each importable document imported on its own into one site: name → item file."""
    site = SiteFiles(tmp_path_factory.mktemp("site"), config=ZH_KEYS)
    site.write()
    items: dict[str, Path] = {}
    for name in IMPORTED:
        extra = ["--attach", str(corpus / "attachments")] if name == "with_attachments" else []
        result = site.invoke(
            "--lang", "en", "import", str(corpus / f"{name}.docx"),
            "--column", COLUMN, "--published", PUBLISHED, *extra,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        line = next(li for li in result.stdout.splitlines() if f"{name}.docx → " in li)
        items[name] = site.root / line.split(" → ")[1].split("  (")[0]
    return items


@pytest.mark.parametrize("name", IMPORTED)
def test_the_front_matter_holds_the_fields_read(name: str, imported: dict[str, Path]) -> None:
    front, _ = split_item(imported[name].read_text(encoding="utf-8"))
    read = {
        key: value.isoformat() if hasattr(value, "isoformat") else value
        for key, value in front.items()
        if key not in ("索引号", "发布日期", "保密审查", "附件")
    }
    assert read == EXPECTED[name]
    assert str(front["索引号"]).startswith("00298196X/2008-")
    assert front["保密审查"] == {"审查人": "", "审查日期": ""}  # the placeholder to fill in


@pytest.mark.parametrize("name", IMPORTED)
def test_the_body_is_the_expected_markdown(name: str, imported: dict[str, Path]) -> None:
    _, body = split_item(imported[name].read_text(encoding="utf-8"))
    expected = (EXPECTED_DIR / f"{name}.md").read_text(encoding="utf-8")
    assert body.removeprefix("\n") == expected


def test_typed_and_automatic_numbering_give_the_same_body(imported: dict[str, Path]) -> None:
    bodies = [split_item(imported[n].read_text("utf-8"))[1] for n in ("yijian", "yijian_typed")]
    assert bodies[0] == bodies[1]
    assert "## 一、总体要求" in bodies[0] and "### （一）指导思想" in bodies[0]


def test_the_banji_is_a_comment_of_the_front_matter(imported: dict[str, Path]) -> None:
    text = imported["tongzhi"].read_text(encoding="utf-8")
    front, body = split_item(text)
    assert "#   抄送：人力资源和社会保障部，省财政厅。" in text.split("\n---\n")[0]
    assert "抄送" not in body and "印发" not in body
    assert "抄送" not in str(front)


def test_the_attachments_of_the_note_are_saved_and_listed(imported: dict[str, Path]) -> None:
    item = imported["with_attachments"]
    front, _ = split_item(item.read_text(encoding="utf-8"))
    assert front["附件"] == [
        {"路径": "附件/附件1失业保险金标准调整表.pdf", "标题": "失业保险金标准调整表"},
        {"路径": "附件/附件2失业保险金申领登记表.xlsx", "标题": "失业保险金申领登记表"},
    ]
    for name, data in ATTACHMENT_FILES.items():
        assert (item.parent / "附件" / name).read_bytes() == data


def test_the_picture_is_saved_beside_the_item(imported: dict[str, Path], corpus: Path) -> None:
    item = imported["with_image"]
    picture = item.parent / "附件" / "关于启用新版社会保障卡的通知-图1.png"
    assert picture.read_bytes().startswith(b"\x89PNG")


def test_the_built_pages_pass_the_link_and_sanitiser_checks(imported: dict[str, Path]) -> None:
    root = next(iter(imported.values())).parents[3]
    for item in imported.values():  # the editor's 保密审查, as `gkssg check` asks
        text = item.read_text(encoding="utf-8")
        filled = '保密审查: {审查人: "办公室", 审查日期: 2008-09-01}'
        item.write_text(text.replace('保密审查: {审查人: "", 审查日期: ""}', filled), "utf-8")
    site = SiteFiles(root, config=ZH_KEYS)
    result = site.invoke("build")
    assert result.exit_code == 0, result.output
    out = root / "output"
    assert broken_links_on_disk(out) == []
    assert scan_output(out) == {}
    page = next(
        p.read_text("utf-8")
        for p in (out / COLUMN).glob("2008-*.html")
        if "新版社会保障卡样式" in p.read_text("utf-8")
    )
    assert 'src="附件/关于启用新版社会保障卡的通知-图1.png"' in page
    assert (out / COLUMN / "附件" / "关于启用新版社会保障卡的通知-图1.png").is_file()


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_must_not_be_published_is_refused(name: str, corpus: Path, tmp_path: Path) -> None:
    site = SiteFiles(tmp_path, config=ZH_KEYS)
    site.write()
    before = snapshot(tmp_path)
    result = site.invoke(
        "--lang", "en", "import", str(corpus / f"{name}.docx"), "--column", COLUMN
    )  # fmt: skip
    assert result.exit_code == 1
    assert f"{name}.docx: {REFUSED[name]} " in result.stderr
    assert snapshot(tmp_path) == before


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}


def test_the_expected_bodies_are_the_corpus() -> None:
    """Every expected body has its document, and every importable document its body."""
    assert {p.stem for p in EXPECTED_DIR.glob("*.md")} == set(EXPECTED)
