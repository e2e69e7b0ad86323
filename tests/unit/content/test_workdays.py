from __future__ import annotations

import datetime as dt
import random

import chinese_calendar  # type: ignore[import-untyped, unused-ignore]
import pytest

from gkssg.content.workdays import WorkCalendar

D = dt.date
CALENDAR = WorkCalendar()
PACKAGE_FIRST = min(day.year for day in chinese_calendar.holidays)
PACKAGE_LAST = max(day.year for day in chinese_calendar.holidays)


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def brute_force(calendar: WorkCalendar, written: dt.date, published: dt.date) -> int:
    if published <= written:
        return 0
    return sum(calendar.is_workday(day) for day in days(written + dt.timedelta(days=1), published))


def test_spring_festival_2008() -> None:
    for day in days(D(2008, 2, 6), D(2008, 2, 12)):
        assert not CALENDAR.is_workday(day), day
    assert CALENDAR.is_workday(D(2008, 2, 2))  # Saturday, made up
    assert CALENDAR.is_workday(D(2008, 2, 3))  # Sunday, made up
    assert CALENDAR.is_workday(D(2008, 2, 13))
    # 2-2, 2-3, 2-4, 2-5, then the holiday, then 2-13 and 2-14
    assert CALENDAR.workdays_between(D(2008, 2, 1), D(2008, 2, 14)) == 6
    assert CALENDAR.workdays_between(D(2008, 2, 5), D(2008, 2, 12)) == 0
    assert CALENDAR.workdays_between(D(2008, 2, 5), D(2008, 2, 13)) == 1


def test_national_day_2008() -> None:
    for day in days(D(2008, 9, 29), D(2008, 10, 5)):
        assert not CALENDAR.is_workday(day), day
    assert CALENDAR.is_workday(D(2008, 9, 27))  # Saturday, made up
    assert CALENDAR.is_workday(D(2008, 9, 28))  # Sunday, made up
    assert CALENDAR.is_workday(D(2008, 10, 6))
    assert CALENDAR.workdays_between(D(2008, 9, 26), D(2008, 10, 6)) == 3
    assert CALENDAR.workdays_between(D(2008, 9, 28), D(2008, 10, 5)) == 0


def test_plain_week() -> None:
    monday = D(2008, 3, 3)
    assert [CALENDAR.is_workday(monday + dt.timedelta(days=n)) for n in range(7)] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
    ]
    assert CALENDAR.workdays_between(monday, D(2008, 3, 9)) == 4  # Tue..Fri
    assert CALENDAR.workdays_between(D(2008, 3, 7), D(2008, 3, 14)) == 5
    assert CALENDAR.workdays_between(D(2008, 3, 8), D(2008, 3, 10)) == 1


def test_same_day_and_backwards() -> None:
    assert CALENDAR.workdays_between(D(2008, 3, 3), D(2008, 3, 3)) == 0
    assert CALENDAR.workdays_between(D(2008, 3, 10), D(2008, 3, 3)) == 0


def test_datetimes_count_as_their_dates() -> None:
    calendar = WorkCalendar(holidays=frozenset({D(2008, 3, 5)}))
    assert not calendar.is_workday(dt.datetime(2008, 3, 5, 9, 30))
    assert calendar.workdays_between(dt.datetime(2008, 3, 3, 23), dt.datetime(2008, 3, 7, 1)) == 3


def test_covers_the_package_years_only() -> None:
    assert CALENDAR.covers(2008)
    assert CALENDAR.covers(PACKAGE_FIRST)
    assert CALENDAR.covers(PACKAGE_LAST)
    assert not CALENDAR.covers(PACKAGE_FIRST - 1)
    assert not CALENDAR.covers(PACKAGE_LAST + 1)
    assert not CALENDAR.covers(2099)


def test_beyond_the_package_weekdays_and_site_calendar() -> None:
    year = max(PACKAGE_LAST + 1, 2099)
    assert year == 2099  # 2099-01-01 is a Thursday
    plain = WorkCalendar()
    assert plain.is_workday(D(2099, 1, 1))
    assert not plain.is_workday(D(2099, 1, 3))
    assert plain.workdays_between(D(2098, 12, 31), D(2099, 1, 9)) == 7

    site = WorkCalendar(
        holidays=frozenset({D(2099, 1, 1), D(2099, 1, 2)}),
        workdays=frozenset({D(2099, 1, 3)}),
    )
    assert not site.is_workday(D(2099, 1, 1))
    assert not site.is_workday(D(2099, 1, 2))
    assert site.is_workday(D(2099, 1, 3))  # a Saturday made a working day
    assert not site.is_workday(D(2099, 1, 4))
    # 1-3, then Monday 1-5 to Friday 1-9
    assert site.workdays_between(D(2098, 12, 31), D(2099, 1, 9)) == 6


def test_site_calendar_overrides_the_package() -> None:
    site = WorkCalendar(
        holidays=frozenset({D(2008, 3, 5)}),  # a Wednesday
        workdays=frozenset({D(2008, 2, 9)}),  # inside the Spring Festival
    )
    assert not site.is_workday(D(2008, 3, 5))
    assert site.is_workday(D(2008, 2, 9))
    assert site.workdays_between(D(2008, 3, 3), D(2008, 3, 7)) == 3
    assert site.workdays_between(D(2008, 2, 5), D(2008, 2, 12)) == 1
    # The package-wide default is untouched.
    assert CALENDAR.workdays_between(D(2008, 3, 3), D(2008, 3, 7)) == 4


def test_a_date_in_both_lists_is_a_holiday() -> None:
    both = D(2008, 3, 5)
    assert not WorkCalendar(frozenset({both}), frozenset({both})).is_workday(both)


def test_whole_years() -> None:
    assert CALENDAR.workdays_between(D(2007, 12, 31), D(2008, 12, 31)) == sum(
        chinese_calendar.is_workday(day) for day in days(D(2008, 1, 1), D(2008, 12, 31))
    )


def test_fast_count_matches_day_by_day() -> None:
    site = WorkCalendar(
        holidays=frozenset({D(2008, 3, 5), D(2030, 5, 1)}),
        workdays=frozenset({D(2008, 2, 9), D(2030, 5, 4)}),
    )
    rng = random.Random(20080305)
    start = D(PACKAGE_FIRST - 2, 1, 1)
    span = (D(PACKAGE_LAST + 5, 12, 31) - start).days
    for _ in range(300):
        written = start + dt.timedelta(days=rng.randrange(span))
        published = written + dt.timedelta(days=rng.randrange(-30, 800))
        for calendar in (CALENDAR, site):
            assert calendar.workdays_between(written, published) == brute_force(
                calendar, written, published
            ), (written, published)


def test_agrees_with_the_package_wherever_it_covers() -> None:
    for day in days(D(PACKAGE_FIRST, 1, 1), D(PACKAGE_LAST, 12, 31)):
        assert CALENDAR.is_workday(day) == chinese_calendar.is_workday(day), day


def test_value_semantics() -> None:
    one = WorkCalendar(holidays=frozenset({D(2027, 1, 1)}))
    one.workdays_between(D(2027, 1, 1), D(2027, 3, 1))  # fills its cache
    two = WorkCalendar(holidays=frozenset({D(2027, 1, 1)}))
    assert one == two
    assert hash(one) == hash(two)
    assert one != CALENDAR
    with pytest.raises(AttributeError):
        one.holidays = frozenset()  # type: ignore[misc]
