"""Half-up rounding for the figures people read (report, stats page).

Python's ``round`` rounds half to even and works on binary floats, so
``round(2.125, 2) == 2.12`` and ``round(2.675, 2) == 2.67``.  Published
statistics round half up (away from zero) on the exact value: compute means and
percentages as :class:`~fractions.Fraction` from integer counts and round them
here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

__all__ = ["median_half_up", "round_half_up"]


def _exact(value: float | Decimal | Fraction) -> Fraction:
    """The exact value meant by ``value``.

    A float is taken as the shortest decimal that reads back as that float
    (its ``repr``: ``2.675`` means 2.675, not the binary 2.67499999…), so a
    literal written by a person rounds the way the person expects.
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot round {value}")
        return Fraction(value)
    if isinstance(value, int):
        return Fraction(value)
    if not math.isfinite(value):
        raise ValueError(f"cannot round {value}")
    return Fraction(Decimal(repr(value)))


def round_half_up(value: float | Decimal | Fraction, places: int = 2) -> float:
    """Round ``value`` to ``places`` decimals, halves away from zero.

    >>> round_half_up(Fraction(17, 8))
    2.13
    >>> round_half_up(Fraction(107, 40))
    2.68
    >>> round_half_up(-2.125)
    -2.13
    """
    exact = _exact(value)
    scale = Fraction(10) ** places
    scaled = abs(exact) * scale
    units = math.floor(scaled + Fraction(1, 2))
    rounded = Fraction(units) / scale
    return float(-rounded if exact < 0 else rounded)


def median_half_up(values: Sequence[int]) -> float:
    """The median of ``values``; for an even count, the mean of the two middle
    values rounded half up to 2 decimals.

    >>> median_half_up([1, 2, 3, 4])
    2.5
    >>> median_half_up([5, 1, 3])
    3.0
    """
    if not values:
        raise ValueError("median of an empty sequence")
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return round_half_up(Fraction(ordered[middle - 1] + ordered[middle], 2))
