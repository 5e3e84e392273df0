"""Each rule on a report that satisfies it and on one that breaks it."""

from __future__ import annotations

import pytest

from gongkai.core.checks import Finding, check_json, run_checks
from gongkai.core.stats import AnnualStats, Evidence

from .builders import T3, chain, consistent_stats, fill_table2


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_consistent_report_has_no_findings(template):
    assert run_checks(consistent_stats(template)) == []


# --- table 二 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_table2_stated_zeros_pass_when_built_from_records(template):
    s = consistent_stats(template)
    fill_table2(s, template, 0)
    assert run_checks(s, from_records=True) == []
    assert run_checks(s) == []


def test_table2_blank_cells_built_from_records_are_one_error_naming_them():
    s = consistent_stats("2021")
    fill_table2(s, "2021", 0)
    for col in ("issued", "repealed", "in_force"):
        s.set(f"/table2/regulations/{col}", None)
    s.set("/table2/coercion/decisions", None)
    (f,) = run_checks(s, from_records=True)
    assert (f.code, f.severity, f.pointer, f.actual) == ("t2.blank", "error", "/table2", 4)
    assert f.message == ("表二有4项未填写：“规章”（本年制发件数、本年废止件数、现行有效件数）、“行政强制”（本年处理决定数量）；"
                         "没有发生的事项应填0，不能留空")


@pytest.mark.parametrize(("template", "cells"), [("2021", 10), ("2019", 22)])
def test_table2_left_wholly_blank_is_an_error_in_either_format(template, cells):
    s = consistent_stats(template)  # no table 二 at all
    (f,) = run_checks(s, from_records=True)
    assert (f.code, f.severity, f.actual) == ("t2.blank", "error", cells)
    if template == "2019":  # the 2019 format's own labels
        assert "“规范性文件”（本年新制作数量、本年新公开数量、对外公开总数量）" in f.message
        assert "“政府集中采购”（采购项目数量、采购总金额）" in f.message
    else:
        assert "“行政事业性收费”（本年收费金额（单位：万元））" in f.message


def test_table2_blank_in_a_read_report_is_info_and_only_when_read_in_part():
    s = consistent_stats("2021")
    assert run_checks(s) == []  # table 二 not read at all: nothing said
    fill_table2(s, "2021", 3)
    s.set("/table2/licensing/decisions", None)
    (f,) = run_checks(s)
    assert (f.code, f.severity, f.pointer, f.actual) == ("t2.blank", "info", "/table2", 1)
    assert f.message == "表二有1个单元格未填写或未能读取：“行政许可”（本年处理决定数量）；这些单元格按“未知”处理，不是0"


def test_table2_rule_ignores_reports_before_the_national_format():
    s = AnnualStats(agency="某县人民政府", year=2017, template="pre2019")
    s.set("/review/total", 0)
    assert "t2.blank" not in codes(run_checks(s, from_records=True))


# --- table 三 -------------------------------------------------------------------------------------------


def test_column_identity_names_column_rows_and_numbers():
    s = consistent_stats()
    # Break 一 and its row total together, so that only the column identity is wrong.
    new, total = s.get(f"{T3}/new/commercial"), s.get(f"{T3}/new/total")
    s.set(f"{T3}/new/commercial", new + 2)
    s.set(f"{T3}/new/total", total + 2)
    s.set("/applications/received", total + 2)
    found = run_checks(s)
    assert codes(found) == {"t3.column_identity"}
    (commercial,) = [f for f in found if f.pointer.endswith("/commercial")]
    b, c, d = (s.get(f"{T3}/{r}/commercial") for r in ("carried_over", "results_total", "carried_forward"))
    assert commercial.severity == "error"
    assert commercial.pointer == f"{T3}/results_total/commercial"
    assert commercial.message == (
        f"表三“商业企业”列：一（{new + 2}）+二（{b}）={new + 2 + b}，不等于（七）总计（{c}）+四（{d}）={c + d}"
    )
    assert (commercial.expected, commercial.actual) == (new + 2 + b, c + d)
    # the 总计 column breaks the same way
    assert {f.pointer for f in found} == {f"{T3}/results_total/commercial", f"{T3}/results_total/total"}


def test_column_identity_skips_columns_with_null_cells_and_says_so():
    s = consistent_stats()
    s.set(f"{T3}/carried_over/research", None)
    s.set(f"{T3}/new/research", 999)  # would break the identity if the column were checked
    s.set(f"{T3}/new/total", None)
    found = run_checks(s)
    assert "t3.column_identity" not in codes(found)
    (info,) = only(found, "t3.incomplete")
    assert info.severity == "info" and info.pointer == T3
    assert "2个单元格" in info.message and "（如“一、本年新收政府信息公开申请数量”行“总计”列）" in info.message


