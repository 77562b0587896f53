"""Geometry for server-rendered horizontal bar charts (the HTML itself is a template).

The template draws each bar as a share of its row (``length``), so labels wrap and the chart
reflows to the screen; ``width``/``height`` keep a fixed drawing size for uses that need one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    share: float  # of the total, 0..1 (0 when the total is 0)
    y: int
    width: float  # in the chart's bar-area units
    length: float = 0.0  # of the largest bar, 0..1: how long the template draws it


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int
    bar_area: int
    bar_height: int
    total: float


def layout_bars(
    items: Sequence[tuple[str, float]],
    *,
    width: int = 640,
    label_width: int = 200,
    value_width: int = 90,
    bar_height: int = 28,
    gap: int = 12,
) -> BarChart:
    """Lay out one bar per item, scaled to the largest value so differences stay visible."""
    total = float(sum(value for _, value in items))
    largest = max((value for _, value in items), default=0)
    bar_area = width - label_width - value_width
    bars = []
    for index, (label, value) in enumerate(items):
        scaled = (value / largest * bar_area) if largest > 0 else 0.0
        share = (value / total) if total > 0 else 0.0
        length = (value / largest) if largest > 0 else 0.0
        bars.append(Bar(label, value, share, index * (bar_height + gap), round(scaled, 2), round(length, 4)))
    height = max(len(bars) * (bar_height + gap) - gap, bar_height)
    return BarChart(tuple(bars), width, height, label_width, bar_area, bar_height, total)
