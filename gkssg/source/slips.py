"""What a Chinese input method types into YAML, named at its line with the fix.

An editor who types front matter with a Chinese input method switched on writes
full-width punctuation where YAML wants ASCII: ``genre：细则`` (a full-width colon,
so no key at all), ``[劳动合同，工资]`` (one entry, not two), ``“关于…”`` (quotes
YAML keeps as part of the text), ``【a, b】`` (text, not a list), a full-width space
(U+3000) or a tab where YAML counts indentation. PyYAML reports some of these on
the next line, in words about tokens, and reads the others as valid text.

Each slip here is a :class:`Slip`: its file line and a sentence that names the
character and gives the fix (``第10行“genre：细则”用了中文冒号“：”，请改为英文冒号加空格“: ”``).
:func:`line_slips` looks at the lines of a YAML text that PyYAML could not read,
:func:`node_slips` at the keys and values of one it could.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from gkssg.base.i18n import Text, t

FULL_COLON = "："
FULL_COMMA = "，"
IDEOGRAPHIC_SPACE = "\u3000"
TAB = "\t"
QUOTE_PAIRS = (("“", "”"), ("‘", "’"), ("＂", "＂"), ("＇", "＇"))
BRACKETS = ("【", "】")
#: Full-width digits, hyphen, colon and space, as ASCII: a date's slips.
FULL_WIDTH = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "－": "-", FULL_COLON: ":", "\u3000": " "}
)
_EXCERPT = 30


@dataclass(frozen=True)
class Slip:
    """A slip of the input method at ``line`` (a file line), described in ``message``."""

    line: int
    message: Text
    #: a key is unreadable: the document's fields are not read any further
    in_key: bool = False


def excerpt(text: str) -> str:
    """The text shown between quotation marks: stripped, at most 30 characters."""
    text = text.strip()
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"


def colon_slip(line: int, text: str) -> Slip:
    return Slip(
        line,
        t(
            "line {line} “{text}” uses the Chinese colon “：”; write an English colon "
            "and a space “: ” instead",
            line=line,
            text=excerpt(text),
        ),
        in_key=True,
    )


def comma_slip(line: int, text: str) -> Slip:
    return Slip(
        line,
        t(
            "line {line} “{text}” separates entries with the Chinese comma “，”; write an "
            "English comma and a space “, ” instead",
            line=line,
            text=excerpt(text),
        ),
    )


def quotes_slip(line: int, text: str, quotes: str) -> Slip:
    return Slip(
        line,
        t(
            "line {line} “{text}” puts the Chinese quotation marks {quotes} around a value, "
            'which YAML keeps as part of the text; remove them, or use English quotes "…"',
            line=line,
            text=excerpt(text),
            quotes=quotes,
        ),
    )


def brackets_slip(line: int, text: str) -> Slip:
    return Slip(
        line,
        t(
            "line {line} “{text}” writes a list in the Chinese brackets “【】”; write "
            "English brackets “[ ]” instead, e.g. [劳动合同, 工资]",
            line=line,
            text=excerpt(text),
        ),
    )


def indentation_slip(line: int, character: str) -> Slip:
    if character == TAB:
        message = t(
            "line {line} is indented with a tab; indent with spaces instead (two per level)",
            line=line,
        )
    else:
        message = t(
            "line {line} is indented with a full-width space (U+3000); indent with "
            "ordinary spaces instead (two per level)",
            line=line,
        )
    return Slip(line, message, in_key=True)


def space_after_colon_slip(line: int, text: str) -> Slip:
    return Slip(
        line,
        t(
            "line {line} “{text}” has a full-width space after the colon; write an English "
            "colon and an ordinary space “: ” instead",
            line=line,
            text=excerpt(text),
        ),
        in_key=True,
    )


# -- a text PyYAML could not read ----------------------------------------------------------


def line_slips(lines: Sequence[str], offset: int, mistake: int | None) -> list[Slip]:
    """The slips in ``lines`` (a YAML text whose first line is file line ``offset + 1``):
    indentation and a full-width space after a colon on any line, the other slips on
    the line PyYAML's error points at (``mistake``, 0-based in ``lines``)."""
    found: list[Slip] = []
    for index, text in enumerate(lines):
        indentation = text[: len(text) - len(text.lstrip(" \t\u3000"))]
        for character in (TAB, IDEOGRAPHIC_SPACE):
            if character in indentation:
                found.append(indentation_slip(index + offset + 1, character))
                break
        else:
            if ":" + IDEOGRAPHIC_SPACE in text:
                found.append(space_after_colon_slip(index + offset + 1, text))
    if found or mistake is None or not 0 <= mistake < len(lines):
        return found
    slip = _slip_in_line(lines[mistake], mistake + offset + 1)
    return [slip] if slip is not None else []


