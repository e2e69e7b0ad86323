"""site.yaml: the declared options, read into a frozen :class:`SiteConfig`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from gkssg.base.errors import Problems
from gkssg.base.i18n import message_of, t
from gkssg.content.index_numbers import IndexPattern, PatternError
from gkssg.content.publishing import PUBLISH_FIELDS, PublishOptions, publish_options
from gkssg.source.schema import (
    Field,
    FieldContext,
    choice,
    read_bool,
    read_date_list,
    read_fields,
    read_positive_int,
    read_required_text,
    read_text,
    read_text_list,
    sub_mapping,
)
from gkssg.source.sourcefile import decode_source, read_source_bytes
from gkssg.source.yamlnodes import Entry, as_mapping, parse_document

CONFIG_FILE = "site.yaml"
DEFAULT_INDEX_PATTERN = "{org_code}/{year}-{seq:05d}"

PrivacyMode = Literal["error", "mask", "off"]
KeyLanguage = Literal["zh", "en"]


@dataclass(frozen=True)
class Identity:
    """What a government site must show in its footer."""

    site_code: str = ""  # 网站标识码
    icp: str = ""  # ICP备案号
    police: str = ""  # 公安备案号


@dataclass(frozen=True)
class Contact:
    address: str = ""
    phone: str = ""
    email: str = ""
    hotline: str = ""


@dataclass(frozen=True)
class Portal:
    title: str
    url: str


@dataclass(frozen=True)
class CalendarOverrides:
    """Days beyond the bundled official calendar: extra holidays and make-up workdays."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()


@dataclass(frozen=True)
class ReportOptions:
    """How the yearly report finds 规章 and 规范性文件 (site.yaml ``report``).

    An item is of a kind when its 体裁 is in the kind's genres or its column (or
    an ancestor column), named by code, path or title, is in the kind's columns;
    规章 is decided first.
    """

    rules_genres: tuple[str, ...] = ("规章",)
    rules_columns: tuple[str, ...] = ()
    normative_genres: tuple[str, ...] = ()
    normative_columns: tuple[str, ...] = ("规范性文件",)


@dataclass(frozen=True)
class SiteConfig:
    title: str
    org: str
    org_code: str
    url: str  # public origin, no trailing slash
    index_pattern: IndexPattern
    base_url: str = "/"
    identity: Identity = field(default_factory=Identity)
    contact: Contact = field(default_factory=Contact)
    portal: Portal | None = None
    topics: tuple[str, ...] = ()
    require_review: bool = False
    privacy: PrivacyMode = "error"
    sanitize_html: bool = True
    calendar: CalendarOverrides = field(default_factory=CalendarOverrides)
    report: ReportOptions = field(default_factory=ReportOptions)
    per_page: int = 20
    home_items: int = 10
    feed_items: int = 50
    search_bundle_items: int = 500
    language: str = "zh-CN"
    keys: KeyLanguage = "zh"  # the keys gkssg new and gkssg import write: 标题 … or title …

    def with_base_url(self, base_url: str) -> SiteConfig:
        return replace(self, base_url=normalise_base_url(base_url))

    @property
    def site_url(self) -> str:
        """The absolute URL of the site's root, ending with ``/``."""
        return self.url + self.base_url


def normalise_base_url(value: str) -> str:
    """``xxgkweb`` / ``/xxgkweb`` / ``/xxgkweb/`` → ``/xxgkweb/``."""
    value = value.strip()
    if "://" in value:
        raise ValueError(t("base_url is a path such as /xxgkweb/, not a full URL"))
    parts = [part for part in value.split("/") if part]
    if any(part in (".", "..") for part in parts):
        raise ValueError(t("base_url may not contain . or .. segments"))
    if any(not re.fullmatch(r"[\w.~!$&'()*+,;=:@%-]+", part) for part in parts):
        raise ValueError(t("base_url may contain only letters, digits, - _ . ~ and / (no spaces)"))
    return "/" + "".join(part + "/" for part in parts)


