"""Line charts drawn on the server as SVG: readable at a glance, no script to load, and each one
shown with its numbers as a table (the template puts both on the page)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 12, 30
# Colours that stay apart for the common colour blindnesses, each with its own dash pattern so
# that colour is never the only difference; all reach 4.5:1 on white.
STYLES = [("#1f5fa8", ""), ("#a34700", "6 4"), ("#1b7a3a", "2 3"), ("#b00020", "10 3 2 3")]


@dataclass
class Series:
    name: str
    values: list[float | None]
    color: str = ""
    dash: str = ""
    segments: list[str] = field(default_factory=list)


def nice_ceiling(value: float) -> float:
    """1, 2, 2.5 or 5 times a power of ten, at or above ``value``."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def line_chart(labels: list[str], series: list[tuple[str, list[float | None]]], unit: str = ""):
    """The geometry of a chart: one polyline per series (broken where a value is missing),
    three horizontal grid lines and at most eight labels along the bottom."""
    found = [v for _n, values in series for v in values if v is not None]
    top = nice_ceiling(max(found, default=0))
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = len(labels)

    def x(i: int) -> float:
        return LEFT + (inner_w * i / (count - 1) if count > 1 else inner_w / 2)

    def y(v: float) -> float:
        return TOP + inner_h * (1 - v / top)

    drawn = []
    for n, (name, values) in enumerate(series):
        color, dash = STYLES[n % len(STYLES)]
        line = Series(name, values, color, dash)
        current: list[str] = []
        for i, value in enumerate(values):
            if value is None:
                if current:
                    line.segments.append(" ".join(current))
                current = []
                continue
            current.append(f"{x(i):.1f},{y(value):.1f}")
        if current:
            line.segments.append(" ".join(current))
        drawn.append(line)
    step = max(1, math.ceil(count / 8))
    ticks = [{"y": round(y(top * f), 1), "label": _tick(top * f, unit)} for f in (0, 0.5, 1)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "series": drawn,
        "ticks": ticks,
        "x_labels": [{"x": round(x(i), 1), "label": labels[i]} for i in range(0, count, step)],
        "label_y": HEIGHT - 8,
    }


def _tick(value: float, unit: str) -> str:
    text = f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
    return f"{text}{unit}"
