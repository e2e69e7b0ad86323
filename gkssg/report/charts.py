"""Bar charts laid out at build time, for inline SVG on the statistics page.

The geometry is computed here; the template only prints it. Every bar carries
its label and value as text, and the chart a title and a description that say
the same numbers in words, so the chart reads without JavaScript and without
sight (the page shows the same numbers in a table as well).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Anchor = Literal["start", "middle", "end"]

FONT_SIZE = 14
CHAR_WIDTH = 15.0  # a CJK character at FONT_SIZE, with a little room
DIGIT_WIDTH = 9.0


@dataclass(frozen=True)
class Label:
    text: str
    x: float
    y: float
    anchor: Anchor


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: Label  # what the bar counts (栏目, month, working days)
    value: Label  # the number, as the table shows it


@dataclass(frozen=True)
class Chart:
    id: str  # unique on the page; the title's and description's ids derive from it
    title: str
    desc: str
    width: int
    height: int
    bars: tuple[Bar, ...]
    axis: tuple[float, float, float, float]  # x1, y1, x2, y2 of the base line
    axis_label: Label | None = None


@dataclass(frozen=True)
class Datum:
    label: str
    value: int
    value_text: str  # e.g. "11（22.45%）"


def _text_width(text: str) -> float:
    return sum(DIGIT_WIDTH if ch.isascii() else CHAR_WIDTH for ch in text)


def _scale(value: int, largest: int, length: float) -> float:
    return round(length * value / largest, 1) if largest else 0.0


def horizontal_bars(
    chart_id: str, title: str, desc: str, data: Sequence[Datum], width: int = 720
) -> Chart:
    """One row per datum: label on the left, bar, value after the bar."""
    row, gap, top = 30, 8, 8
    label_width = max((_text_width(d.label) for d in data), default=0) + 12
    value_room = max((_text_width(d.value_text) for d in data), default=0) + 12
    length = max(width - label_width - value_room, 80)
    largest = max((d.value for d in data), default=0)
    bars = []
    for index, datum in enumerate(data):
        y = top + index * row
        size = _scale(datum.value, largest, length)
        middle = y + (row - gap) / 2 + FONT_SIZE * 0.35
        bars.append(
            Bar(
                x=label_width,
                y=y,
                width=size,
                height=row - gap,
                label=Label(datum.label, label_width - 8, round(middle, 1), "end"),
                value=Label(
                    datum.value_text, round(label_width + size + 6, 1), round(middle, 1), "start"
                ),
            )
        )
    height = top * 2 + len(data) * row
    return Chart(
        chart_id, title, desc, width, height, tuple(bars), (label_width, 0, label_width, height)
    )


def vertical_bars(
    chart_id: str,
    title: str,
    desc: str,
    data: Sequence[Datum],
    axis_title: str = "",
    width: int = 720,
) -> Chart:
    """One column per datum: value above the bar, label below the base line."""
    top, plot, below = 28, 180, 28
    left = 8
    slot = (width - 2 * left) / max(len(data), 1)
    bar_width = round(slot * 0.6, 1)
    largest = max((d.value for d in data), default=0)
    base = top + plot
    bars = []
    for index, datum in enumerate(data):
        centre = round(left + slot * index + slot / 2, 1)
        size = _scale(datum.value, largest, plot)
        bars.append(
            Bar(
                x=round(centre - bar_width / 2, 1),
                y=round(base - size, 1),
                width=bar_width,
                height=size,
                label=Label(datum.label, centre, base + FONT_SIZE + 6, "middle"),
                value=Label(datum.value_text, centre, round(base - size - 6, 1), "middle"),
            )
        )
    height = base + below + (FONT_SIZE + 10 if axis_title else 0)
    axis_label = Label(axis_title, width / 2, height - 6, "middle") if axis_title else None
    return Chart(
        chart_id,
        title,
        desc,
        width,
        height,
        tuple(bars),
        (left, base, width - left, base),
        axis_label,
    )
