"""``gkssg import`` on files that are not what they claim, in batches, and as a dry run.

Each hostile input (a zip bomb, XML external entities, a picture loaded from
another host, a renamed PNG, a password-protected document, a .doc without
LibreOffice) gives its message and leaves the site byte for byte as it was.
"""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import Result

from gkssg.content.ledger import LEDGER_FILE

from conftest import require_tool
from support.gongwen import png_bytes
from support.gongwen_corpus import EXPECTED, secret, soffice, soffice_convert, tongzhi, with_image
from support.sites import SITE_YAML, SiteFiles, default_item

COLUMN = "catalog/regulations"


def snapshot(root: Path) -> dict[str, bytes]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}


def site_with_an_item(root: Path) -> SiteFiles:
    """A site with one item and its 索引号 ledger."""
    site = SiteFiles(root).with_item(f"{COLUMN}/已有.md", **default_item(1))
    result = site.run("number", "--init-ledger")
    assert result.exit_code == 0, result.output
    assert (root / LEDGER_FILE).is_file()
    return site


def ledger_rows(site: SiteFiles) -> list[list[str]]:
    with (site.root / LEDGER_FILE).open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))[1:]


def run_import(site: SiteFiles, *args: str) -> Result:
    return site.invoke("--lang", "en", "import", *args, "--column", COLUMN)


