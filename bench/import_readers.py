"""Which .docx reader gives the cleanest result on the import tests' corpus of 公文?

    python bench/import_readers.py          # needs mammoth and docx2python besides gkssg

Each reader reads every document of tests/support/gongwen_corpus.py (the one
LibreOffice writes too, when soffice is installed) and is scored on what the
公文 import needs:

- text: the share of the expected body lines (tests/data/import/NAME.md, less
  the Markdown marks) found, in order, in what the reader gives;
- numbers: Word's automatic numbers shown as the document shows them
  (一、 （一） 1. （1） of the 意见, 11 numbered lines);
- layout: whether the reader tells centred and right-aligned lines (the title
  and the signature) and red text (the 发文机关标志) apart;
- draft text: whether a tracked deletion stays out of the text and the
  revision can be seen (so that the document can be refused);
- time: milliseconds to read the corpus once.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from gkssg.editing.importing.reading import Para, open_document, read_blocks  # noqa: E402
from gkssg.editing.importing.refusals import refuse_revisions  # noqa: E402
from gkssg.editing.importing.refused import Refused  # noqa: E402

from support.gongwen_corpus import CORPUS, EXPECTED, YIJIAN_BODY, libreoffice, soffice  # noqa: E402

_MARKS = re.compile(r"!\[[^\]]*\]\([^)]*\)|^(#+ |\d+\. |\|.*\|$|- )|\*|\[|\]\([^)]*\)")


def expected_lines(name: str) -> list[str]:
    text = (REPO / "tests" / "data" / "import" / f"{name}.md").read_text("utf-8")
    lines = [_MARKS.sub("", line).strip() for line in text.splitlines()]
    return [line for line in lines if line and not line.startswith("---")]


def in_order(lines: list[str], text: str) -> float:
    position, found = 0, 0
    flat = re.sub(r"\s+", "", text)
    for line in lines:
        at = flat.find(re.sub(r"\s+", "", line), position)
        if at >= 0:
            found, position = found + 1, at
    return found / len(lines) if lines else 1.0


def python_docx(path: Path) -> tuple[str, bool, bool]:
    """(text, layout known, revisions seen) with gkssg's reader over python-docx."""
    document = open_document(path)
    try:
        refuse_revisions(document)
        revisions = False
    except Refused:
        revisions = True
    blocks = read_blocks(document).blocks
    lines = []
    for block in blocks:
        if isinstance(block, Para):
            lines.append(block.text)
        else:
            lines.extend(" ".join(row) for row in block.rows)
    layout = any(isinstance(b, Para) and b.align == "center" for b in blocks) and any(
        isinstance(b, Para) and b.red for b in blocks
    )
    return "\n".join(lines), layout, revisions


def mammoth_reader(path: Path) -> tuple[str, bool, bool]:
    import mammoth

    with path.open("rb") as stream:
        result = mammoth.convert_to_html(stream)
    html = result.value
    layout = "center" in html or "color" in html
    revisions = any("insert" in m.message or "delet" in m.message for m in result.messages)
    text = re.sub(r"<[^>]+>", "\n", html)
    return text, layout, revisions


def docx2python_reader(path: Path) -> tuple[str, bool, bool]:
    from docx2python import docx2python

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with docx2python(str(path), html=True) as content:
            text = content.text
    layout = "center" in text or "text-align" in text
    return re.sub(r"<[^>]+>", "", text), layout, False


READERS: dict[str, Callable[[Path], tuple[str, bool, bool]]] = {
    "python-docx (gkssg's reader)": python_docx,
    "mammoth": mammoth_reader,
    "docx2python": docx2python_reader,
}


def numbers_shown(text: str) -> int:
    """How many of the 意见's 11 numbered lines show the document's own number."""
    counters, shown = [0, 0, 0, 0], 0
    for level, words in YIJIAN_BODY:
        if level is None:
            continue
        counters[level] += 1
        counters[level + 1 :] = [0] * (3 - level)
        n = counters[level]
        label = [f"{'一二三四五六七八九十'[n - 1]}、", f"（{'一二三四五六七八九十'[n - 1]}）"]
        label += [f"{n}.", f"（{n}）"]
        if re.search(re.escape(label[level]) + r"\s*" + re.escape(words[:4]), text):
            shown += 1
    return shown


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="import-readers-"))
    paths = {name: write(folder / f"{name}.docx") for name, write in CORPUS.items()}
    if soffice():
        paths["libreoffice"] = libreoffice(folder / "libreoffice.docx")
    print(f"{len(paths)} documents\n")
    print("| reader | text (mean) | numbers | layout | draft text kept out / seen | ms |")
    print("|---|--:|--:|---|---|--:|")
    for label, reader in READERS.items():
        start = time.perf_counter()
        outputs = {name: reader(path) for name, path in paths.items()}
        elapsed = (time.perf_counter() - start) * 1000
        scores = [in_order(expected_lines(n), outputs[n][0]) for n in paths if n in EXPECTED]
        text = sum(scores) / len(scores)
        numbers = numbers_shown(outputs["yijian"][0])
        layout = all(outputs[n][1] for n in ("tongzhi", "yijian"))
        draft = outputs["tracked"]
        kept_out = "百分之十五" not in draft[0]
        print(
            f"| {label} | {text:.1%} | {numbers}/11 | {'yes' if layout else 'no'} | "
            f"{'yes' if kept_out else 'no'} / {'yes' if draft[2] else 'no'} | {elapsed:.0f} |"
        )


if __name__ == "__main__":
    main()
