"""Reading the national tables 二/三/四 from every shape a report comes in (see tables.py)."""

from __future__ import annotations

import random

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.parsing.tables import read_tables
from gongkai.core.reading.document import Cell, Document, Table
from gongkai.core.stats.model import APPLICANT_COLUMNS, OUTCOME_COLUMNS, AnnualStats
from gongkai.core.templates import get_template

# -- building documents ----------------------------------------------------------------------------------------

_S2T = opencc.OpenCC("s2t")
_T2S = opencc.OpenCC("t2s")


def text_doc(text: str, *, traditional: bool = False, name: str = "t.txt") -> Document:
    if traditional:
        trad = _S2T.convert(text)
        simp = _T2S.convert(trad)
        assert len(simp) == len(trad)
        return Document(name, "txt", trad, simp, script="traditional")
    return Document(name, "txt", text, text)


class GridBuilder:
    """Builds Document text and grid Tables together, so every Cell offset is right.

    Rows are lists of strings; the same string object repeated at neighbouring positions, or the marker
    `MERGE_LEFT`/`MERGE_UP`, stands for a merged cell (the same Cell object, rendered once)."""

    def __init__(self, traditional: bool = False):
        self.parts: list[str] = []
        self.pos = 0
        self.tables: list[Table] = []
        self.traditional = traditional

    def add_text(self, text: str) -> None:
        text = _S2T.convert(text) if self.traditional else text
        self.parts.append(text)
        self.pos += len(text)

    def add_table(self, rows: list[list[str | None]]) -> None:
        start = self.pos
        grid: list[list[Cell]] = []
        for i, row in enumerate(rows):
            line: list[Cell] = []
            rendered: list[str] = []
            offset = self.pos
            for j, value in enumerate(row):
                if value is MERGE_LEFT:
                    line.append(line[j - 1])
                    continue
                if value is MERGE_UP and i == 0:
                    value = ""  # a merged cell continued after a page break is blank there
                elif value is MERGE_UP:
                    line.append(grid[i - 1][j])
                    continue
                text = _S2T.convert(value) if self.traditional else value
                if rendered:
                    offset += 1  # the tab
                line.append(Cell(text, offset))
                rendered.append(text)
                offset += len(text)
            grid.append(line)
            self.add_text_raw("\t".join(rendered) + "\n")
        self.tables.append(Table(grid, start, self.pos, origin="html"))

    def add_text_raw(self, text: str) -> None:
        self.parts.append(text)
        self.pos += len(text)

    def doc(self) -> Document:
        text = "".join(self.parts)
        simp = _T2S.convert(text) if self.traditional else text
        assert len(simp) == len(text)
        return Document("g.html", "html", text, simp, tables=self.tables,
                        script="traditional" if self.traditional else "simplified")


MERGE_LEFT = object()
MERGE_UP = object()


def consistent_table3(rng: random.Random, template_id: str = "2021", high: int = 30) -> dict[str, list[int]]:
    """Random table-三 figures for which every identity of the template holds."""
    t3 = get_template(template_id).table3
    rows: dict[str, list[int]] = {}

    def row(values):
        return [*values, sum(values)]

    def rand():
        return [rng.choice([0, 0, 0, rng.randint(0, high), rng.randint(0, 9)]) for _ in range(6)]

    for key in t3.result_row_keys:
        rows[key] = row(rand())
    results = [sum(rows[k][c] for k in t3.result_row_keys) for c in range(7)]
    forward = row(rand())
    over = row([rng.randint(0, results[c] + forward[c]) for c in range(6)])
    new = row([results[c] + forward[c] - over[c] for c in range(6)])
    rows["new"] = new
    rows["carried_over"] = over
    rows["results_total"] = results
    rows["carried_forward"] = forward
    return {k: rows[k] for k in t3.row_keys}


def t3_lines(template_id: str, figures: dict[str, list[int]], cell_sep: str = "\t", row_sep: str = "\n",
             label_sep: str = "\t") -> str:
    t3 = get_template(template_id).table3
    out = [t3.title, "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", "申请人情况",
           "自然人\t法人或其他组织\t总计", "商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他"]
    group = None
    for label in t3.rows:
        if label.group and label.group != group:
            out.append(label.group)
            group = label.group
        out.append(label.label + label_sep + cell_sep.join(str(v) for v in figures[label.key]))
    return row_sep.join(out) + row_sep


def assert_table3(stats: AnnualStats, template_id: str, figures: dict[str, list[int]]) -> None:
    for key, values in figures.items():
        for col, v in zip(APPLICANT_COLUMNS, values, strict=True):
            assert stats.get(f"/applications/table3/{key}/{col}") == v, (key, col)
            ev = stats.evidence[f"/applications/table3/{key}/{col}"]
            assert ev.quote.replace("\n", "") == str(v)


