"""The 政府网站工作年度报表 as HTML (the PDF's source and the table of the web pages), Word (python-docx) and PDF
(WeasyPrint through gongkai.core.pdf), from the same cells (`website_report.table`).

    WebsiteReportDocument      what a rendering needs: the values, the year, the agency, version, date
    table_html(cells) -> str   the form's table with its merged cells
    render_html(doc) / render_docx(doc) / render_pdf(doc) -> str | bytes

Deterministic: the same version gives the same bytes (dates from the document, fixed zip timestamps, a fixed
PDF identifier), so a published version's files can be compared and archived.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import escape

from . import website_report as form

CSS = """
@page { size: A4; margin: 22mm 18mm 20mm 18mm; }
body { font-family: "Noto Serif CJK SC", "Songti SC", "SimSun", serif; color: #111; margin: 0; }
.wr { max-width: 46rem; margin: 0 auto; }
.wr h1 { font-family: "Noto Serif CJK SC", serif; font-size: 20pt; text-align: center; margin: 0 0 4pt; letter-spacing: 1pt; }
.wr .year { text-align: center; margin: 0 0 10pt; font-size: 12pt; }
.wr .filler { font-size: 10.5pt; margin: 0 0 4pt; display: flex; justify-content: space-between; }
.wr table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 10pt; }
.wr th, .wr td { border: 1px solid #333; padding: 3pt 5pt; vertical-align: middle; line-height: 1.35; }
.wr th { font-weight: normal; text-align: center; background: #fff; }
.wr th.item { text-align: left; }
.wr td { text-align: left; word-break: break-all; }
.wr td.blank { background: #fff; }
.wr tr { page-break-inside: avoid; break-inside: avoid; }
.wr .sign { font-size: 10.5pt; margin-top: 8pt; display: grid; grid-template-columns: repeat(3, 1fr); row-gap: 4pt; }
.wr .version { text-align: center; font-size: 10pt; color: #444; margin: 0 0 6pt; }
.wr .draft { text-align: center; color: #a00; font-size: 10.5pt; margin: 0 0 6pt; }
"""


@dataclass(frozen=True)
class WebsiteReportDocument:
    agency: str
    year: int
    values: dict
    version: int = 1
    published_on: date | None = None
    correction_reason: str = ""

    @property
    def title(self) -> str:
        return form.TITLE

    @property
    def filename(self) -> str:
        return f"{self.agency}{self.year}年度政府网站工作年度报表"


def table_html(cells: list[form.Cell], *, marks: bool = False, inline_widths: bool = True) -> str:
    """The form as an HTML table. With `marks`, value cells carry their origin (class gen/ent/blank and a
    data attribute) for the staff page. The web pages' Content-Security-Policy allows no inline style: they
    take the column widths from their stylesheet (col classes w1…w4) instead."""
    widths = sum(form.WIDTHS)
    cols = "".join(f'<col class="w{i + 1}"' + (f' style="width:{w / widths * 100:.2f}%"' if inline_widths else "")
                   + ">" for i, w in enumerate(form.WIDTHS))
    rows: dict[int, list[form.Cell]] = {}
    for c in cells:
        rows.setdefault(c.row, []).append(c)
    out = [f'<table class="website-report"><colgroup>{cols}</colgroup><tbody>']
    for r in range(form.nrows(cells)):
        out.append("<tr>")
        for c in sorted(rows.get(r, []), key=lambda c: c.col):
            span = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (
                f' colspan="{c.colspan}"' if c.colspan > 1 else "")
            if c.kind == "label":
                cls = "item" if c.col == 2 or (c.col in (0, 1) and c.colspan > 1) else ""
                out.append(f'<th{span}{f" class={chr(34)}{cls}{chr(34)}" if cls else ""} scope="row">'
                           f"{escape(c.text)}</th>")
            else:
                attrs = ""
                if marks:
                    cls = {"generated": "gen", "entered": "ent"}.get(c.origin, "blank")
                    attrs = f' class="{cls}" data-key="{escape(c.key)}"'
                out.append(f"<td{span}{attrs}>{escape(c.text)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _sign_html(values: dict, published_on: date | None) -> str:
    lines = [*form.signature_lines(values), ("填报日期", _cn_date(published_on) if published_on else "")]
    return "".join(f"<span>{escape(label)}：{escape(text)}</span>" for label, text in lines)


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def render_html(doc: WebsiteReportDocument, *, standalone: bool = True) -> str:
    """The whole form; `standalone` a page with its CSS inline (the PDF's source), else the fragment a web
    page includes (with the stylesheet of the supervision app)."""
    body = [f'<div class="wr"><h1>{form.TITLE}</h1><p class="year">（{doc.year}年度）</p>']
    if doc.published_on is None:
        body.append('<p class="draft">草稿（未发布）</p>')
    elif doc.version > 1:
        body.append(f'<p class="version">第{doc.version}版（更正）{escape(doc.correction_reason)}</p>')
    body.append(f'<p class="filler"><span>填报单位：{escape(doc.agency)}</span></p>')
    body.append(table_html(form.table(doc.values), inline_widths=standalone))
    body.append(f'<div class="sign">{_sign_html(doc.values, doc.published_on)}</div></div>')
    if not standalone:
        return "".join(body)
    return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{escape(doc.filename)}</title><style>{CSS}</style></head><body>{''.join(body)}</body></html>\n")


def render_pdf(doc: WebsiteReportDocument) -> bytes:
    from gongkai.core.pdf import write_pdf

    return write_pdf(render_html(doc), identifier=f"gongkai-wr-{doc.agency}-{doc.year}-v{doc.version}".encode())


# --- Word --------------------------------------------------------------------------------------------------

TEXT_WIDTH_MM = 210 - 2 * 18


def render_docx(doc: WebsiteReportDocument) -> bytes:
    from docx import Document
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    from gongkai.core.reproducible import fixed_zip

    def run(p, text, size, font="宋体", bold=False):
        r = p.add_run(text)
        r.font.size = Pt(size)
        r.font.bold = bold
        r.font.name = font
        rpr = r._element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(slot), font)
        return r

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.left_margin = section.right_margin = Mm(18)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(title, form.TITLE, 20, "方正小标宋简体")
    sub = document.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(sub, f"（{doc.year}年度）", 12)
    if doc.published_on is None:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run(p, "草稿（未发布）", 10.5)
    elif doc.version > 1:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run(p, f"第{doc.version}版（更正）{doc.correction_reason}", 10.5)
    run(document.add_paragraph(), f"填报单位：{doc.agency}", 10.5)

    cells = form.table(doc.values)
    n = form.nrows(cells)
    t = document.add_table(rows=n, cols=form.NCOLS)
    t.style = document.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    total = sum(form.WIDTHS)
    widths = [Mm(TEXT_WIDTH_MM * w / total) for w in form.WIDTHS]
    grid = [list(row.cells) for row in t.rows]
    for row in grid:
        for k, cell in enumerate(row):
            cell.width = widths[k]
    for row in t.rows:
        trpr = row._tr.get_or_add_trPr()
        flag = OxmlElement("w:cantSplit")
        flag.set(qn("w:val"), "true")
        trpr.append(flag)
    for c in cells:
        cell = grid[c.row][c.col]
        if c.rowspan > 1 or c.colspan > 1:
            cell = cell.merge(grid[c.row + c.rowspan - 1][c.col + c.colspan - 1])
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if (c.kind == "label" and c.col < 2 and c.colspan == 1) \
            else WD_ALIGN_PARAGRAPH.LEFT
        p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
        run(p, c.text, 10)
    lines = [*form.signature_lines(doc.values),
             ("填报日期", _cn_date(doc.published_on) if doc.published_on else "")]
    p = document.add_paragraph()
    p.paragraph_format.space_before = Pt(8)
    run(p, "    ".join(f"{label}：{text or '        '}" for label, text in lines[:3]), 10.5)
    p = document.add_paragraph()
    run(p, "    ".join(f"{label}：{text or '        '}" for label, text in lines[3:]), 10.5)

    day = doc.published_on or date(doc.year + 1, 1, 1)
    props = document.core_properties
    props.title = f"{doc.agency}{doc.year}年度{form.TITLE}"
    props.author = props.last_modified_by = doc.agency
    props.created = props.modified = datetime(day.year, day.month, day.day, tzinfo=UTC)
    props.revision = doc.version
    props.comments = props.keywords = props.subject = ""
    props.category = form.TITLE
    out = io.BytesIO()
    document.save(out)
    return fixed_zip(out.getvalue(), day)
