"""``gkssg init``: a small working site to start from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

SITE_YAML = """\
title: 某某单位政府信息公开
org: 某某单位
org_code: "000000000"
url: "https://xxgk.example.gov.cn"
base_url: /
index_no: "{{org_code}}/{{year}}-{{seq:05d}}"
identity:
  site_code: "0000000000"
  icp: 京ICP备00000000号
  police: 京公网安备00000000000000号
contact:
  address: 请填写地址
  phone: 010-00000000
  email: xxgk@example.gov.cn
topics: [综合政务, 综合政务\\政务公开]
require_review: true
privacy: error
"""

FILES = {
    "content/guide/_index.md": """\
---
title: 政府信息公开指南
code: "01"
layout: page
description: 本单位政府信息公开的范围、方式和程序。
---
## 公开范围

本单位主动公开的政府信息见“政府信息公开目录”。
""",
    "content/catalog/_index.md": """\
---
title: 政府信息公开目录
code: "02"
layout: catalog
description: 本单位主动公开的政府信息。
---
""",
    "content/catalog/notices/_index.md": """\
---
title: 通知公告
code: "0201"
layout: news
description: 本单位发布的通知和公告。
---
""",
    "content/catalog/notices/网站开通公告.md": """\
---
title: 关于政府信息公开网站开通的公告
index_no: "000000000/{year}-00001"
published: {today}
publisher: 某某单位
topic: 综合政务\\政务公开
genre: 公告
review: {{by: 办公室, date: {today}}}
---
本单位政府信息公开网站今日开通。
""",
}


def create_site(directory: Path) -> list[str]:
    """Write the starter files; refuses a folder that already has a site.yaml."""
    if (directory / "site.yaml").exists():
        raise FileExistsError(f"{directory / 'site.yaml'} already exists")
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    created = ["site.yaml"]
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "site.yaml").write_text(SITE_YAML.format(), encoding="utf-8")
    for path, text in FILES.items():
        target = directory / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.format(today=today.isoformat(), year=today.year), "utf-8")
        created.append(path)
    (directory / ".gitignore").write_text(
        "output/\n.output.lock\n.output.spare/\n.gkssg/\n", "utf-8"
    )
    return created
