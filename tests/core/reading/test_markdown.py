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


# --- Markdown made from PDFs (marker, MinerU, docling, pdf2md): the table artefacts the reader repairs ---------


def _texts(table):
    return [[c.text for c in row] for row in table.rows]


def _offsets_hold(doc):
    for table in doc.tables:
        for row in table.rows:
            for cell in row:
                assert doc.text[cell.start : cell.end] == cell.text


def test_table_cut_by_a_page_break_is_joined_and_the_repeated_header_dropped():
    md = (
        "# 报告\n\n| 项目 | 自然人 | 总计 |\n|---|---|---|\n| 一、本年新收 | 4 | 5 |\n\n"
        "某某局政府信息公开工作年度报告\n\n— 3 —\n\n"
        "| 项目 | 自然人 | 总计 |\n|---|---|---|\n| 二、上年结转 | 1 | 1 |\n"
    )
    doc = read_bytes(md.encode())
    assert len(doc.tables) == 1
    assert _texts(doc.tables[0]) == [["项目", "自然人", "总计"], ["一、本年新收", "4", "5"], ["二、上年结转", "1", "1"]]
    _offsets_hold(doc)


def test_header_cut_in_the_middle_by_a_page_break_keeps_both_header_rows():
    md = (
        "# 报告\n\n| 项目 | 申请人情况 | |\n|---|---|---|\n\n第 3 页 共 7 页\n\n"
        "| | 自然人 | 总计 |\n|---|---|---|\n| 一、本年新收 | 4 | 5 |\n"
    )
    doc = read_bytes(md.encode())
    assert _texts(doc.tables[0]) == [["项目", "申请人情况", ""], ["", "自然人", "总计"], ["一、本年新收", "4", "5"]]


def test_tables_with_prose_between_them_stay_apart():
    md = "# 报告\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n\n本年度未收取信息处理费。\n\n| 甲 | 乙 |\n|---|---|\n| 3 | 4 |\n"
    assert len(read_bytes(md.encode()).tables) == 2


def test_page_number_and_repeated_header_rows_inside_a_table_are_dropped():
    md = (
        "# 报告\n\n| 项目 | 自然人 | 总计 |\n|---|---|---|\n| 一、本年新收 | 4 | 5 |\n"
        "| — 4 — | | |\n| 项目 | 自然人 | 总计 |\n| 二、上年结转 | 1 | 1 |\n"
    )
    doc = read_bytes(md.encode())
    assert _texts(doc.tables[0]) == [["项目", "自然人", "总计"], ["一、本年新收", "4", "5"], ["二、上年结转", "1", "1"]]


def test_table_without_outer_pipes_keeps_a_leading_empty_cell():
    md = "# 报告\n\n项目 | 说明 | 自然人\n--- | --- | ---\n一、本年新收 | | 4\n | 2.重复申请 | 1\n"
    doc = read_bytes(md.encode())
    assert _texts(doc.tables[0]) == [["项目", "说明", "自然人"], ["一、本年新收", "", "4"], ["", "2.重复申请", "1"]]
    _offsets_hold(doc)


def test_label_wrapped_over_two_rows_becomes_one_row_with_the_figures():
    md = (
        "# 报告\n\n| 项目 | 自然人 | 总计 |\n|---|---|---|\n"
        "| （二）部分公开（区分处理的，只计这一情形， | | |\n| 不计其他情形） | 3 | 4 |\n| 2.重复申请 | 1 | 1 |\n"
    )
    doc = read_bytes(md.encode())
    rows = doc.tables[0].rows
    assert len(rows) == 3
    label = rows[1][0]
    assert doc.text[label.start : label.end].startswith("（二）部分公开") and label.text.endswith("不计其他情形）")
    assert [c.text for c in rows[1][1:]] == ["3", "4"]
    from gongkai.core.parsing.tables_locate import cell_label

    assert cell_label(label.text) == "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"


def test_figures_moved_below_an_unfinished_label_join_it():
    md = "# 报告\n\n| 项目 | 自然人 | 总计 |\n|---|---|---|\n| （二）部分公开（区分处理的， | | |\n| | 3 | 4 |\n"
    rows = read_bytes(md.encode()).tables[0].rows
    assert [c.text for c in rows[1]] == ["（二）部分公开（区分处理的，", "3", "4"]


