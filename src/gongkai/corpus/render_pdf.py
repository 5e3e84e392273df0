"""PDF rendering with WeasyPrint (the project's one PDF engine, gongkai.core.pdf): A4, a Song typeface, tables
drawn with ruled borders and merged cells (HTML rowspan/colspan), page numbers "— n —" at the foot.

Text is set in Noto Serif CJK SC (fonts-noto-cjk, found through fontconfig) and embedded as a subset with a
ToUnicode map, so pypdfium2 and pdfplumber extract it as Unicode.
"""

from __future__ import annotations

import hashlib
from html import escape

from gongkai.core.pdf import write_pdf

from .layout import Block, Heading, Paragraph, Table

FONT = "Noto Serif CJK SC"
_WIDTH_MM = 210 - 40

CSS = f"""
@page {{ size: A4; margin: 25mm 20mm 22mm 20mm;
  @bottom-center {{ content: "— " counter(page) " —"; font-family: "{FONT}"; font-size: 10pt;
    vertical-align: bottom; padding-bottom: 9mm; }} }}
html {{ font-family: "{FONT}", serif; font-size: 14pt; line-height: 26pt; }}
body {{ margin: 0; }}
h1, h2, h3 {{ font-weight: normal; margin: 0; }}
h1 {{ font-size: 18pt; line-height: 28pt; text-align: center; margin-bottom: 12pt; }}
h2 {{ font-size: 16pt; line-height: 28pt; margin: 8pt 0 4pt; }}
h3 {{ font-size: 14pt; line-height: 26pt; text-indent: 28pt; }}
p {{ margin: 0; text-indent: 28pt; }}
table {{ border-collapse: collapse; width: {_WIDTH_MM}mm; table-layout: fixed; margin: 4pt 0 6pt; }}
tr {{ break-inside: avoid; }}
td {{ border: 0.5pt solid black; padding: 1pt 2pt; font-size: 9pt; line-height: 12pt; vertical-align: middle; }}
td.c {{ text-align: center; }}
"""


def _col_widths(t: Table) -> list[float]:
    """Column widths in mm."""
    if t.kind == "table3":
        label = [16.0, 18.0, 44.0]
        rest = (_WIDTH_MM - sum(label)) / (t.width - 3)
        return label + [rest] * (t.width - 3)
    if t.kind == "table2":
        return [_WIDTH_MM * 0.31] + [_WIDTH_MM * 0.23] * 3
    return [_WIDTH_MM / t.width] * t.width


def _table(t: Table) -> str:
    cols = "".join(f'<col style="width: {w:.2f}mm">' for w in _col_widths(t))
    rows = []
    for row in t.rows:
        cells = []
        for cell in row:
            span = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
                f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
            css = ' class="c"' if (cell.numeric or cell.header) else ""
            cells.append(f"<td{span}{css}>{'<br>'.join(escape(p) for p in cell.text.split(chr(10)))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><colgroup>{cols}</colgroup><tbody>{''.join(rows)}</tbody></table>"


def render_pdf(blocks: list[Block], *, title: str) -> bytes:
    body = []
    for b in blocks:
        if isinstance(b, Heading):
            tag = "h1" if b.level == 0 else "h2" if b.level == 1 else "h3"
            body.append(f"<{tag}>{escape(b.text)}</{tag}>")
        elif isinstance(b, Paragraph):
            body.append(f"<p>{escape(b.text)}</p>")
        elif isinstance(b, Table):
            body.append(_table(b))
    html = (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{CSS}</style></head><body>{''.join(body)}</body></html>")
    return write_pdf(html, identifier=hashlib.sha256(html.encode()).hexdigest()[:32].encode())
