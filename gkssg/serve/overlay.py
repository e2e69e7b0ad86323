"""Content errors shown in the browser: an overlay over the page, and a page of its own.

The overlay is drawn by the served script (see :mod:`gkssg.serve.reload`) from the
list of ``path:line: CODE message`` lines it receives; it goes away by itself
once the files are fixed. Before the first successful build there is no page to
lay it over, so every request gets :func:`problems_page` instead.
"""

from __future__ import annotations

import html

OVERLAY_ID = "gkssg-overlay"
OVERLAY_TITLE = "内容有错误，预览暂停更新"
OVERLAY_HINT = "修改并保存下列文件后，页面会自动恢复。"

#: Draws (or removes) the overlay; called with the list of problem lines.
OVERLAY_JS = f"""function showProblems(lines) {{
    var old = document.getElementById("{OVERLAY_ID}");
    if (old) old.remove();
    if (!lines.length) return;
    var box = document.createElement("div");
    box.id = "{OVERLAY_ID}";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", "{OVERLAY_ID}-title");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(255,255,255,.97);color:#222;padding:2em;font:16px/1.6 sans-serif";
    var title = document.createElement("h2");
    title.id = "{OVERLAY_ID}-title";
    title.style.color = "#b00";
    title.textContent = "{OVERLAY_TITLE}";
    var hint = document.createElement("p");
    hint.textContent = "{OVERLAY_HINT}";
    var list = document.createElement("pre");
    list.style.cssText = "white-space:pre-wrap;font:14px/1.6 monospace;background:#fff4f4;" +
      "border:1px solid #e0b4b4;padding:1em";
    list.textContent = lines.join("\\n");
    box.append(title, hint, list);
    document.body.append(box);
  }}"""


def problems_page(lines: list[str], script: str) -> bytes:
    """A whole page for when no build has succeeded yet: the problems, and the script."""
    items = "\n".join(html.escape(line) for line in lines)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head><meta charset="utf-8">'
        f"<title>{OVERLAY_TITLE}</title></head>\n<body>\n"
        f"<h1>{OVERLAY_TITLE}</h1>\n<p>{OVERLAY_HINT}</p>\n<pre>{items}</pre>\n"
        f"{script}</body>\n</html>\n"
    ).encode()
