"""Rendering the annual report: HTML, DOCX, XLSX and PDF in the national layout, for the 2021 and 2019 formats."""

from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
import pypdfium2 as pdfium
import pytest
from docx import Document
from docx.oxml.ns import qn

from gongkai.core.annual.document import ReportDocument
from gongkai.core.annual.layout import ReportNotRenderable, table_grids
from gongkai.core.annual.render_docx import render_docx
from gongkai.core.annual.render_html import render_html
from gongkai.core.annual.render_pdf import render_pdf
from gongkai.core.annual.render_xlsx import render_xlsx
from gongkai.core.stats import AnnualStats
from gongkai.core.templates import get_template

YEARS = {"2021": 2025, "2019": 2020}


def _stats(tid: str) -> AnnualStats:
    """Every figure of the template filled with a distinct value (table 三 cells 1000+, table 四 500+)."""
    t = get_template(tid)
    s = AnnualStats(agency="示例市自然资源和规划局", year=YEARS[tid], template=tid)
    n = 101
    for block in t.table2:
        for r in block.rows:
            for c in block.columns:
                s.set(f"/table2/{r.key}/{c.key}", 12.5 if c.decimal else (-3 if c.signed else n))
                n += 1
    for i, r in enumerate(t.table3.rows):
        for j, c in enumerate(t.table3.columns):
            s.set(f"/applications/table3/{r.key}/{c.key}", 1000 + 10 * i + j)
    for gi, g in enumerate(t.table4.groups):
        for ci, c in enumerate(t.table4.columns):
            s.set(f"/{g.key}/{c.key}", 500 + 10 * gi + ci)
    return s


def _report(tid: str, *, version: int = 1, reason: str = "") -> ReportDocument:
    s = _stats(tid)
    return ReportDocument(
        title=f"{s.agency}{s.year}年政府信息公开工作年度报告",
        agency=s.agency,
        year=s.year,
        stats=s,
        sections={
            "overview": "本机关认真贯彻落实《中华人民共和国政府信息公开条例》。\n\n全年共收到申请若干件。",
            "problems": "存在的主要问题是答复文书不够规范。",
            "other": "本年度未收取信息处理费。",
        },
        version=version,
        published_on=date(YEARS[tid] + 1, 1, 20),
        correction_reason=reason,
    )


def _labels(tid: str) -> list[str]:
    t = get_template(tid)
    out = [s.title for s in t.sections]
    for block in t.table2:
        out += [block.caption, *(c.label for c in block.columns), *(r.label for r in block.rows)]
    out += [t.table3.note, t.table3.column_group, *(c.label for c in t.table3.columns)]
    out += [r.label for r in t.table3.rows] + list(t.table3.group_labels)
    out += [g.label for g in t.table4.groups] + [c.label for c in t.table4.columns] + ["行政诉讼"]
    return out


def _figures(tid: str) -> list[str]:
    return [c.display for g in table_grids(_stats(tid)).values() for c in g.values()]


# --- the shared layout -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("tid", "t2", "t3"), [("2021", 10, 175), ("2019", 22, 161)])
def test_grids_hold_every_figure_once(tid, t2, t3):
    grids = table_grids(_stats(tid))
    assert len(grids["proactive"].values()) == t2
    assert len(grids["applications"].values()) == t3
    assert len(grids["review_litigation"].values()) == 15
    pointers = [c.pointer for g in grids.values() for c in g.values()]
    assert len(pointers) == len(set(pointers))