def grid_table3(template_id: str, figures: dict[str, list[int]], *, subtotal: bool = False,
                blank_zeros: bool = False) -> list[list]:
    """Table 三 as the official Word layout: 3 label columns, 3 header rows with merged cells."""
    t3 = get_template(template_id).table3
    n = 7 + subtotal
    orgs = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"] + (["法人或其他组织小计"] if subtotal else [])
    rows: list[list] = [
        [t3.note, MERGE_LEFT, MERGE_LEFT, "申请人情况", *[MERGE_LEFT] * (n - 1)],
        [MERGE_UP, MERGE_UP, MERGE_UP, "自然人", "法人或其他组织", *[MERGE_LEFT] * (len(orgs) - 1), "总计"],
        [MERGE_UP, MERGE_UP, MERGE_UP, MERGE_UP, *orgs, MERGE_UP],
    ]
    prev_group = prev_sub = None
    for label in t3.rows:
        values = list(figures[label.key])
        if subtotal:
            values = [*values[:6], sum(values[1:6]), values[6]]
        cells = ["" if blank_zeros and v == 0 else str(v) for v in values]
        if label.group is None:
            rows.append([label.label, MERGE_LEFT, MERGE_LEFT, *cells])
            prev_group = prev_sub = None
            continue
        top = "三、本年度办理结果"
        first = MERGE_UP if prev_group == top else top
        if label.group == top:
            rows.append([first, label.label, MERGE_LEFT, *cells])
            prev_sub = None
        else:
            sub = MERGE_UP if prev_sub == label.group else label.group
            rows.append([first, sub, label.label, *cells])
            prev_sub = label.group
        prev_group = top
    return rows


def t4_rows(values: list[int]) -> list[list]:
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return [
        ["行政复议", *[MERGE_LEFT] * 4, "行政诉讼", *[MERGE_LEFT] * 9],
        [*outcomes, "未经复议直接起诉", *[MERGE_LEFT] * 4, "复议后起诉", *[MERGE_LEFT] * 4],
        [*[MERGE_UP] * 5, *outcomes, *outcomes],
        [str(v) for v in values],
    ]


T4_VALUES = [1, 2, 0, 1, 4, 3, 0, 1, 0, 4, 0, 1, 0, 0, 1]


def assert_t4(stats: AnnualStats, values: list[int]) -> None:
    groups = ("review", "litigation_direct", "litigation_after_review")
    for g, group in enumerate(groups):
        for c, col in enumerate(OUTCOME_COLUMNS):
            assert stats.get(f"/{group}/{col}") == values[g * 5 + c], (group, col)
    for c, col in enumerate(OUTCOME_COLUMNS):
        assert stats.get(f"/litigation/{col}") == values[5 + c] + values[10 + c]


def codes(stats: AnnualStats) -> list[str]:
    return [w.code for w in stats.warnings]


# -- grid tables ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("traditional", [False, True])
def test_grid_with_three_label_columns_and_multirow_header(traditional):
    figures = consistent_table3(random.Random(7))
    b = GridBuilder(traditional)
    b.add_text("三、收到和处理政府信息公开申请情况\n")
    b.add_table(grid_table3("2021", figures))
    b.add_text("四、政府信息公开行政复议、行政诉讼情况\n")
    b.add_table(t4_rows(T4_VALUES))
    doc = b.doc()
    stats = AnnualStats(template="2021")
    read_tables(doc, stats)
    assert_table3(stats, "2021", figures)
    assert stats.get("/applications/received") == figures["new"][6]
    assert_t4(stats, T4_VALUES)
    ev = stats.evidence["/applications/table3/withheld_state_secret/total"]
    assert doc.text[ev.start:ev.start + len(ev.quote)] == ev.quote == str(figures["withheld_state_secret"][6])
    assert stats.template == "2021"
    assert "note.derived_figure" in codes(stats)


def test_grid_split_across_two_tables_with_subtotal_and_blank_zeros():
    figures = consistent_table3(random.Random(3))
    rows = grid_table3("2021", figures, subtotal=True, blank_zeros=True)
    b = GridBuilder()
    b.add_table(rows[:14])
    b.add_text("- 3 -\n")
    b.add_table(rows[14:])
    stats = AnnualStats(template="2021")
    read_tables(b.doc(), stats)
    for key, values in figures.items():
        for col, v in zip(APPLICANT_COLUMNS, values, strict=True):
            assert stats.get(f"/applications/table3/{key}/{col}") == v, (key, col)
    assert "nonstandard_column" in codes(stats)
    blank = [w for w in stats.warnings if w.code == "blank_as_zero"]
    assert len(blank) == 1


def test_grid_2019_layout_in_a_2020_report_is_detected_and_warned():
    figures = consistent_table3(random.Random(5), "2019")
    b = GridBuilder()
    b.add_table(grid_table3("2019", figures))
    stats = AnnualStats(year=2020, template="2021")  # metadata guessed wrong
    read_tables(b.doc(), stats)
    assert stats.template == "2019"
    assert "template_layout_mismatch" in codes(stats)
    assert_table3(stats, "2019", figures)
    assert stats.get("/applications/table3/other_total/total") == figures["other_total"][6]


