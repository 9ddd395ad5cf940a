"""Charts of measures, drawn at build time as accessible SVG.

No JavaScript charting library and no CDN: each chart is an `<svg role="img">`
with a title and a description a screen reader reads, every point carries its
period and value, and the page puts the same numbers in a table beside it.

The chart has no viewBox: it is as wide as the page, horizontal positions are
percentages and vertical ones CSS pixels, so its text keeps its CSS size. A
chart scaled down to a phone's width would shrink its labels below reading size.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from vmv.core.model.document import Measure
from vmv.core.render.labels import Labels, plain

HEIGHT = 220
"""The chart's height in CSS pixels; vmv.css gives it (pages keep no size attribute on an svg)."""
TOP, BOTTOM = 24, 40
"""Room above the highest tick (for its label) and below the lowest (for the periods)."""
FIRST_X, LAST_X = 8.0, 92.0
"""Where the first and the last reading sit, in percent of the width: room for a
period's label centred under each."""
PERIODS_SHOWN = 10
"""At most this many period labels; every period is in the table and in each point's title."""
PERIODS_ON_A_PHONE = 5
"""At most this many on a narrow screen (the others carry a class the stylesheet hides)."""
TICK_COUNT = 4
"""At most this many steps between the lowest and highest y tick."""


@dataclass(frozen=True)
class Scale:
    """Maps readings to the chart's coordinates."""

    low: float
    high: float
    count: int

    def x(self, index: int) -> float:
        """Horizontal position of reading `index`, in percent of the width."""
        if self.count == 1:
            return (FIRST_X + LAST_X) / 2
        return FIRST_X + (LAST_X - FIRST_X) * index / (self.count - 1)

    def y(self, value: float) -> float:
        """Vertical position of `value`, in CSS pixels from the top."""
        return TOP + (HEIGHT - TOP - BOTTOM) * (self.high - value) / (self.high - self.low)


def format_number(value: float) -> str:
    """42.0 as 42, 3.5 as 3.5."""
    return f"{value:g}"


def _round_step(span: float) -> float:
    """The smallest of 1, 2 or 5 times a power of ten that covers `span` in TICK_COUNT steps."""
    rough = span / TICK_COUNT
    power = 10.0 ** math.floor(math.log10(rough))
    return next(factor * power for factor in (1, 2, 5, 10) if factor * power >= rough)


def y_ticks(measure: Measure) -> list[float]:
    """Round numbers from at or below the lowest reading (and the target) to at or above
    the highest, evenly spaced: 50, 55, 60, 65."""
    numbers = [r.value for r in measure.history] + [measure.target]
    low, high = min(numbers), max(numbers)
    if low == high:
        low, high = low - (abs(low) * 0.1 or 1.0), high + (abs(high) * 0.1 or 1.0)
    span = high - low
    # Near the ends of what a float holds there is no round step: the readings' own range.
    if not math.isfinite(span) or span < 1e-300:
        return [low, high]
    step = _round_step(span)
    first, last = math.floor(low / step), math.ceil(high / step)
    # Rounded to the step's decimals: 0.1 * 3 is 0.30000000000000004 in binary.
    decimals = max(0, -math.floor(math.log10(step)))
    ticks = [round(n * step, decimals) for n in range(first, last + 1)]
    return ticks if all(math.isfinite(t) for t in ticks) and ticks[0] < ticks[-1] else [low, high]


def describe(measure: Measure, labels: Labels) -> str:
    """One sentence with what the chart shows, for screen readers."""
    unit = f" {measure.unit}" if measure.unit else ""
    target = f"{format_number(measure.target)}{unit}"
    if not measure.history:
        return plain(labels, "chart.description_empty", target=target)
    first, last = measure.history[0], measure.history[-1]
    met = last.value >= measure.target if measure.better == "higher" else last.value <= measure.target
    return plain(
        labels,
        "chart.description_met" if met else "chart.description_not_met",
        name=measure.name,
        first=f"{format_number(first.value)}{unit}",
        first_period=first.period,
        last=f"{format_number(last.value)}{unit}",
        last_period=last.period,
        target=target,
    )


def _period_labels(scale: Scale, periods: list[str]) -> list[str]:
    """Labels under the points, counted back from the newest, thinned to fit the width."""
    count = len(periods)
    every = math.ceil(count / PERIODS_SHOWN)
    on_a_phone = every * math.ceil(count / PERIODS_ON_A_PHONE / every)
    labels = []
    for index, period in enumerate(periods):
        back = count - 1 - index
        if back % every:
            continue
        crowded = " vmv-chart__axis--crowded" if back % on_a_phone else ""
        labels.append(
            f'<text class="vmv-chart__axis vmv-chart__period{crowded}" x="{scale.x(index):.2f}%" y="{HEIGHT - 12}" '
            f'text-anchor="middle">{escape(period)}</text>'
        )
    return labels


def line_chart(measure: Measure, labels: Labels) -> str:
    """The measure's history against its target, as SVG markup, its words in the site's
    language."""
    ident = f"chart-{measure.id}"
    ticks = y_ticks(measure)
    scale = Scale(ticks[0], ticks[-1], len(measure.history))
    unit = f" {measure.unit}" if measure.unit else ""
    parts = [
        f'<svg class="vmv-chart" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{escape(measure.name)}</title>',
        f'<desc id="{ident}-desc">{escape(describe(measure, labels))}</desc>',
    ]
    texts = []
    for tick in ticks:
        y = scale.y(tick)
        parts.append(f'<line class="vmv-chart__grid" x1="0" x2="100%" y1="{y:.1f}" y2="{y:.1f}"/>')
        # Above its line at the left edge, as in print charts: no margin to reserve for it.
        texts.append(
            f'<text class="vmv-chart__axis vmv-chart__tick" x="0" y="{y - 5:.1f}">{format_number(tick)}</text>'
        )
    target_y = scale.y(measure.target)
    parts.append(
        f'<line class="vmv-chart__target" data-target="{format_number(measure.target)}" x1="0" '
        f'x2="100%" y1="{target_y:.1f}" y2="{target_y:.1f}"/>'
    )
    points = [(scale.x(i), scale.y(r.value), r) for i, r in enumerate(measure.history)]
    # The target's label goes on the side of its line away from the newest reading.
    below = bool(points) and points[-1][1] < target_y
    target = plain(labels, "chart.target", target=format_number(measure.target) + unit)
    texts.append(
        f'<text class="vmv-chart__label" x="100%" y="{target_y + (16 if below else -6):.1f}" '
        f'text-anchor="end">{escape(target)}</text>'
    )
    for (x1, y1, _), (x2, y2, _) in itertools.pairwise(points):
        parts.append(
            f'<line class="vmv-chart__line" x1="{x1:.2f}%" y1="{y1:.1f}" x2="{x2:.2f}%" y2="{y2:.1f}"/>'
        )
    for x, y, reading in points:
        label = plain(
            labels, "chart.point", period=reading.period, value=f"{format_number(reading.value)}{unit}"
        )
        parts.append(
            f'<circle class="vmv-chart__point" cx="{x:.2f}%" cy="{y:.1f}" r="4" '
            f'data-period={quoteattr(reading.period)} data-value="{format_number(reading.value)}">'
            f"<title>{escape(label)}</title></circle>"
        )
    texts += _period_labels(scale, [r.period for r in measure.history])
    # Text last, so that lines and points never cover it.
    parts += texts
    parts.append("</svg>")
    return "".join(parts)
