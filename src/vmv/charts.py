"""Charts of measures, drawn at build time as accessible SVG.

No JavaScript charting library and no CDN: each chart is an `<svg role="img">`
with a title and a description a screen reader reads, every point carries its
period and value, and the page puts the same numbers in a table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from .model import Measure

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 40, 20, 44


@dataclass(frozen=True)
class Scale:
    """Maps readings to the chart's coordinates."""

    low: float
    high: float
    count: int

    def x(self, index: int) -> float:
        span = WIDTH - LEFT - RIGHT
        return LEFT + (span * index / (self.count - 1) if self.count > 1 else span / 2)

    def y(self, value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (self.high - value) / (self.high - self.low)


def format_number(value: float) -> str:
    """42.0 as 42, 3.5 as 3.5."""
    return f"{value:g}"


def _scale(measure: Measure) -> Scale:
    numbers = [r.value for r in measure.history] + [measure.target]
    low, high = min(numbers), max(numbers)
    pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    return Scale(low - pad, high + pad, len(measure.history))


def describe(measure: Measure) -> str:
    """One sentence with what the chart shows, for screen readers."""
    unit = f" {measure.unit}" if measure.unit else ""
    if not measure.history:
        return f"No readings yet; the target is {format_number(measure.target)}{unit}."
    first, last = measure.history[0], measure.history[-1]
    met = last.value >= measure.target if measure.better == "higher" else last.value <= measure.target
    return (
        f"{measure.name} went from {format_number(first.value)}{unit} in {first.period} to "
        f"{format_number(last.value)}{unit} in {last.period}; the target is {format_number(measure.target)}{unit}, "
        f"{'met' if met else 'not met'} in {last.period}."
    )


def line_chart(measure: Measure) -> str:
    """The measure's history against its target, as SVG markup."""
    ident = f"chart-{measure.id}"
    scale = _scale(measure)
    parts = [
        f'<svg class="vmv-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{escape(measure.name)}</title>',
        f'<desc id="{ident}-desc">{escape(describe(measure))}</desc>',
    ]
    for value in (scale.low, scale.high):
        y = scale.y(value)
        parts.append(
            f'<line class="vmv-chart__grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        parts.append(
            f'<text class="vmv-chart__axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{format_number(round(value, 1))}</text>'
        )
    target_y = scale.y(measure.target)
    parts.append(
        f'<line class="vmv-chart__target" data-target="{format_number(measure.target)}" x1="{LEFT}" '
        f'x2="{WIDTH - RIGHT}" y1="{target_y:.1f}" y2="{target_y:.1f}"/>'
    )
    parts.append(
        f'<text class="vmv-chart__label" x="{WIDTH - RIGHT}" y="{target_y - 6:.1f}" text-anchor="end">'
        f"target {escape(format_number(measure.target))}</text>"
    )
    points = [(scale.x(i), scale.y(r.value), r) for i, r in enumerate(measure.history)]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
        parts.append(f'<polyline class="vmv-chart__line" points="{path}"/>')
    for x, y, reading in points:
        label = f"{reading.period}: {format_number(reading.value)}"
        parts.append(
            f'<circle class="vmv-chart__point" cx="{x:.1f}" cy="{y:.1f}" r="4" '
            f'data-period={quoteattr(reading.period)} data-value="{format_number(reading.value)}">'
            f"<title>{escape(label)}</title></circle>"
        )
        parts.append(
            f'<text class="vmv-chart__axis" x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">'
            f"{escape(reading.period)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