def test_2021_layout_in_2020_report():
    figures = consistent_table3(random.Random(6))
    stats = AnnualStats(year=2020, template="2019")
    read_tables(text_doc(t3_lines("2021", figures)), stats)
    assert stats.template == "2021"
    assert "template_layout_mismatch" in codes(stats)
    assert_table3(stats, "2021", figures)


def test_blank_template_grid_gives_nulls_and_a_warning():
    figures = {k: [0] * 7 for k in get_template("2021").table3.row_keys}
    b = GridBuilder()
    b.add_table(grid_table3("2021", figures, blank_zeros=True))
    b.add_table([row[:5] + [""] * 10 if i == 3 else row for i, row in enumerate(t4_rows([0] * 15))])
    stats = AnnualStats(template="2021")
    doc = b.doc()
    doc.tables[1].rows[3] = [Cell("", doc.tables[1].rows[3][0].start)] * 15
    read_tables(doc, stats)
    assert stats.applications is None or stats.applications.table3 is None
    assert codes(stats).count("blank_template") >= 1


# -- text tables -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cell_sep,label_sep", [("\t", "\t"), (" ", " "), ("   ", "  "), ("\n", "\n")])
def test_text_table_shapes(cell_sep, label_sep):
    figures = consistent_table3(random.Random(11), high=300)
    doc = text_doc("正文……\n" + t3_lines("2021", figures, cell_sep, "\n", label_sep) + "四、政府信息公开行政复议、行政诉讼情况\n")
    stats = AnnualStats()
    read_tables(doc, stats)
    assert_table3(stats, "2021", figures)
    assert stats.template == "2021"


def test_traditional_copy_reads_like_the_simplified_one():
    figures = consistent_table3(random.Random(12))
    doc = text_doc(t3_lines("2021", figures, " ", "\n", " "), traditional=True)
    assert doc.text != doc.simplified
    stats = AnnualStats()
    read_tables(doc, stats)
    assert_table3(stats, "2021", figures)
    ev = stats.evidence["/applications/table3/new/total"]
    assert doc.text[ev.start:ev.start + len(ev.quote)] == ev.quote


def test_item_marks_fullwidth_and_broken_labels():
    figures = consistent_table3(random.Random(13))
    text = t3_lines("2021", figures, " ", "\n", " ")
    text = text.replace("1.", "1、").replace("2.", "２．").replace("不再处理其政府", "不再处理其政府\n")
    text = text.replace(" 1 ", " １ ")
    stats = AnnualStats()
    read_tables(text_doc(text), stats)
    for key, values in figures.items():
        for col, v in zip(APPLICANT_COLUMNS, values, strict=True):
            assert stats.get(f"/applications/table3/{key}/{col}") == v, (key, col)


def test_flattened_runs_with_unique_split():
    figures = consistent_table3(random.Random(21), high=30)
    doc = text_doc(t3_lines("2021", figures, "", "", ""))
    stats = AnnualStats()
    read_tables(doc, stats)
    got = {(k, c) for k in figures for c in APPLICANT_COLUMNS
           if stats.get(f"/applications/table3/{k}/{c}") is not None}
    for key, values in figures.items():
        for col, v in zip(APPLICANT_COLUMNS, values, strict=True):
            if (key, col) in got:
                assert stats.get(f"/applications/table3/{key}/{col}") == v
    assert len(got) == 25 * 7, codes(stats)


def test_flattened_run_split_across_a_line_break():
    figures = consistent_table3(random.Random(22), high=300)
    text = t3_lines("2021", figures, "", "", "")
    run = "".join(str(v) for v in figures["new"])
    broken = run[:5] + "\n" + run[5:]
    text = text.replace("申请数量" + run, "申请数量" + broken, 1)
    stats = AnnualStats()
    read_tables(text_doc(text), stats)
    for col, v in zip(APPLICANT_COLUMNS, figures["new"], strict=True):
        assert stats.get(f"/applications/table3/new/{col}") in (v, None)
    assert stats.get("/applications/table3/new/total") == figures["new"][6]


def test_ambiguous_runs_stay_null_with_a_warning():
    # 2111211128 splits seven ways into six cells and their sum 28 (2,1,1,12,1,11 / 2,11,12,1,1,1 / …); with no
    # result rows in the document, nothing across rows can tell them apart.
    text = "一、本年新收政府信息公开申请数量2111211128\n二、上年结转政府信息公开申请数量0000000\n（一）予以公开0000000\n"
    stats = AnnualStats()
    read_tables(text_doc(text), stats)
    # Cells every reading agrees on are known; the others are not guessed.
    assert stats.get("/applications/table3/new/natural_person") == 2
    assert stats.get("/applications/table3/new/total") == 28
    assert stats.get("/applications/table3/new/commercial") is None
    assert stats.get("/applications/table3/new/other_org") is None
    warning = next(w for w in stats.warnings if w.code == "ambiguous_digit_run")
    assert warning.pointer == "/applications/table3/new"
    assert "2111211128" in warning.message
    assert stats.get("/applications/table3/carried_over/total") == 0