def _slip_in_line(text: str, line: int) -> Slip | None:
    """The first slip found in one line, in the order a reader would look for it."""
    body = text.strip().removeprefix("- ").strip()
    key_end = body.find(": ") if ": " in body else (len(body) if body.endswith(":") else -1)
    colon = body.find(FULL_COLON)
    if colon >= 0 and (key_end < 0 or colon < key_end):
        return colon_slip(line, body)
    for opening, closing in QUOTE_PAIRS:
        if opening in body or closing in body:
            return quotes_slip(line, body, opening + closing)
    if BRACKETS[0] in body or BRACKETS[1] in body:
        return brackets_slip(line, body)
    if FULL_COMMA in body and any(mark in body for mark in "[{"):
        return comma_slip(line, body)
    return None


# -- a text PyYAML read ---------------------------------------------------------------------


def node_slips(root: yaml.Node, offset: int) -> list[Slip]:
    """The slips in the keys and plain values of a composed document."""
    found: list[Slip] = []
    if isinstance(root, yaml.ScalarNode) and not root.style and FULL_COLON in root.value:
        return [colon_slip(_line(root, offset), str(root.value))]
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                slip = _key_slip(key, offset)
                if slip is not None:
                    found.append(slip)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif (slip := value_slip(node, offset)) is not None:
            found.append(slip)
    return sorted(found, key=lambda slip: slip.line)


def _line(node: yaml.Node, offset: int) -> int:
    return int(node.start_mark.line) + offset + 1


def _key_slip(key: yaml.Node, offset: int) -> Slip | None:
    if not isinstance(key, yaml.ScalarNode) or key.style:
        return None
    text = str(key.value)
    line = _line(key, offset)
    for character in (IDEOGRAPHIC_SPACE, TAB):
        if text.startswith(character):
            return indentation_slip(line, character)
    if FULL_COLON in text:
        return colon_slip(line, text)
    if text.endswith(":" + IDEOGRAPHIC_SPACE) or ":" + IDEOGRAPHIC_SPACE in text:
        return space_after_colon_slip(line, text)
    return None


def value_slip(node: yaml.Node, offset: int) -> Slip | None:
    """Chinese quotes around a whole plain value, or a list written in 【】."""
    if not isinstance(node, yaml.ScalarNode) or node.style:
        return None
    text = str(node.value).strip()
    if len(text) < 2:
        return None
    line = _line(node, offset)
    for opening, closing in QUOTE_PAIRS:
        inner = text[1:-1]
        if (text[0], text[-1]) == (opening, closing) and not {opening, closing} & set(inner):
            return quotes_slip(line, text, opening + closing)
    if text[0] == BRACKETS[0] and text[-1] in (BRACKETS[1], "]"):
        return brackets_slip(line, text)
    return None


def list_entry_slip(node: yaml.Node, offset: int) -> Slip | None:
    """A plain entry of a ``[…]`` list that holds a full-width comma: two entries meant."""
    if isinstance(node, yaml.ScalarNode) and not node.style and FULL_COMMA in node.value:
        return comma_slip(_line(node, offset), str(node.value))
    return None


def date_digits_fix(text: str) -> str | None:
    """``２００８-03-05`` → ``2008-03-05``: the text with full-width digits, hyphens and
    colons made ASCII, when it had any; None otherwise."""
    fixed = text.translate(FULL_WIDTH)
    return fixed if fixed != text else None
