"""The pre-2019 statistics table: 本年度 is the figure, 累计 never is; runs holding both columns are split only
by what the table itself says (累计 ≥ 本年度, channel and application sums, 其中 rows under their parent)."""

from __future__ import annotations

from gongkai.core.parsing import parse_document
from gongkai.core.parsing.legacy_table import finish_legacy_table, read_legacy_table
from gongkai.core.stats import AnnualStats

from . import make_doc

_HEAD = "某县人民政府2016年政府信息公开工作年度报告\n\n附表：政府信息公开情况统计表\n"


def read(table: str, prose: str = "") -> AnnualStats:
    doc = make_doc(_HEAD + table + "\n\n" + prose)
    stats = AnnualStats(agency="某县人民政府", year=2016, template="pre2019")
    undecided = read_legacy_table(doc, stats)
    for pointer, ev in stats.evidence.items():
        assert doc.text[ev.start : ev.start + len(ev.quote)] == ev.quote, pointer
    if prose:
        from gongkai.core.parsing.narrative import read_narrative

        read_narrative(doc, stats)
    finish_legacy_table(stats, undecided)
    return stats


def test_separate_columns_take_this_year_never_the_cumulative_figure():
    stats = read(
        "统计指标\t单位\t本年度\t累计\n"
        "（一）主动公开政府信息数\t条\t268\t1,135\n"
        "（一）收到申请数\t件\t5\t12\n"
        "1.当面申请数\t件\t4\t9\n"
        "（一）回应公众关注热点或重大舆情数\t次\t27\t—\n"
    )
    assert stats.get("/proactive/total") == 268
    assert stats.get("/applications/received") == 5
    assert stats.get("/applications/legacy/received_in_person") == 4
    assert stats.get("/responses/hotspot_responses") == 27


def test_a_table_with_this_year_only():
    stats = read("统计指标　单位　本年度\n主动公开政府信息数　条　86\n收到申请数　件　0\n")
    assert stats.get("/proactive/total") == 86 and stats.get("/applications/received") == 0


_CHANNEL_RUNS = (
    "统计指标单位本年度累计\n"
    "（一）主动公开政府信息数条152346870\n"
    "1.政府公报公开政府信息数条24512\n"
    "2.政府网站公开政府信息数条118638233\n"
    "3.政务微博公开政府信息数条1865102\n"
    "4.政务微信公开政府信息数条971320\n"
    "5.其他方式公开政府信息数条301703\n"
)


def test_runs_of_both_columns_are_split_by_the_channel_sums():
    stats = read(_CHANNEL_RUNS)
    got = {p: stats.get(p) for p in ("/proactive/total", "/proactive/by_channel/gazette", "/proactive/by_channel/website",
                                     "/proactive/by_channel/weibo", "/proactive/by_channel/wechat",
                                     "/proactive/by_channel/other")}
    assert got == {
        "/proactive/total": 1523,
        "/proactive/by_channel/gazette": 24,
        "/proactive/by_channel/website": 1186,
        "/proactive/by_channel/weibo": 186,
        "/proactive/by_channel/wechat": 97,
        "/proactive/by_channel/other": 30,
    }
    assert stats.evidence["/proactive/total"].quote == "1523"
    assert not stats.warnings


def test_a_run_nothing_settles_stays_empty_with_a_warning():
    stats = read("统计指标单位本年度累计\n（一）政策解读稿件发布数篇2876\n")
    assert stats.get("/responses/interpretations") is None
    (w,) = stats.warnings
    assert w.code == "ambiguous_digit_run" and w.pointer == "/responses/interpretations"
    assert "2876" in w.message


def test_the_prose_settles_a_run_when_it_states_one_of_its_readings():
    stats = read("统计指标单位本年度累计\n（一）政策解读稿件发布数篇2876\n", "全年发布政策解读稿件28篇。")
    assert stats.get("/responses/interpretations") == 28
    assert not stats.warnings


def test_a_sub_row_never_becomes_its_parent():
    stats = read(
        "统计指标\t单位\t本年度\t累计\n"
        "1.参加或举办新闻发布会总次数\t次\t18\t—\n"
        "其中：主要负责同志参加新闻发布会次数\t次\t4\t—\n"
        "2.政府网站在线访谈次数\t次\t7\t—\n"
        "其中：主要负责同志参加政府网站在线访谈次数\t次\t3\t—\n"
        "4.微博微信回应事件数\t次\t35\t—\n"
    )
    assert stats.get("/responses/press_conferences") == 18
    assert stats.get("/responses/online_interviews") == 7
    assert stats.get("/proactive/by_channel/weibo") is None and stats.get("/proactive/by_channel/wechat") is None


def test_application_runs_are_split_by_the_ways_of_asking_and_the_answers():
    stats = read(
        "统计指标单位本年度累计\n"
        "（一）收到申请数件37412\n1.当面申请数件896\n2.传真申请数件03\n3.网络申请数件25270\n4.信函申请数件443\n"
        "（三）申请答复数件37412\n1.属于已主动公开范围数件11120\n2.同意公开答复数件15180\n3.同意部分公开答复数件331\n"
        "4.不同意公开答复数件225\n5.不属于本行政机关公开数件330\n6.申请信息不存在数件218\n7.告知作出更改补充数件16\n"
        "8.告知通过其他途径办理数件02\n"
        "四、行政复议数量件19\n（一）维持具体行政行为数件16\n（二）被依法纠错数件02\n（三）其他情形数件01\n"
    )
    legacy = {k: stats.get("/applications/legacy/" + k) for k in ("received_online", "already_public", "granted")}
    assert stats.get("/applications/received") == 37
    assert legacy == {"received_online": 25, "already_public": 11, "granted": 15}
    assert (stats.get("/review/total"), stats.get("/review/upheld"), stats.get("/review/corrected")) == (1, 1, 0)


def test_the_table_is_read_in_a_whole_pre2019_report():
    text = (
        "十堰市人力资源和社会保障局2015年政府信息公开工作年度报告\n\n一、概述\n\n　　2015年，我局共主动公开政府信息1523条。\n\n"
        "附表：政府信息公开情况统计表\n" + _CHANNEL_RUNS
    )
    stats = parse_document(make_doc(text))
    assert stats.template == "pre2019"
    assert stats.get("/proactive/by_channel/website") == 1186 and stats.get("/proactive/total") == 1523


def test_a_grid_row_with_its_category_cell_and_a_single_count_column():
    stats = read(
        "统 计 指 标\t单位\t统计数\n"
        "三、行政复议情况\t（一）行政复议数量\t件\t2\n（二）维持具体行政行为数\t件\t1\n（三）被依法纠错数\t件\t1\n"
        "四、行政诉讼情况\t（一）行政诉讼数量\t件\t1\n（二）维持具体行政行为或者驳回原告诉讼请求数\t件\t1\n"
        "（三）被依法纠错数\t件\t0\n"
    )
    got = [stats.get(p) for p in ("/review/total", "/review/upheld", "/review/corrected",
                                  "/litigation/total", "/litigation/upheld", "/litigation/corrected")]
    assert got == [2, 1, 1, 1, 1, 0]


def test_a_mention_of_the_table_before_it_does_not_hide_it():
    stats = read("详见附表。\n附表：政府信息公开情况统计表\n\n\n\n\n\n\n\n\n统计指标\t单位\t本年度\t累计\n主动公开政府信息数\t条\t86\t900\n")
    assert stats.get("/proactive/total") == 86