def test_column_identities_resolve_a_row_its_own_total_cannot():
    # The same ambiguous run becomes unique once the other rows pin every column (一+二 = （七）+四).
    rows = {"new": [2, 11, 12, 1, 1, 1, 28], "carried_over": [0] * 7, "disclosed": [2, 11, 12, 1, 1, 1, 28],
            "results_total": [2, 11, 12, 1, 1, 1, 28], "carried_forward": [0] * 7}
    t3 = get_template("2021").table3
    text = "".join(
        t3.row(k).label + " ".join(map(str, v)) + "\n" if k != "new" else t3.row(k).label + "".join(map(str, v)) + "\n"
        for k, v in rows.items()
    )
    stats = AnnualStats()
    read_tables(text_doc(text), stats)
    for col, v in zip(APPLICANT_COLUMNS, rows["new"], strict=True):
        assert stats.get(f"/applications/table3/new/{col}") == v


def test_long_run_is_bounded():
    import time

    text = "一、本年新收政府信息公开申请数量" + "1234567890" * 20 + "\n二、上年结转政府信息公开申请数量0000000\n（一）予以公开0000000\n"
    t0 = time.monotonic()
    stats = AnnualStats()
    read_tables(text_doc(text), stats)
    assert time.monotonic() - t0 < 5
    assert stats.get("/applications/table3/new/total") is None
    assert any(w.pointer == "/applications/table3/new" for w in stats.warnings)


def test_dashes_as_zero_when_totals_agree_and_not_otherwise():
    figures = consistent_table3(random.Random(31))
    text = t3_lines("2021", figures, " ", "\n", " ")
    zero_rows = [k for k, v in figures.items() if v[0] == 0 and v[6] > 0]
    key = zero_rows[0]
    label = get_template("2021").table3.row(key).label
    line = label + " " + " ".join(str(v) for v in figures[key])
    text = text.replace(line, label + " — " + " ".join(str(v) for v in figures[key][1:]))
    stats = AnnualStats()
    read_tables(text_doc(text), stats)
    assert stats.get(f"/applications/table3/{key}/natural_person") == 0
    # A dash whose reading as 0 breaks its row's total is not a zero.
    bad = text.replace(label + " — ", label + " — 999 ", 1).replace(" ".join(str(v) for v in figures[key][1:]),
                                                                     " ".join(str(v) for v in figures[key][2:]), 1)
    stats = AnnualStats()
    read_tables(text_doc(bad), stats)
    assert stats.get(f"/applications/table3/{key}/natural_person") is None
    assert "dash_not_zero" in codes(stats)


def test_text_table4_fifteen_numbers_and_flattened():
    header = "四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n" + \
        "结果维持 结果纠正 其他结果 尚未审结 总计 " * 2 + "\n"
    stats = AnnualStats()
    read_tables(text_doc(header + " ".join(map(str, T4_VALUES)) + "\n五、存在的主要问题及改进情况\n"), stats)
    assert_t4(stats, T4_VALUES)
    stats = AnnualStats()
    read_tables(text_doc(header + "".join(map(str, T4_VALUES)) + "\n五、存在的主要问题及改进情况\n"), stats)
    for g, group in enumerate(("review", "litigation_direct", "litigation_after_review")):
        for c, col in enumerate(OUTCOME_COLUMNS):
            assert stats.get(f"/{group}/{col}") in (T4_VALUES[g * 5 + c], None)
    assert stats.get("/review/total") == 4 or "ambiguous_digit_run" in codes(stats)


# -- table 二 --------------------------------------------------------------------------------------------------

T2_2021 = """二、主动公开政府信息情况
第二十条第（一）项
信息内容	本年制发件数	本年废止件数	现行有效件数
规章	2	0	15
行政规范性文件	12	3	140
第二十条第（五）项
信息内容	本年处理决定数量
行政许可	5327
第二十条第（六）项
信息内容	本年处理决定数量
行政处罚	861
行政强制	—
第二十条第（八）项
信息内容	本年收费金额（单位：万元）
行政事业性收费	1234.56
"""

T2_2019 = """第二十条第（一）项
信息内容  本年新制作数量  本年新公开数量  对外公开总数量
规章  0  0  3
规范性文件  12  12  87
第二十条第（五）项
信息内容  上一年项目数量  本年增/减  处理决定数量
行政许可  520  +461  3021
其他对外管理服务事项  14  -3  66
第二十条第（六）项
信息内容  上一年项目数量  本年增/减  处理决定数量
行政处罚  301  0  58
行政强制  20  -1  4
第二十条第（八）项
信息内容  上一年项目数量  本年增/减
行政事业性收费  9  -2
第二十条第（九）项
信息内容  采购项目数量  采购总金额
政府集中采购  31  1250.5万元
"""


