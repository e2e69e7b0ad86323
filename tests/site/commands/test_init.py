"""`gkssg init`: a working site that follows the 2019 条例, whose sample item keeps passing
when the organisation code changes; never a site inside a site or in a used folder."""

from __future__ import annotations

import csv
import json
import re
import subprocess
from pathlib import Path

import pytest

from gkssg.content.config import SITE_FIELDS
from gkssg.source.schema import Field

from conftest import REPO
from support.cli import run_gkssg

#: these tests read gkssg as the editors do: in Chinese, the default language
pytestmark = pytest.mark.usefixtures("chinese")

NEW_CODE = "11340000002986061N"


def _init(folder: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_gkssg(*args, "init", str(folder), cwd=cwd)


def _check(site: Path) -> dict[str, list[dict[str, object]]]:
    result = run_gkssg("check", "--format", "json", cwd=site)
    assert result.returncode == 0, result.stdout + result.stderr
    data: dict[str, list[dict[str, object]]] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("init") / "网站"
    result = _init(site)
    assert result.returncode == 0, result.stderr
    return site


def test_a_new_site_passes_check_and_builds(started: Path) -> None:
    assert _check(started) == {"errors": [], "warnings": []}
    build = run_gkssg("build", cwd=started)
    assert build.returncode == 0, build.stderr
    output = started / "output"
    guide = (output / "guide/index.html").read_text(encoding="utf-8")
    request = (output / "request/index.html").read_text(encoding="utf-8")
    form = (output / "request/form/index.html").read_text(encoding="utf-8")
    # the 2019 条例: 20 working days, 20 more at most, no fees, the report by 1月31日
    for text in (guide, request):
        assert "20个工作日内予以答复" in text
        assert "最长不超过20个工作日" in text
        assert "国办函〔2020〕109号" in text
        assert "收到申请之日起15个工作日" not in text and "收费标准" not in text
    assert "不收取费用" in guide and "每年1月31日前" in guide
    assert "证件号码" in form and "申请人签名（盖章）" in form
    assert 'href="form/index.html"' in request


def test_the_sample_item_is_numbered_by_the_sites_pattern_and_in_the_ledger(
    started: Path,
) -> None:
    (item,) = (started / "content/catalog/notices").glob("关于*.md")
    number = re.search(r'^索引号: "([^"]+)"', item.read_text(encoding="utf-8"), re.M)
    assert number is not None and re.fullmatch(r"000000000/\d{4}-00001", number.group(1))
    with (started / "data/index-numbers.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [(r["索引号"], r["文件"], r["事件"]) for r in rows] == [
        (number.group(1), item.relative_to(started).as_posix(), "发放")
    ]
    assert "data/index-numbers.csv merge=union" in (started / ".gitattributes").read_text()


def test_the_org_code_can_change_and_the_next_item_goes_on_counting(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert _init(site).returncode == 0
    config = site / "site.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('"000000000"', f'"{NEW_CODE}"'), encoding="utf-8")
    found = _check(site)
    assert found["errors"] == []
    assert [w["code"] for w in found["warnings"]] == ["INDEX_NO_MISMATCH"]  # the sample's
    new = run_gkssg("new", "通知公告", "关于调整办公时间的通知", cwd=site)
    assert new.returncode == 0, new.stderr
    created = Path(new.stdout.strip())
    assert f'索引号: "{NEW_CODE}/' in created.read_text(encoding="utf-8")
    assert "-00002" in created.read_text(encoding="utf-8")  # no second -00001: one URL each
    filled = created.read_text(encoding="utf-8").replace(
        '{审查人: "", 审查日期: ""}', "{审查人: 办公室, 审查日期: 2000-01-01}"
    )
    created.write_text(filled, encoding="utf-8")
    build = run_gkssg("build", cwd=site)
    assert build.returncode == 0, build.stderr


def test_site_yaml_has_a_chinese_comment_for_every_key(started: Path) -> None:
    lines = (started / "site.yaml").read_text(encoding="utf-8").splitlines()
    commented = {}
    for line in lines:
        match = re.match(r"^( *)([a-z_]+):.*#(.*)$", line)
        if match:
            commented.setdefault(len(match.group(1)), {})[match.group(2)] = match.group(3)
    expected = {0: _names(SITE_FIELDS), 2: set()}
    for field in SITE_FIELDS:
        expected[2] |= _names(_nested(field))
    for indent, names in expected.items():
        missing = names - set(commented.get(indent, {}))
        assert not missing, f"keys without a comment: {sorted(missing)}"
    assert all(
        re.search("[\u4e00-\u9fff]", c) for level in commented.values() for c in level.values()
    )


def _names(fields: tuple[Field, ...] | list[Field]) -> set[str]:
    return {field.name for field in fields}


def _nested(field: Field) -> tuple[Field, ...]:
    cells = field.read.__closure__ or ()
    for cell in cells:
        value = cell.cell_contents
        if isinstance(value, tuple) and value and isinstance(value[0], Field):
            return value
    return ()


def test_init_inside_a_site_is_refused(started: Path) -> None:
    inside = started / "content/catalog"
    result = _init(Path("新网站"), cwd=inside)
    assert result.returncode == 2
    assert "位于" in result.stderr and "网站之内" in result.stderr
    assert not (inside / "新网站").exists()
    english = run_gkssg("--lang", "en", "init", "新网站", cwd=inside)
    assert english.returncode == 2 and "is inside the site in" in english.stderr


def test_init_into_a_used_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "资料"
    folder.mkdir()
    (folder / "说明.txt").write_text("已有的文件", encoding="utf-8")
    result = _init(folder)
    assert result.returncode == 2
    assert "不是空文件夹" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["说明.txt"]


def test_init_into_a_new_git_repository_is_allowed(tmp_path: Path) -> None:
    folder = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    assert _init(folder).returncode == 0
    assert (folder / "site.yaml").is_file() and (folder / ".git").is_dir()


@pytest.mark.parametrize("page", ["content/guide/_index.md", "content/request/_index.md"])
def test_the_sample_sites_pages_follow_the_2019_rules(page: str) -> None:
    text = (REPO / page).read_text(encoding="utf-8")
    assert "20个工作日内予以答复" in text and "最长不超过20个工作日" in text
    assert "国办函〔2020〕109号" in text and "不收取费用" in text
    assert "收到申请之日起15个工作日" not in text and "延长15个工作日" not in text  # 2008's
    assert "收费标准" not in text and "成本费用" not in text
    if page.startswith("content/guide"):
        assert "每年1月31日前" in text
