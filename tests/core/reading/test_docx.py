"""DOCX: body order, merged cells grid-aligned, headers/footers left out."""

from __future__ import annotations

from gongkai.core.reading import read_bytes

from .makers import docx_bytes, vmerge


def _report(document):
    document.sections[0].header.paragraphs[0].text = "某县人民政府办公室（页眉）"
    document.sections[0].footer.paragraphs[0].text = "第 1 页（页脚）"
    document.add_heading("某县2021年政府信息公开工作年度报告", level=1)
    document.add_paragraph("一、总体情况")
    document.add_paragraph("全年主动公开信息1234条。")
    table = document.add_table(rows=3, cols=4)
    a = table.cell(0, 1).merge(table.cell(0, 2))  # gridSpan
    a.text = "申请人情况"
    table.cell(0, 0).text = "本年新收申请数量"
    vmerge(table.cell(0, 0), "restart")
    vmerge(table.cell(1, 0), None)
    table.cell(0, 3).text = "总计"
    table.cell(1, 1).text = "自然人"
    table.cell(1, 2).text = "法人"
    table.cell(2, 0).text = "数量"
    table.cell(2, 1).text = "12"
    table.cell(2, 2).text = "3"
    table.cell(2, 3).text = "15"
    document.add_paragraph("二、存在的主要问题")


def test_docx_body_in_order_without_headers_and_footers():
    doc = read_bytes(docx_bytes(_report), "report.docx")
    assert doc.format == "docx"
    assert doc.text.startswith("某县2021年政府信息公开工作年度报告\n一、总体情况\n全年主动公开信息1234条。\n")
    assert doc.text.endswith("二、存在的主要问题\n")
    assert "页眉" not in doc.text and "页脚" not in doc.text
    table = doc.tables[0]
    assert doc.text.index("1234条") < table.start < table.end < doc.text.index("二、存在的主要问题")


def test_docx_merged_cells_are_repeated_in_the_grid():
    doc = read_bytes(docx_bytes(_report))
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.origin == "docx"
    assert [[c.text for c in row] for row in table.rows] == [
        ["本年新收申请数量", "申请人情况", "申请人情况", "总计"],
        ["本年新收申请数量", "自然人", "法人", ""],
        ["数量", "12", "3", "15"],
    ]
    assert table.rows[0][1] is table.rows[0][2]
    assert table.rows[0][0] is table.rows[1][0]
    for row in table.rows:
        for cell in row:
            assert doc.text[cell.start:cell.end] == cell.text
    assert doc.text.count("15") == 1


def test_docx_cell_with_several_paragraphs_and_a_nested_table_is_one_line():
    def build(document):
        table = document.add_table(rows=1, cols=2)
        cell = table.cell(0, 0)
        cell.text = "第一段"
        cell.add_paragraph("第二段")
        inner = cell.add_table(rows=1, cols=2)
        inner.cell(0, 0).text = "内层甲"
        inner.cell(0, 1).text = "内层乙"
        table.cell(0, 1).text = "7"

    doc = read_bytes(docx_bytes(build))
    row = doc.tables[0].rows[0]
    assert [c.text for c in row] == ["第一段 第二段 内层甲 内层乙", "7"]
    assert doc.text == "第一段 第二段 内层甲 内层乙\t7\n"


def test_docx_tabs_and_breaks_in_paragraphs():
    def build(document):
        p = document.add_paragraph("甲")
        run = p.add_run()
        run.add_tab()
        run.add_text("乙")
        run.add_break()
        run.add_text("丙")

    assert read_bytes(docx_bytes(build)).text == "甲\t乙\n丙\n"
