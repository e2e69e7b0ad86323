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
    """Compose ``text`` into a node tree; report syntax errors and aliases at their line."""
    checked = not _within_limits(text)
    if checked and not _check_events(text, file, line_offset, problems):
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + line_offset + 1 if mark is not None else None
        problem = exc.problem or "malformed YAML"
        problems.error(
            file,
            line,
            "YAML_SYNTAX",
            f"YAML cannot be read: {problem}",
            "check indentation, the colon after each key, and quotes around values "
            "that contain `: ` or start with a special character",
        )
        return None
    except yaml.YAMLError as exc:
        problems.error(file, None, "YAML_SYNTAX", f"YAML cannot be read: {exc}")
        return None
    except RecursionError:
        problems.error(file, line_offset + 1, "YAML_SYNTAX", "YAML is nested too deeply")
        return None
    if node is None:
        return None
    if checked and not _check_tree(node, file, line_offset, problems):
        return None
    return node


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
                    "anchors and aliases (& and *) are not allowed here",
                    "write the value out in full",
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
                    "the YAML is too large or too deeply nested",
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
                "anchors and aliases (& and *) are not allowed here",
                "write the value out in full",
            )
            return False
        seen.add(id(node))
        count += 1
        if count > MAX_NODES or depth > MAX_DEPTH:
            problems.error(
                file,
                node_line(node, line_offset),
                "YAML_SYNTAX",
                "the YAML is too large or too deeply nested",
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
    node: yaml.Node | None, file: str, line_offset: int, problems: Problems, what: str
) -> Mapping | None:
    """Read a mapping node into entries; report non-mappings, non-text keys and duplicates."""
    if node is None:
        return Mapping((), line_offset + 1)
    if not isinstance(node, yaml.MappingNode):
        problems.error(
            file,
            node_line(node, line_offset),
            "NOT_A_MAPPING",
            f"{what} must be `key: value` lines",
        )
        return None
    entries: list[Entry] = []
    for key_node, value_node in node.value:
        line = node_line(key_node, line_offset)
        if not isinstance(key_node, yaml.ScalarNode):
            problems.error(file, line, "BAD_VALUE", "a key must be plain text")
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
