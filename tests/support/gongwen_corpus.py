"""The import tests' corpus: 公文 of every kind the issue names, written with python-docx.

``CORPUS`` maps a document's name to the function that writes it; ``EXPECTED`` holds
the front matter each importable one must give (the 索引号 and 发布日期 aside), and
``tests/data/import/NAME.md`` the Markdown body. ``REFUSED`` names the documents that
must be refused, with the problem code.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from support.gongwen import Gongwen, png_bytes

ORG = "安徽省劳动和社会保障厅"
COPIES = "抄送：人力资源和社会保障部，省财政厅。"
PRINTED = "安徽省劳动和社会保障厅办公室　　　　　　　　2008年3月3日印发"


def tongzhi(path: Path) -> Path:
    """A 通知 with the red header, 文号, a Chinese-numeral date, 附注 and 版记."""
    g = Gongwen()
    g.red_header(f"{ORG}文件")
    g.doc_no("皖劳社〔2008〕12号")
    g.title("关于调整失业保险金标准的通知")
    g.line("各市劳动保障局，省直有关单位：", align="left")
    g.para("为保障失业人员基本生活，经省政府同意，现就调整我省失业保险金标准有关事项通知如下：")
    g.para("自2008年3月1日起，失业保险金标准按当地最低工资标准的**百分之七十**确定。")
    g.para("各地要*认真做好*宣传解释工作，确保调整工作平稳进行。")
    g.right(ORG)
    g.right("二〇〇八年三月一日")
    g.para("（此件公开发布）")
    g.banji(COPIES, PRINTED)
    return g.save(path)


YIJIAN_BODY: list[tuple[int | None, str]] = [
    (None, "为深入贯彻落实《中华人民共和国就业促进法》，现就进一步做好就业工作提出如下意见："),
    (0, "总体要求"),
    (1, "指导思想"),
    (None, "坚持扩大就业的发展战略，把促进就业放在经济社会发展的突出位置。"),
    (1, "主要目标"),
    (2, "全年城镇新增就业40万人以上。"),
    (2, "城镇登记失业率控制在4.5%以内。"),
    (0, "工作措施"),
    (1, "加强职业培训"),
    (2, "各地要组织开展以下培训："),
    (3, "失业人员再就业培训；"),
    (3, "农村劳动者转移就业培训。"),
    (2, "培训补贴标准见下表。"),
]


def _yijian(path: Path, *, automatic: bool) -> Path:
    g = Gongwen()
    g.red_header(f"{ORG}文件")
    g.doc_no("皖劳社[2008]20号")
    g.title("关于进一步做好就业工作的意见")
    g.line("各市人民政府，省政府各部门：")
    counters = [0, 0, 0, 0]
    for level, text in YIJIAN_BODY:
        if level is None:
            g.para(text)
        elif automatic:
            g.numbered(level, text)
        else:
            counters[level] += 1
            for lower in range(level + 1, 4):
                counters[lower] = 0
            g.para(_typed_number(level, counters[level]) + text, indent=level >= 2)
    g.table([["培训项目", "补贴标准（元/人）"], ["再就业培训", "600"], ["转移就业培训", "400"]])
    g.right(ORG)
    g.right("二〇〇八年四月十日")
    g.banji(COPIES, PRINTED)
    return g.save(path)


def _typed_number(level: int, n: int) -> str:
    chinese = "一二三四五六七八九十"[n - 1]
    return [f"{chinese}、", f"（{chinese}）", f"{n}.", f"（{n}）"][level]


def yijian(path: Path) -> Path:
    """An 意见 with four levels of Word's automatic numbering and a table."""
    return _yijian(path, automatic=True)


def yijian_typed(path: Path) -> Path:
    """The same 意见, its numbering typed as text."""
    return _yijian(path, automatic=False)


