"""Markdown: text kept as written; pipe tables become Tables whose cells point into the original lines."""

from __future__ import annotations

from gongkai.core.reading import read_bytes

MD = """# 某县2021年政府信息公开工作年度报告

## 一、总体情况

| 项目 | 自然人 | 总计 |
|:---|---:|---|
| 本年新收 | 12 | 15 |
| 结果维持 | 4 |
| 转义\\|竖线 | 1 | 1 |

正文继续。
"""


def test_markdown_text_is_verbatim_and_tables_are_found():
    doc = read_bytes(MD.encode())
    assert doc.format == "md"
    assert doc.text == MD
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.origin == "text"
    assert [[c.text for c in row] for row in table.rows] == [
        ["项目", "自然人", "总计"],
        ["本年新收", "12", "15"],
        ["结果维持", "4"],
        ["转义\\|竖线", "1", "1"],
    ]
    for row in table.rows:
        for cell in row:
            assert doc.text[cell.start:cell.end] == cell.text
    assert doc.text[table.start:table.end].startswith("| 项目")
    assert doc.text[table.start:table.end].endswith("| 1 |")


def test_table_without_outer_pipes():
    doc = read_bytes("# 标题\n\n甲 | 乙\n--- | ---\n1 | 2\n".encode())
    assert [[c.text for c in r] for r in doc.tables[0].rows] == [["甲", "乙"], ["1", "2"]]


def test_plain_text_with_a_stray_hash_is_text():
    doc = read_bytes("#1 号文件\n正文。\n".encode())
    assert doc.format == "txt" and doc.tables == []