def _read_url(entry: Entry, ctx: FieldContext) -> str | None:
    text = read_text(entry, ctx)
    if text is None:
        return None
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", text):
        ctx.problems.error(
            ctx.file,
            entry.line,
            "BAD_URL",
            t("{field} `{value}` is not an http(s) URL", field=ctx.label, value=text),
            t('write it as "https://xxgk.example.gov.cn"'),
        )
        return None
    return text.rstrip("/")


def _read_base_url(entry: Entry, ctx: FieldContext) -> str | None:
    text = read_text(entry, ctx)
    if text is None:
        return "/"
    try:
        return normalise_base_url(text)
    except ValueError as exc:
        ctx.problems.error(ctx.file, entry.line, "BAD_URL", message_of(exc))
        return None


def _read_code(entry: Entry, ctx: FieldContext) -> str | None:
    """Codes are read as written, so an unquoted ``00298196`` keeps its zeros."""
    return read_required_text(entry, ctx)


IDENTITY_FIELDS = (
    Field("site_code", read_text, "网站标识码"),
    Field("icp", read_text, "ICP备案号"),
    Field("police", read_text, "公安备案号"),
)
CONTACT_FIELDS = (
    Field("address", read_text, "postal address"),
    Field("phone", read_text, "telephone"),
    Field("email", read_text, "e-mail address"),
    Field("hotline", read_text, "service hotline, e.g. 12333"),
)
PORTAL_FIELDS = (
    Field("title", read_required_text, "the portal's name", required=True),
    Field("url", _read_url, "the portal's URL", required=True),
)
CALENDAR_FIELDS = (
    Field("holidays", read_date_list, "extra days off"),
    Field("workdays", read_date_list, "extra make-up working days"),
)
REPORT_FIELDS = (
    Field("rules_genres", read_text_list, "体裁 of 规章 (default: 规章)"),
    Field("rules_columns", read_text_list, "columns (code, path or title) of 规章"),
    Field("normative_genres", read_text_list, "体裁 of 规范性文件"),
    Field("normative_columns", read_text_list, "columns of 规范性文件 (default: 规范性文件)"),
)

#: Every option of site.yaml. Unknown keys are errors.
SITE_FIELDS: tuple[Field, ...] = (
    Field("title", read_required_text, "the site's name", required=True),
    Field("org", read_required_text, "主办单位; default 发布机构 of every item", required=True),
    Field("org_code", _read_code, "组织机构代码, used in 索引号", required=True),
    Field("url", _read_url, "public origin, for absolute links in feeds", required=True),
    Field("base_url", _read_base_url, "path the site is served under, default /"),
    Field("index_no", read_required_text, "索引号 pattern, default " + DEFAULT_INDEX_PATTERN),
    Field("identity", sub_mapping(IDENTITY_FIELDS, "identity"), "footer identity"),
    Field("contact", sub_mapping(CONTACT_FIELDS, "contact"), "contact shown in the footer"),
    Field("portal", sub_mapping(PORTAL_FIELDS, "portal"), "link to the main portal"),
    Field("topics", read_text_list, "the vocabulary of 主题分类"),
    Field("require_review", read_bool, "items need a 保密审查 record"),
    Field("privacy", choice("error", "mask", "off"), "what to do with personal data"),
    Field("sanitize_html", read_bool, "sanitise raw HTML in bodies (default true)"),
    Field("calendar", sub_mapping(CALENDAR_FIELDS, "calendar"), "extra holidays and workdays"),
    Field("report", sub_mapping(REPORT_FIELDS, "report"), "what the yearly report counts"),
    Field("per_page", read_positive_int, "items per list page (default 20)"),
    Field("home_items", read_positive_int, "newest items on the home page (default 10)"),
    Field("feed_items", read_positive_int, "entries in each feed (default 50)"),
    Field(
        "search_bundle_items",
        read_positive_int,
        "fewest items of one search bundle; smaller years share one (default 500)",
    ),
    Field(
        "keys", choice("zh", "en"), "keys new items are written with: zh (标题 …, default) or en"
    ),
    Field("publish", sub_mapping(PUBLISH_FIELDS, "publish"), "where `gkssg publish` publishes to"),
)


