"""What ``gkssg publish`` prints: per target, what was sent, switched, cleaned, removed."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import click

from gkssg.base.i18n import Language, Text, t
from gkssg.publish.group import GroupResult, Target, TargetResult
from gkssg.publish.releases import Listing

Say = Callable[[Text], None]


def report_result(result: GroupResult, language: Language, *, switched_only: bool = False) -> None:
    for target in result.targets:
        say = _say(language, target.target)
        if target.cleaned:
            say(
                t(
                    "removed what interrupted publishes left: {names}",
                    names=", ".join(target.cleaned),
                )
            )
        if switched_only:
            say(
                t(
                    "{release} is live (was {previous})",
                    release=result.release,
                    previous=_was(target),
                )
            )
        elif result.already_live:
            say(t("already live as {release}; nothing to publish", release=result.release))
        elif result.staged:
            say(
                t(
                    "{release} is uploaded and checked, not live (live: {previous})",
                    release=result.release,
                    previous=_was(target),
                )
            )
        else:
            _report_published(say, result.release, target)
        if target.warning is not None:
            say(t("warning: {warning}", warning=target.warning))
    if result.staged:
        click.echo(language(t("make it live with --switch {release}", release=result.release)))
    if result.switch_seconds is not None and len(result.targets) > 1:
        milliseconds = str(round(result.switch_seconds * 1000, 1))
        click.echo(
            language(
                t(
                    "all {count} targets switched to {release} within {ms} ms",
                    count=len(result.targets),
                    release=result.release,
                    ms=milliseconds,
                )
            )
        )


def _say(language: Language, target: Target) -> Say:
    def say(message: Text) -> None:
        click.echo(f"{target.transport.describe()}: {language(message)}")

    return say


def _was(target: TargetResult) -> str:
    return target.previous or "-"


def _report_published(say: Say, release: str, target: TargetResult) -> None:
    stats = target.stats
    if stats is None:
        say(
            t(
                "{release} made live (was {previous}); it was there already",
                release=release,
                previous=_was(target),
            )
        )
    else:
        unchanged = stats.files - stats.transferred
        say(
            t(
                "published {release} and made it live (was {previous}); {sent} of {files} files "
                "sent ({bytes} bytes), {unchanged} unchanged ones hard-linked",
                release=release,
                previous=_was(target),
                sent=stats.transferred,
                files=stats.files,
                bytes=stats.bytes_sent,
                unchanged=unchanged,
            )
        )
    if target.pruned:
        say(t("removed old releases: {names}", names=", ".join(target.pruned)))


def print_listings(listings: Sequence[tuple[Target, Listing]], language: Language) -> None:
    """Each target's releases, newest first; then, for a group, whether they agree."""
    for target, listing in listings:
        if len(listings) > 1:
            live = listing.live or "-"
            click.echo(language(t("{target}: live {release}", target=target.label, release=live)))
        _print_listing(listing, language)
    if len(listings) > 1:
        lives = {listing.live for _, listing in listings}
        if len(lives) == 1 and None not in lives:
            click.echo(
                language(
                    t("the group agrees: {release} is live on every target", release=lives.pop())
                )
            )
        else:
            shown = ", ".join(
                f"{target.name}: {listing.live or '-'}" for target, listing in listings
            )
            click.echo(language(t("the group does not agree: {shown}", shown=shown)))


def _print_listing(listing: Listing, language: Language) -> None:
    if not listing.releases:
        click.echo(language(t("no releases")))
        return
    for name in reversed(listing.names):
        info = listing.releases[name]
        mark = "*" if name == listing.live else " "
        details = language(t("(no release.json)"))
        if info is not None:
            commit = (info.commit or "-")[:10] + ("+" if info.commit_dirty else "")
            details = language(
                t(
                    "built {built}  {items} items  commit {commit}",
                    built=info.built,
                    items=info.items,
                    commit=commit,
                )
            )
        archived = language(t("  archived")) if name in listing.archived else ""
        live = language(t("  live")) if name == listing.live else ""
        click.echo(f"{mark} {name}  {details}{archived}{live}")
