"""YAML read as nodes, so that every value keeps the line it was written on.

gkssg never lets PyYAML construct Python values: YAML 1.1 would read ``0203`` as
the octal number 131 and ``2008-03-05 14:53`` as text. Instead the document is
composed into nodes (with the fast C parser where available) and each field's
parser reads the scalar *as written*. Anchors and aliases are refused, which
also makes "billion laughs" documents harmless.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from gkssg.base.errors import Problems
from gkssg.base.i18n import Text, t
from gkssg.source.slips import excerpt, line_slips, node_slips

try:  # the C parser is ten times faster; fall back to pure Python if absent
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

#: Limits that keep hostile input from taking unbounded time or memory.
MAX_NODES = 20_000
MAX_DEPTH = 50


@dataclass(frozen=True)
class Entry:
    """One ``key: value`` pair of a mapping, with the 1-based line of its key in the file."""

    key: str
    line: int
    node: yaml.Node
    offset: int  # file line of the YAML text's first line, minus one

    def line_of(self, node: yaml.Node) -> int:
        """The file line of a node inside this entry's value (a list element, say)."""
        return node_line(node, self.offset)


@dataclass(frozen=True)
class Mapping:
    """A YAML mapping read in order; ``line`` is where it starts in the file."""

    entries: tuple[Entry, ...]
    line: int

    def get(self, key: str) -> Entry | None:
        for entry in self.entries:
            if entry.key == key:
                return entry
        return None


def node_line(node: yaml.Node, offset: int) -> int:
    """The 1-based file line of ``node`` when the YAML text starts at file line ``offset + 1``."""
    return int(node.start_mark.line) + offset + 1


def parse_document(text: str, file: str, line_offset: int, problems: Problems) -> yaml.Node | None:
    """Compose ``text`` into a node tree; report syntax errors and aliases at their line,
    and what an input method typed (full-width punctuation and spaces) as such.

    A slip in a key (or in indentation) makes the document unreadable: None is
    returned, as for a syntax error. Slips in values are reported and the tree is
    returned, so that the other fields are still read.
    """
    checked = not _within_limits(text)
    if checked and not _check_events(text, file, line_offset, problems):
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        _syntax_error(exc, text, file, line_offset, problems)
        return None
    except yaml.YAMLError as exc:
        problems.error(file, None, "YAML_SYNTAX", t("YAML cannot be read: {problem}", problem=exc))
        return None
    except RecursionError:
        problems.error(file, line_offset + 1, "YAML_SYNTAX", t("the YAML is nested too deeply"))
        return None
    if node is None:
        return None
    if checked and not _check_tree(node, file, line_offset, problems):
        return None
    found = node_slips(node, line_offset)
    for slip in found:
        problems.error(file, slip.line, "YAML_SYNTAX", slip.message)
    return None if any(slip.in_key for slip in found) else node


#: PyYAML's contexts whose mark is where the mistake was written: the key whose colon
#: is missing, the ``[``, ``{`` or quotation mark never closed. Other errors are found
#: where they are (the problem's mark).
_CONTEXT_AT_MISTAKE = (
    "while scanning a simple key",
    "while parsing a flow",
    "while scanning a quoted scalar",
)


