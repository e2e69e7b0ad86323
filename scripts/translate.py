"""Fill in translations of the zh_CN catalog from a JSON file (source → words), then
compile: ``python scripts/translate.py words.json``. Also merges catalogs: every
non-empty translation of the given ``.po`` files is kept (``--from other.po``)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
PO = REPO / "gkssg" / "locale" / "zh_CN" / "LC_MESSAGES" / "gkssg.po"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("words", nargs="*", type=Path, help="JSON files: source → translation")
    parser.add_argument(
        "--from",
        dest="others",
        action="append",
        type=Path,
        default=[],
        help="another zh_CN .po whose translations to keep",
    )
    args = parser.parse_args()
    known: dict[str, str] = {}
    for other in args.others:
        with other.open("rb") as stream:
            known.update({m.id: m.string for m in read_po(stream) if m.id and m.string})
    for path in args.words:
        known.update(json.loads(path.read_text(encoding="utf-8")))
    subprocess.run([sys.executable, str(REPO / "scripts" / "messages.py")], check=True)
    with PO.open("rb") as stream:
        catalog = read_po(stream, locale="zh_CN", domain="gkssg")
    for message in catalog:
        if message.id and not message.string and message.id in known:
            message.string = known[message.id]
    with PO.open("wb") as stream:
        write_po(stream, catalog, width=100, omit_header=True, sort_output=True, no_location=True)
    subprocess.run([sys.executable, str(REPO / "scripts" / "messages.py")], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
