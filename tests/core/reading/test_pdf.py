"""PDF: PDFium text, ruled tables replacing their flattened text, page-broken tables joined, notes."""

from __future__ import annotations

import pytest

from gongkai.core import errors
from gongkai.core.reading import read_bytes

from .makers import pdf

TABLE = [["项目", "自然人", "法人", "总计"], ["本年新收", "12", "3", "15"], ["结果维持", "4", "0", "4"]]


def test_pdfium_extracts_chinese_from_a_non_embedded_cid_font():
    doc = read_bytes(pdf([["某县2021年政府信息公开工作年度报告", "全年主动公开信息1234条。"]]))
    assert doc.format == "pdf" and doc.pages == 1
    assert doc.text.splitlines() == ["某县2021年政府信息公开工作年度报告", "全年主动公开信息1234条。"]


def test_ruled_table_comes_out_as_a_table_in_place_of_its_text():
    doc = read_bytes(pdf([["一、收到和处理申请情况", TABLE, "二、存在的主要问题"]]))
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.origin == "pdf" and table.page == 1
    assert [[c.text for c in row] for row in table.rows] == TABLE
    for row in table.rows:
        for cell in row:
            assert doc.text[cell.start:cell.end] == cell.text
    assert doc.text == "一、收到和处理申请情况\n项目\t自然人\t法人\t总计\n本年新收\t12\t3\t15\n结果维持\t4\t0\t4\n二、存在的主要问题"
    assert doc.text.count("15") == 1  # the table's figures are not also left in the flat text


def test_table_continued_on_the_next_page_is_one_table():
    first = [TABLE[0], *[[f"第{i}项", str(i), "1", str(i + 1)] for i in range(1, 30)]]
    second = [[f"第{i}项", str(i), "1", str(i + 1)] for i in range(30, 36)]
    doc = read_bytes(pdf([["表三 收到和处理申请情况", first], [second, "三、其他"]]))
    assert doc.pages == 2
    assert len(doc.tables) == 1
    rows = doc.tables[0].rows
    assert len(rows) == 36 and rows[-1][0].text == "第35项"
    assert doc.tables[0].page == 1


def test_tables_with_different_widths_on_consecutive_pages_stay_apart():
    doc = read_bytes(pdf([[TABLE], [[["甲", "乙"], ["1", "2"]]]]))
    assert [len(t.rows[0]) for t in doc.tables] == [4, 2]


def test_page_without_text_in_a_text_pdf_is_noted():
    doc = read_bytes(pdf([["某县2021年政府信息公开工作年度报告"], [], ["第三页的内容"]]))
    assert doc.pages == 3
    assert [code for code, _ in doc.notes] == ["pdf_pages_without_text"]
    assert "第 2 页" in doc.notes[0][1]


def test_page_without_table_is_not_sent_to_the_table_finder(monkeypatch):
    from gongkai.core.reading import pdf as pdf_module

    calls = []
    real = pdf_module._find_tables
    monkeypatch.setattr(pdf_module, "_find_tables", lambda page: calls.append(page) or real(page))
    doc = read_bytes(pdf([["只有文字的一页。"], ["一、收到和处理申请情况", TABLE]]))
    assert len(calls) == 1 and doc.tables[0].page == 2


def test_pdf_without_any_text_is_no_text_layer():
    with pytest.raises(errors.NoTextLayer):
        read_bytes(pdf([[], []]))


def test_merged_cells_in_a_ruled_pdf_table_are_repeated():
    from tests.minipdf import Canvas

    c = Canvas()
    xs, ys = [72, 200, 300, 400], [700, 680, 660]
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    c.line(72, 700, 72, 660)
    c.line(400, 700, 400, 660)
    c.line(200, 700, 200, 660)
    c.line(300, 680, 300, 660)  # no rule between columns 2 and 3 in the first row: a merged header
    c.text(76, 686, "本年新收")
    c.text(204, 686, "申请人情况")
    c.text(76, 666, "数量")
    c.text(204, 666, "12")
    c.text(304, 666, "3")
    doc = read_bytes(c.save())
    table = doc.tables[0]
    assert [[cell.text for cell in row] for row in table.rows] == [
        ["本年新收", "申请人情况", "申请人情况"],
        ["数量", "12", "3"],
    ]
    assert table.rows[0][1] is table.rows[0][2]
    assert doc.text == "本年新收\t申请人情况\n数量\t12\t3\n"