def test_complete_items_with_blank_figures_are_not_joined():
    # Zeros left blank: `1.属于国家秘密` has no figures, but the next row is an item of its own.
    md = "# 报告\n\n| 项目 | 自然人 | 总计 |\n|---|---|---|\n| 1.属于国家秘密 | | |\n| 2.其他法律行政法规禁止公开 | 1 | 1 |\n"
    assert len(read_bytes(md.encode()).tables[0].rows) == 3
    md = "# 报告\n\n| 项目 | 自然人 | 总计 |\n|---|---|---|\n| 三、本年度办理结果 | | |\n| | 3 | 4 |\n"
    assert len(read_bytes(md.encode()).tables[0].rows) == 3


def test_two_figures_in_one_cell_are_split_when_the_row_is_short():
    md = "# 报告\n\n| 项目 | 甲 | 乙 | 丙 | 丁 |\n|---|---|---|---|---|\n| 一 | 12<br/>3 | 0 | 15 |\n| 二 | 8 3 | 1 | 12 |\n| 三 | 1 2 | 3 | 4 | 5 |\n"
    doc = read_bytes(md.encode())
    assert _texts(doc.tables[0])[1:] == [["一", "12", "3", "0", "15"], ["二", "8", "3", "1", "12"], ["三", "1 2", "3", "4", "5"]]
    _offsets_hold(doc)


def test_html_table_fragment_becomes_an_aligned_grid():
    md = (
        "# 报告\n\n## 三、表\n\n"
        '<table><tr><td rowspan="2">项目</td><td colspan="2">申请人</td></tr><tr><td>自然人</td><td><p>总计</p></td></tr>'
        '<tr><td>一、本年新收</td><td>4</td><td>5</td></tr><tr><td>二、上年结转</td><td>1<br>1</td></tr></table>\n\n正文。\n'
    )
    doc = read_bytes(md.encode())
    assert doc.format == "md" and doc.text == md
    (table,) = doc.tables
    assert table.origin == "html"
    assert _texts(table) == [["项目", "申请人", "申请人"], ["项目", "自然人", "总计"], ["一、本年新收", "4", "5"], ["二、上年结转", "1", "1"]]
    assert table.rows[0][1] is table.rows[0][2] and table.rows[0][0] is table.rows[1][0]
    _offsets_hold(doc)


def test_escaped_figures_in_cells_read_as_the_figures():
    # Converters escape Markdown punctuation inside cells: `386\\.52`, `\\-12`; the quote stays verbatim.
    from gongkai.core.parsing.tables_values import Column, read_cell

    doc = read_bytes("# 报告\n\n| 项目 | 金额 | 增减 |\n|---|---|---|\n| 收费 | 386\\.52 | \\-12 |\n".encode())
    money, change = doc.tables[0].rows[1][1:]
    value = read_cell(doc, money.start, money.end, Column(money_unit="万元"))
    assert value.kind == "number" and value.value == 386.52 and value.quote == "386\\.52"
    value = read_cell(doc, change.start, change.end, Column(signed=True))
    assert value.kind == "number" and value.value == -12


T3_SHIFTED = """# 某区人民政府2021年政府信息公开工作年度报告

## 三、收到和处理政府信息公开申请情况

| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
| | 自然人 | 法人或其他组织 | 总计 |
| | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |
| 一、本年新收政府信息公开申请数量 | | 9 | 2 | 0 | 0 | 1 | 0 | 12 |
| 二、上年结转政府信息公开申请数量 | | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| 三、本年度办理结果 | （一）予以公开 | 5 | 1 | 0 | 0 | 1 | 0 | 7 |
| | （二）部分公开（区分处理的，只计这一情形，不计其他情形） | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
| | （七）总计 | 9 | 2 | 0 | 0 | 1 | 0 | 12 |
| 四、结转下年度继续办理 | | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
"""


def test_table3_header_shifted_by_merged_cells_is_placed_on_the_figure_columns():
    from gongkai.core.parsing import parse_document

    stats = parse_document(read_bytes(T3_SHIFTED.encode()))
    assert stats.get("/applications/table3/new/natural_person") == 9
    assert stats.get("/applications/table3/new/commercial") == 2
    assert stats.get("/applications/table3/new/legal_services") == 1
    assert stats.get("/applications/table3/new/total") == 12
    assert stats.get("/applications/table3/disclosed/total") == 7


