"""Chinese first: ``gkssg`` speaks Simplified Chinese by default and English with
``--lang en`` or ``GKSSG_LANG=en``; both report the same problems at the same places.

The suite runs gkssg in English (tests/conftest.py sets GKSSG_LANG=en); these tests
clear it (``GKSSG_LANG=""``) to see the default, as a user's shell would have it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from gkssg.commands import COMMANDS
from gkssg.commands import check as check_module

from support.cli import run_gkssg
from support.sites import SiteFiles, column_file, default_item, item_file

CHINESE = {"GKSSG_LANG": ""}  # the default: no language asked for
ENGLISH = {"GKSSG_LANG": "en"}
HAN = re.compile(r"[\u4e00-\u9fff]")
REGULATIONS = "content/catalog/regulations"
VALID_ID = "340104199003071235"  # GB 11643 check digit 5

#: Twelve kinds of mistake an office makes, each in a file of its own: file → (code, line).
DEFECTS: dict[str, tuple[str, int | None]] = {
    f"{REGULATIONS}/unknown-key.md": ("UNKNOWN_KEY", 8),
    f"{REGULATIONS}/impossible-day.md": ("BAD_DATE", 4),
    f"{REGULATIONS}/title-twice.md": ("DUPLICATE_KEY", 3),
    f"{REGULATIONS}/validity.md": ("BAD_VALUE", 8),
    f"{REGULATIONS}/no-title.md": ("MISSING_FIELD", None),
    "content/catalog/bad-code/_index.md": ("BAD_COLUMN_CODE", 3),
    f"{REGULATIONS}/zz-copy.md": ("DUPLICATE_INDEX_NO", 3),
    f"{REGULATIONS}/related.md": ("BROKEN_RELATED", 9),
    f"{REGULATIONS}/id-number.md": ("PRIVACY", 9),
    f"{REGULATIONS}/gbk.md": ("ENCODING", 2),
    f"{REGULATIONS}/no-front-matter.md": ("NO_FRONT_MATTER", 1),
    "content/loose/stray.md": ("MISSING_COLUMN_INDEX", 1),
}


def _item(seq: int, body: str = "正文第一段。\n", **overrides: Any) -> str:
    return item_file(body, **default_item(seq, **overrides))


def many_defects(root: Path) -> Path:
    """A small site with one of each mistake of :data:`DEFECTS` (and nothing else wrong)."""
    site = SiteFiles(root).with_items(2)
    unknown = _item(11, topc="社会保险")  # line 8: after the review and its two lines
    chinese_keys = (
        "---\n标题: 日期写错的通知\n索引号: 00298196X/2008-00012\n发布日期: 2008-02-30\n"
        "保密审查: {审查人: 办公室, 审查日期: 2008-02-01}\n---\n正文。\n"
    )
    twice = _item(13).replace("---\n", "---\ntitle: 又一个标题\n", 1)
    defects: dict[str, str | bytes] = {
        "unknown-key.md": unknown,
        "impossible-day.md": chinese_keys,
        "title-twice.md": twice,
        "validity.md": _item(14, validity="可能有效"),
        "no-title.md": _item(15, title=None),
        "zz-copy.md": _item(1),  # a copy of item001.md, number and all
        "related.md": _item(17, related=["00298196X/2008-09999"]),
        "id-number.md": _item(18, body=f"申请人身份证号{VALID_ID}。\n"),
        "gbk.md": ("---\n标题: 旧编码文件\n" + "正文。\n").encode("gb18030"),
        "no-front-matter.md": "关于某事的通知\n\n正文。\n",
    }
    for name, content in defects.items():
        site.with_file(f"{REGULATIONS}/{name}", content)
    site.with_file("content/catalog/bad-code/_index.md", column_file("0299x", "编码写错的栏目"))
    site.with_file("content/loose/stray.md", _item(19))
    return site.write()


def check_json(root: Path, *args: str, env: dict[str, str]) -> list[dict[str, Any]]:
    result = run_gkssg(*args, "--site", str(root), "check", "--format", "json", env=env)
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["warnings"] == []
    problems: list[dict[str, Any]] = data["errors"]
    return problems


def _places(problems: list[dict[str, Any]]) -> list[tuple[str, str, int | None]]:
    return [(p["code"], p["file"], p["line"]) for p in problems]


def test_check_gives_the_same_problems_in_chinese_and_in_english(tmp_path: Path) -> None:
    root = many_defects(tmp_path)
    chinese = check_json(root, env=CHINESE)
    english = check_json(root, "--lang", "en", env=CHINESE)
    assert _places(chinese) == _places(english)
    found = {(code, file, line) for code, file, line in _places(chinese)}
    expected = {(code, file, line) for file, (code, line) in DEFECTS.items()}
    assert expected <= found, sorted(expected - found)
    assert len({code for code, _, _ in found}) >= 10
    for zh, en in zip(chinese, english, strict=True):
        assert zh["message"] != en["message"], zh
        # the Chinese words are gkssg's own, not only the values (titles, paths) it quotes
        assert len(HAN.findall(zh["message"])) > len(HAN.findall(en["message"])), zh
    # GKSSG_LANG=en says what --lang en says; --lang zh wins over GKSSG_LANG=en
    assert check_json(root, env=ENGLISH) == english
    assert check_json(root, "--lang", "zh", env=ENGLISH) == chinese


def test_the_human_output_names_the_same_places_in_both_languages(tmp_path: Path) -> None:
    root = many_defects(tmp_path)
    runs = {code: run_gkssg("check", cwd=root, env={"GKSSG_LANG": code}) for code in ("", "en")}
    zh, en = (runs[code].stdout.splitlines() for code in ("", "en"))
    where = re.compile(r"^(\S+): ([A-Z_]+) ")
    assert [where.match(line).groups() for line in zh] == [  # type: ignore[union-attr]
        where.match(line).groups()  # type: ignore[union-attr]
        for line in en
    ]
    assert runs[""].stderr.strip().endswith("个错误，0 个警告")
    assert runs["en"].stderr.strip().endswith("error(s), 0 warning(s)")


def test_messages_name_a_field_as_the_file_writes_its_key(tmp_path: Path) -> None:
    root = many_defects(tmp_path)
    zh = {(p["file"], p["code"]): p["message"] for p in check_json(root, env=CHINESE)}
    dated = zh[(f"{REGULATIONS}/impossible-day.md", "BAD_DATE")]
    assert dated.startswith("发布日期“2008-02-30”不是有效的日期：没有这一天"), dated
    english_keys = zh[(f"{REGULATIONS}/validity.md", "BAD_VALUE")]
    assert english_keys.startswith("validity 应为：有效 / 失效 / 废止 之一"), english_keys
    # a missing title, in a file that writes English keys: named and hinted in English keys
    missing = zh[(f"{REGULATIONS}/no-title.md", "MISSING_FIELD")]
    assert missing == "信息的头部字段中缺少 title — 请添加一行“title: …”", missing


def test_a_missing_field_is_named_as_a_file_in_chinese_keys_would_write_it(
    tmp_path: Path,
) -> None:
    site = SiteFiles(tmp_path).with_items(1)
    site.with_file(
        f"{REGULATIONS}/no-date.md",
        "---\n标题: 没写发布日期的通知\n索引号: 00298196X/2008-00002\n"
        "保密审查: {审查人: 办公室, 审查日期: 2008-02-01}\n---\n正文。\n",
    )
    site.write()
    problems = check_json(site.root, env=CHINESE)
    messages = [p["message"] for p in problems if p["code"] == "MISSING_FIELD"]
    assert messages == ["信息的头部字段中缺少 发布日期 — 请添加一行“发布日期: …”"], problems


def test_help_is_chinese_by_default_and_english_when_asked(tmp_path: Path) -> None:
    zh = run_gkssg("--help", cwd=tmp_path, env=CHINESE)
    assert zh.returncode == 0, zh.stderr
    assert zh.stdout.startswith("用法：")
    assert "命令:" in zh.stdout and "选项:" in zh.stdout
    assert "检查网站内容，一次列出全部问题" in zh.stdout
    assert "显示本帮助后退出。" in zh.stdout
    assert "Usage" not in zh.stdout and "Report every problem" not in zh.stdout
    for args, env in (
        (("--lang", "en", "--help"), CHINESE),
        (("--help",), ENGLISH),
        (("--help", "--lang", "en"), CHINESE),
    ):
        en = run_gkssg(*args, cwd=tmp_path, env=env)
        assert en.stdout.startswith("Usage: "), (args, en.stdout)
        assert "Report every problem in the site in one run" in en.stdout
        assert "Show this message and exit." in en.stdout
        # Chinese only in the domain's own terms, which the English text uses too
        assert not HAN.search(re.sub("政府信息公开|索引号|公文|发布日期", "", en.stdout)), en.stdout


@pytest.mark.parametrize("command", sorted(set(COMMANDS) - {"archive"}))
def test_every_commands_help_is_in_both_languages(command: str, tmp_path: Path) -> None:
    zh = run_gkssg(command, "--help", cwd=tmp_path, env=CHINESE)
    en = run_gkssg("--lang", "en", command, "--help", cwd=tmp_path, env=CHINESE)
    assert zh.returncode == en.returncode == 0, zh.stderr + en.stderr
    assert zh.stdout.startswith(f"用法：python -m gkssg {command}")
    assert en.stdout.startswith(f"Usage: python -m gkssg {command}")
    # every option's help is translated: no line of the Chinese help is the English one's
    zh_lines = {line.strip() for line in zh.stdout.splitlines()}
    untranslated = [
        line
        for line in en.stdout.splitlines()
        if line.strip() in zh_lines and re.search(r"[a-z]{3,} [a-z]{3,}", line)
    ]
    assert untranslated == []
    if command != "init":  # --site, given after the command
        assert "网站所在的文件夹" in zh.stdout


def test_command_results_and_refusals_speak_the_language(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path / "site").with_items(1)
    root = site.write()
    built = run_gkssg("build", "--no-search", cwd=root, env=CHINESE)
    assert built.returncode == 0, built.stderr
    assert re.search(r"已生成 1 条信息、\d+ 个页面、\d+ 个文件，输出到 output/", built.stderr)
    refused = run_gkssg("build", "--out", "content", cwd=root, env=CHINESE)
    assert refused.returncode == 2
    assert refused.stderr.startswith("错误：--out content 会覆盖网站自身的文件"), refused.stderr
    english = run_gkssg("--lang", "en", "build", "--out", "content", cwd=root, env=CHINESE)
    assert english.stderr.startswith("error: --out content would overwrite"), english.stderr
    unknown = run_gkssg("new", "没有这个栏目", "标题", cwd=root, env=CHINESE)
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("错误：没有栏目“没有这个栏目”；现有栏目如下："), unknown.stderr
    (root / "site.yaml").unlink()
    missing = run_gkssg("check", cwd=root, env=CHINESE)
    assert "CONFIG_MISSING 找不到 site.yaml — 请运行 gkssg init DIR 新建网站" in missing.stdout


def test_an_internal_error_asks_for_a_report_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("an internal mix-up")

    monkeypatch.setattr(check_module, "load_site", broken)
    monkeypatch.setenv("GKSSG_LANG", "")
    result = SiteFiles(tmp_path).run("check")
    assert result.exit_code == 70
    assert result.output.splitlines() == [
        "gkssg：内部错误（KeyError: 'an internal mix-up'）",
        "这是 gkssg 程序的缺陷，不是网站内容的错误；请把所运行的命令一并报告给 gkssg 的维护人员"
        "（设置 GKSSG_DEBUG=1 可显示详细信息）。",
    ]


@pytest.mark.parametrize(
    ("args", "chinese", "english"),
    [
        (("new", "规范性文件"), "错误：缺少参数 'TITLE'。", "Error: Missing argument 'TITLE'."),
        (("withdraw", "x"), "错误：缺少选项 '--reason'。", "Error: Missing option '--reason'."),
        (("check", "--bogus"), "错误：没有这个选项：--bogus", "Error: No such option: --bogus"),
        (
            ("chek",),
            "错误：没有“chek”这个命令。是不是想写 check？",
            "Error: No such command 'chek'. Did you mean check?",
        ),
        (
            ("build", "--jobs", "0"),
            "错误：'--jobs' 的值无效：0 is not in the range 1<=x<=64.",
            "Error: Invalid value for '--jobs': 0 is not in the range 1<=x<=64.",
        ),
    ],
)
def test_a_command_called_wrongly_is_told_so_in_the_language(
    args: tuple[str, ...], chinese: str, english: str, tmp_path: Path
) -> None:
    zh = run_gkssg(*args, cwd=tmp_path, env=CHINESE)
    en = run_gkssg("--lang", "en", *args, cwd=tmp_path, env=CHINESE)
    assert zh.returncode == en.returncode == 2
    assert zh.stderr.startswith("用法：python -m gkssg "), zh.stderr
    assert "查看帮助。" in zh.stderr
    assert zh.stderr.strip().splitlines()[-1] == chinese
    assert en.stderr.startswith("Usage: python -m gkssg "), en.stderr
    assert en.stderr.strip().splitlines()[-1] == english


def test_a_language_gkssg_does_not_speak_is_a_usage_error(tmp_path: Path) -> None:
    root = SiteFiles(tmp_path).with_items(1).write()
    refused = run_gkssg("check", cwd=root, env={"GKSSG_LANG": "fr"})
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines()[-1] == (
        "错误：GKSSG_LANG=fr 不是 gkssg 支持的语言：请设为 zh（中文）或 en（英文）"
    )
    # as a shell's locale writes it
    assert run_gkssg("check", cwd=root, env={"GKSSG_LANG": "zh_CN.UTF-8"}).returncode == 0
    assert run_gkssg("--lang", "en", "check", cwd=root, env={"GKSSG_LANG": "fr"}).returncode == 0
