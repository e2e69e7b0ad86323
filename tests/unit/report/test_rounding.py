from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from gkssg.report.rounding import median_half_up, round_half_up


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(17, 8), 2.13),  # 2.125: Python's round gives 2.12
        (2.125, 2.13),
        (Fraction(107, 40), 2.68),  # 2.675: round(2.675, 2) gives 2.67
        (2.675, 2.68),  # a float means the decimal it prints as
        (Decimal("2.675"), 2.68),
        (35.4582, 35.46),
        (Fraction(267 * 100, 753), 35.46),  # the report's percent example
        (Fraction(1687, 700), 2.41),
        (Fraction(1, 3), 0.33),
        (Fraction(2, 3), 0.67),
        (Fraction(-17, 8), -2.13),  # halves go away from zero
        (0, 0.0),
        (7, 7.0),
    ],
)
def test_round_half_up(value: float | Decimal | Fraction, expected: float) -> None:
    result = round_half_up(value)
    assert result == expected
    assert isinstance(result, float)


def test_python_round_differs() -> None:
    assert round(2.125, 2) == 2.12
    assert round(2.675, 2) == 2.67


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(5, 2), 0, 3.0),
        (Fraction(7, 2), 0, 4.0),
        (Fraction(-5, 2), 0, -3.0),
        (Fraction(1, 20), 1, 0.1),
        (Fraction(12345, 10000), 3, 1.235),
    ],
)
def test_round_half_up_places(value: Fraction, places: int, expected: float) -> None:
    assert round_half_up(value, places) == expected


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity")]
)
def test_round_half_up_rejects_non_finite(value: float | Decimal) -> None:
    with pytest.raises(ValueError):
        round_half_up(value)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([2], 2.0),
        ([5, 1, 3], 3.0),
        ([1, 2, 3, 4], 2.5),
        ([4, 1, 3, 2], 2.5),
        ([1, 2], 1.5),
        ([2, 2, 3, 3], 2.5),
        ([1, 1, 2, 2], 1.5),
        ([0, 0, 0, 1], 0.0),
        ([3, 3], 3.0),
        ((1, 2, 2, 5, 9), 2.0),
    ],
)
def test_median_half_up(values: list[int], expected: float) -> None:
    result = median_half_up(values)
    assert result == expected
    assert isinstance(result, float)


def test_median_of_nothing() -> None:
    with pytest.raises(ValueError):
        median_half_up([])