T3_FULL_ROWS = [
    ("一、本年新收政府信息公开申请数量", [5, 1, 0, 0, 0, 0]),
    ("二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0]),
    ("（一）予以公开", [2, 1, 0, 0, 0, 0]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [1, 0, 0, 0, 0, 0]),
    ("1.属于国家秘密", [0] * 6),
    ("2.其他法律行政法规禁止公开", [0] * 6),
    ("3.危及“三安全一稳定”", [0] * 6),
    ("4.保护第三方合法权益", [0] * 6),
    ("5.属于三类内部事务信息", [0] * 6),
    ("6.属于四类过程性信息", [1, 0, 0, 0, 0, 0]),
    ("7.属于行政执法案卷", [0] * 6),
    ("8.属于行政查询事项", [0] * 6),
    ("1.本机关不掌握相关政府信息", [12, 0, 0, 0, 0, 0]),
    ("2.没有现成信息需要另行制作", [0] * 6),
    ("3.补正后申请内容仍不明确", [0] * 6),
    ("1.信访举报投诉类申请", [0] * 6),
    ("2.重复申请", [0] * 6),
    ("3.要求提供公开出版物", [0] * 6),
    ("4.无正当理由大量反复申请", [0] * 6),
    ("5.要求行政机关确认或重新出具已获取信息", [0] * 6),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [0] * 6),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0] * 6),
    ("3.其他", [0] * 6),
    ("（七）总计", [17, 1, 0, 0, 0, 0]),
    ("四、结转下年度继续办理", [1, 0, 0, 0, 0, 0]),
]


def _t3_md(rows):
    head = (
        "# 某县人民政府2022年政府信息公开工作年度报告\n\n## 三、收到和处理政府信息公开申请情况\n\n"
        "| 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n"
        "|---|---|---|---|---|---|---|---|\n"
    )
    return head + "".join(f"| {label} | {' | '.join(map(str, v))} | {sum(v)} |\n" for label, v in rows)


def test_a_row_whose_label_was_lost_is_placed_by_the_template_order():
    from gongkai.core.parsing import parse_document

    rows = [("", v) if label.startswith("6.属于四类") else (label, v) for label, v in T3_FULL_ROWS]
    stats = parse_document(read_bytes(_t3_md(rows).encode()))
    assert stats.get("/applications/table3/withheld_process_info/natural_person") == 1
    assert stats.get("/applications/table3/withheld_process_info/total") == 1
    assert "row_by_order" in {w.code for w in stats.warnings}


def test_two_unlabelled_rows_for_one_missing_label_are_not_placed():
    from gongkai.core.parsing import parse_document

    rows = [("", v) if label.startswith("6.属于四类") else (label, v) for label, v in T3_FULL_ROWS]
    rows.insert(9, ("", [1, 0, 0, 0, 0, 0]))
    stats = parse_document(read_bytes(_t3_md(rows).encode()))
    assert stats.get("/applications/table3/withheld_process_info/natural_person") is None
    assert "row_by_order" not in {w.code for w in stats.warnings}


def test_two_figures_run_together_in_a_numbered_row_are_split_by_the_identities():
    # `1.本机关不掌握…` carries a digit in its label; the run `120` (12 and 0 without a gap) follows it.
    from gongkai.core.parsing import parse_document

    md = _t3_md(T3_FULL_ROWS).replace("| 1.本机关不掌握相关政府信息 | 12 | 0 |", "| 1.本机关不掌握相关政府信息 | 120 |")
    stats = parse_document(read_bytes(md.encode()))
    assert stats.get("/applications/table3/unable_not_held/natural_person") == 12
    assert stats.get("/applications/table3/unable_not_held/commercial") == 0
    assert stats.get("/applications/table3/unable_not_held/total") == 12


def test_marker_page_separator_joins_a_header_page_to_the_figures_page():
    md = (
        "# 报告\n\n| 行政复议 | 行政诉讼 |\n|---|---|\n| 结果维持 | 结果维持 |\n\n"
        "{3}------------------------------------------------\n\n| 2 | 1 |\n|---|---|\n\n## 五、问题\n"
    )
    doc = read_bytes(md.encode())
    assert len(doc.tables) == 1
    assert _texts(doc.tables[0]) == [["行政复议", "行政诉讼"], ["结果维持", "结果维持"], ["2", "1"]]
