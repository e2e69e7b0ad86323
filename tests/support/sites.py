"""Tiny sites written to a temporary folder from a dict, built and checked in one line.

site = SiteFiles(tmp_path).with_item("catalog/regulations/a.md", title="…")
result = site.build()
site.assert_file_contains("output/index.html", "…")
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

from gkssg.cli import main

SITE_YAML = """\
title: 测试厅政府信息公开
org: 测试厅
org_code: "00298196X"
url: "https://xxgk.example.gov.cn"
base_url: /
index_no: "{org_code}/{year}-{seq:05d}"
identity:
  site_code: "3400000025"
  icp: 皖ICP备05001234号
  police: 皖公网安备34010402000001号
contact:
  address: 合肥市测试路 1 号
  phone: 0551-62871234
  email: xxgk@example.gov.cn
  hotline: "12333"
portal:
  title: 测试厅门户网站
  url: "https://www.example.gov.cn"
topics: [综合政务, 社会保险, 社会保险\\失业保险, 劳动就业]
require_review: true
privacy: error
keys: en
"""

COLUMNS = {
    "guide": ("01", "政府信息公开指南", "page"),
    "catalog": ("02", "政府信息公开目录", "catalog"),
    "catalog/regulations": ("0203", "规范性文件", "catalog"),
    "catalog/news": ("0205", "部门动态", "news"),
}


def column_file(code: str, title: str, layout: str = "catalog", **extra: Any) -> str:
    front = {"title": title, "code": code, "layout": layout, **extra}
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n"


def item_file(body: str = "正文第一段。\n", **front: Any) -> str:
    """An item's Markdown; front-matter values are written with PyYAML (dates as text)."""
    values = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in front.items()}
    text = yaml.safe_dump(values, allow_unicode=True, sort_keys=False)
    return "---\n" + text + "---\n" + textwrap.dedent(body)


def default_item(seq: int, **overrides: Any) -> dict[str, Any]:
    front: dict[str, Any] = {
        "title": f"测试信息{seq}",
        "index_no": f"00298196X/2008-{seq:05d}",
        "published": f"2008-03-{(seq % 27) + 1:02d}",
        "review": {"by": "办公室", "date": "2008-03-01"},
    }
    front.update(overrides)
    return {k: v for k, v in front.items() if v is not None}


@dataclass
class SiteFiles:
    root: Path
    config: str = SITE_YAML
    files: dict[str, str | bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        for path, (code, title, layout) in COLUMNS.items():
            self.files[f"content/{path}/_index.md"] = column_file(code, title, layout)

    def with_file(self, path: str, content: str | bytes) -> SiteFiles:
        self.files[path] = content
        return self

    def with_item(self, path: str, body: str = "正文第一段。\n", **front: Any) -> SiteFiles:
        return self.with_file(f"content/{path}", item_file(body, **front))

    def with_items(self, count: int, column: str = "catalog/regulations") -> SiteFiles:
        for seq in range(1, count + 1):
            self.with_item(f"{column}/item{seq:03d}.md", **default_item(seq))
        return self

    def write(self) -> Path:
        (self.root / "site.yaml").write_text(self.config, encoding="utf-8")
        for path, content in self.files.items():
            target = self.root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return self.root

    def run(self, *args: str) -> Result:
        """Write the files, then run ``gkssg --site ROOT *args``."""
        self.write()
        return self.invoke(*args)

    def invoke(self, *args: str) -> Result:
        """Run ``gkssg --site ROOT *args`` on the files as they are on disk now."""
        return CliRunner().invoke(main, ["--site", str(self.root), *args])

    def build(self, *args: str) -> Result:
        result = self.run("build", *args)
        assert result.exit_code == 0, result.output
        return result

    def check_json(self) -> dict[str, Any]:
        result = self.run("check", "--format", "json")
        data: dict[str, Any] = json.loads(result.stdout)
        return data

    def read(self, path: str) -> str:
        return (self.root / path).read_text(encoding="utf-8")

    def assert_file_contains(self, path: str, *texts: str) -> None:
        content = self.read(path)
        for text in texts:
            assert text in content, f"{text!r} not in {path}"


def edit_item(root: Path) -> None:
    """Change the body of item005 of a site written by :meth:`SiteFiles.with_items`."""
    path = root / "content/catalog/regulations/item005.md"
    path.write_text(path.read_text("utf-8").replace("正文第一段。", "修改后的正文。"), "utf-8")


def edit_another_item(root: Path) -> None:
    """Change the body of item012 of a site written by :meth:`SiteFiles.with_items`."""
    path = root / "content/catalog/regulations/item012.md"
    path.write_text(path.read_text("utf-8").replace("正文第一段。", "另一处修改。"), "utf-8")


def assert_error(result: Result, code: str, file: str, line: int | None) -> None:
    """The human output has ``file:line: CODE`` (or ``file: CODE`` without a line)."""
    where = f"{file}:{line}" if line is not None else file
    expected = f"{where}: {code} "
    assert expected in result.output, f"{expected!r} not in:\n{result.output}"