def mistake_mark(exc: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where the mistake PyYAML reports was written (not where PyYAML noticed it)."""
    context = exc.context or ""
    if exc.context_mark is not None and context.startswith(_CONTEXT_AT_MISTAKE):
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


def _syntax_error(
    exc: yaml.MarkedYAMLError, text: str, file: str, line_offset: int, problems: Problems
) -> None:
    """Report a YAML syntax error: the input-method slips that explain it, each at its
    line, else PyYAML's problem in words at the line that holds the mistake."""
    mark = mistake_mark(exc)
    lines = text.split("\n")
    index = int(mark.line) if mark is not None else None
    slips = line_slips(lines, line_offset, index)
    for slip in slips:
        problems.error(file, slip.line, "YAML_SYNTAX", slip.message)
    if slips:
        return
    line = index + line_offset + 1 if index is not None else None
    shown = excerpt(lines[index]) if index is not None and index < len(lines) else ""
    problems.error(
        file,
        line,
        "YAML_SYNTAX",
        _explained(exc, line, shown),
        t(
            "check indentation, the colon and space after each key, and quotes around "
            "values that contain “: ” or start with a special character"
        ),
    )


def _explained(exc: yaml.MarkedYAMLError, line: int | None, shown: str) -> Text:
    """PyYAML's problem in the reader's words, for the errors editors make."""
    context, problem = exc.context or "", exc.problem or ""
    if context.startswith("while parsing a flow sequence"):
        return t(
            "line {line} “{text}”: the list opened with “[” is not closed with “]”, or a "
            "comma is missing between its entries",
            line=line,
            text=shown,
        )
    if context.startswith("while parsing a flow mapping"):
        return t(
            "line {line} “{text}”: the “{{” is not closed with “}}”, or a comma is missing "
            "between its entries",
            line=line,
            text=shown,
        )
    if context.startswith("while scanning a quoted scalar"):
        return t(
            "line {line} “{text}”: a quotation mark opened here is never closed",
            line=line,
            text=shown,
        )
    if context.startswith("while scanning a simple key"):
        return t(
            "line {line} “{text}” has no colon and space “: ” after its key",
            line=line,
            text=shown,
        )
    if problem.startswith("mapping values are not allowed"):
        return t(
            "line {line} “{text}” holds a colon and space “: ” where YAML expects none: "
            "put the value in quotes, or check the indentation of the line",
            line=line,
            text=shown,
        )
    return t("YAML cannot be read: {problem}", problem=problem or "malformed YAML")


def _within_limits(text: str) -> bool:
    """True when ``text`` cannot break a limit, so that neither check below can find anything.

    Without ``&`` and ``*`` there is no anchor or alias. A node takes at least one
    character (an empty key or value, its ``?`` or ``:``), and none is shared by more
    than three, so a text shorter than a third of the node limit cannot hold too many. And
    every level of nesting is opened by an indicator (``[``, ``{``, ``-``, ``?`` or
    ``:``): with fewer of them than the depth limit, nothing nests that deep. A
    front matter of a dozen fields has about 25.
    """
    if "&" in text or "*" in text or 3 * len(text) >= MAX_NODES:
        return False
    return sum(text.count(indicator) for indicator in "[{-?:") < MAX_DEPTH


def _check_events(text: str, file: str, line_offset: int, problems: Problems) -> bool:
    """Refuse aliases, excessive depth and size while only *parsing* (never composing).

    The C composer recurses once per nesting level: ``[[[[…`` a hundred thousand
    deep overflows the C stack and kills the process (a segmentation fault, not
    an exception). The parser is iterative, so the limits are enforced on its
    events before anything is composed. Syntax errors are left to the composer,
    which reports them with their line.
    """
    depth = nodes = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                problems.error(
                    file,
                    _event_line(event, line_offset),
                    "YAML_ALIAS",
                    t("anchors and aliases (& and *) are not allowed here"),
                    t("write the value out in full"),
                )
                return False
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            nodes += isinstance(event, (yaml.CollectionStartEvent, yaml.ScalarEvent))
            if depth > MAX_DEPTH or nodes > MAX_NODES:
                problems.error(
                    file,
                    _event_line(event, line_offset),
                    "YAML_SYNTAX",
                    t("the YAML is too large or too deeply nested"),
                )
                return False
    except yaml.YAMLError:
        return True
    return True


def _event_line(event: yaml.Event, line_offset: int) -> int | None:
    mark = event.start_mark
    return int(mark.line) + line_offset + 1 if mark is not None else None


def _check_tree(root: yaml.Node, file: str, line_offset: int, problems: Problems) -> bool:
    """Refuse aliases (a node reached twice), excessive size and excessive depth."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    count = 0
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            problems.error(
                file,
                node_line(node, line_offset),
                "YAML_ALIAS",
                t("anchors and aliases (& and *) are not allowed here"),
                t("write the value out in full"),
            )
            return False
        seen.add(id(node))
        count += 1
        if count > MAX_NODES or depth > MAX_DEPTH:
            problems.error(
                file,
                node_line(node, line_offset),
                "YAML_SYNTAX",
                t("the YAML is too large or too deeply nested"),
            )
            return False
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
    return True


def as_mapping(
    node: yaml.Node | None, file: str, line_offset: int, problems: Problems, what: Text | str
) -> Mapping | None:
    """Read a mapping node into entries; report non-mappings, non-text keys and duplicates."""
    if node is None:
        return Mapping((), line_offset + 1)
    if not isinstance(node, yaml.MappingNode):
        problems.error(
            file,
            node_line(node, line_offset),
            "NOT_A_MAPPING",
            t("{what} must be `key: value` lines", what=what),
        )
        return None
    entries: list[Entry] = []
    for key_node, value_node in node.value:
        line = node_line(key_node, line_offset)
        if not isinstance(key_node, yaml.ScalarNode):
            problems.error(file, line, "BAD_VALUE", t("a key must be plain text"))
            continue
        entries.append(Entry(str(key_node.value), line, value_node, line_offset))
    return Mapping(tuple(entries), node_line(node, line_offset))


def scalar(node: yaml.Node) -> str | None:
    """The text of a scalar node as written, or None for non-scalars and ``null``."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    if node.tag == "tag:yaml.org,2002:null" and node.style is None:
        return None
    return str(node.value)


def is_plain_number(node: yaml.Node) -> bool:
    """True for an unquoted scalar that YAML would read as a number (e.g. ``0203``)."""
    return (
        isinstance(node, yaml.ScalarNode)
        and node.style is None
        and node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    )


def is_bool(node: yaml.Node) -> bool | None:
    """The boolean an unquoted scalar stands for, or None when it is not a boolean."""
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
        return str(node.value).lower() in ("true", "yes", "on", "y")
    return None