def test_results_sum_2021_uses_the_three_other_rows():
    s = consistent_stats("2021")
    s.set(f"{T3}/other_fee_unpaid/natural_person", s.get(f"{T3}/other_fee_unpaid/natural_person") + 1)
    s.set(f"{T3}/other_fee_unpaid/total", s.get(f"{T3}/other_fee_unpaid/total") + 1)
    found = only(run_checks(s), "t3.results_sum")
    assert [f.pointer for f in found] == [f"{T3}/results_total/natural_person", f"{T3}/results_total/total"]
    f = found[0]
    assert f.expected == f.actual + 1
    assert f"（七）总计为{f.actual}，但本年度办理结果各行之和为{f.expected}" in f.message
    assert "（六）2.申请人逾期未按收费通知要求缴纳费用" in f.message


def test_results_sum_2019_uses_other_total():
    s = consistent_stats("2019")
    assert only(run_checks(s), "t3.results_sum") == []
    s.set(f"{T3}/other_total/legal_services", s.get(f"{T3}/other_total/legal_services") + 3)
    s.set(f"{T3}/other_total/total", s.get(f"{T3}/other_total/total") + 3)
    (f, _) = only(run_checks(s), "t3.results_sum")
    assert f.pointer == f"{T3}/results_total/legal_services" and "（六）其他处理" in f.message


def test_results_sum_infers_format_when_template_unknown():
    s = consistent_stats("2019")
    s.template = "unknown"
    assert only(run_checks(s), "t3.results_sum") == []


def test_row_total():
    s = consistent_stats()
    s.set(f"{T3}/disclosed/total", s.get(f"{T3}/disclosed/total") + 1)
    found = only(run_checks(s), "t3.row_total")
    assert len(found) == 1
    assert found[0].pointer == f"{T3}/disclosed/total"
    assert found[0].message.startswith("表三“（一）予以公开”行：自然人")
    assert f"不等于总计（{found[0].actual}）" in found[0].message


def test_wrong_template_rows():
    s = consistent_stats("2019")
    assert only(run_checks(s), "t3.wrong_template_rows") == []
    s.set(f"{T3}/other_other/natural_person", 0)
    (f,) = only(run_checks(s), "t3.wrong_template_rows")
    assert f.severity == "warning" and f.pointer == f"{T3}/other_other"
    assert "2019年版" in f.message and "（六）3.其他" in f.message

    s = consistent_stats("2021")
    s.set(f"{T3}/other_total/natural_person", 1)
    assert [f.pointer for f in only(run_checks(s), "t3.wrong_template_rows")] == [f"{T3}/other_total"]


def test_declared_2021_with_2019_rows_is_summed_as_2019():
    s = consistent_stats("2019")
    s.template = "2021"
    found = run_checks(s)
    assert "t3.results_sum" not in codes(found)
    assert "t3.wrong_template_rows" in codes(found)


# --- table 四 -------------------------------------------------------------------------------------------


def test_group_total():
    s = consistent_stats()
    s.set("/litigation_after_review/corrected", 2)
    (f,) = only(run_checks(s), "t4.group_total")
    assert f.pointer == "/litigation_after_review/total"
    assert f.message == "表四“复议后起诉”：结果维持（1）+结果纠正（2）+其他结果（1）+尚未审结（0）=4，不等于总计（2）"


def test_group_total_with_outcomes_missing_flags_only_an_excess():
    s = AnnualStats(agency="巴彦淖尔市", year=2017, template="pre2019")
    s.set("/review/total", 3)
    s.set("/review/upheld", 2)
    s.set("/review/pending", 1)
    assert run_checks(s) == []
    s.set("/review/total", 2)
    (f,) = only(run_checks(s), "t4.group_total")
    assert "其余结果未列明，已超过总计（2）" in f.message


def test_litigation_sum():
    s = consistent_stats()
    s.set("/litigation/upheld", 3)
    s.set("/litigation/total", 5)
    found = only(run_checks(s), "t4.litigation_sum")
    assert [f.pointer for f in found] == ["/litigation/upheld", "/litigation/total"]
    assert found[1].message == "行政诉讼“总计”为5，不等于“未经复议直接起诉”（2）+“复议后起诉”（2）=4"


# --- single figures -------------------------------------------------------------------------------------


def test_received_table_mismatch():
    s = consistent_stats()
    t = s.get(f"{T3}/new/total")
    s.set("/applications/received", t + 1)
    (f,) = only(run_checks(s), "received.table_mismatch")
    assert f.pointer == "/applications/received" and (f.expected, f.actual) == (t, t + 1)
    assert f"收到申请数（{t + 1}）" in f.message and f"“总计”列（{t}）" in f.message


