"""Content errors shown in the browser: an overlay over the page, and a page of its own.

The overlay is drawn by the served script (see :mod:`gkssg.serve.reload`) from the
list of ``path:line: CODE message`` lines it receives; it goes away by itself
once the files are fixed. Before the first successful build there is no page to
lay it over, so every request gets :func:`problems_page` instead. Both speak the
preview's language (``gkssg --lang en serve``: English; Chinese by default).
"""

from __future__ import annotations

import html
import json

from gkssg.base.i18n import ENGLISH, Language, t

OVERLAY_ID = "gkssg-overlay"
OVERLAY_TITLE = t("The content has errors; the preview is not updated")
OVERLAY_HINT = t("Fix and save the files listed below; the page comes back by itself.")
#: The ``lang`` of the problems page, by the code of the preview's language.
PAGE_LANGUAGE = {"zh": "zh-CN", "en": "en"}

#: Draws (or removes) the overlay; called with the list of problem lines.
_OVERLAY_JS = """function showProblems(lines) {
    var old = document.getElementById("%(id)s");
    if (old) old.remove();
    if (!lines.length) return;
    var box = document.createElement("div");
    box.id = "%(id)s";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", "%(id)s-title");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(255,255,255,.97);color:#222;padding:2em;font:16px/1.6 sans-serif";
    var title = document.createElement("h2");
    title.id = "%(id)s-title";
    title.style.color = "#b00";
    title.textContent = %(title)s;
    var hint = document.createElement("p");
    hint.textContent = %(hint)s;
    var list = document.createElement("pre");
    list.style.cssText = "white-space:pre-wrap;font:14px/1.6 monospace;background:#fff4f4;" +
      "border:1px solid #e0b4b4;padding:1em";
    list.textContent = lines.join("\\n");
    box.append(title, hint, list);
    document.body.append(box);
  }"""


def _script_text(text: str) -> str:
    """``text`` as a JavaScript string inside a ``<script>`` element."""
    return json.dumps(text, ensure_ascii=False).replace("</", "<\\/")


def overlay_js(say: Language = ENGLISH) -> str:
    """The overlay's function, its title and hint in ``say``'s language."""
    return _OVERLAY_JS % {
        "id": OVERLAY_ID,
        "title": _script_text(say(OVERLAY_TITLE)),
        "hint": _script_text(say(OVERLAY_HINT)),
    }


def problems_page(lines: list[str], script: str, say: Language = ENGLISH) -> bytes:
    """A whole page for when no build has succeeded yet: the problems, and the script."""
    items = "\n".join(html.escape(line) for line in lines)
    title, hint = html.escape(say(OVERLAY_TITLE)), html.escape(say(OVERLAY_HINT))
    lang = PAGE_LANGUAGE.get(say.code, say.code)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8">'
        f"<title>{title}</title></head>\n<body>\n"
        f"<h1>{title}</h1>\n<p>{hint}</p>\n<pre>{items}</pre>\n"
        f"{script}</body>\n</html>\n"
    ).encode()
