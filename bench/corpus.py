"""A deterministic corpus of Chinese disclosure items, as a gkssg site (and as a Hugo site).

    python bench/corpus.py --n 10000 --out DIR [--seed 2008] [--hugo HUGO_DIR]

The same seed gives the same bytes. Items are spread over 17 coded columns
with realistic bodies (headings, lists, a table in some), front matter per
the content contract (索引号 numbered per year in (published, path) order,
成文日期, 主题分类, 文号, 保密审查 …). ``--hugo`` also writes the same items
as a Hugo site with equivalent templates, for side-by-side timing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

COLUMNS = [  # (folder, code, title, layout, weight)
    ("guide", "01", "政府信息公开指南", "page", 0),
    ("catalog", "02", "政府信息公开目录", "catalog", 2),
    ("catalog/organization", "0201", "机构设置", "catalog", 2),
    ("catalog/laws", "0202", "政策法规", "catalog", 7),
    ("catalog/regulations", "0203", "规范性文件", "catalog", 9),
    ("catalog/interpretation", "0204", "政策解读", "news", 6),
    ("catalog/news", "0205", "部门动态", "news", 14),
    ("catalog/business", "0206", "业务公开", "catalog", 9),
    ("catalog/services", "0207", "办事指南", "catalog", 6),
    ("catalog/personnel", "0208", "人事信息", "news", 5),
    ("catalog/plans", "0209", "规划计划", "catalog", 4),
    ("catalog/statistics", "0210", "统计信息", "catalog", 5),
    ("catalog/leaders", "0211", "领导信息", "catalog", 2),
    ("catalog/supervision", "0212", "监督检查", "catalog", 4),
    ("request", "03", "依申请公开", "page", 0),
    ("annual-reports", "04", "政府信息公开年报", "catalog", 1),
    ("system", "05", "政府信息公开制度", "catalog", 3),
]
TOPICS = ["劳动就业", "社会保险", "劳动关系", "工资收入", "职业能力建设", "人事管理", "综合政务"]
GENRES = ["通知", "公告", "办法", "意见", "报告", "规定", "决定"]
SUBJECTS = [
    "失业保险",
    "工伤认定",
    "养老保险",
    "就业再就业",
    "农民工工资",
    "职业技能培训",
    "劳动合同",
    "社会保险登记",
    "劳动保障监察",
    "医疗保险",
    "人才引进",
    "技能鉴定",
]
SENTENCES = [
    "为进一步规范{s}相关工作，切实保障劳动者合法权益，现就有关事项通知如下。",
    "各地要高度重视{s}工作，加强组织领导，明确责任分工，确保各项措施落到实处。",
    "根据《中华人民共和国政府信息公开条例》有关规定，{s}相关信息应当及时主动公开。",
    "申请人可通过政务服务网或者线下窗口提交{s}申请材料，办理时限为20个工作日。",
    "对工作中发现的问题，要建立台账、限期整改，实行销号管理，推动{s}工作制度化、规范化。",
    "截至年底，全省{s}工作取得阶段性成效，群众满意度进一步提升。",
    "各市劳动保障部门要加强部门协同联动，形成工作合力，切实提升{s}工作的整体效能。",
]
HEADINGS = ["一、基本情况", "二、主要任务", "三、工作要求", "四、保障措施", "五、其他事项"]


@dataclass(frozen=True)
class CorpusItem:
    column: str
    name: str
    title: str
    published: dt.datetime
    written: dt.date
    doc_no: str
    topic: str
    keywords: tuple[str, str]
    genre: str
    body: str


def make_items(n: int, seed: int) -> list[CorpusItem]:
    rng = random.Random(seed)
    weighted = [c for c in COLUMNS for _ in range(c[4])]
    start = dt.datetime(2004, 1, 5, 9, 0)
    items = []
    for index in range(n):
        column = rng.choice(weighted)
        subject = rng.choice(SUBJECTS)
        genre = rng.choice(GENRES)
        published = start + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 20))
        published = published.replace(second=0)
        written = (published - dt.timedelta(days=rng.randint(0, 6))).date()
        year = published.year
        title = f"关于{year}年全省{subject}工作的{genre}"
        if rng.random() < 0.3:
            title = f"{year}年{published.month}月全省{subject}情况"
        items.append(
            CorpusItem(
                column=column[0],
                name=f"{index:06d}-{subject}.md",
                title=title,
                published=published,
                written=written,
                doc_no=f"皖劳社〔{year}〕{rng.randint(1, 300)}号",
                topic=rng.choice(TOPICS),
                keywords=(subject, rng.choice(SUBJECTS)),
                genre=genre,
                body=_body(rng, subject),
            )
        )
    return items


def _body(rng: random.Random, subject: str) -> str:
    parts = []
    for heading in rng.sample(HEADINGS, 3):
        parts.append(f"## {heading}\n")
        for _ in range(rng.randint(2, 3)):
            paragraph = "".join(rng.choice(SENTENCES).format(s=subject) for _ in range(4))
            parts.append(paragraph + "\n")
        if rng.random() < 0.5:
            parts.append(
                "\n".join(f"{i}. {rng.choice(SENTENCES).format(s=subject)}" for i in range(1, 5))
                + "\n"
            )
    if rng.random() < 0.3:
        rows = "\n".join(
            f"| {city} | {rng.randint(100, 9999)} | {rng.randint(1, 99)}% |"
            for city in ("合肥", "芜湖", "蚌埠", "淮南", "马鞍山")
        )
        parts.append("| 地区 | 人数 | 占比 |\n|---|---|---|\n" + rows + "\n")
    return "\n".join(parts)


SITE_YAML = """\
title: 安徽省劳动保障厅政府信息公开（基准测试）
org: 安徽省劳动和社会保障厅
org_code: "00298196X"
url: "https://xxgk.example.gov.cn"
base_url: /
index_no: "{org_code}/{year}-{seq:05d}"
identity: {site_code: "3400000025", icp: 皖ICP备05001234号, police: 皖公网安备34010402000001号}
contact: {address: 合肥市长江中路 419 号, phone: 0551-62871234, hotline: "12333"}
topics: [劳动就业, 社会保险, 劳动关系, 工资收入, 职业能力建设, 人事管理, 综合政务]
require_review: true
privacy: error
"""


def numbered(items: list[CorpusItem]) -> list[tuple[CorpusItem, int]]:
    """Items in (published, path) order with their sequence number within their year."""
    seq: dict[int, int] = {}
    result = []
    for item in sorted(items, key=lambda i: (i.published, i.column, i.name)):
        seq[item.published.year] = seq.get(item.published.year, 0) + 1
        result.append((item, seq[item.published.year]))
    return result


def write_gkssg(items: list[CorpusItem], out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    (out / "content").mkdir(parents=True)
    (out / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    for folder, code, title, layout, _ in COLUMNS:
        path = out / "content" / folder / "_index.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'---\ntitle: {title}\ncode: "{code}"\nlayout: {layout}\n---\n', "utf-8")
    for item, seq in numbered(items):
        front = (
            f"---\ntitle: {item.title}\n"
            f'index_no: "00298196X/{item.published.year}-{seq:05d}"\n'
            f"published: {item.published:%Y-%m-%d %H:%M}\nwritten: {item.written}\n"
            f"doc_no: {item.doc_no}\ntopic: {item.topic}\n"
            f"keywords: [{item.keywords[0]}, {item.keywords[1]}]\ngenre: {item.genre}\n"
            f"validity: 有效\nreview: {{by: 办公室, date: {item.written}}}\n---\n"
        )
        (out / "content" / item.column / item.name).write_text(front + item.body, "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2008)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--hugo", type=Path, help="also write the corpus as a Hugo site here")
    args = parser.parse_args()
    items = make_items(args.n, args.seed)
    write_gkssg(items, args.out)
    if args.hugo:
        from hugo_site import write_hugo

        write_hugo(numbered(items), COLUMNS, args.hugo)


if __name__ == "__main__":
    main()