def test_channels_vs_total_short_and_over():
    s = consistent_stats()
    s.set("/proactive/by_channel/website", 60)
    (f,) = only(run_checks(s), "proactive.channels_vs_total")
    assert f.severity == "warning" and f.pointer == "/proactive/total"
    assert "政府网站60+政务微信30=90" in f.message and "小于主动公开总数（100）" in f.message

    s.set("/proactive/by_channel/website", 80)
    (f,) = only(run_checks(s), "proactive.channels_vs_total")
    assert "大于主动公开总数（100）" in f.message and "多出10" in f.message


def test_channels_one_channel_below_total_is_not_a_finding():
    s = AnnualStats(agency="甲", year=2016, template="pre2019")
    s.set("/proactive/total", 100)
    s.set("/proactive/by_channel/website", 40)
    assert run_checks(s) == []
    s.set("/proactive/by_channel/website", 140)
    assert codes(run_checks(s)) == {"proactive.channels_vs_total"}


def test_channels_vs_total_mentions_an_approximate_total():
    s = AnnualStats(agency="宝鸡市人民政府", year=2016, template="pre2019")
    s.set("/proactive/total", 140000, Evidence("14萬餘條", 10, approximate=True))
    for k, v in {"website": 75257, "gazette": 26, "weibo": 33485, "wechat": 10775, "other": 27942}.items():
        s.set(f"/proactive/by_channel/{k}", v)
    found = run_checks(s)
    (f,) = only(found, "proactive.channels_vs_total")
    assert "=147485）大于主动公开总数（140000）（总数为约数，原文“14萬餘條”）" in f.message
    (a,) = only(found, "value.approximate")
    assert a.severity == "info" and a.pointer == "/proactive/total" and "14萬餘條" in a.message


def test_negative_and_non_integer_counts():
    s = consistent_stats()
    s.set("/complaints", -1)
    s.set("/capacity/trainees", 2.5)
    s.set("/table2/licensing/change", -40)  # 本年增/减 may be negative
    s.set("/table2/admin_fees/amount_10k_yuan", 12.5)  # money may have decimals
    found = run_checks(s)
    (neg,) = only(found, "value.negative")
    assert neg.pointer == "/complaints" and neg.message == "举报投诉数量为-1，不能为负数"
    (frac,) = only(found, "value.not_integer")
    assert frac.pointer == "/capacity/trainees" and "2.5" in frac.message


def test_negative_table3_cell_is_reported_with_its_labels():
    s = consistent_stats()
    s.set(f"{T3}/withheld_state_secret/research", -2)
    (f,) = only(run_checks(s), "value.negative")
    assert f.message == "表三“1.属于国家秘密”行“科研机构”列为-2，不能为负数"


def test_source_warnings_become_findings():
    s = consistent_stats()
    s.warn("ambiguous_split", "“复议后起诉”一列无法确定", "/litigation_after_review/total")
    s.warn("encoding_guess", "按GB18030解码")
    found = only(run_checks(s), "source.ambiguous_split") + only(run_checks(s), "source.encoding_guess")
    assert [(f.severity, f.pointer) for f in found] == [("warning", "/litigation_after_review/total"), ("warning", "")]


def test_missing_tables():
    s = AnnualStats(agency="甲", year=2022, template="2021")
    s.set("/proactive/total", 3)
    (f,) = only(run_checks(s), "template.missing_tables")
    assert f.severity == "warning" and f.pointer == T3
    s.template = "pre2019"
    assert run_checks(s) == []


# --- year over year -------------------------------------------------------------------------------------


def test_carry_over_against_previous_year():
    prev = consistent_stats(year=2021)
    now = consistent_stats(year=2022)
    chain(prev, now)
    assert run_checks(now, previous=prev) == []
    prev.set(f"{T3}/carried_forward/natural_person", prev.get(f"{T3}/carried_forward/natural_person") + 4)
    (f,) = only(run_checks(now, previous=prev), "yoy.carry_over")
    assert f.pointer == f"{T3}/carried_over/natural_person" and f.severity == "warning"
    assert "2021年报告“四、结转下年度继续办理”" in f.message


@pytest.mark.parametrize(
    "change",
    [{"agency": "别的局"}, {"year": 2020}, {"agency": None}],
)
def test_yoy_rules_need_same_agency_and_the_year_before(change):
    prev = consistent_stats(year=2021)
    prev.set(f"{T3}/carried_forward/natural_person", 99)
    prev.set("/review/total", 400)
    for k, v in change.items():
        setattr(prev, k, v)
    assert run_checks(consistent_stats(year=2022), previous=prev) == []


