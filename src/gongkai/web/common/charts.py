"""Charts as inline SVG rendered on the server: no JavaScript library, works offline and prints crisply.

    line_chart(series=[("某市人民政府", {2019: 12, 2020: 30}), ...], x_values=[2019, 2020], title="收到申请数")

Every text is escaped; None values leave a gap in the line (a year without a stated figure is not zero).
"""

from __future__ import annotations

import math
from html import escape

from django.utils.safestring import SafeString, mark_safe

# Colour-blind-safe palette (Okabe–Ito), darkened for contrast on white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C6D1F", "#000000")


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    exp = math.floor(math.log10(value))
    for m in (1, 2, 2.5, 5, 10):
        if value <= m * 10**exp:
            return m * 10**exp
    return 10 ** (exp + 1)


def _fmt(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.1f}"


def line_chart(
    *,
    series: list[tuple[str, dict]],
    x_values: list,
    title: str = "",
    aria_label: str | None = None,
    width: int = 760,
    height: int = 340,
) -> SafeString:
    left, right, top, bottom = 64, 180, 36 if title else 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _n, pts in series for v in pts.values() if v is not None]
    y_max = _nice_max(max(values) if values else 0)
    n = len(x_values)

    def x_at(i: int) -> float:
        return left + (plot_w / 2 if n == 1 else plot_w * i / (n - 1))

    def y_at(v: float) -> float:
        return top + plot_h - plot_h * (v / y_max)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart" role="img" '
        f'aria-label="{escape(aria_label or title)}" font-family="sans-serif" font-size="12">'
    ]
    if title:
        out.append(f'<text x="{left}" y="20" font-size="14" font-weight="bold" fill="#222">{escape(title)}</text>')
    for k in range(5):
        v = y_max * k / 4
        y = y_at(v)
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e6ea"/>')
        out.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" fill="#555">{_fmt(v)}</text>')
    for i, x in enumerate(x_values):
        out.append(
            f'<text x="{x_at(i):.1f}" y="{top + plot_h + 20}" text-anchor="middle" fill="#555">{escape(str(x))}</text>'
        )
    out.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#888"/>'
    )
    if not values:
        out.append(
            f'<text x="{left + plot_w / 2}" y="{top + plot_h / 2}" text-anchor="middle" fill="#777">'
            "所选机构在所选年度均未说明该数字</text>"
        )
    for s, (name, pts) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        segment: list[str] = []
        segments: list[list[str]] = []
        for i, x in enumerate(x_values):
            v = pts.get(x)
            if v is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x_at(i):.1f},{y_at(v):.1f}")
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) > 1:
                out.append(
                    f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
                )
        for i, x in enumerate(x_values):
            v = pts.get(x)
            if v is not None:
                out.append(
                    f'<circle cx="{x_at(i):.1f}" cy="{y_at(v):.1f}" r="4" fill="{colour}">'
                    f"<title>{escape(name)} {escape(str(x))}：{_fmt(v)}</title></circle>"
                )
        ly = top + 8 + s * 20
        lx = left + plot_w + 16
        label = name if len(name) <= 11 else name[:10] + "…"
        out.append(f'<rect x="{lx}" y="{ly - 9}" width="14" height="4" fill="{colour}"/>')
        out.append(f'<text x="{lx + 20}" y="{ly - 3}" fill="#222"><title>{escape(name)}</title>{escape(label)}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every interpolated text above is escaped