def test_table3_header_spans_match_the_official_form():
    g = table_grids(_stats("2021"))["applications"]
    spans = {c.text: (c.row, c.col, c.rowspan, c.colspan) for c in g.cells if not c.is_value}
    assert spans[get_template("2021").table3.note] == (0, 0, 3, 3)
    assert spans["申请人情况"] == (0, 3, 1, 7)
    assert spans["法人或其他组织"] == (1, 4, 1, 5)
    assert spans["自然人"][2] == 2 and spans["总计"][2] == 2
    assert spans["三、本年度办理结果"] == (5, 0, 22, 1)
    assert spans["（三）不予公开"][2:] == (8, 1)
    assert spans["（六）其他处理"][2:] == (3, 1)
    assert spans["一、本年新收政府信息公开申请数量"][3] == 3
    assert spans["（七）总计"][2:] == (1, 2)
    g19 = table_grids(_stats("2019"))["applications"]
    spans19 = {c.text: c for c in g19.cells if not c.is_value}
    assert spans19["三、本年度办理结果"].rowspan == 20
    assert spans19["（六）其他处理"].colspan == 2  # a single data row in 2019


def test_table4_header():
    g = table_grids(_stats("2021"))["review_litigation"]
    heads = [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in g.cells if not c.is_value]
    assert ("行政复议", 0, 0, 1, 5) in heads
    assert ("行政诉讼", 0, 5, 1, 10) in heads
    assert ("未经复议直接起诉", 1, 5, 1, 5) in heads
    assert ("复议后起诉", 1, 10, 1, 5) in heads
    assert ("结果维持", 1, 0, 2, 1) in heads and ("结果维持", 2, 5, 1, 1) in heads


def test_pre2019_has_no_national_tables():
    stats = AnnualStats(agency="某局", year=2017, template="pre2019")
    report = ReportDocument(title="某局2017年政府信息公开工作年度报告", agency="某局", year=2017, stats=stats,
                            sections={})
    with pytest.raises(ReportNotRenderable):
        render_html(report)


# --- HTML ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("tid", ["2021", "2019"])
def test_html_has_every_label_and_figure_in_order(tid):
    html = render_html(_report(tid))
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert not re.search(r"""(?:src|href)=["']?https?:""", html)  # self-contained
    for label in _labels(tid):
        assert label.replace("“", "&ldquo;") in html or label in html, label
    for fig in _figures(tid):
        assert f">{fig}</td>" in html
    t = get_template(tid)
    positions = [html.index(f"{s.number}、{s.title}") for s in t.sections]
    assert positions == sorted(positions)
    assert 'rowspan="3" colspan="3">（本列数据的勾稽关系为' in html
    assert 'colspan="7">申请人情况' in html and 'colspan="5">法人或其他组织' in html
    assert "本机关认真贯彻落实" in html and "全年共收到申请若干件。" in html
    assert "第1版" not in html and "更正原因" not in html


def test_html_shows_version_and_reason_and_not_stated():
    report = _report("2021", version=3, reason="表三第（七）项总计有误")
    report.stats.set("/table2/regulations/issued", None)
    report.stats.set("/review/upheld", 0)
    html = render_html(report)
    assert "第3版（更正原因：表三第（七）项总计有误）" in html
    assert 'data-pointer="/table2/regulations/issued">—</td>' in html
    assert 'data-pointer="/review/upheld">0</td>' in html
    assert "2026年1月20日" in html


