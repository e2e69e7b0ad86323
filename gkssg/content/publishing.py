"""site.yaml ``publish:``: the servers a site is published to, their groups, the web archive.

```yaml
publish:
  archive: true                      # a WARC file of every release (DA/T 80-2019)
  targets:
    web1: deploy@10.1.1.11:/srv/xxgk # a server, reached with ssh and rsync
    web2:
      dest: deploy@10.2.1.11:/srv/xxgk
      ssh_options: ["-p 2222", "-i /etc/gkssg/deploy_key"]
    standby: /mnt/standby/xxgk        # a folder on this machine
  groups:
    production: [web1, web2]
```

``gkssg publish --to production`` publishes to every target of the group, and
``--to web1`` to one target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from gkssg.base.i18n import t
from gkssg.source.schema import (
    Field,
    FieldContext,
    read_bool,
    read_fields,
    read_required_text,
    read_text_list,
)
from gkssg.source.yamlnodes import Entry, Mapping, scalar

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class TargetSpec:
    """One place a site is published to: a folder or ``user@host:/path``."""

    name: str
    dest: str
    ssh_options: tuple[str, ...] = ()


@dataclass(frozen=True)
class PublishOptions:
    """What site.yaml ``publish:`` says (all of it optional)."""

    archive: bool = False
    targets: dict[str, TargetSpec] = field(default_factory=dict)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _named_entries(entry: Entry, ctx: FieldContext) -> list[Entry] | None:
    """The ``name: value`` entries of a mapping whose keys are names the user chose."""
    node = entry.node
    if not isinstance(node, yaml.MappingNode):
        ctx.problems.error(
            ctx.file, entry.line, "BAD_VALUE", t("{label} must be a mapping", label=ctx.label)
        )
        return None
    entries = []
    for key, value in node.value:
        name = scalar(key) or ""
        if not NAME.match(name):
            ctx.problems.error(
                ctx.file,
                entry.line_of(key),
                "BAD_VALUE",
                t("`{name}` in {label} is not a usable name", name=name, label=ctx.label),
                t("use letters, digits, - _ and ., e.g. web1"),
            )
            continue
        entries.append(Entry(name, entry.line_of(key), value, entry.offset))
    return entries


TARGET_FIELDS = (
    Field("dest", read_required_text, "a folder, or user@host:/path", required=True),
    Field("ssh_options", read_text_list, 'extra ssh arguments, e.g. ["-p 2222"]'),
)


def _read_target(entry: Entry, ctx: FieldContext) -> TargetSpec | None:
    text = scalar(entry.node)
    if text is not None:
        return TargetSpec(entry.key, text.strip()) if text.strip() else None
    if not isinstance(entry.node, yaml.MappingNode):
        ctx.problems.error(
            ctx.file,
            entry.line,
            "BAD_VALUE",
            t("target {name} must be a destination or a mapping", name=entry.key),
            t("write `{name}: deploy@web1:/srv/xxgk`", name=entry.key),
        )
        return None
    entries = tuple(
        Entry(str(k.value), entry.line_of(k), v, entry.offset)
        for k, v in entry.node.value
        if isinstance(k, yaml.ScalarNode)
    )
    what = f"publish.targets.{entry.key}"
    mapping = Mapping(entries, entry.line)
    values, _ = read_fields(mapping, TARGET_FIELDS, ctx.file, ctx.problems, what)
    if "dest" not in values:
        return None
    return TargetSpec(entry.key, values["dest"], tuple(values.get("ssh_options", ())))


def read_targets(entry: Entry, ctx: FieldContext) -> dict[str, TargetSpec] | None:
    """``name: dest`` or ``name: {dest, ssh_options}`` for each target."""
    entries = _named_entries(entry, ctx)
    if entries is None:
        return None
    targets = {}
    for named in entries:
        target = _read_target(named, ctx)
        if target is not None:
            targets[named.key] = target
    return targets


def read_groups(entry: Entry, ctx: FieldContext) -> dict[str, tuple[str, ...]] | None:
    """``name: [target, …]`` for each group; a group may only name targets of
    ``targets`` (checked when it is published to)."""
    entries = _named_entries(entry, ctx)
    if entries is None:
        return None
    groups = {}
    for named in entries:
        members = read_text_list(named, FieldContext(ctx.file, ctx.problems, named.key))
        if members:
            groups[named.key] = tuple(dict.fromkeys(members))
    return groups


PUBLISH_FIELDS = (
    Field("archive", read_bool, "write a WARC web archive beside every release (default false)"),
    Field("targets", read_targets, "the places to publish to, by name"),
    Field("groups", read_groups, "named groups of targets, published to together"),
)


def publish_options(values: dict[str, Any]) -> PublishOptions:
    """The options from what ``sub_mapping(PUBLISH_FIELDS)`` read."""
    return PublishOptions(
        archive=values.get("archive", False),
        targets=values.get("targets", {}),
        groups=values.get("groups", {}),
    )