def test_table2_2021_text_with_decimal_amount():
    stats = AnnualStats()
    read_tables(text_doc(T2_2021), stats)
    assert stats.template == "2021"
    assert stats.get("/table2/regulations/issued") == 2
    assert stats.get("/table2/normative_documents/in_force") == 140
    assert stats.get("/table2/licensing/decisions") == 5327
    assert stats.get("/table2/punishment/decisions") == 861
    assert stats.get("/table2/coercion/decisions") is None  # a dash with no sign the report means 0
    assert "dash_cell" in codes(stats)
    assert stats.get("/table2/admin_fees/amount_10k_yuan") == pytest.approx(1234.56)
    assert stats.evidence["/table2/admin_fees/amount_10k_yuan"].quote == "1234.56"


def test_table2_2019_signed_changes_and_procurement_in_yuan():
    stats = AnnualStats()
    read_tables(text_doc(T2_2019), stats)
    assert stats.template == "2019"
    assert stats.get("/table2/normative_documents/total_public") == 87
    assert stats.get("/table2/licensing/change") == 461
    assert stats.get("/table2/other_external_services/change") == -3
    assert stats.get("/table2/coercion/change") == -1
    assert stats.get("/table2/admin_fees/prev_year_items") == 9
    assert stats.get("/table2/admin_fees/change") == -2
    assert stats.get("/table2/central_procurement/items") == 31
    assert stats.get("/table2/central_procurement/amount_yuan") == pytest.approx(12_505_000)
    assert "unit_converted" in codes(stats)
    assert stats.evidence["/table2/licensing/change"].quote == "+461"


def test_table2_grid_2021():
    b = GridBuilder()
    b.add_table([
        ["第二十条第（一）项", MERGE_LEFT, MERGE_LEFT, MERGE_LEFT],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "1", "0", "9"],
        ["行政规范性文件", "4", "2", "33"],
        ["第二十条第（五）项", MERGE_LEFT, MERGE_LEFT, MERGE_LEFT],
        ["信息内容", "本年处理决定数量", MERGE_LEFT, MERGE_LEFT],
        ["行政许可", "77", MERGE_LEFT, MERGE_LEFT],
        ["第二十条第（八）项", MERGE_LEFT, MERGE_LEFT, MERGE_LEFT],
        ["信息内容", "本年收费金额（单位：万元）", MERGE_LEFT, MERGE_LEFT],
        ["行政事业性收费", "3000元", MERGE_LEFT, MERGE_LEFT],
    ])
    stats = AnnualStats()
    read_tables(b.doc(), stats)
    assert stats.get("/table2/regulations/in_force") == 9
    assert stats.get("/table2/normative_documents/repealed") == 2
    assert stats.get("/table2/licensing/decisions") == 77
    assert stats.get("/table2/admin_fees/amount_10k_yuan") == pytest.approx(0.3)
    assert "unit_converted" in codes(stats)


# -- properties ------------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), high=st.sampled_from([5, 30, 300, 5000]), template_id=st.sampled_from(["2021", "2019"]))
def test_property_flattened_is_right_or_null_with_warning(seed, high, template_id):
    figures = consistent_table3(random.Random(seed), template_id, high)
    stats = AnnualStats()
    read_tables(text_doc(t3_lines(template_id, figures, "", "", "")), stats)
    warned = {w.pointer for w in stats.warnings if w.pointer}
    for key, values in figures.items():
        for col, v in zip(APPLICANT_COLUMNS, values, strict=True):
            got = stats.get(f"/applications/table3/{key}/{col}")
            if got is None:
                assert f"/applications/table3/{key}" in warned, (key, col)
            else:
                assert got == v, (key, col)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), template_id=st.sampled_from(["2021", "2019"]), blank=st.booleans())
def test_property_grid_is_always_right(seed, template_id, blank):
    figures = consistent_table3(random.Random(seed), template_id, 500)
    b = GridBuilder()
    b.add_table(grid_table3(template_id, figures, blank_zeros=blank))
    stats = AnnualStats()
    read_tables(b.doc(), stats)
    for key, values in figures.items():
        for col, v in zip(APPLICANT_COLUMNS, values, strict=True):
            assert stats.get(f"/applications/table3/{key}/{col}") == v


def test_table2_labels_in_prose_do_not_displace_the_table_rows():
    # "行政规范性文件" in the narrative is a longer match than the table's "规范性文件"; only hits followed by
    # figures are rows.
    prose = "开展行政规范性文件清理工作，对已失效的规章予以标注。\n"
    stats = AnnualStats()
    read_tables(text_doc(prose + T2_2019), stats)
    assert stats.get("/table2/regulations/total_public") == 3
    assert stats.get("/table2/normative_documents/new_made") == 12
    assert stats.get("/table2/normative_documents/total_public") == 87