def rewritten(source: Path, target: Path, changes: dict[str, bytes]) -> Path:
    """A copy of the .docx ``source`` with some parts replaced or added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, changes.pop(info.filename, None) or old.read(info))
        for name, data in changes.items():
            new.writestr(name, data)
    return target


def zip_bomb(path: Path) -> Path:
    """A real .docx with a part that unpacks to 64 MiB of zeros from about 64 KiB."""
    document = tongzhi(path.with_name("base.docx"))
    rewritten(document, path, {})
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/image9.png", "w", force_zip64=True) as stream,
    ):
        for _ in range(64):
            stream.write(bytes(1024 * 1024))
    return path


def xxe(path: Path) -> Path:
    document = tongzhi(path.with_name("base.docx"))
    with zipfile.ZipFile(document) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    head, _, rest = xml.partition("?>")
    entity = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    xml = head + "?>" + entity + rest.replace("为保障失业人员", "&xxe;为保障失业人员", 1)
    return rewritten(document, path, {"word/document.xml": xml.encode("utf-8")})


def remote_picture(path: Path) -> Path:
    document = tongzhi(path.with_name("base.docx"))
    with zipfile.ZipFile(document) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
    link = (
        '<Relationship Id="rId99" TargetMode="External" Target="http://example.org/x.png" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"/>'
    )
    rels = rels.replace("</Relationships>", link + "</Relationships>")
    return rewritten(document, path, {"word/_rels/document.xml.rels": rels.encode("utf-8")})


def renamed_png(path: Path) -> Path:
    path.write_bytes(png_bytes())
    return path


def encrypted(path: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    document = tongzhi(path.with_name("base.docx"))
    with document.open("rb") as plain, path.open("wb") as out:
        OOXMLFile(plain).encrypt("密码123", out)
    return path


def not_a_document(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return path


HOSTILE = {
    "zip_bomb": (zip_bomb, "IMPORT_UNSAFE", "zip bomb"),
    "xxe": (xxe, "IMPORT_UNSAFE", "declares a DTD or entities"),
    "remote_picture": (remote_picture, "IMPORT_UNSAFE", "http://example.org/x.png"),
    "renamed_png": (renamed_png, "IMPORT_NOT_WORD", "the file is a PNG image"),
    "encrypted": (encrypted, "IMPORT_ENCRYPTED", "protected by a password"),
    "not_a_document": (not_a_document, "IMPORT_NOT_WORD", "without word/document.xml"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_input_is_refused_and_nothing_written(name: str, tmp_path: Path) -> None:
    write, code, words = HOSTILE[name]
    (tmp_path / "in").mkdir()
    document = write(tmp_path / "in" / f"{name}.docx")
    site = site_with_an_item(tmp_path / "site")
    before = snapshot(site.root)
    result = run_import(site, str(document))
    assert result.exit_code == 1, result.output
    assert f"{name}.docx: {code} " in result.stderr
    assert words in result.stderr
    assert snapshot(site.root) == before  # content/ and the ledger untouched


def test_the_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = zip_bomb(tmp_path / "bomb.docx")
    assert bomb.stat().st_size < 2 * 1024 * 1024  # small on disk, 64 MiB unpacked


@pytest.fixture()
def legacy_doc(tmp_path: Path) -> Path:
    """The 通知 saved by LibreOffice in the old binary Word format."""
    require_tool("LibreOffice", soffice() is not None, "apt-get install libreoffice-writer-nogui")
    document = tongzhi(tmp_path / "in" / "通知.docx")
    made = soffice_convert(document, "doc", tmp_path / "doc")
    assert made.read_bytes().startswith(b"\xd0\xcf\x11\xe0")
    return made


def test_a_doc_without_libreoffice_is_refused_with_the_way_out(
    legacy_doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = site_with_an_item(tmp_path / "site")
    before = snapshot(site.root)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    result = run_import(site, str(legacy_doc))
    assert result.exit_code == 1
    assert "IMPORT_OLD_FORMAT the file is in the old Word 97-2003 (.doc) format" in result.stderr
    assert "install LibreOffice" in result.stderr
    assert snapshot(site.root) == before


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_a_doc_is_converted_by_libreoffice(legacy_doc: Path, tmp_path: Path, suffix: str) -> None:
    source = legacy_doc.rename(legacy_doc.with_suffix(suffix))
    site = site_with_an_item(tmp_path / "site")
    result = run_import(site, str(source), "--format", "json")
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)["files"]
    assert entry["status"] == "imported"
    values = {key: found["value"] for key, found in entry["fields"].items() if found}
    assert values == EXPECTED["tongzhi"]
    assert any("converted from .doc by LibreOffice" in check for check in entry["checks"])


def test_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    documents = tmp_path / "in"
    documents.mkdir()
    tongzhi(documents / "通知.docx")
    with_image(documents / "图片.docx")
    (tmp_path / "附件1说明.pdf").write_bytes(b"%PDF-1.4\n")
    site = site_with_an_item(tmp_path / "site")
    before = snapshot(site.root)
    attachment = str(tmp_path / "附件1说明.pdf")
    result = run_import(
        site, str(documents), "--dry-run", "--attach", attachment, "--published", "2008-09-05"
    )
    assert result.exit_code == 0, result.output
    assert snapshot(site.root) == before
    assert "2 would be imported, 0 refused, 0 failed" in result.stdout
    assert "dry run: nothing was written" in result.stdout
    # the numbers it would give follow the site's highest, one after the other
    assert "00298196X/2008-00002" in result.stdout and "00298196X/2008-00003" in result.stdout


def test_a_batch_goes_on_past_a_failing_file(tmp_path: Path) -> None:
    documents = tmp_path / "in"
    documents.mkdir()
    tongzhi(documents / "1-通知.docx")
    secret(documents / "2-秘密.docx")
    renamed_png(documents / "3-图片.docx")
    with_image(documents / "4-社保卡.docx")
    (documents / "说明.txt").write_text("not a document", "utf-8")
    site = site_with_an_item(tmp_path / "site")
    result = run_import(site, str(documents), "--published", "2008-09-05 09:00")
    assert result.exit_code == 1
    table = result.stdout.splitlines()
    assert any(line.startswith("1-通知.docx") and "00298196X/2008-00002" in line for line in table)
    assert any(line.startswith("2-秘密.docx") and "IMPORT_CLASSIFIED" in line for line in table)
    assert any(line.startswith("3-图片.docx") and "IMPORT_NOT_WORD" in line for line in table)
    assert any(line.startswith("4-社保卡.docx") and "2008-00003" in line for line in table)
    assert "2 imported, 2 refused, 0 failed" in result.stdout
    items = sorted(p.name for p in (site.root / "content" / COLUMN).glob("*.md"))
    assert items == [
        "_index.md",
        "关于启用新版社会保障卡的通知.md",
        "关于调整失业保险金标准的通知.md",
        "已有.md",
    ]


def test_the_json_report_says_where_each_field_was_read(tmp_path: Path) -> None:
    document = tongzhi(tmp_path / "通知.docx")
    site = site_with_an_item(tmp_path / "site")
    result = run_import(site, str(document), "--format", "json", "--dry-run")
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)["files"]
    assert entry["status"] == "dry-run"
    assert entry["fields"]["文号"] == {
        "value": "皖劳社〔2008〕12号",
        "from": "the 发文字号 line (paragraph 2)",
    }
    assert entry["fields"]["成文日期"]["from"] == "the date under the signature (paragraph 9)"
    assert entry["problem"] is None


def test_the_report_is_in_chinese_by_default(tmp_path: Path, chinese: None) -> None:
    document = tongzhi(tmp_path / "通知.docx")
    site = site_with_an_item(tmp_path / "site")
    result = site.invoke("import", str(document), "--column", COLUMN, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "发文字号行（第2段）" in result.stdout
    assert "试运行" in result.stdout


def test_the_number_is_issued_through_the_ledger(tmp_path: Path) -> None:
    site = site_with_an_item(tmp_path / "site")
    document = tongzhi(tmp_path / "通知.docx")
    before = ledger_rows(site)
    result = run_import(site, str(document), "--published", "2008-09-05 09:00")
    assert result.exit_code == 0, result.output
    source = f"content/{COLUMN}/关于调整失业保险金标准的通知.md"
    assert ledger_rows(site) == [
        *before,
        ["00298196X/2008-00002", source, "关于调整失业保险金标准的通知", "2008-09-05 09:00",
         "发放", "", ""],
    ]  # fmt: skip
    # a number the ledger holds is never given again, even when its file is gone
    (site.root / source).unlink()
    again = run_import(site, str(document), "--published", "2008-09-05 09:00", "--dry-run")
    assert "00298196X/2008-00003" in again.stdout


def test_english_keys_and_the_column_s_defaults_and_required_fields(tmp_path: Path) -> None:
    assert "keys: en\n" in SITE_YAML  # the tests' sites write English keys
    site = SiteFiles(tmp_path / "site")
    site.with_file(
        f"content/{COLUMN}/_index.md",
        '---\ntitle: 规范性文件\ncode: "0203"\nlayout: catalog\n'
        "defaults: {主题分类: 社会保险}\nrequired: [有效性]\n---\n",
    )
    site.write()
    result = run_import(site, str(tongzhi(tmp_path / "通知.docx")), "--published", "2008-09-05")
    assert result.exit_code == 0, result.output
    text = (site.root / "content" / COLUMN / "关于调整失业保险金标准的通知.md").read_text("utf-8")
    assert 'title: "关于调整失业保险金标准的通知"' in text
    assert 'doc_no: "皖劳社〔2008〕12号"' in text
    assert 'topic: "社会保险"' in text
    assert 'review: {by: "", date: ""}' in text
    assert "the column requires 有效性: fill it in" in result.stdout