def banfa(path: Path) -> Path:
    """A 办法 in chapters and articles, without red header or 文号."""
    g = Gongwen()
    g.title("安徽省失业保险金申领发放办法")
    g.line("第一章　总则", align="center")
    g.para("第一条　为规范失业保险金的申领和发放，根据《失业保险条例》，制定本办法。")
    g.para("第二条　本办法适用于本省行政区域内的失业人员。")
    g.line("第二章　申领", align="center")
    g.para("第三条　失业人员应当在终止劳动关系之日起60日内办理失业登记。")
    g.line("第三章　附则", align="center")
    g.para("第四条　本办法自2008年5月1日起施行。")
    g.right(ORG)
    g.right("二〇〇八年四月一日")
    return g.save(path)


def gonggao(path: Path) -> Path:
    """A 公告: no 主送机关, no 文号, the body signs off with 特此公告."""
    g = Gongwen()
    g.red_header(f"{ORG}公告")
    g.title("关于2008年度社会保险缴费基数的公告")
    g.para("根据国家有关规定，现将2008年度我省社会保险缴费基数公告如下：")
    g.para("2008年度缴费基数上限为全省上年度在岗职工平均工资的300%。")
    g.para("特此公告。")
    g.right(ORG)
    g.right("二〇〇八年一月十五日")
    return g.save(path)


def with_image(path: Path) -> Path:
    """A 通知 with a picture in the body."""
    g = Gongwen()
    g.red_header(f"{ORG}文件")
    g.doc_no("皖劳社〔2008〕31号")
    g.title("关于启用新版社会保障卡的通知")
    g.line("各市劳动保障局：")
    g.para("新版社会保障卡样式如下：")
    g.image(png_bytes())
    g.para("请各地做好换发工作。")
    g.right(ORG)
    g.right("2008年6月2日")
    return g.save(path)


def with_attachments(path: Path) -> Path:
    """A 通知 whose 附件说明 lists two attachments."""
    g = Gongwen()
    g.red_header(f"{ORG}文件")
    g.doc_no("皖劳社〔2008〕40号")
    g.title("关于做好2008年失业保险金发放工作的通知")
    g.line("各市劳动保障局：")
    g.para("现将有关材料印发给你们，请认真贯彻执行。")
    g.para("附件：1．失业保险金标准调整表", indent=True)
    g.para("　　　2．失业保险金申领登记表", indent=True)
    g.right(ORG)
    g.right("二〇〇八年七月八日")
    g.banji(COPIES, PRINTED)
    return g.save(path)


ATTACHMENT_FILES = {
    "附件1失业保险金标准调整表.pdf": b"%PDF-1.4\n% adjustment table\n",
    "附件2失业保险金申领登记表.xlsx": b"PK\x05\x06" + b"\x00" * 18,
}


def joint(path: Path) -> Path:
    """A joint document (联合行文): two bodies in the header, two signatures."""
    g = Gongwen()
    g.red_header(ORG, "安徽省财政厅", "文件")
    g.doc_no("皖劳社〔2008〕15号")
    g.title("关于提高失业保险金标准的通知")
    g.line("各市劳动保障局、财政局：")
    g.para("经省政府同意，决定提高失业保险金标准。")
    g.right(f"{ORG}　　　　安徽省财政厅")
    g.right("二〇〇八年三月二十日")
    g.banji(COPIES, PRINTED)
    return g.save(path)


def digits_date(path: Path) -> Path:
    """A 函 whose 成文日期 is written in digits, its 文号 in round brackets."""
    g = Gongwen()
    g.doc_no("皖劳社函(2008)7号")
    g.title("关于同意设立职业技能鉴定所的函")
    g.line("合肥市劳动保障局：")
    g.para("你局《关于设立职业技能鉴定所的请示》收悉。经研究，同意设立。")
    g.right(ORG)
    g.right("2008年3月1日")
    return g.save(path)