def test_table2_flattened_rows_split_by_their_signs():
    text = (
        "第二十条第（五）项\n信息内容上一年项目数量本年增/减处理决定数量\n"
        "行政许可21+71248\n其他对外管理服务事项0+10\n"
    )
    stats = AnnualStats()
    read_tables(text_doc(T2_2019.split("第二十条第（五）项")[0] + text), stats)
    assert stats.get("/table2/other_external_services/prev_year_items") == 0
    assert stats.get("/table2/other_external_services/change") == 1
    assert stats.get("/table2/other_external_services/decisions") == 0
    assert stats.evidence["/table2/other_external_services/change"].quote == "+1"
    # 21 | +7 | 1248 or 21 | +71 | 248 …: nothing decides, so nothing is guessed; the warning lists them.
    assert stats.get("/table2/licensing/change") is None
    warning = next(w for w in stats.warnings if w.code == "ambiguous_digit_run")
    assert "候选拆分：21|+7|1248；21|+71|248；21|+712|48；21|+7124|8" in warning.message


def test_table2_flattened_row_decided_by_the_2019_column_meaning():
    # 21 | -71 | 248 would leave -50 items this year: only 21 | -7 | 1248 can be meant.
    text = "第二十条第（五）项\n信息内容上一年项目数量本年增/减处理决定数量\n行政许可21-71248\n"
    stats = AnnualStats()
    read_tables(text_doc(T2_2019.split("第二十条第（五）项")[0] + text), stats)
    assert [stats.get(f"/table2/licensing/{c}") for c in ("prev_year_items", "change", "decisions")] == [21, -7, 1248]
    assert stats.evidence["/table2/licensing/change"].quote == "-7"
    assert "table2_split_resolved" in codes(stats) and "ambiguous_digit_run" not in codes(stats)


def test_markdown_pipe_rows_and_html_line_breaks_in_text():
    header = "| 自然人 | 商业<br>企业 | 科研<br>机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n"
    rows = [
        ("一、本年新收政府信息公开申请数量", [5, 1, 0, 0, 0, 0, 6]),
        ("二、上年结转政府信息公开申请数量", [0, 0, 0, 0, 0, 0, 0]),
        ("（一）予以公开", [5, 1, 0, 0, 0, 0, 6]),
        ("（七）总计", [5, 1, 0, 0, 0, 0, 6]),
        ("四、结转下年度继续办理", [0, 0, 0, 0, 0, 0, 0]),
    ]
    body = "".join(f"| {label} | " + " | ".join(map(str, v)) + " |\n" for label, v in rows)
    stats = AnnualStats(template="2021")
    read_tables(text_doc(header + body), stats)
    assert stats.get("/applications/table3/new/commercial") == 1
    assert stats.get("/applications/table3/new/total") == 6
    assert stats.get("/applications/table3/disclosed/natural_person") == 5


def test_grid_continuation_with_a_different_number_of_label_columns():
    # Before the page break the label columns are merged into one; after it there are three. The header's
    # mapping carries over aligned on the right edge, where the figure columns are.
    figures = consistent_table3(random.Random(11))
    rows = grid_table3("2021", figures)
    b = GridBuilder()
    head = [[r[0], *r[3:]] if i < 5 else [" ".join(dict.fromkeys(x for x in r[:3] if isinstance(x, str))), *r[3:]]
            for i, r in enumerate(rows[:5])]
    b.add_table(head)
    b.add_text("- 3 -\n")
    b.add_table(rows[5:])
    stats = AnnualStats(template="2021")
    read_tables(b.doc(), stats)
    for key, values in figures.items():
        for col, v in zip(APPLICANT_COLUMNS, values, strict=True):
            assert stats.get(f"/applications/table3/{key}/{col}") == v, (key, col)


