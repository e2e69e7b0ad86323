"""Working days by the official Chinese calendar.

The State Council's yearly holiday notice moves days off and makes some
weekends working days (调休).  The ``chinesecalendar`` package bundles those
notices for a range of years; a site adds or corrects days in site.yaml
``calendar`` (for instance for a year the package does not cover yet).
Outside the package's years, Monday to Friday are working days.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from itertools import accumulate

import chinese_calendar  # type: ignore[import-untyped, unused-ignore]

__all__ = ["WorkCalendar", "calendar_data"]


@functools.cache
def calendar_data() -> str:
    """The installed ``chinesecalendar``: figures may differ with another one's notices."""
    return str(chinese_calendar.__version__)


@functools.cache
def _package_years() -> tuple[int, int]:
    """First and last year the installed ``chinesecalendar`` covers.

    The package refuses (``NotImplementedError``) any date outside the years of
    its ``holidays`` table; this is the same bound, read without provoking it.
    """
    years = [day.year for day in chinese_calendar.holidays]
    return min(years), max(years)


def _package_covers(year: int) -> bool:
    first, last = _package_years()
    return first <= year <= last


def _year_days(year: int) -> list[dt.date]:
    first = dt.date(year, 1, 1)
    length = (dt.date(year, 12, 31) - first).days + 1
    return [first + dt.timedelta(days=offset) for offset in range(length)]


@functools.lru_cache(maxsize=256)
def _base_year(year: int) -> tuple[bool, ...]:
    """Working-day flags for every day of ``year`` (index 0 is 1 January),
    by the package where it covers the year, else Monday to Friday."""
    days = _year_days(year)
    if _package_covers(year):
        return tuple(bool(chinese_calendar.is_workday(day)) for day in days)
    return tuple(day.weekday() < 5 for day in days)


@dataclass(frozen=True)
class WorkCalendar:
    """The working-day calendar of a site.

    ``holidays`` and ``workdays`` (site.yaml ``calendar``) override the
    package; a date listed in both is a holiday.
    """

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    # Per-year running totals, filled on first use: entry i of a year's tuple
    # is the number of working days among its first i days.
    _totals: dict[int, tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "workdays", frozenset(self.workdays))

    def covers(self, year: int) -> bool:
        """Whether the bundled ``chinesecalendar`` data covers ``year``."""
        return _package_covers(year)

    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day."""
        day = _as_date(day)
        return self._decide(day, _base_year(day.year)[day.timetuple().tm_yday - 1])

    def workdays_between(self, written: dt.date, published: dt.date) -> int:
        """The number of working days d with ``written`` < d ≤ ``published``
        (0 when ``published`` is not after ``written``)."""
        written, published = _as_date(written), _as_date(published)
        if published <= written:
            return 0
        full_years = sum(
            self._year_totals(year)[-1] for year in range(written.year, published.year)
        )
        return full_years - self._up_to(written) + self._up_to(published)

    def _decide(self, day: dt.date, base: bool) -> bool:
        """The site's word on ``day`` where it has one, else ``base``."""
        if day in self.holidays:
            return False
        return day in self.workdays or base

    def _up_to(self, day: dt.date) -> int:
        """Working days from 1 January of ``day``'s year through ``day``."""
        return self._year_totals(day.year)[day.timetuple().tm_yday]

    def _year_totals(self, year: int) -> tuple[int, ...]:
        totals = self._totals.get(year)
        if totals is None:
            flags = map(self._decide, _year_days(year), _base_year(year))
            totals = tuple(accumulate(map(int, flags), initial=0))
            self._totals[year] = totals
        return totals


def _as_date(day: dt.date) -> dt.date:
    """``day`` as a plain date (a ``datetime`` would never equal a listed date)."""
    return day.date() if isinstance(day, dt.datetime) else day
