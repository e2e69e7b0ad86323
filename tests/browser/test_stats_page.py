"""``stats/index.html`` in a real Chromium, without JavaScript: the charts drawn, their
colours readable. The page's numbers are checked without a browser in
site/report/test_stats_page.py."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served_sample(sample_site: Path) -> Iterator[str]:
    """The built sample site over HTTP (its links are site-absolute)."""
    handler = functools.partial(_QuietHandler, directory=str(sample_site / "output"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _luminance(rgb: str) -> float:
    parts = [int(p) / 255 for p in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [p / 12.92 if p <= 0.03928 else ((p + 0.055) / 1.055) ** 2.4 for p in parts]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.browser
def test_charts_are_drawn_without_javascript(browser: Any, served_sample: str) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1200, "height": 900}
    )
    page = context.new_page()
    page.goto(served_sample + "stats/")
    charts = page.locator("svg.chart[role=img]")
    assert charts.count() == 3 * 3  # three charts for each of 2007, 2008 and 2009
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] >= 600 and box["height"] > 100
    value = page.locator("#chart-2008-columns text.chart-value").nth(3)
    assert value.text_content() == "11（22.45%）"
    box = value.bounding_box()
    assert box is not None and box["width"] > 40
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("high_contrast", [False, True])
def test_bar_and_text_colours_have_enough_contrast(
    browser: Any, served_sample: str, high_contrast: bool
) -> None:
    page = browser.new_page()
    page.goto(served_sample + "stats/")
    if high_contrast:
        page.evaluate("document.documentElement.classList.add('high-contrast')")
    colours = page.evaluate(
        """() => {
          const style = (selector) => getComputedStyle(document.querySelector(selector));
          return {
            background: style('body').backgroundColor,
            bar: style('#chart-2008-columns .chart-fill').fill,
            label: style('#chart-2008-columns .chart-label').fill,
            value: style('#chart-2008-columns .chart-value').fill,
          };
        }"""
    )
    page.close()
    assert contrast(colours["bar"], colours["background"]) >= 3, colours
    assert contrast(colours["label"], colours["background"]) >= 4.5, colours
    assert contrast(colours["value"], colours["background"]) >= 4.5, colours