def test_text_table4_markdown_on_one_line():
    # A Markdown table whose line breaks were lost: the |---| ruling between header rows is not a gap.
    def row(cells):
        return "| " + " | ".join(cells) + " |"

    md = " ".join([
        row(["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9),
        "|" + "---|" * 15,
        row(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""]),
        row([""] * 5 + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2),
        row([str(v) for v in T4_VALUES]),
    ])
    stats = AnnualStats()
    read_tables(text_doc("四、政府信息公开行政复议、行政诉讼情况 " + md + " 五、存在的主要问题及改进情况"), stats)
    assert_t4(stats, T4_VALUES)


def test_table3_header_alone_before_a_page_break_maps_the_continuation():
    # Found by the reading benchmark: the PDF's page 4 ends right after table 三's header rows, so the header
    # is a table of its own and the rows continue on page 5 with three label columns (`1.属于国家秘密`).
    from gongkai.core.report import read_report
    from gongkai.corpus import generate, render

    report = generate(89, seed=0)[88]
    stats = read_report(render(report, "pdf"), "0088_2019.pdf")
    assert not [w for w in stats.warnings if w.code == "unsplittable_digit_run"]
    for row in ("withheld_state_secret", "unable_not_held", "not_processed_petition"):
        for col in ("natural_person", "total"):
            pointer = f"/applications/table3/{row}/{col}"
            assert stats.get(pointer) == report.stats.get(pointer), pointer


# -- PDF text: raw reading order and wrapped labels (pdftotext without / with -layout) --------------------------


def _t3_raw_stacked(template_id: str, figures: dict[str, list[int]], blocks: list[int] | None) -> str:
    """Table 三 as pdftotext writes a ruled table without -layout: all row labels first, then the figures one
    per line, column by column (per block of rows when `blocks` is given, each column a blank-line chunk)."""
    t3 = get_template(template_id).table3
    out = [t3.title, "申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织",
           "法律服务机构", "其他"]
    out += [label.label for label in t3.rows]
    keys = t3.row_keys
    sizes = blocks or [len(keys)]
    k = 0
    for size in sizes:
        part = keys[k:k + size]
        k += size
        for c in range(7):
            out += [str(figures[key][c]) for key in part]
            if blocks:
                out.append("")
    return "\n".join(out) + "\n四、政府信息公开行政复议、行政诉讼情况\n"


@pytest.mark.parametrize("template_id", ["2021", "2019"])
def test_raw_order_labels_first_then_figures_column_by_column(template_id):
    figures = consistent_table3(random.Random(31), template_id, high=60)
    stats = AnnualStats()
    stats.template = template_id
    read_tables(text_doc(_t3_raw_stacked(template_id, figures, None)), stats)
    assert_table3(stats, template_id, figures)


def test_raw_order_column_by_column_per_block_of_rows():
    figures = consistent_table3(random.Random(32), "2021", high=60)
    blocks = [2, 2, 8, 3, 5, 3, 1, 1]  # the merged label blocks of the 2021 table 三
    assert sum(blocks) == len(figures)
    stats = AnnualStats()
    read_tables(text_doc(_t3_raw_stacked("2021", figures, blocks)), stats)
    assert_table3(stats, "2021", figures)


def test_raw_order_undecidable_block_is_left_unread():
    # Read row by row or column by column, both readings satisfy 总计 = the six columns: no value is guessed.
    t3 = get_template("2021").table3
    text = "\n".join([t3.title, "自然人", "总计", t3.rows[0].label, t3.rows[1].label,
                      *"0 0 0 2 0 0 2 2 0 0 0 0 2 4".split(), *[f"{t3.rows[2].label}\t1\t0\t0\t0\t0\t0\t1"]])
    stats = AnnualStats()
    read_tables(text_doc(text + "\n"), stats)
    assert stats.get("/applications/table3/new/total") is None
    assert stats.get("/applications/table3/carried_over/total") is None
    assert stats.get("/applications/table3/disclosed/total") == 1
    assert "ambiguous_reading_order" in codes(stats)


def test_page_number_and_running_header_between_label_and_figures():
    figures = consistent_table3(random.Random(33), "2021", high=60)
    text = t3_lines("2021", figures, "\n", "\n", "\n")
    header = "某某县人民政府2022年政府信息公开工作年度报告"
    # A page break right after the 部分公开 label: page number, form feed, running header, then its figures.
    label = get_template("2021").table3.rows[3].label
    text = text.replace(label + "\n", f"{label}\n第 3 页 共 6 页\n\f{header}\n", 1)
    text = text.replace("（五）不予处理\n", f"第 4 页 共 6 页\n\f{header}\n（五）不予处理\n", 1)
    stats = AnnualStats()
    read_tables(text_doc(text), stats)
    assert_table3(stats, "2021", figures)


def test_table4_raw_order_group_by_group_across_a_page_break():
    head = "四、政府信息公开行政复议、行政诉讼情况\n"
    words = "结果维持\n结果纠正\n其他结果\n尚未审结\n总计\n"
    v = [str(x) for x in T4_VALUES]
    text = (head + "行政复议\n" + words + "\n".join(v[:5]) + "\n— 4 —\n\f行政诉讼\n未经复议直接起诉\n" + words
            + "\n\n".join(v[5:10]) + "\n复议后起诉\n" + words + "\n".join(v[10:]) + "\n五、存在的主要问题及改进情况\n")
    stats = AnnualStats()
    read_tables(text_doc(text), stats)
    assert_t4(stats, T4_VALUES)


def test_table4_raw_order_headers_first_then_cells_with_blank_lines():
    head = "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n行政诉讼\n"
    halves = "结果\n维持\n结果\n纠正\n其他\n结果\n尚未\n审结\n总计\n"
    text = (head + halves + "未经复议直接起诉\n复议后起诉\n" + halves * 2 + "\n\n".join(map(str, T4_VALUES))
            + "\n五、存在的主要问题及改进情况\n")
    stats = AnnualStats()
    read_tables(text_doc(text), stats)
    assert_t4(stats, T4_VALUES)


def test_table2_labels_stacked_before_their_figures():
    text = ("二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n"
            "行政规范性文件\n0\n3\n0\n1\n0\n22\n第二十条第（六）项\n信息内容\n本年处理决定数量\n行政处罚\n行政强制\n356\n18\n")
    stats = AnnualStats()
    stats.template = "2021"
    read_tables(text_doc(text), stats)
    assert [stats.get(f"/table2/regulations/{k}") for k in ("issued", "repealed", "in_force")] == [0, 0, 0]
    assert [stats.get(f"/table2/normative_documents/{k}") for k in ("issued", "repealed", "in_force")] == [3, 1, 22]
    assert stats.get("/table2/punishment/decisions") == 356
    assert stats.get("/table2/coercion/decisions") == 18


def _wrap_labels_around_figures(text: str, sep: str) -> str:
    """pdftotext -layout of a narrow label column: the label's last character goes to the next line, the
    figures stay on the first."""
    lines = []
    for line in text.split("\n"):
        label, _, cells = line.partition(sep)
        if cells and len(label) >= 6:
            lines += [label[:-1] + sep + cells, "   " + label[-1]]
        else:
            lines.append(line)
    return "\n".join(lines)


@pytest.mark.parametrize("template_id", ["2021", "2019"])
def test_layout_labels_wrapped_around_their_figures(template_id):
    figures = consistent_table3(random.Random(34), template_id, high=60)
    sep = "      "
    text = _wrap_labels_around_figures(t3_lines(template_id, figures, "   ", "\n", sep), sep)
    assert "禁止公" + sep in text and "\n   开\n" in text
    stats = AnnualStats()
    read_tables(text_doc(text), stats)
    assert stats.template == template_id  # 2019's (六)其他处 / 理 is still recognised as that format's row
    assert_table3(stats, template_id, figures)


def test_layout_label_interrupted_by_a_merged_group_cell():
    t3 = get_template("2021").table3
    figures = consistent_table3(random.Random(35), "2021", high=60)
    text = t3_lines("2021", figures, "   ", "\n", "      ")
    row = next(r for r in t3.rows if r.key == "other_no_correction")
    cells = "   ".join(map(str, figures["other_no_correction"]))
    wrapped = (f"          1.申请人无正当理由      {cells}\n          逾期不补正、行政机\n（六）    关不再处理其政府信\n"
               "其他      息公开申请\n")
    text = text.replace(f"{row.label}      {cells}\n", wrapped)
    stats = AnnualStats()
    read_tables(text_doc(text), stats)
    assert_table3(stats, "2021", figures)


def test_running_title_between_pages_without_form_feeds():
    # PDF text joined page by page has no form feed; the report title repeated at each page top still goes.
    figures = consistent_table3(random.Random(36), "2021", high=60)
    title = "某某市交通运输局2022年政府信息公开工作年度报告"
    text = title + "\n" + t3_lines("2021", figures, "\n", "\n", "\n")
    label = get_template("2021").table3.rows[5].label
    text = text.replace(label + "\n", f"{label}\n{title}\n", 1)
    stats = AnnualStats()
    read_tables(text_doc(text), stats)
    assert_table3(stats, "2021", figures)


def test_pdf_whose_text_objects_run_column_by_column():
    """A PDF generator that writes the label column, then each figure column, as its own run of text objects:
    PDFium returns the text in that order (pdftotext would re-sort it by position). Long labels are wrapped
    in two text objects, as in the cell of a real report."""
    from gongkai.core.reading import read_bytes
    from tests.minipdf import Canvas

    t3 = get_template("2021").table3
    figures = consistent_table3(random.Random(41), "2021", high=40)
    c = Canvas()
    c.text(72, 800, "某某县商务局2022年政府信息公开工作年度报告")
    c.text(72, 780, t3.title)
    for j, head in enumerate(["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]):
        c.text(300 + j * 40, 760, head, size=6)
    for i, row in enumerate(t3.rows):
        c.text(40, 740 - i * 24, row.label[:18], size=7)
        if len(row.label) > 18:
            c.text(40, 732 - i * 24, row.label[18:], size=7)
    for j in range(7):
        for i, row in enumerate(t3.rows):
            c.text(300 + j * 40, 740 - i * 24, str(figures[row.key][j]), size=7)
    c.show_page()
    doc = read_bytes(c.save(), "t.pdf")
    stats = AnnualStats()
    read_tables(doc, stats)
    assert_table3(stats, "2021", figures)


def test_raw_order_header_with_subtotal_column():
    # The merged 法人或其他组织 header and 总计 come before the organisation cells under them (raw PDF order).
    t3 = get_template("2021").table3
    figures = consistent_table3(random.Random(42), "2021", high=40)
    out = [t3.title, "申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织",
           "法律服务机构", "其他", "小计"]
    for row in t3.rows:
        v = figures[row.key]
        out += [row.label, *map(str, [*v[:6], sum(v[1:6]), v[6]])]
    stats = AnnualStats()
    read_tables(text_doc("\n".join(out) + "\n"), stats)
    assert_table3(stats, "2021", figures)
    assert "nonstandard_column" in codes(stats)


def test_table4_raw_order_with_group_names_broken_over_lines():
    halves = "结果\n维持\n结果\n纠正\n其他\n结果\n尚未\n审结\n总计\n"
    text = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议\n行政诉讼\n" + halves + "未经复议直接\n起诉\n复议后\n起诉\n"
            + halves * 2 + "\n".join(map(str, T4_VALUES)) + "\n五、存在的主要问题及改进情况\n")
    stats = AnnualStats()
    read_tables(text_doc(text), stats)
    assert_t4(stats, T4_VALUES)
