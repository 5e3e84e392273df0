"""A report's self-contradictions travel in the JSON contract as `check.*` warnings; information as `note.*`."""

from __future__ import annotations

from gongkai.core.checks import findings_as_warnings, run_checks
from gongkai.core.stats import AnnualStats, Evidence

from .builders import T3, consistent_stats


def test_a_consistent_report_gets_no_check_warnings():
    assert findings_as_warnings(consistent_stats()) == []


def test_table4_and_table3_contradictions_become_check_warnings():
    s = consistent_stats()
    s.set("/review/total", s.get("/review/total") + 1)
    s.set(f"{T3}/results_total/natural_person", s.get(f"{T3}/results_total/natural_person") + 2)
    got = {(w.code, w.pointer) for w in findings_as_warnings(s)}
    assert ("check.t4.group_total", "/review/total") in got
    assert ("check.t3.results_sum", f"{T3}/results_total/natural_person") in got
    assert all(w.message for w in findings_as_warnings(s))


def test_pre2019_channels_that_do_not_add_up():
    s = AnnualStats(agency="某盟", year=2017, template="pre2019")
    s.set("/proactive/total", 8640)
    for channel, v in (("website", 5012), ("gazette", 186), ("weibo", 1954), ("wechat", 1120), ("other", 260)):
        s.set(f"/proactive/by_channel/{channel}", v)
    (w,) = findings_as_warnings(s)
    assert (w.code, w.pointer) == ("check.proactive.channels_vs_total", "/proactive/total")
    assert "8532" in w.message and "8640" in w.message


def test_info_findings_and_the_readers_own_warnings_are_not_copied():
    s = consistent_stats()
    s.warn("ambiguous_split", "“复议后起诉”一列无法确定", "/litigation_after_review/total")
    s.set("/proactive/total", s.get("/proactive/total"), Evidence("约100条", 0, True))  # value.approximate: info
    assert findings_as_warnings(s) == []


def test_what_a_reading_warning_already_says_is_not_repeated():
    s = consistent_stats()
    s.set("/applications/received", s.get(f"{T3}/new/total") + 3)
    assert [w.code for w in findings_as_warnings(s)] == ["check.received.table_mismatch"]
    s.warn("narrative_table_mismatch", "正文所述数字与表格中的数字不一致", "/applications/received")
    assert findings_as_warnings(s) == []


def test_copying_twice_adds_nothing_and_checks_do_not_echo_copied_warnings():
    s = consistent_stats()
    s.set("/review/total", s.get("/review/total") + 1)
    s.warnings.extend(findings_as_warnings(s))
    assert findings_as_warnings(s) == []
    codes = [f.code for f in run_checks(s)]
    assert codes.count("t4.group_total") == 1
    assert not [c for c in codes if c.startswith("source.check.")]


def test_note_warnings_are_info_findings_other_reading_warnings_stay_warnings():
    s = consistent_stats()
    s.warn("note.derived_figure", "行政诉讼合计由两栏相加得出", "/litigation")
    s.warn("narrative_conflict", "正文对同一数字有不同表述", "/proactive/total")
    by_code = {f.code: f.severity for f in run_checks(s)}
    assert by_code["source.note.derived_figure"] == "info"
    assert by_code["source.narrative_conflict"] == "warning"
