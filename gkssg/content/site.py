"""Loading a whole site: configuration → content → checks → catalog.

:func:`load_site` is what ``gkssg check`` runs and what every build starts
with; it never raises for a content mistake, it reports into ``problems``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from gkssg.base.errors import Problems
from gkssg.base.i18n import t
from gkssg.content.catalog import Catalog
from gkssg.content.clock import build_time
from gkssg.content.config import SiteConfig, load_config, normalise_base_url
from gkssg.content.ledger import Ledger, LedgerRow, check_ledger, read_ledger
from gkssg.content.ledger import owners as ledger_owners
from gkssg.content.masking import as_published
from gkssg.content.model import Item
from gkssg.content.reading import ItemCache, SiteContent, read_content
from gkssg.content.requests import check_request_files
from gkssg.content.urls import Urls
from gkssg.content.validate import check_columns, check_items
from gkssg.source.theme import Theme, check_theme


@dataclass(frozen=True)
class Site:
    root: Path
    config: SiteConfig
    content: SiteContent
    catalog: Catalog
    theme: Theme
    #: 索引号 of the items published ahead of their 发布日期 (``--future``, the preview)
    scheduled: frozenset[str] = frozenset()
    #: the items withdrawn (撤回), whose old URLs serve a notice
    withdrawn: tuple[LedgerRow, ...] = ()

    @property
    def urls(self) -> Urls:
        return Urls(self.config.base_url, self.config.site_url)


def load_site(
    root: Path,
    problems: Problems,
    *,
    drafts: bool = False,
    base_url: str | None = None,
    cache: ItemCache | None = None,
    publication: Publication | None = None,
) -> Site | None:
    """Read and check everything; None when the configuration itself is unusable."""
    read = read_site(
        root, problems, drafts=drafts, base_url=base_url, cache=cache, publication=publication
    )
    if read is None:
        return None
    check_site(root, read, problems)
    return assemble_site(root, read)


@dataclass(frozen=True)
class Publication:
    """What is published now: the build's clock, and whether items dated later are too."""

    now: dt.datetime = field(default_factory=build_time)
    future: bool = False  # ``gkssg build --future`` and the preview

    def publishes(self, item: Item) -> bool:
        return self.future or item.published <= self.now


@dataclass(frozen=True)
class ReadSite:
    """The configuration and the content as read from the files, not yet checked."""

    config: SiteConfig
    content: SiteContent
    publication: Publication
    ledger: Ledger


def read_site(
    root: Path,
    problems: Problems,
    *,
    drafts: bool = False,
    base_url: str | None = None,
    cache: ItemCache | None = None,
    publication: Publication | None = None,
) -> ReadSite | None:
    """site.yaml and content/, each file's own problems reported; None when the
    configuration itself is unusable."""
    config = load_config(root, problems)
    if config is None:
        return None
    if base_url is not None:
        config = config.with_base_url(normalise_base_url(base_url))
    content = read_content(root, config, problems, drafts=drafts, cache=cache)
    ledger = read_ledger(root, problems)
    return ReadSite(config, content, publication or Publication(), ledger)


def check_site(root: Path, read: ReadSite, problems: Problems) -> None:
    """The checks across files: columns, 索引号, URLs, 相关信息, personal data, the
    request statistics' files and the site's own layouts."""
    content, ledger = read.content, read.ledger
    check_columns(content.columns, problems)
    owners = ledger_owners(ledger, content.items)
    check_items(
        root, read.config, content.columns, content.items, problems, content.findings, owners
    )
    check_ledger(ledger, content.items, content.files.item_sources, problems)
    check_request_files(root, problems)
    check_theme(root, problems)
    check_scheduled(content.items, read.publication.now, problems)


def assemble_site(root: Path, read: ReadSite) -> Site:
    """The site as published: items and columns as the public sees them (masked in
    privacy ``mask`` mode), in their catalog."""
    config, content, publication = read.config, read.content, read.publication
    columns = content.columns
    items = tuple(
        item
        for item in content.items
        if publication.publishes(item) and not _withdrawn(read.ledger, item)
    )
    if config.privacy == "mask":  # every output then publishes the masked text
        columns = tuple(as_published(config.privacy, column) for column in columns)
        items = tuple(as_published(config.privacy, item) for item in items)
        content = _published_fingerprints(content, items)
    catalog = Catalog.assemble(config, columns, items)
    ahead = frozenset(i.index_no.text for i in items if i.published > publication.now)
    withdrawn = read.ledger.withdrawals
    return Site(root, config, content, catalog, Theme.for_site(root), ahead, withdrawn)


def _withdrawn(ledger: Ledger, item: Item) -> bool:
    withdrawal = ledger.withdrawal(item.index_no.text)
    return withdrawal is not None and withdrawal.source == item.source


def check_scheduled(items: Sequence[Item], now: dt.datetime, problems: Problems) -> None:
    """定时发布: each item dated after ``now`` is noted (published by the first build after)."""
    for item in items:
        if item.published > now:
            problems.warning(
                item.source,
                item.line_of("published"),
                "SCHEDULED",
                t(
                    "scheduled for {published}: not published before then",
                    published=item.published.strftime("%Y-%m-%d %H:%M"),
                ),
                t("the first build after that time publishes it; `build --future` shows it now"),
            )


def _published_fingerprints(content: SiteContent, published: tuple[Item, ...]) -> SiteContent:
    """``content`` whose fingerprints name the items as published (masked): a masked item
    is made from the item read alone, so the read item's hash stands for it too."""
    by_source = {item.source: item for item in published}
    return replace(
        content,
        fingerprints={
            source: (by_source[source], fingerprint)
            for source, (_, fingerprint) in content.fingerprints.items()
            if source in by_source
        },
    )
