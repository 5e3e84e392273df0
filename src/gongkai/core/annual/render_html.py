"""The annual report as one self-contained, printable HTML page (the public page and the PDF's source).

Sections 一…六 in the national order with the template's titles; staff text under 一, 五, 六 (and under any
other section that has text); tables 二/三/四 drawn from `layout` grids. The CSS (`static/report.css`) is
inlined, so the page needs no outside asset.
"""

from __future__ import annotations

from functools import cache
from html import escape
from importlib import resources
from typing import TYPE_CHECKING

from .layout import Grid, cn_date, paragraphs, report_template, section_heading, table_grids, version_line

if TYPE_CHECKING:
    from .document import ReportDocument


@cache
def report_css() -> str:
    return resources.files(__package__).joinpath("static/report.css").read_text("utf-8")


def _span(c) -> str:
    out = ""
    if c.rowspan > 1:
        out += f' rowspan="{c.rowspan}"'
    if c.colspan > 1:
        out += f' colspan="{c.colspan}"'
    return out


def grid_html(grid: Grid) -> str:
    """One national table as an HTML table with the grid's merged cells."""
    cols = "".join(f'<col style="width:{f * 100:.2f}%">' for f in grid.fractions())
    parts = [f'<table class="form {grid.key.replace("table", "t")}"><colgroup>{cols}</colgroup>']
    rows = grid.rows()
    for i, cells in enumerate(rows):
        if i == 0 and grid.header_rows:
            parts.append("<thead>")
        if i == grid.header_rows:
            parts.append("<tbody>")
        parts.append("<tr>")
        for c in cells:
            if c.is_value:
                size = "" if len(c.display) < 6 else (' class="n6"' if len(c.display) < 8 else ' class="n8"')
                parts.append(f'<td{size}{_span(c)} data-pointer="{escape(c.pointer)}">{escape(c.display)}</td>')
            else:
                parts.append(f'<th class="{c.kind}"{_span(c)}>{escape(c.text)}</th>')
        parts.append("</tr>")
        if grid.header_rows and i == grid.header_rows - 1:
            parts.append("</thead>")
    parts.append("</tbody></table>")
    return "".join(parts)


def render_html(report: ReportDocument) -> str:
    template = report_template(report.stats)
    grids = table_grids(report.stats)
    body: list[str] = [f"<h1>{escape(report.title)}</h1>"]
    version = version_line(report)
    if version:
        body.append(f'<p class="version">{escape(version)}</p>')
    for section in template.sections:
        body.append(f'<section id="{section.key}"><h2>{escape(section_heading(section))}</h2>')
        body.extend(f"<p>{escape(p)}</p>" for p in paragraphs(report.sections.get(section.key)))
        if section.key in grids:
            body.append(grid_html(grids[section.key]))
        body.append("</section>")
    signature = [f"<p>{escape(report.agency)}</p>"]
    if report.published_on:
        signature.append(f"<p>{cn_date(report.published_on)}</p>")
    body.append(f'<div class="signature">{"".join(signature)}</div>')
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(report.title)}</title><style>{report_css()}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