# --- DOCX ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("tid", ["2021", "2019"])
def test_docx_national_layout_with_real_merges(tid):
    data = render_docx(_report(tid, version=2, reason="更正表二数字"))
    assert data == render_docx(_report(tid, version=2, reason="更正表二数字"))  # deterministic bytes
    doc = Document(io.BytesIO(data))
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    title = doc.paragraphs[0]
    assert title.text == _report(tid).title and title.alignment == 1  # centred
    rfonts = title.runs[0]._element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "方正小标宋简体" and rfonts.get(qn("w:ascii")) == "方正小标宋简体"
    assert title.runs[0].font.size.pt == 22
    texts = [p.text for p in doc.paragraphs]
    assert "第2版（更正原因：更正表二数字）" in texts
    heading = next(p for p in doc.paragraphs if p.text == "三、收到和处理政府信息公开申请情况")
    assert heading.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    body = next(p for p in doc.paragraphs if p.text.startswith("本机关认真"))
    assert body.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body.runs[0].font.size.pt == 16

    assert len(doc.tables) == 3
    t2, t3, t4 = doc.tables
    xml3 = t3._tbl.xml
    assert xml3.count('w:gridSpan w:val="3"') >= 4  # note cell rows and the 一/二/四 rows
    assert 'w:gridSpan w:val="7"' in xml3 and 'w:gridSpan w:val="5"' in xml3
    assert xml3.count('w:vMerge w:val="restart"') >= 4
    assert 'w:gridSpan w:val="10"' in t4._tbl.xml and 'w:tblHeader' in xml3
    note = t3.cell(0, 0)
    assert note.text == get_template(tid).table3.note
    assert t3.cell(2, 2)._tc is note._tc  # the 3 × 3 note cell is one merged cell
    group = t3.cell(5, 0)
    assert group.text == "三、本年度办理结果" and t3.cell(len(t3.rows) - 2, 0)._tc is group._tc
    assert t3.cell(3, 3).text == "1000" and t3.cell(len(t3.rows) - 1, 9).text == str(1000 + 10 * (len(t3.rows) - 4) + 6)
    cell_texts = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    for label in _labels(tid):
        assert label in cell_texts or label in texts or f"、{label}" in "".join(texts), label
    for fig in _figures(tid):
        assert fig in cell_texts
    run = t3.cell(3, 3).paragraphs[0].runs[0]
    assert run.font.size.pt == 10.5
    assert run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"
    assert "Table Grid" == t3.style.name  # single borders on every cell


# --- XLSX ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("tid", ["2021", "2019"])
def test_xlsx_sheets_merges_and_numbers(tid):
    data = render_xlsx(_report(tid))
    assert data == render_xlsx(_report(tid))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["说明", "表二", "表三", "表四"]
    ws = wb["表三"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A2:C4", "D2:J2", "E3:I3", "D3:D4", "J3:J4"} <= merged
    rows = len(get_template(tid).table3.rows)
    assert f"A7:A{7 + rows - 4}" in merged  # 三、本年度办理结果 over every result row
    assert ws["A2"].value == get_template(tid).table3.note
    assert ws["D5"].value == 1000 and isinstance(ws["D5"].value, int)
    assert ws["J5"].value == 1006
    assert ws.column_dimensions["C"].width > ws.column_dimensions["D"].width
    ws4 = wb["表四"]
    assert {"A2:E2", "F2:O2", "F3:J3", "K3:O3", "A3:A4"} <= {str(r) for r in ws4.merged_cells.ranges}
    assert [ws4.cell(5, k).value for k in range(1, 16)] == [500 + 10 * g + c for g in range(3) for c in range(5)]
    ws2 = wb["表二"]
    values = [c.value for row in ws2.iter_rows() for c in row]
    assert 12.5 in values and "第二十条第（一）项" in values
    all_text = {str(c.value) for name in wb.sheetnames for row in wb[name].iter_rows() for c in row if c.value}
    for label in _labels(tid):
        assert label in all_text or any(label in t for t in all_text), label
    notes = [c.value for row in wb["说明"].iter_rows() for c in row]
    assert _report(tid).title in notes and "第1版" in notes


# --- PDF -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("tid", ["2021", "2019"])
def test_pdf_renders_the_report(tid):
    report = _report(tid, version=2, reason="更正表四")
    data = render_pdf(report)
    assert data.startswith(b"%PDF")
    pdf = pdfium.PdfDocument(data)
    page = pdf[0]
    assert (round(page.get_width() / 72 * 25.4), round(page.get_height() / 72 * 25.4)) == (210, 297)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", report.title) in flat
    for label in ("申请人情况", "法人或其他组织", "三、收到和处理政府信息公开申请情况", "（七）总计",
                  "四、结转下年度继续办理", "未经复议直接起诉", "第二十条第（八）项", "第2版"):
        assert label in flat, label
    assert "1246" in flat if tid == "2021" else "1226" in flat
    # 表三 is not split: its first and last rows are on the same page.
    pages = [re.sub(r"\s+", "", pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
    assert any("一、本年新收政府信息公开申请数量" in p and "四、结转下年度继续办理" in p for p in pages)