def two_line_title(path: Path) -> Path:
    """A 决定 whose title spans two lines."""
    g = Gongwen()
    g.red_header(f"{ORG}文件")
    g.doc_no("皖劳社〔2008〕50号")
    g.title("关于表彰2007年度全省劳动保障系统", "先进集体和先进个人的决定")
    g.line("各市劳动保障局：")
    g.para("2007年，全省劳动保障系统涌现出一批先进集体和先进个人。")
    g.right(ORG)
    g.right("二〇〇八年二月二十九日")
    return g.save(path)


def tracked(path: Path) -> Path:
    """A draft with a tracked deletion and insertion (refused)."""
    g = Gongwen()
    g.doc_no("皖劳社〔2008〕60号")
    g.title("关于调整工伤保险待遇的通知")
    g.tracked_change("工伤保险待遇调整幅度为", "百分之十五（内部测算）", "百分之十")
    g.right(ORG)
    g.right("二〇〇八年三月一日")
    return g.save(path)


def commented(path: Path) -> Path:
    """A document with a reviewer's comment (refused)."""
    g = Gongwen()
    g.title("关于调整生育保险待遇的通知")
    g.comment("生育保险待遇按有关规定执行。", "此处数字待财政厅确认")
    g.right(ORG)
    g.right("二〇〇八年三月一日")
    return g.save(path)


def secret(path: Path) -> Path:
    """A document marked 秘密 (refused)."""
    g = Gongwen()
    g.line("000123")
    g.line("秘密★1年")
    g.red_header(f"{ORG}文件")
    g.doc_no("皖劳社〔2008〕70号")
    g.title("关于社会保险基金专项检查情况的通报")
    g.para("现将检查情况通报如下。")
    g.right(ORG)
    g.right("二〇〇八年三月一日")
    return g.save(path)


def not_public(path: Path) -> Path:
    """A document whose 附注 says 此件不予公开 (refused)."""
    g = Gongwen()
    g.doc_no("皖劳社〔2008〕71号")
    g.title("关于人事任免的通知")
    g.para("经研究，决定任命张某为办公室主任。")
    g.right(ORG)
    g.right("二〇〇八年三月一日")
    g.para("（此件不予公开）")
    return g.save(path)


LIBREOFFICE_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>公文</title></head><body>
<p style="text-align:center"><span style="color:#ff0000;font-size:36pt">
<b>安徽省劳动和社会保障厅文件</b></span></p>
<p style="text-align:center">皖劳社【2008】88号</p>
<p style="text-align:center"><span style="font-size:22pt">关于开展劳动保障监察</span></p>
<p style="text-align:center"><span style="font-size:22pt">执法检查的通知</span></p>
<p>各市劳动保障局：</p>
<p>为维护劳动者合法权益，决定开展执法检查。现将有关事项通知如下：</p>
<p>一、检查内容</p>
<p>（一）劳动合同制度</p>
<ol><li>用人单位是否依法订立劳动合同。</li><li>是否按时足额支付<i>工资</i>。</li></ol>
<p>二、时间安排</p>
<table border="1"><tr><td>阶段</td><td>时间</td></tr><tr><td>自查</td><td>4月</td></tr>
<tr><td>抽查</td><td>5月</td></tr></table>
<p>请各地<b>认真</b>组织实施。</p>
<p style="text-align:right">安徽省劳动和社会保障厅</p>
<p style="text-align:right">二〇〇八年四月二十日</p>
<p>抄送：人力资源和社会保障部。</p>
</body></html>
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_convert(source: Path, to: str, outdir: Path) -> Path:
    """``soffice --headless --convert-to TO`` with a profile of its own; the file made."""
    program = soffice()
    assert program is not None
    profile = (outdir / ".profile").absolute().as_uri()
    subprocess.run(
        [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", to, "--outdir", str(outdir), str(source)],
        check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(outdir)},
    )  # fmt: skip
    made = outdir / f"{source.stem}.{to.split(':')[0]}"
    assert made.is_file(), f"LibreOffice made no {made.name}"
    return made


