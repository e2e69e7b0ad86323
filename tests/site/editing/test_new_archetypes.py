"""gkssg new: the column's archetype, in the site's keys (Chinese by default), fields
filled with --set, a column named by code, path or title, required fields checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from support.cli import run_gkssg
from support.sample import copy_sample


def _new(root: Path, *args: str) -> Path:
    result = run_gkssg("--site", str(root), "new", *args, env={"GKSSG_LANG": "en"})
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip())


def _front(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "site")


@pytest.mark.parametrize("column", ["0203", "catalog/regulations", "规范性文件"])
def test_new_by_code_path_or_title_writes_the_archetype_in_chinese_keys(
    sample: Path, column: str
) -> None:
    path = _new(sample, column, "关于测试的通知")
    assert path.parent == sample / "content/catalog/regulations"
    front = _front(path)
    assert list(front)[:3] == ["标题", "索引号", "发布日期"]
    for key in (
        "成文日期",
        "文号",
        "发布机构",
        "主题分类",
        "主题词",
        "体裁",
        "有效性",
        "附件",
        "保密审查",
    ):
        assert key in front, key
    assert front["保密审查"] == {"审查人": "", "审查日期": ""}
    assert "本栏目必填" in path.read_text("utf-8")


def test_set_fills_fields_and_a_missing_required_field_is_reported_at_the_file(
    sample: Path,
) -> None:
    path = _new(
        sample,
        "0203",
        "关于测试的通知",
        "--set",
        "文号=皖劳社〔2008〕12号",
        "--set",
        "written=2008-02-29",
        "--set",
        "体裁=通知",
    )
    front = _front(path)
    assert front["文号"] == "皖劳社〔2008〕12号"
    assert str(front["成文日期"]) == "2008-02-29" and front["体裁"] == "通知"
    result = run_gkssg("--site", str(sample), "check", "--format", "json", env={"GKSSG_LANG": "en"})
    source = path.relative_to(sample).as_posix()
    missing = [e for e in json.loads(result.stdout)["errors"] if e["file"] == source]
    required = [e for e in missing if "required in this column" in e["message"]]
    assert [e["code"] for e in required] == ["MISSING_FIELD"]
    assert "有效性" in required[0]["message"]
    line = next(
        n
        for n, text in enumerate(path.read_text("utf-8").splitlines(), 1)
        if text.startswith("有效性:")
    )
    assert required[0]["line"] == line


def test_a_policy_interpretation_requires_a_related_item(sample: Path) -> None:
    path = _new(sample, "政策解读", "关于某政策的解读")
    result = run_gkssg("--site", str(sample), "check", "--format", "json", env={"GKSSG_LANG": "en"})
    source = path.relative_to(sample).as_posix()
    required = [
        e
        for e in json.loads(result.stdout)["errors"]
        if e["file"] == source and "required in this column" in e["message"]
    ]
    assert len(required) == 1 and "相关信息" in required[0]["message"]


def test_english_keys_when_the_site_writes_english_keys(sample: Path) -> None:
    config = sample / "site.yaml"
    config.write_text(config.read_text("utf-8") + "keys: en\n", encoding="utf-8")
    front = _front(_new(sample, "0205", "动态一则"))
    assert list(front)[:3] == ["title", "index_no", "published"]
    assert front["review"] == {"by": "", "date": ""}


def test_a_columns_defaults_and_an_archetype_file(sample: Path) -> None:
    index = sample / "content/catalog/news/_index.md"
    text = index.read_text("utf-8").replace(
        "\n---\n", "\n默认值: {体裁: 动态, 主题分类: 劳动就业}\n---\n", 1
    )
    index.write_text(text, encoding="utf-8")
    front = _front(_new(sample, "0205", "动态二则"))
    assert front["体裁"] == "动态" and front["主题分类"] == "劳动就业"
    archetypes = sample / "layouts/archetypes"
    archetypes.mkdir(parents=True)
    (archetypes / "0205.md").write_text(
        "---\n标题: {{ title | yaml }}\n索引号: {{ index_no | yaml }}\n发布日期: {{ published }}\n"
        "体裁: 会议\n保密审查: {审查人: 办公室, 审查日期: 2026-01-01}\n---\n会议内容。\n",
        encoding="utf-8",
    )
    path = _new(sample, "0205", "会议一则")
    assert _front(path)["体裁"] == "会议" and path.read_text("utf-8").endswith("会议内容。\n")


def test_a_malformed_or_unknown_set_is_a_usage_error(sample: Path) -> None:
    for setting in ("文号", "颜色=红", "索引号=1"):
        result = run_gkssg("--site", str(sample), "new", "0203", "标题", "--set", setting)
        assert result.returncode == 2, setting
    assert not list((sample / "content/catalog/regulations").glob("标题*.md"))
