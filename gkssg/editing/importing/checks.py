"""What the editor should check after an import: the report's last lines for a file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gkssg.base.i18n import Text, t
from gkssg.content.model import Column
from gkssg.editing.archetypes import key_of
from gkssg.editing.importing.attachments import Matched
from gkssg.editing.importing.body import IMAGE_SUFFIXES
from gkssg.editing.importing.dates import is_chinese_numerals
from gkssg.editing.importing.gongwen import Parts
from gkssg.editing.importing.writing import Front, written_fields

if TYPE_CHECKING:
    from gkssg.editing.importing.run import Document


def editor_checks(
    parts: Parts, document: Document, front: Front, matched: Matched, column: Column
) -> list[Text]:
    checks = _field_checks(parts, front)
    written = written_fields(front, column.defaults)
    for name in column.required:
        if name not in written:
            checks.append(t("the column requires {field}: fill it in", field=key_of(name, "zh")))
    checks += _file_checks(document, matched)
    if parts.banji:
        checks.append(t("the 版记 (抄送, 印发) was taken out of the body into a comment"))
    checks.append(t("fill in the 保密审查 (审查人, 审查日期) before publishing"))
    return checks


def _field_checks(parts: Parts, front: Front) -> list[Text]:
    checks: list[Text] = []
    if "title" not in parts.fields:
        checks.append(t("no title found: the file's name was used; write the real title"))
    elif parts.title_lines > 1:
        checks.append(t("the title was joined from {n} lines: check it", n=parts.title_lines))
    if "doc_no" not in parts.fields:
        checks.append(t("no 发文字号 found: add the 文号 if the document has one"))
    if "written" not in parts.fields:
        checks.append(t("no 成文日期 found under the signature: add it"))
    elif is_chinese_numerals(parts.written_text):
        checks.append(
            t(
                "the 成文日期 was written in Chinese numerals ({text}): "
                "compare it with the original",
                text=parts.written_text,
            )
        )
    if "publisher" not in parts.fields:
        if "header" in parts.fields:
            checks.append(t("the 发布机构 was taken from the red header: check it"))
        else:
            checks.append(t("no 发布机构 found: the site's organisation applies"))
    elif "、" in front.publisher:
        checks.append(t("a joint document: the 发布机构 names every signing body"))
    if "genre" not in parts.fields:
        checks.append(t("no 体裁 found in the title: add it"))
    if front.written is not None and front.written > front.published.date():
        checks.append(t("the 成文日期 is after the 发布日期: check both"))
    return checks


def _file_checks(document: Document, matched: Matched) -> list[Text]:
    checks: list[Text] = []
    if document.converted:
        checks.append(
            t(
                "converted from .{kind} by LibreOffice: compare the body with the original",
                kind=document.converted,
            )
        )
    for title in matched.missing:
        checks.append(t("the 附件说明 lists {title}, but its file was not given", title=title))
    media = document.read.media
    pictures = sum(1 for m in media if m.kind == "image" and m.suffix in IMAGE_SUFFIXES)
    if pictures:
        checks.append(t("{n} picture(s) saved beside the item: check where they stand", n=pictures))
    others = len(media) - pictures
    if others:
        checks.append(
            t(
                "{n} embedded object(s) or picture(s) a browser cannot show were saved as links",
                n=others,
            )
        )
    for link in document.container.hyperlinks:
        checks.append(t("the document links to {url} on another host", url=link))
    if document.read.hidden_runs:
        checks.append(t("hidden text was left out ({n} run(s))", n=document.read.hidden_runs))
    return checks