def libreoffice(path: Path) -> Path:
    """A 通知 written by LibreOffice (HTML converted to .docx): real office XML, with
    LibreOffice's own numbering of an HTML list."""
    work = path.parent / f"{path.stem}.work"
    work.mkdir(parents=True, exist_ok=True)
    html = work / f"{path.stem}.html"
    html.write_text(LIBREOFFICE_HTML, encoding="utf-8")
    made = soffice_convert(html, "docx:MS Word 2007 XML", work)
    return Path(shutil.move(made, path))


CORPUS: dict[str, Callable[[Path], Path]] = {
    "tongzhi": tongzhi,
    "yijian": yijian,
    "yijian_typed": yijian_typed,
    "banfa": banfa,
    "gonggao": gonggao,
    "with_image": with_image,
    "with_attachments": with_attachments,
    "joint": joint,
    "digits_date": digits_date,
    "two_line_title": two_line_title,
    "tracked": tracked,
    "commented": commented,
    "secret": secret,
    "not_public": not_public,
}

REFUSED = {
    "tracked": "IMPORT_REVISIONS",
    "commented": "IMPORT_REVISIONS",
    "secret": "IMPORT_CLASSIFIED",
    "not_public": "IMPORT_CLASSIFIED",
}

EXPECTED: dict[str, dict[str, str]] = {
    "tongzhi": {
        "标题": "关于调整失业保险金标准的通知",
        "成文日期": "2008-03-01",
        "发布机构": ORG,
        "文号": "皖劳社〔2008〕12号",
        "体裁": "通知",
    },
    "yijian": {
        "标题": "关于进一步做好就业工作的意见",
        "成文日期": "2008-04-10",
        "发布机构": ORG,
        "文号": "皖劳社〔2008〕20号",
        "体裁": "意见",
    },
    "banfa": {
        "标题": "安徽省失业保险金申领发放办法",
        "成文日期": "2008-04-01",
        "发布机构": ORG,
        "体裁": "办法",
    },
    "gonggao": {
        "标题": "关于2008年度社会保险缴费基数的公告",
        "成文日期": "2008-01-15",
        "发布机构": ORG,
        "体裁": "公告",
    },
    "with_image": {
        "标题": "关于启用新版社会保障卡的通知",
        "成文日期": "2008-06-02",
        "发布机构": ORG,
        "文号": "皖劳社〔2008〕31号",
        "体裁": "通知",
    },
    "with_attachments": {
        "标题": "关于做好2008年失业保险金发放工作的通知",
        "成文日期": "2008-07-08",
        "发布机构": ORG,
        "文号": "皖劳社〔2008〕40号",
        "体裁": "通知",
    },
    "joint": {
        "标题": "关于提高失业保险金标准的通知",
        "成文日期": "2008-03-20",
        "发布机构": f"{ORG}、安徽省财政厅",
        "文号": "皖劳社〔2008〕15号",
        "体裁": "通知",
    },
    "digits_date": {
        "标题": "关于同意设立职业技能鉴定所的函",
        "成文日期": "2008-03-01",
        "发布机构": ORG,
        "文号": "皖劳社函〔2008〕7号",
        "体裁": "函",
    },
    "two_line_title": {
        "标题": "关于表彰2007年度全省劳动保障系统先进集体和先进个人的决定",
        "成文日期": "2008-02-29",
        "发布机构": ORG,
        "文号": "皖劳社〔2008〕50号",
        "体裁": "决定",
    },
}
EXPECTED["yijian_typed"] = EXPECTED["yijian"]
EXPECTED["libreoffice"] = {
    "标题": "关于开展劳动保障监察执法检查的通知",
    "成文日期": "2008-04-20",
    "发布机构": ORG,
    "文号": "皖劳社〔2008〕88号",
    "体裁": "通知",
}
