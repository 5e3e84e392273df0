"""`gongkai parse --json` tells a reader of the JSON alone that a report contradicts itself (check.* warnings),
keeps information apart (note.*), and raises nothing on a consistent report."""

from __future__ import annotations

import json

from gongkai.cli import main
from gongkai.core.stats.schema import validate
from tests.conftest import DOCUMENTS

REALISTIC = DOCUMENTS / "realistic"


def _parse(capsys, *names):
    assert main(["parse", "--json", *(str(REALISTIC / n) for n in names)]) == 0
    data = json.loads(capsys.readouterr().out)
    for obj in data:
        assert validate(obj) == []
    return data


def test_self_contradictions_are_in_the_warnings(capsys):
    (obj,) = _parse(capsys, "r57_county_2023_self_contradictory.txt")
    codes = [(w["code"], w.get("pointer")) for w in obj["warnings"]]
    assert ("check.t4.group_total", "/review/total") in codes
    assert ("check.t3.results_sum", "/applications/table3/results_total/natural_person") in codes
    assert ("check.t3.results_sum", "/applications/table3/results_total/total") in codes
    assert len(codes) == len(set(codes))
    t4 = next(w for w in obj["warnings"] if w["code"] == "check.t4.group_total")
    assert "总计（3）" in t4["message"]


def test_pre2019_channels_not_adding_up_are_in_the_warnings(capsys):
    (obj,) = _parse(capsys, "r52_league_2017_table_channels_short.txt")
    assert [w["code"] for w in obj["warnings"]] == ["check.proactive.channels_vs_total"]


def test_consistent_reports_raise_no_alarm(capsys):
    for obj in _parse(
        capsys, "r55_county_bureau_2021_with_carried.txt", "r56_city_bureau_2022_carried_in_breakdown.txt",
        "r50_county_2014_subcounts.txt", "r51_city_bureau_2015_stats_table_runs.txt",
        "r53_township_2012_layout_table.txt", "r54_district_2018_total_after_channels.txt",
        "r58_county_bureau_2013_html_grid.html", "r59_city_2011_colon_list.txt",
    ):
        # the only thing said about a consistent 2021-format report is the info note on the derived total
        assert [w["code"] for w in obj["warnings"]] in ([], ["note.derived_figure"]), obj["source"]


def test_parse_output_fed_to_check_does_not_report_twice(capsys, tmp_path):
    (obj,) = _parse(capsys, "r57_county_2023_self_contradictory.txt")
    path = tmp_path / "r57.json"
    path.write_text(json.dumps(obj, ensure_ascii=False), "utf-8")
    main(["check", "--json", str(path)])
    findings = json.loads(capsys.readouterr().out)[0]["findings"]
    codes = [f["code"] for f in findings]
    assert codes.count("t4.group_total") == 1
    assert not [c for c in codes if c.startswith("source.check.")]
    assert {f["severity"] for f in findings if f["code"] == "source.note.derived_figure"} == {"info"}
