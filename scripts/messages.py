"""The message catalogs: extract every ``t("…")`` of gkssg into the ``.po`` files of each
language, and compile them into the ``.mo`` files gkssg reads.

    python scripts/messages.py            # extract, update the .po files, compile
    python scripts/messages.py --check    # exit 1 if a catalog is out of step with the code

A new message gets an empty translation in ``zh_CN`` (to be written) and its
English source in ``en``; a message the code no longer has is dropped.
Needs Babel (a test dependency; gkssg itself reads the .mo files with gettext).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "gkssg"
LOCALES = PACKAGE / "locale"
LANGUAGES = ("zh_CN", "en")


class StableCatalog(Catalog):
    """A catalog whose header holds nothing that changes from run to run (the time of the
    run, Babel's version), so that the compiled catalogs are the same bytes every time."""

    def _get_mime_headers(self) -> list[tuple[str, str]]:
        varying = ("POT-Creation-Date", "PO-Revision-Date", "Generated-By")
        return [(name, value) for name, value in super()._get_mime_headers() if name not in varying]

    mime_headers = property(_get_mime_headers, Catalog._set_mime_headers)  # type: ignore[assignment]


def extracted() -> dict[str, list[tuple[str, int]]]:
    """Every message source in the code → where it is used (file, line)."""
    found: dict[str, list[tuple[str, int]]] = {}
    for file, line, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords={"t": None}, comment_tags=()
    ):
        if isinstance(message, str):
            found.setdefault(message, []).append((f"gkssg/{file}", line))
    return found


def po_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / "gkssg.po"


def read_catalog(language: str) -> Catalog:
    path = po_path(language)
    if not path.is_file():
        return Catalog(locale=language, domain="gkssg")
    with path.open("rb") as stream:
        return read_po(stream, locale=language, domain="gkssg")


def updated(language: str, sources: dict[str, list[tuple[str, int]]]) -> Catalog:
    """The language's catalog with exactly the code's messages, translations kept."""
    old = read_catalog(language)
    new = StableCatalog(locale=language, domain="gkssg", project="gkssg", fuzzy=False)
    for source in sorted(sources):
        known = old.get(source)
        words = known.string if known is not None and known.string else ""
        if language == "en" and not words:
            words = source
        new.add(source, words, locations=sources[source])
    return new


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=True, sort_output=True, no_location=True)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only tell whether up to date")
    args = parser.parse_args()
    sources = extracted()
    stale = []
    for language in LANGUAGES:
        catalog = updated(language, sources)
        po = po_path(language)
        files = {po: po_bytes(catalog), po.with_suffix(".mo"): mo_bytes(catalog)}
        for path, data in files.items():
            if path.is_file() and path.read_bytes() == data:
                continue
            stale.append(path.relative_to(REPO).as_posix())
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
    if args.check and stale:
        print("out of step with the code: " + ", ".join(stale), file=sys.stderr)
        print("run: python scripts/messages.py", file=sys.stderr)
        return 1
    for path in stale:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