def load_config(site_root: Path, problems: Problems) -> SiteConfig | None:
    """Read and validate ``site.yaml``; every problem goes to ``problems``."""
    read = _read_config(site_root, problems)
    return None if read is None else _build_config(*read, problems)


def load_publish_options(site_root: Path, problems: Problems) -> PublishOptions | None:
    """site.yaml ``publish:``, read apart from :class:`SiteConfig`: where a site is
    published to is no input of its pages, so changing it changes no cache key."""
    read = _read_config(site_root, problems)
    return None if read is None else publish_options(read[0].get("publish", {}))


def _read_config(
    site_root: Path, problems: Problems
) -> tuple[dict[str, Any], dict[str, int]] | None:
    path = site_root / CONFIG_FILE
    if not path.exists():
        problems.error(
            CONFIG_FILE,
            None,
            "CONFIG_MISSING",
            t("site.yaml not found"),
            t("run `gkssg init DIR`"),
        )
        return None
    raw = read_source_bytes(path, CONFIG_FILE, problems)
    if raw is None:
        return None
    source = decode_source(raw, CONFIG_FILE, problems)
    if source is None:
        return None
    reported = len(problems)
    node = parse_document(source.text, CONFIG_FILE, 0, problems)
    if node is None and len(problems) > reported:
        return None  # unreadable YAML: its problem is reported; no "missing" noise
    if node is None:
        problems.error(CONFIG_FILE, 1, "MISSING_FIELD", t("site.yaml is empty"))
    mapping = as_mapping(node, CONFIG_FILE, 0, problems, "site.yaml")
    if mapping is None:
        return None
    return read_fields(mapping, SITE_FIELDS, CONFIG_FILE, problems, "site.yaml")


def _build_config(
    values: dict[str, Any], lines: dict[str, int], problems: Problems
) -> SiteConfig | None:
    required = ("title", "org", "org_code", "url")
    if any(name not in values for name in required):
        return None
    pattern_text = values.get("index_no", DEFAULT_INDEX_PATTERN)
    try:
        pattern = IndexPattern.compile(pattern_text, values["org_code"])
    except PatternError as exc:
        problems.error(
            CONFIG_FILE,
            lines.get("index_no"),
            "BAD_PATTERN",
            t(
                "index_no pattern `{pattern}`: {reason}",
                pattern=pattern_text,
                reason=message_of(exc),
            ),
            t('for example "{pattern}"', pattern=DEFAULT_INDEX_PATTERN),
        )
        return None
    portal = values.get("portal")
    calendar = values.get("calendar", {})
    return SiteConfig(
        title=values["title"],
        org=values["org"],
        org_code=values["org_code"],
        url=values["url"],
        index_pattern=pattern,
        base_url=values.get("base_url", "/"),
        identity=Identity(**values.get("identity", {})),
        contact=Contact(**values.get("contact", {})),
        portal=Portal(**portal) if portal and len(portal) == 2 else None,
        topics=values.get("topics", ()),
        require_review=values.get("require_review", False),
        privacy=values.get("privacy", "error"),
        sanitize_html=values.get("sanitize_html", True),
        calendar=CalendarOverrides(
            frozenset(calendar.get("holidays", ())), frozenset(calendar.get("workdays", ()))
        ),
        report=ReportOptions(**values.get("report", {})),
        per_page=values.get("per_page", 20),
        home_items=values.get("home_items", 10),
        feed_items=values.get("feed_items", 50),
        search_bundle_items=values.get("search_bundle_items", 500),
        keys=values.get("keys", "zh"),
    )
