"""The build's clock: now, in the site's time zone, or the time ``GKSSG_NOW`` names.

What is published depends on it (定时发布: an item whose 发布日期 is still to come
is published nowhere), so tests and a rehearsal of a future day set
``GKSSG_NOW=2026-12-31T09:00`` instead of changing the machine's clock.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from gkssg.base.i18n import t
from gkssg.source.schema import SITE_TZ

NOW_VARIABLE = "GKSSG_NOW"


class BadClock(ValueError):
    """``GKSSG_NOW`` holds no date and time."""


def build_time(environ: Mapping[str, str] = os.environ) -> dt.datetime:
    """Now (aware, in the site's time zone), or the time ``GKSSG_NOW`` holds
    (``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM`` or ISO 8601; site time unless it says)."""
    given = environ.get(NOW_VARIABLE, "").strip()
    if not given:
        return dt.datetime.now(SITE_TZ)
    try:
        moment = dt.datetime.fromisoformat(given)
    except ValueError as exc:
        raise BadClock(
            t("{variable}={value} is not a date and time", variable=NOW_VARIABLE, value=repr(given))
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SITE_TZ)
    return moment.astimezone(SITE_TZ)
