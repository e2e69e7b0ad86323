"""``gkssg init``: a small working site to start from, as the 2019 条例 asks for.

The starter files are in ``starter/`` beside this module: a ``site.yaml`` with a
Chinese comment for every key, the 政府信息公开指南 and 依申请公开 pages with
today's rules (《中华人民共和国政府信息公开条例》2019年修订: 20 working days, an
extension of up to 20 more, no fees but the 信息处理费 of 国办函〔2020〕109号,
the annual report by 1月31日), a printable 申请表, and the columns of the
catalog. The one sample item is made as ``gkssg new`` makes items, with the
number the site's own pattern gives it, recorded in a new 索引号 ledger: there is
no number written by hand to go stale.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from gkssg.base.errors import Problems, UsageError
from gkssg.base.i18n import t
from gkssg.content.clock import build_time
from gkssg.content.config import CONFIG_FILE, load_config
from gkssg.content.ledger import LEDGER_FILE
from gkssg.editing.ledger import GITATTRIBUTES, create_ledger
from gkssg.editing.new_item import create_item

STARTER = Path(__file__).resolve().parent / "starter"
GITIGNORE = "output/\n.output.lock\n.output.spare/\n.gkssg/\n"
#: What a folder may already hold for ``gkssg init`` to use it: a new repository.
ALLOWED = frozenset({".git"})

SAMPLE_COLUMN = "catalog/notices"
SAMPLE_TITLE = "关于政府信息公开网站开通的公告"
SAMPLE_BODY = """\
本单位政府信息公开网站今日开通。

公民、法人和其他组织可以通过本网站查阅本单位主动公开的政府信息，了解依申请公开的办理方式，\
并查看[政府信息公开指南](../../guide/index.html)。
"""


def create_site(directory: Path, now: dt.datetime | None = None) -> list[str]:
    """Write a new site into ``directory`` (made when missing) and return the files
    written, relative to it; raises :class:`UsageError` when the folder holds anything."""
    _refuse_a_used_folder(directory)
    directory.mkdir(parents=True, exist_ok=True)
    created = _copy_starter(directory)
    (directory / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    create_ledger(directory, [])
    created += [".gitignore", GITATTRIBUTES, LEDGER_FILE]
    problems = Problems()
    config = load_config(directory, problems)
    if config is None:  # the starter files are gkssg's own: never
        raise AssertionError(f"the starter site.yaml is unusable: {problems.sorted()}")
    moment = now or build_time()
    review = f"{{审查人: 办公室, 审查日期: {moment:%Y-%m-%d}}}"
    given = {"topic": "综合政务\\政务公开", "genre": "公告", "review": review}
    item = create_item(directory, config, SAMPLE_COLUMN, SAMPLE_TITLE, moment, given)
    with item.path.open("a", encoding="utf-8", newline="\n") as stream:
        stream.write(SAMPLE_BODY)
    created.append(item.source)
    return sorted(created)


def _refuse_a_used_folder(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise UsageError(t("{folder} is a file, not a folder", folder=directory))
    if (directory / CONFIG_FILE).exists():
        raise UsageError(t("{folder} holds a site already (site.yaml)", folder=directory))
    if directory.is_dir():
        found = sorted(p.name for p in directory.iterdir() if p.name not in ALLOWED)
        if found:
            raise UsageError(
                t(
                    "{folder} is not empty ({names}); gkssg init writes a new site only "
                    "into an empty folder",
                    folder=directory,
                    names=", ".join(found[:3]) + (" …" if len(found) > 3 else ""),
                )
            )


def _copy_starter(directory: Path) -> list[str]:
    created = []
    for source in sorted(STARTER.rglob("*")):
        if source.is_file():
            relative = source.relative_to(STARTER).as_posix()
            target = directory / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            created.append(relative)
    return created
