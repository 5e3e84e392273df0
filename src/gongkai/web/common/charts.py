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


# --- bars, stacked bars, donuts and their data tables ----------------------------------------------------------
# Each chart is an <svg role="img"> whose <title> (referenced by aria-labelledby) names it, with a <title> on
# every mark for the pointer; `data_table` gives screen readers (and printouts) the same numbers as a table.

_uid = 0


def _chart_id(prefix: str) -> str:
    global _uid
    _uid += 1
    return f"{prefix}-{_uid}"


def _open(width: int, height: int, title: str, aria_label: str | None, kind: str) -> tuple[list[str], str]:
    cid = _chart_id(kind)
    label = aria_label or title
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart chart-{kind}" '
        f'role="img" aria-labelledby="{cid}" font-family="sans-serif" font-size="12">',
        f'<title id="{cid}">{escape(label)}</title>',
    ]
    if title:
        out.append(f'<text x="8" y="20" font-size="14" font-weight="bold" fill="#222">{escape(title)}</text>')
    return out, cid


def _close(out: list[str]) -> SafeString:
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every interpolated text is escaped where it is built


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def bar_chart(*, bars: list[tuple[str, float]], title: str = "", aria_label: str | None = None, unit: str = "",
              width: int = 560, height: int = 260, highlight: str | None = None) -> SafeString:
    """Vertical bars, one per (label, value), e.g. a count per year; `highlight` marks one bar (the year shown)."""
    left, right, top, bottom = 56, 16, 36 if title else 16, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    y_max = _nice_max(max((v for _l, v in bars), default=0))
    out, _cid = _open(width, height, title, aria_label, "bar")
    for k in range(5):
        v = y_max * k / 4
        y = top + plot_h - plot_h * v / y_max
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e6ea"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">{_fmt(v)}</text>')
    n = max(1, len(bars))
    slot = plot_w / n
    bar_w = min(64.0, slot * 0.6)
    for i, (label, value) in enumerate(bars):
        x = left + slot * i + (slot - bar_w) / 2
        h = plot_h * value / y_max
        colour = PALETTE[1] if highlight is not None and str(label) == str(highlight) else PALETTE[0]
        out.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                   f'fill="{colour}"><title>{escape(str(label))}：{_fmt(value)}{escape(unit)}</title></rect>')
        out.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h - h - 4:.1f}" text-anchor="middle" '
                   f'fill="#222">{_fmt(value)}</text>')
        out.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 18}" text-anchor="middle" fill="#555">'
                   f"{escape(_clip(str(label), 8))}</text>")
    out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#888"/>')
    return _close(out)


def hbar_chart(*, bars: list[tuple[str, float]], title: str = "", aria_label: str | None = None, unit: str = "",
               width: int = 560, bar_height: int = 22, label_width: int = 120) -> SafeString:
    """Horizontal bars, one per (label, value): categories with long names (channels, agencies)."""
    top = 36 if title else 12
    height = top + len(bars) * (bar_height + 8) + 12
    plot_w = width - label_width - 70
    v_max = max((v for _l, v in bars), default=0) or 1
    out, _cid = _open(width, height, title, aria_label, "hbar")
    for i, (label, value) in enumerate(bars):
        y = top + i * (bar_height + 8)
        w = plot_w * value / v_max
        out.append(f'<text x="{label_width - 6}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" fill="#222">'
                   f"{escape(_clip(str(label), 10))}</text>")
        out.append(f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{PALETTE[0]}">'
                   f"<title>{escape(str(label))}：{_fmt(value)}{escape(unit)}</title></rect>")
        out.append(f'<text x="{label_width + w + 6:.1f}" y="{y + bar_height * 0.7:.1f}" fill="#222">'
                   f"{_fmt(value)}</text>")
    return _close(out)