def test_in_force():
    prev = consistent_stats(year=2021)
    now = consistent_stats(year=2022)
    chain(prev, now)
    fill_table2(now, "2021", 0)
    prev.set("/table2/normative_documents/in_force", 40)
    now.set("/table2/normative_documents/issued", 5)
    now.set("/table2/normative_documents/repealed", 2)
    now.set("/table2/normative_documents/in_force", 43)
    assert run_checks(now, previous=prev) == []
    now.set("/table2/normative_documents/in_force", 50)
    (f,) = only(run_checks(now, previous=prev), "yoy.in_force")
    assert f.pointer == "/table2/normative_documents/in_force" and (f.expected, f.actual) == (43, 50)
    assert f.message.startswith("表二“行政规范性文件”“现行有效件数”为50")
    assert "但2021年报告现行有效件数（40）" in f.message


def test_in_force_from_the_registrys_figures_of_last_year_without_a_report():
    now = consistent_stats(year=2022)
    fill_table2(now, "2021", 0)
    now.set("/table2/regulations/in_force", 3)
    now.set("/table2/normative_documents/issued", 5)
    now.set("/table2/normative_documents/repealed", 2)
    now.set("/table2/normative_documents/in_force", 43)
    last = {"/table2/regulations/in_force": 3, "/table2/normative_documents/in_force": 40}
    assert only(run_checks(now, previous_figures=last, previous_source="来自主动公开登记"), "yoy.in_force") == []
    now.set("/table2/normative_documents/in_force", 41)  # e.g. staff's override of this year's count
    (f,) = only(run_checks(now, previous_figures=last, previous_source="来自主动公开登记"), "yoy.in_force")
    assert (f.expected, f.actual, f.severity) == (43, 41, "warning")
    assert "但2021年（来自主动公开登记）现行有效件数（40）+本年制发（5）−本年废止（2）=43" in f.message
    # Last year's report, when there is one, is the base; the registry's figures only fill in for it.
    prev = consistent_stats(year=2021)
    chain(prev, now)
    prev.set("/table2/normative_documents/in_force", 36)
    (f,) = only(run_checks(now, previous=prev, previous_figures=last), "yoy.in_force")
    assert f.expected == 39 and "2021年报告现行有效件数（36）" in f.message
    # Nothing to compare with: no finding.
    assert only(run_checks(now), "yoy.in_force") == []


def test_jump_grades_by_ratio_and_ignores_small_numbers():
    prev = consistent_stats(year=2021)
    now = consistent_stats(year=2022)
    chain(prev, now)
    prev.set("/review/total", 1)
    now.set("/review/total", 8)  # 8× but only 7 more: small agencies swing like this
    prev.set("/proactive/total", 100)
    now.set("/proactive/total", 700)
    now.set("/proactive/by_channel/website", 670)
    prev.set("/applications/received", 3)
    now.set("/applications/received", 300)
    found = only(run_checks(now, previous=prev), "yoy.jump")
    assert [(f.pointer, f.severity) for f in found] == [
        ("/applications/received", "warning"),
        ("/proactive/total", "info"),
    ]
    assert "由2021年的3增至2022年的300" in found[0].message


# --- JSON entry -----------------------------------------------------------------------------------------


def test_check_json_reports_schema_errors_instead_of_running_rules():
    obj = consistent_stats().to_json()
    obj["review"]["total"] = -1
    obj["template"] = "2030"
    stats, found = check_json(obj)
    assert stats is None
    assert codes(found) == {"schema.invalid"}
    assert {f.pointer for f in found} == {"/review/total", "/template"}


def test_check_json_runs_rules_on_a_valid_object():
    obj = consistent_stats().to_json()
    obj["applications"]["received"] += 1
    stats, found = check_json(obj)
    assert stats is not None and codes(found) == {"received.table_mismatch"}


def test_finding_to_json():
    f = Finding("t4.group_total", "error", "/review/total", "消息", expected=3, actual=2)
    assert f.to_json() == {
        "code": "t4.group_total", "severity": "error", "pointer": "/review/total", "message": "消息",
        "expected": 3, "actual": 2,
    }


def test_reader_approximate_warning_is_reported_once_as_info():
    s = AnnualStats(agency="甲", year=2016, template="pre2019")
    s.set("/capacity/trainees", 170, Evidence("共170餘人", 3, approximate=True))
    s.warn("approximate", "原文为约数", "/capacity/trainees")
    s.warn("approximate", "另一处约数，无证据标记", "/capacity/meetings")
    found = run_checks(s)
    assert [(f.code, f.pointer) for f in found] == [
        ("value.approximate", "/capacity/trainees"),
        ("source.approximate", "/capacity/meetings"),
    ]
