from gongkai.core.stats import TABLE3_ROWS
from gongkai.core.templates import get_template, template_for_year
from gongkai.core.templates.labels import normalize_label, strip_item_marks


def test_template_for_year():
    assert template_for_year(2024).id == "2021"
    assert template_for_year(2021).id == "2021"
    assert template_for_year(2020).id == "2019"
    assert template_for_year(2019).id == "2019"
    assert template_for_year(2016).id == "pre2019"


def test_table3_rows_are_verbatim_and_keys_match_the_model():
    t21, t19 = get_template("2021").table3, get_template("2019").table3
    assert len(t21.rows) == 25 and len(t19.rows) == 23  # 一, 二, results, （七）, 四
    assert len(t21.result_row_keys) == 21 and len(t19.result_row_keys) == 19
    assert set(t21.row_keys) | set(t19.row_keys) == set(TABLE3_ROWS)
    assert t21.row("withheld_security_stability").label == "3.危及“三安全一稳定”"
    assert t21.row("partially_disclosed").label == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert [c.label for c in t21.columns] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def test_table2_blocks_differ_between_formats():
    assert [len(b.rows) * len(b.columns) for b in get_template("2021").table2] == [6, 1, 2, 1]
    assert [b.caption for b in get_template("2019").table2][-1] == "第二十条第（九）项"


def test_label_variants_normalise_alike():
    assert normalize_label("1、属于国家\n秘密") == normalize_label("1.属于国家秘密")
    assert normalize_label("（三）不予公开") == normalize_label("(三)不予公开")
    assert strip_item_marks("（三）1、属于国家秘密") == "属于国家秘密"


def test_table4_names_the_litigation_header():
    t4 = get_template("2021").table4
    assert [g.label for g in t4.groups] == ["行政复议", "未经复议直接起诉", "复议后起诉"]
    assert [g.group for g in t4.groups] == [None, "行政诉讼", "行政诉讼"]
