"""Charts for printed reports as inline SVG (WeasyPrint draws SVG; nothing runs in a browser).

The pages draw their charts with ECharts in the browser; a PDF has no JavaScript, so the printed report gets
the same picture as a small SVG made here: horizontal bars of target and result per group, with the
achievement rate written beside each, and a text alternative for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.translation import gettext as _

from iljari.core.numbers import Rounding, format_count, format_percent, rate


@dataclass
class Bar:
    label: str
    target: int | None
    result: int | None


def target_result_bars(title: str, bars: list[Bar], rounding: Rounding = Rounding.HALF_UP, width: int = 640) -> str:
    """An SVG of target (light) and result (dark) bars per group, the rate at the right."""
    bars = [b for b in bars if b.target or b.result]
    if not bars:
        return ""
    label_w, rate_w, row_h, top = 150, 60, 26, 26
    plot_w = width - label_w - rate_w - 10
    biggest = max(max(b.target or 0, b.result or 0) for b in bars) or 1
    height = top + row_h * len(bars) + 8
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
             f' role="img" aria-labelledby="chart-t chart-d" font-family="Noto Sans CJK KR, sans-serif" font-size="11">',
             f'<title id="chart-t">{escape(title)}</title>',
             '<desc id="chart-d">' + escape("; ".join(
                 _("%(label)s: target %(target)s, result %(result)s, achievement %(rate)s%%") % {
                     "label": b.label, "target": format_count(b.target), "result": format_count(b.result),
                     "rate": format_percent(rate(b.result, b.target), rounding)} for b in bars)) + "</desc>",
             f'<rect x="0" y="4" width="10" height="10" fill="#b9c7dc"/><text x="14" y="13">{escape(_("Target"))}</text>',
             f'<rect x="54" y="4" width="10" height="10" fill="#2f4f7f"/><text x="68" y="13">{escape(_("Result"))}</text>']
    for i, b in enumerate(bars):
        y = top + i * row_h
        tw = plot_w * (b.target or 0) / biggest
        rw = plot_w * (b.result or 0) / biggest
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(b.label[:18])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{tw:.1f}" height="9" fill="#b9c7dc"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 12}" width="{rw:.1f}" height="9" fill="#2f4f7f"/>')
        parts.append(f'<text x="{width - 4}" y="{y + 15}" text-anchor="end">'
                     f'{format_percent(rate(b.result, b.target), rounding)}%</text>')
    parts.append("</svg>")
    return "".join(parts)