def stacked_bar(*, parts: list[tuple[str, float]], title: str = "", aria_label: str | None = None,
                width: int = 560, bar_height: int = 28, colours: list[str] | None = None) -> SafeString:
    """One horizontal bar split into its parts (a composition, e.g. the outcome mix), with a legend below. A
    total of 0 draws an empty outline and says so. `colours` (one per part) when the parts have meanings that
    colours should carry (published green, late red); by default the palette in order."""
    palette = [escape(c) for c in colours] if colours else list(PALETTE)
    top = 36 if title else 12
    legend_rows = (len(parts) + 2) // 3
    height = top + bar_height + 16 + legend_rows * 20 + 8
    total = sum(v for _l, v in parts)
    inner = width - 16
    out, _cid = _open(width, height, title, aria_label, "stacked")
    out.append(f'<rect x="8" y="{top}" width="{inner}" height="{bar_height}" fill="none" stroke="#888"/>')
    x = 8.0
    for i, (label, value) in enumerate(parts):
        if total <= 0 or value <= 0:
            continue
        w = inner * value / total
        out.append(f'<rect x="{x:.1f}" y="{top}" width="{w:.1f}" height="{bar_height}" '
                   f'fill="{palette[i % len(palette)]}" stroke="#fff">'
                   f"<title>{escape(str(label))}：{_fmt(value)}（{value / total * 100:.1f}%）</title></rect>")
        x += w
    if total <= 0:
        out.append(f'<text x="{width / 2}" y="{top + bar_height * 0.65:.1f}" text-anchor="middle" fill="#777">无数据</text>')
    for i, (label, value) in enumerate(parts):
        lx = 8 + (i % 3) * (inner / 3)
        ly = top + bar_height + 20 + (i // 3) * 20
        share = f"{value / total * 100:.1f}%" if total > 0 else "—"
        out.append(f'<rect x="{lx:.1f}" y="{ly - 10}" width="12" height="12" fill="{palette[i % len(palette)]}"/>')
        out.append(f'<text x="{lx + 18:.1f}" y="{ly}" fill="#222">{escape(_clip(str(label), 8))} {_fmt(value)}'
                   f"（{share}）</text>")
    return _close(out)


def donut_chart(*, parts: list[tuple[str, float]], title: str = "", aria_label: str | None = None,
                width: int = 420, size: int = 180) -> SafeString:
    """A ring of the parts with a legend on the right; the centre shows the total."""
    top = 36 if title else 12
    height = top + size + 12
    r_outer, r_inner = size / 2, size / 2 * 0.58
    cx, cy = 8 + r_outer, top + r_outer
    total = sum(v for _l, v in parts)
    out, _cid = _open(width, height, title, aria_label, "donut")
    if total <= 0:
        out.append(f'<circle cx="{cx}" cy="{cy}" r="{(r_outer + r_inner) / 2}" fill="none" stroke="#e3e6ea" '
                   f'stroke-width="{r_outer - r_inner}"/>')
    angle = -math.pi / 2
    for i, (label, value) in enumerate(parts):
        if total <= 0 or value <= 0:
            continue
        colour = PALETTE[i % len(PALETTE)]
        tip = f"<title>{escape(str(label))}：{_fmt(value)}（{value / total * 100:.1f}%）</title>"
        if value >= total:  # a full ring: an arc cannot start and end at the same point
            out.append(f'<circle cx="{cx}" cy="{cy}" r="{(r_outer + r_inner) / 2}" fill="none" stroke="{colour}" '
                       f'stroke-width="{r_outer - r_inner}">{tip}</circle>')
            continue
        end = angle + 2 * math.pi * value / total
        large = 1 if end - angle > math.pi else 0
        p = [(cx + r * math.cos(a), cy + r * math.sin(a)) for r, a in
             ((r_outer, angle), (r_outer, end), (r_inner, end), (r_inner, angle))]
        out.append(
            f'<path d="M{p[0][0]:.2f},{p[0][1]:.2f} A{r_outer},{r_outer} 0 {large} 1 {p[1][0]:.2f},{p[1][1]:.2f} '
            f'L{p[2][0]:.2f},{p[2][1]:.2f} A{r_inner},{r_inner} 0 {large} 0 {p[3][0]:.2f},{p[3][1]:.2f} Z" '
            f'fill="{colour}" stroke="#fff">{tip}</path>')
        angle = end
    out.append(f'<text x="{cx}" y="{cy + 6}" text-anchor="middle" font-size="18" font-weight="bold" fill="#222">'
               f"{_fmt(total)}</text>")
    lx = 8 + size + 24
    for i, (label, value) in enumerate(parts):
        ly = top + 14 + i * 20
        share = f"{value / total * 100:.1f}%" if total > 0 else "—"
        out.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>')
        out.append(f'<text x="{lx + 18}" y="{ly}" fill="#222">{escape(_clip(str(label), 10))} {_fmt(value)}'
                   f"（{share}）</text>")
    return _close(out)


def data_table(*, caption: str, headers: list[str], rows: list[list]) -> SafeString:
    """The numbers of a chart as an HTML table: for screen readers, for print, for copying."""
    out = [f'<table class="data chart-data"><caption>{escape(caption)}</caption><thead><tr>']
    out += [f'<th scope="col">{escape(str(h))}</th>' for h in headers]
    out.append("</tr></thead><tbody>")
    for row in rows:
        cells = [f'<th scope="row">{escape(str(row[0]))}</th>']
        cells += [f'<td class="num">{escape(_fmt(v) if isinstance(v, int | float) else str(v))}</td>' for v in row[1:]]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return mark_safe("".join(out))  # noqa: S308 - every interpolated text above is escaped
