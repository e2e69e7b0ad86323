"""``--help`` and usage errors in the reader's language: click commands that put their
help into words when it is shown, and click's usage errors said again in that language.

Click reads a command's help and its options' help when the command is declared,
so the code gives them as English sources marked for the catalogs
(``help=t("…").source``) and these classes look each one up in the language of
the run when ``--help`` is formatted: the one ``--lang`` names before the command
(``gkssg --lang en new --help``; the group finds it in its arguments before it
parses them, as ``--help`` is handled while they are parsed), else ``GKSSG_LANG``,
else Chinese. Chinese lines are wrapped by their width on the terminal (a Chinese
character takes two columns), not by their count of characters.
"""

from __future__ import annotations

import difflib
import inspect
import re
from collections.abc import Iterator, Sequence
from typing import IO, Any

import click
from click.formatting import HelpFormatter, measure_table
from rich.cells import cell_len

from gkssg.base.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    Language,
    Text,
    language,
    language_from,
    t,
)

#: Where the group leaves the run's language for the help of its commands (``ctx.meta``
#: is shared by a context and the contexts of its commands).
LANGUAGE_KEY = "gkssg.language"

_USAGE = t("Usage:")
_OPTIONS = t("Options")
_COMMANDS = t("Commands")
_REQUIRED = t("required")
#: The help of the options click adds itself, looked up by their English text.
CLICK_HELP = (t("Show this message and exit."), t("Show the version and exit."))

#: Marks a paragraph click must not wrap again (see ``click.formatting.wrap_text``).
_AS_WRAPPED = "\b\n"
#: What may not begin a line of Chinese text (closing marks and punctuation).
_NO_LINE_START = frozenset("，。、；：？！）》」』】”’…,.;:?!)]}")
_TOKENS = re.compile(r"[!-~]+|\s+|.")


def language_in(args: Sequence[str]) -> str | None:
    """The language ``--lang`` names among the group's own options (before the command),
    when it is one gkssg speaks."""
    tokens = iter(args)
    for token in tokens:
        if token == "--lang":
            given = next(tokens, None)
        elif token.startswith("--lang="):
            given = token.partition("=")[2]
        elif token == "--site":
            next(tokens, None)
            continue
        elif token.startswith("-"):
            continue
        else:
            return None  # the command: --lang is not one of its options
        return given if given in LANGUAGES else None
    return None


def language_of(ctx: click.Context | None) -> Language:
    """The run's language: as the group found it, else ``GKSSG_LANG``, else Chinese."""
    found = ctx.meta.get(LANGUAGE_KEY) if ctx is not None else None
    if isinstance(found, Language):
        return found
    try:
        return language_from(None)
    except ValueError:  # GKSSG_LANG names another language: the group says so
        return language(DEFAULT_LANGUAGE)


def translated(source: str | None, say: Language) -> str:
    """A help text given as its English source, in ``say``'s language."""
    return say(Text(inspect.cleandoc(source))) if source else ""


