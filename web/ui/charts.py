"""Bar charts drawn on the server as inline SVG: no script, no chart library, and readable
without colour — each series has its own fill pattern and a legend, every bar carries its value
as text, the axes are labelled, and the chart has a title for screen readers. The page shows the
same numbers in a table beside it."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

Value = int | float | None

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 44, 48
INK, GRID = "#1d2733", "#d5dbe1"
# Fill, outline and pattern of each series: solid, hatched, dotted.
LOOKS = (
    ("#0b5cab", "#0b5cab", ""),
    ("#8a4b00", "#8a4b00", "hatch"),
    ("#1e7b34", "#1e7b34", "dots"),
)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Line:
    """A level drawn across the bars (a plan's target), named where it ends."""

    name: str
    value: float


@dataclass(frozen=True)
class BarChart:
    """Bars per category (a year), one per series, and the `lines` of targets; `label` writes a
    value in the page's language; `key` makes the ids of the chart's parts unique on the page."""

    key: str
    title: str
    axis: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    label: Callable[[Value], str]
    lines: tuple[Line, ...] = ()

    def top(self) -> float:
        """The axis' top: the largest value rounded up to 2, 4 or 10 times a power of ten, so
        the middle line falls on a round number too."""
        values = [v for s in self.series for v in s.values if v is not None]
        largest = max([*values, *(line.value for line in self.lines)], default=0)
        if largest <= 0:
            return 2
        power = 10.0 ** math.floor(math.log10(largest))
        return next(step * power for step in (2, 4, 10) if step * power >= largest)

    def svg(self) -> Markup:
        top = self.top()
        plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
        base = TOP + plot_h

        def y(value: float) -> float:
            return base - plot_h * max(value, 0) / top

        parts = [
            # As wide as the page allows, never taller than drawn: a phone shrinks it to fit.
            f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
            f'height="{HEIGHT}" preserveAspectRatio="xMinYMin meet" font-size="11" '
            f'aria-labelledby="{self.key}-title" xmlns="http://www.w3.org/2000/svg">',
            f'<title id="{self.key}-title">{escape(self.title)}</title>',
            self.patterns(),
        ]
        for tick in (0, top / 2, top):
            parts.append(
                f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                f'stroke="{GRID if tick else INK}"/>'
                f'<text class="tick" x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">'
                f"{escape(self.label(tick))}</text>"
            )
        parts.append(
            f'<text class="axis" transform="translate(14 {TOP + plot_h / 2:.1f}) rotate(-90)" '
            f'text-anchor="middle">{escape(self.axis)}</text>'
        )
        group = plot_w / max(len(self.categories), 1)
        bar = group * 0.7 / max(len(self.series), 1)
        for i, category in enumerate(self.categories):
            left = LEFT + i * group + group * 0.15
            parts.append(
                f'<text class="category" x="{LEFT + (i + 0.5) * group:.1f}" y="{base + 18}" '
                f'text-anchor="middle">{escape(category)}</text>'
            )
            for j, series in enumerate(self.series):
                parts.append(
                    self.bar(series, j, category, series.values[i], left + j * bar, bar, y)
                )
        for line in self.lines:
            level = y(line.value)
            parts.append(
                f'<line class="target" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{level:.1f}" '
                f'y2="{level:.1f}" stroke="{INK}" stroke-dasharray="6 4" stroke-width="1.5">'
                f"<title>{escape(self.named(line))}</title></line>"
            )
        parts.append(self.legend())
        parts.append("</svg>")
        return Markup("".join(parts))

    def bar(
        self,
        series: Series,
        index: int,
        category: str,
        value: Value,
        x: float,
        width: float,
        y: Callable[[float], float],
    ) -> str:
        """One bar with its value written above it (a dash, and no bar, for a missing value)."""
        shown = escape(self.label(value))
        middle = x + width / 2
        text = (
            f'<text class="value" x="{middle:.1f}" y="{y(value or 0) - 4:.1f}" '
            f'text-anchor="middle">{shown}</text>'
        )
        if value is None:
            return text
        height = y(0) - y(value)
        fill, stroke = self.fill(index), LOOKS[index % len(LOOKS)][1]
        return (
            f'<rect class="bar" x="{x + 1:.1f}" y="{y(value):.1f}" width="{width - 2:.1f}" '
            f'height="{height:.1f}" fill="{fill}" stroke="{stroke}">'
            f"<title>{escape(series.name)}, {escape(category)}: {shown}</title></rect>{text}"
        )

    def fill(self, index: int) -> str:
        colour, _, pattern = LOOKS[index % len(LOOKS)]
        return f"url(#{self.key}-{pattern})" if pattern else colour

    def patterns(self) -> str:
        hatch, dots = LOOKS[1][0], LOOKS[2][0]
        return (
            f'<defs><pattern id="{self.key}-hatch" width="6" height="6" '
            'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            '<rect width="6" height="6" fill="#fff"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{hatch}" stroke-width="3"/></pattern>'
            f'<pattern id="{self.key}-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
            '<rect width="5" height="5" fill="#fff"/>'
            f'<circle cx="2.5" cy="2.5" r="1.4" fill="{dots}"/></pattern></defs>'
        )

    def legend(self) -> str:
        items = []
        x = LEFT
        for index, series in enumerate(self.series):
            items.append(
                f'<rect x="{x}" y="12" width="14" height="14" fill="{self.fill(index)}" '
                f'stroke="{LOOKS[index % len(LOOKS)][1]}"/>'
                f'<text class="legend" x="{x + 20}" y="23">{escape(series.name)}</text>'
            )
            x += 28 + 7 * len(series.name)
        for line in self.lines:
            items.append(
                f'<line x1="{x}" x2="{x + 18}" y1="19" y2="19" stroke="{INK}" '
                'stroke-dasharray="6 4" stroke-width="1.5"/>'
                f'<text class="target" x="{x + 24}" y="23">{escape(self.named(line))}</text>'
            )
            x += 32 + 7 * len(self.named(line))
        return "<g>" + "".join(items) + "</g>"

    def named(self, line: Line) -> str:
        return f"{line.name}: {self.label(line.value)}"


@dataclass(frozen=True)
class Trend:
    """A chart and the same numbers as a table (`ui/charts.html`): rows of (label, cells), a
    cell a value and the drill-down it links to (None: no single drill-down holds that
    number); `heading` names the rows."""

    chart: BarChart
    heading: str
    rows: list[tuple[str, list[tuple[Value, str | None]]]] = field(default_factory=list)
