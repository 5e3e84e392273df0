"""DOCX: body order, merged cells grid-aligned, headers/footers left out."""

from __future__ import annotations

import io
import zipfile

import pytest

from gongkai.core.errors import CorruptDocument
from gongkai.core.reading import read_bytes

from .makers import docx_bytes, docx_from_body, vmerge


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


def _p(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def _r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def test_docx_tracked_changes_fields_links_and_text_boxes():
    text_box = (
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>"
        + _p(_r("文本框正文"))
        + "</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>"
        + _p(_r("文本框备用"))
        + "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    body = "".join([
        _p(_r("删除后"), '<w:del w:id="1" w:author="a"><w:r><w:delText>已删除</w:delText></w:r></w:del>',
           '<w:ins w:id="2" w:author="a">' + _r("插入") + "</w:ins>"),
        _p('<w:hyperlink r:id="rId9">' + _r("链接文字") + "</w:hyperlink>",
           '<w:smartTag w:element="place">' + _r("智能标记") + "</w:smartTag>"),
        _p('<w:fldSimple w:instr=" PAGE ">' + _r("7") + "</w:fldSimple>",
           '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE \\@ "yyyy" </w:instrText></w:r>'
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + _r("2021") +
           '<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
        _p(_r("框外"), text_box),
        '<w:sdt><w:sdtContent>' + _p(_r("内容控件")) + "</w:sdtContent></w:sdt>",
        _p('<w:r><w:t>甲</w:t><w:noBreakHyphen/><w:t>乙</w:t><w:cr/><w:t>丙</w:t></w:r>'),
    ])
    doc = read_bytes(docx_from_body(body))
    assert doc.text == "删除后插入\n链接文字智能标记\n72021\n框外\n内容控件\n甲-乙\n丙\n"


def test_docx_grid_before_after_and_vmerge_restart():
    def tc(text: str, props: str = "") -> str:
        return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(_r(text))}</w:tc>"

    body = (
        "<w:tbl>"
        "<w:tr>" + tc("项目", '<w:vMerge w:val="restart"/>') + tc("甲") + tc("乙") + "</w:tr>"
        "<w:tr>" + tc("", "<w:vMerge/>") + tc("跨两列", '<w:gridSpan w:val="2"/>') + "</w:tr>"
        '<w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>' + tc("中") + "</w:tr>"
        "<w:tr>" + tc("新起", '<w:vMerge w:val="restart"/>') + tc("1") + tc("2") + "</w:tr>"
        "</w:tbl>"
    )
    doc = read_bytes(docx_from_body(body))
    table = doc.tables[0]
    assert [[c.text for c in row] for row in table.rows] == [
        ["项目", "甲", "乙"], ["项目", "跨两列", "跨两列"], ["", "中", ""], ["新起", "1", "2"],
    ]
    assert table.rows[0][0] is table.rows[1][0] and table.rows[1][1] is table.rows[1][2]
    assert table.rows[2][0] is not table.rows[2][2]
    assert doc.text == "项目\t甲\t乙\n跨两列\n\t中\t\n新起\t1\t2\n"


def test_docx_main_part_is_found_through_the_package_relationship():
    stale = docx_from_body(_p(_r("旧正文")))
    data = docx_from_body(_p(_r("真正文")), main_part="word/document2.xml",
                          extra_parts={"word/document.xml": _zip_member(stale, "word/document.xml")})
    assert read_bytes(data).text == "真正文\n"


def _zip_member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


def test_docx_damage_outside_the_document_part_does_not_stop_reading():
    # Only word/document.xml is read: a broken styles part (python-docx refused the whole file) is harmless,
    # and a macro-enabled document (.docm) is read like any other.
    broken_styles = docx_from_body(_p(_r("正文")), extra_parts={"word/styles.xml": b"<w:styles"})
    assert read_bytes(broken_styles).text == "正文\n"
    docm = docx_from_body(_p(_r("正文")), content_type="application/vnd.ms-word.document.macroEnabled.main+xml")
    assert read_bytes(docm).text == "正文\n"


def test_docx_whose_document_part_is_damaged_is_corrupt():
    data = bytearray(docx_from_body(_p(_r("正文" * 50))))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/document.xml")
    header = info.header_offset
    name_len = int.from_bytes(data[header + 26:header + 28], "little")
    extra_len = int.from_bytes(data[header + 28:header + 30], "little")
    middle = header + 30 + name_len + extra_len + info.compress_size // 2
    data[middle] ^= 0xFF  # compressed body damaged: bad CRC or undecompressable
    with pytest.raises(CorruptDocument):
        read_bytes(bytes(data))
    truncated_xml = docx_from_body("<w:p><w:r><w:t>正文</w:t></w:r>")  # unclosed paragraph
    with pytest.raises(CorruptDocument):
        read_bytes(truncated_xml)
