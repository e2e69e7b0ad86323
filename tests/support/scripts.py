"""Finding executable script in built output: HTML pages, XML feeds, JSON and CSV catalogs.

``executable_parts(text)`` lists what a browser (or a feed reader, or a
spreadsheet) would run: script elements, ``on*`` handler attributes,
``javascript:``/``vbscript:``/``data:`` URLs, frames and plugins, refresh
redirects. The theme's own scripts (``static/…`` files loaded by ``src``) are
allowed; everything else found is a finding.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "srcset",
    "cite",
    "codebase",
}
DANGEROUS_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base"}
_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript|mocha):", re.IGNORECASE)
#: A theme's own script: a file of the site's static folder, loaded by src.
_OWN_SCRIPT = re.compile(
    r"^(/[\w./-]*)?static/[\w./-]+\.js(\?v=[\w]+)?$|^[\w./-]*pagefind/[\w./-]+$"
)
# Characters browsers drop from a URL before reading its scheme (``jav&#x09;ascript:``).
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")


def dangerous_url(value: str) -> bool:
    return bool(_SCHEME.match(_IGNORED_IN_URL.sub("", value)))


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "script":
            if not _OWN_SCRIPT.match(values.get("src", "")):
                self.found.append(f"<script {values}>")
        elif tag in DANGEROUS_TAGS:
            self.found.append(f"<{tag} {values}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.found.append(f"<meta refresh {values}>")
        for name, value in values.items():
            if name.startswith("on") or (name in URL_ATTRIBUTES and dangerous_url(value)):
                self.found.append(f"<{tag} {name}={value!r}>")
            elif name == "style" and re.search(r"expression\(|javascript:|url\(", value, re.I):
                self.found.append(f"<{tag} style={value!r}>")

    handle_startendtag = handle_starttag


def html_findings(text: str) -> list[str]:
    finder = _Finder()
    finder.feed(text)
    finder.close()
    return finder.found


def _xml_findings(text: str) -> list[str]:
    root = ElementTree.fromstring(text.encode("utf-8"))  # must parse: a title may not break it
    found: list[str] = []
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1].lower()
        if local in DANGEROUS_TAGS:
            found.append(f"<{local}> element in XML")
        for name, value in element.attrib.items():
            local_name = name.rsplit("}", 1)[-1].lower()
            if local_name.startswith("on") or (
                local_name in URL_ATTRIBUTES | {"uri"} and dangerous_url(value)
            ):
                found.append(f"<{local} {local_name}={value!r}>")
        # Atom text of type="html" (and RSS descriptions) is HTML to a feed reader;
        # other text (type="text", the default) is shown as it is
        is_html = element.get("type") == "html" or local in {"description", "encoded"}
        for chunk in (element.text,):
            if chunk and is_html:
                found.extend(html_findings(chunk))
            elif chunk and local in {"link", "id", "loc", "uri", "url"} and dangerous_url(chunk):
                found.append(f"<{local}>{chunk!r}")
    return found


def _json_findings(value: object, key: str = "") -> list[str]:
    if isinstance(value, dict):
        return [f for k, v in value.items() for f in _json_findings(v, str(k))]
    if isinstance(value, list):
        return [f for v in value for f in _json_findings(v, key)]
    if isinstance(value, str):
        # only fields that are HTML by definition (JSON Feed content_html) are parsed as
        # HTML; other strings are plain text, which the theme's scripts set as textContent
        found = html_findings(value) if key.lower().endswith("html") else []
        if ("url" in key.lower() or key in {"id", "href", "link"}) and dangerous_url(value):
            found.append(f"{key}: {value!r}")
        return found
    return []


def _csv_findings(text: str) -> list[str]:
    """Spreadsheet formulas in a cell are run by Excel/WPS when the catalog is opened."""
    found = []
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and not _NUMBER.match(cell)):
                found.append(f"CSV cell {cell[:60]!r}")
    return found


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def executable_parts(path: Path) -> list[str]:
    """What in the file at ``path`` would run; [] for files of other kinds."""
    suffix = path.suffix.lower()
    if suffix not in {".html", ".htm", ".xml", ".svg", ".json", ".csv", ".atom", ".rss"}:
        return []
    text = path.read_text(encoding="utf-8-sig")
    if suffix in {".html", ".htm"}:
        return html_findings(text)
    if suffix in {".xml", ".svg", ".atom", ".rss"}:
        return _xml_findings(text)
    if suffix == ".json":
        return _json_findings(json.loads(text))
    return _csv_findings(text)


def scan_output(folder: Path) -> dict[str, list[str]]:
    """Every file of a built site with what would run in it (only files with findings)."""
    findings: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and (found := executable_parts(path)):
            findings[path.relative_to(folder).as_posix()] = found
    return findings