def wrap_cells(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns (a line may pass it by a
    closing mark, which never starts a line); Chinese text breaks between any two
    characters, other text between words."""
    lines: list[str] = []
    line, space = "", False
    for token in _TOKENS.findall(" ".join(text.split())):
        if token.isspace():
            space = bool(line)
            continue
        joined = f"{line}{' ' if space else ''}{token}"
        if not line or cell_len(joined) <= width or token[0] in _NO_LINE_START:
            line = joined
        else:
            lines.append(line)
            line = token
        space = False
    return [*lines, line] if line else lines


def _as_wrapped(text: str, width: int) -> str:
    """Chinese text wrapped here, for click to write as it is; other text left to click."""
    if text.isascii():
        return text
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n\n".join(_AS_WRAPPED + "\n".join(wrap_cells(p, width)) for p in paragraphs)


def _short(text: str, limit: int, say: Language) -> str:
    """The first sentence of a help text, at most ``limit`` columns wide."""
    if say.code == "en":
        return click.utils.make_default_short_help(text, limit)
    first = " ".join(text.split("\n\n", 1)[0].split())
    sentence = re.split(r"(?<=[。；：])", first, maxsplit=1)[0].rstrip("。；：")
    lines = wrap_cells(sentence, limit - 1)
    return lines[0] + ("…" if len(lines) > 1 else "")


class UsageProblem(click.UsageError):
    """A command called wrongly, said in the run's language: how to call it, where to
    find help, and what was wrong (exit code 2)."""

    def __init__(self, text: Text | str, ctx: click.Context | None) -> None:
        super().__init__(str(text), ctx)
        self.text = text

    def show(self, file: IO[Any] | None = None) -> None:
        say = language_of(self.ctx)
        if self.ctx is not None:
            option = self.ctx.help_option_names[0]
            hint = t(
                "Try '{command} {option}' for help.", command=self.ctx.command_path, option=option
            )
            click.echo(f"{self.ctx.get_usage()}\n{say(hint)}\n", file=file, err=True)
        click.echo(say(t("Error: {message}", message=self.text)), file=file, err=True)


def localized(exc: click.UsageError) -> click.UsageError:
    """Click's usage error ``exc`` as a :class:`UsageProblem` (the words of the usual ones
    translated, the others' as click says them); ``gkssg`` alone, which shows the help,
    stays as it is."""
    if isinstance(exc, (UsageProblem, click.exceptions.NoArgsIsHelpError)):
        return exc
    hint = _param_hint(exc)
    text: Text | str = exc.format_message()
    if isinstance(exc, click.MissingParameter) and hint:
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "")
        if kind == "argument":
            text = t("Missing argument {name}.", name=hint)
        else:
            text = t("Missing option {name}.", name=hint)
    elif isinstance(exc, click.NoSuchOption):
        text = t("No such option: {name}", name=exc.option_name)
        if exc.possibilities:
            guess = " / ".join(sorted(exc.possibilities))
            text = t("{words} Did you mean {option}?", words=text, option=guess)
    elif isinstance(exc, click.BadParameter) and hint:
        text = t("Invalid value for {name}: {reason}", name=hint, reason=exc.message)
    return UsageProblem(text, exc.ctx)


def _param_hint(exc: click.UsageError) -> str:
    """The parameter a usage error is about, as click names it ('--jobs', 'TITLE')."""
    given = getattr(exc, "param_hint", None)
    param = getattr(exc, "param", None)
    if given is None and param is not None and exc.ctx is not None:
        given = param.get_error_hint(exc.ctx)
    if given is None or isinstance(given, str):
        return given or ""
    return " / ".join(repr(hint) for hint in given)


class LocalizedCommand(click.Command):
    """A command whose ``--help`` speaks the run's language."""

    def format_usage(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        prefix = language_of(ctx)(_USAGE)
        prefix += "" if prefix.endswith("：") else " "
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)

    def format_help_text(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        text = translated(self.help, language_of(ctx)).partition("\f")[0]
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                width = formatter.width - formatter.current_indent
                formatter.write_text(_as_wrapped(text, width))

    def format_options(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        say = language_of(ctx)
        rows = list(_option_rows(self.get_params(ctx), ctx, say))
        if rows:
            with formatter.section(say(_OPTIONS)):
                _write_rows(formatter, rows)

    def get_short_help_str(self, limit: int = 45) -> str:
        say = language_of(click.get_current_context(silent=True))
        return _short(translated(self.short_help or self.help, say), limit, say)


class LocalizedGroup(LocalizedCommand, click.Group):
    """A group whose ``--help`` (the list of its commands too) and whose refusal of an
    unknown command speak the run's language."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        unknown = name and not name.startswith("-") and self.get_command(ctx, name) is None
        if unknown and not ctx.resilient_parsing:
            commands = self.list_commands(ctx)
            close = difflib.get_close_matches(name, commands, n=1)
            if close:
                text = t(
                    "No such command '{name}'. Did you mean {command}?", name=name, command=close[0]
                )
            else:
                known = ", ".join(commands)
                text = t(
                    "No such command '{name}'. The commands are: {known}.", name=name, known=known
                )
            raise UsageProblem(text, ctx)
        return super().resolve_command(ctx, args)

    def format_options(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        say = language_of(ctx)
        commands = [
            (name, command)
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        rows = [
            (name, _short(translated(command.short_help or command.help, say), limit, say))
            for name, command in commands
        ]
        with formatter.section(say(_COMMANDS)):
            _write_rows(formatter, rows)


def _option_rows(
    params: Sequence[click.Parameter], ctx: click.Context, say: Language
) -> Iterator[tuple[str, str]]:
    for param in params:
        record = param.get_help_record(ctx)
        if record is None:
            continue
        words = translated(getattr(param, "help", None), say)
        extra = param.get_help_extra(ctx) if isinstance(param, click.Option) else {}
        notes = []
        if "default" in extra:
            notes.append(say(t("default: {default}", default=extra["default"])))
        if "range" in extra:
            notes.append(extra["range"])
        if "required" in extra:
            notes.append(say(_REQUIRED))
        if notes:
            words = f"{words}  [{'; '.join(notes)}]".strip()
        yield record[0], words


def _write_rows(formatter: HelpFormatter, rows: list[tuple[str, str]]) -> None:
    """``formatter.write_dl``, with Chinese text wrapped to the width left for it."""
    first = min(measure_table(rows)[0], 30) + 2
    width = max(formatter.width - first - 2 - formatter.current_indent, 10)
    shown = [(term, _as_wrapped(words, width)) for term, words in rows]
    formatter.write_dl(shown)
