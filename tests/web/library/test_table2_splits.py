"""Flattened 表二 rows in the library: settled by the same agency's neighbouring reports, or by a staff member
on the report page (realistic documents r61/r63/r64: 衢江市 2021 and 2022, 湖州市生态环境局 2019)."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from gongkai.core.stats import AnnualStats
from gongkai.web.library.models import ReportStats, Table2SplitChoice
from gongkai.web.library.services import SplitChoiceRejected, report_import, table2_split_choose
from tests.conftest import DOCUMENTS

pytestmark = pytest.mark.django_db

REALISTIC = DOCUMENTS / "realistic"
CITY_2021 = "r64_city_2021_neighbour_plain.txt"
CITY_2022 = "r61_city_2022_t2_flattened_cms.txt"
BUREAU_2019 = "r63_bureau_2019_format2019_t2_ambiguous.txt"
DOC_ROW = ("issued", "repealed", "in_force")
T2019_ROW = ("new_made", "new_published", "total_public")


def _import(name: str) -> ReportStats:
    return report_import(data=(REALISTIC / name).read_bytes(), name=name).report


def _row(report: ReportStats, row: str, cols=DOC_ROW) -> list:
    stats = AnnualStats.from_json(report.stats)
    return [stats.get(f"/table2/{row}/{c}") for c in cols]


def _codes(report: ReportStats, pointer: str) -> set[str]:
    return {w["code"] for w in report.stats["warnings"] if w.get("pointer") == pointer}


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _assert_quotes(report: ReportStats) -> None:
    text = report.file.extracted_text
    for pointer, ev in report.stats["evidence"].items():
        assert text[ev["start"] : ev["start"] + len(ev["quote"])] == ev["quote"], pointer


# --- neighbouring years ------------------------------------------------------------------------------------

def test_previous_year_in_the_library_settles_both_rows():
    _import(CITY_2021)  # 规章 现行有效 44, 行政规范性文件 现行有效 86
    report = _import(CITY_2022)
    # 44 + 2 − 1 = 45 and 86 + 27 − 100 = 13: the only readings that continue last year's figures. The
    # "rarely 制发 > 现行有效" preference alone would have ranked 27|100|13 low.
    assert _row(report, "regulations") == [2, 1, 45]
    assert _row(report, "normative_documents") == [27, 100, 13]
    assert [e["status"] for e in report.table2_splits] == ["resolved", "resolved"]
    assert _codes(report, "/table2/normative_documents") == {"table2_split_resolved"}
    message = next(w["message"] for w in report.stats["warnings"] if w["pointer"] == "/table2/normative_documents")
    assert "2021年报告" in message and "86 + 27 − 100 = 13" in message
    findings = {f["code"]: f["severity"] for f in report.findings if f["pointer"] == "/table2/normative_documents"}
    assert findings == {"source.table2_split_resolved": "info"}
    assert report.stats["evidence"]["/table2/normative_documents/repealed"]["quote"] == "100"
    _assert_quotes(report)


def test_previous_year_imported_later_settles_the_waiting_report():
    report = _import(CITY_2022)
    assert _row(report, "normative_documents") == [None, None, None]
    assert [e["status"] for e in report.table2_splits] == ["pending", "pending"]
    assert _codes(report, "/table2/normative_documents") == {"ambiguous_digit_run"}
    figures_before = report.figures_count

    _import(CITY_2021)
    report.refresh_from_db()
    assert _row(report, "regulations") == [2, 1, 45]
    assert _row(report, "normative_documents") == [27, 100, 13]
    assert report.figures_count == figures_before + 6
    assert not any(w["code"] == "ambiguous_digit_run" for w in report.stats["warnings"])
    _assert_quotes(report)


def test_a_neighbour_of_another_agency_settles_nothing():
    _import(CITY_2021)
    report = report_import(data=(REALISTIC / CITY_2022).read_bytes(), name=CITY_2022, agency="衢江市发展和改革局").report
    assert _row(report, "normative_documents") == [None, None, None]
    assert {e["status"] for e in report.table2_splits} == {"pending"}


def test_without_neighbours_the_candidates_are_kept_structured():
    report = _import(BUREAU_2019)
    (entry,) = report.table2_splits
    assert entry["row"] == "normative_documents" and entry["run"] == "151540" and entry["status"] == "pending"
    assert entry["column_labels"] == ["本年新制作数量", "本年新公开数量", "对外公开总数量"]
    texts = [c["text"] for c in entry["candidates"]]
    # 1|515|40 and 151|54|0 are gone: 本年新公开数量 cannot exceed 对外公开总数量.
    assert sorted(texts) == sorted(["15|15|40", "1|5|1540", "1|51|540", "15|1|540", "151|5|40"])
    assert texts[0] == "15|15|40"  # repetition ranks first but decides nothing
    assert report.file.extracted_text[entry["start"] : entry["start"] + 6] == "151540"
    message = next(w["message"] for w in report.stats["warnings"] if w["code"] == "ambiguous_digit_run")
    assert "候选拆分：" in message and "15|15|40" in message


# --- a person's choice -------------------------------------------------------------------------------------

def _index(report: ReportStats, text: str) -> int:
    (entry,) = [e for e in report.table2_splits if e["status"] == "pending"]
    return [c["text"] for c in entry["candidates"]].index(text)


def test_staff_sees_the_choices_and_picks_one(staff_client, staff):
    report = _import(BUREAU_2019)
    page = _text(staff_client.get(reverse("library:detail", args=[report.pk])))
    assert "表二待选定的拆分" in page and 'name="candidate"' in page and "15|15|40" in page
    assert "本年新制作数量 | 本年新公开数量 | 对外公开总数量" in page

    response = staff_client.post(
        reverse("library:split_choose", args=[report.pk]),
        {"row": "normative_documents", "candidate": _index(report, "151|5|40")},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert _row(report, "normative_documents", T2019_ROW) == [151, 5, 40]
    assert _codes(report, "/table2/normative_documents") == {"table2_split_manual"}
    message = next(w["message"] for w in report.stats["warnings"] if w["code"] == "table2_split_manual")
    assert "staff" in message and "人工选定" in message and "151|5|40" in message
    (entry,) = report.table2_splits
    assert entry["status"] == "chosen" and entry["chosen_by"] == "staff" and entry["decided_by"] == "人工选定"
    choice = Table2SplitChoice.objects.get(report=report)
    assert choice.chosen_by == staff and choice.values == {"new_made": 151, "new_published": 5, "total_public": 40}
    assert len(choice.offered) == 5
    assert any(f["code"] == "source.table2_split_manual" and f["severity"] == "info" for f in report.findings)
    _assert_quotes(report)
    page = _text(staff_client.get(reverse("library:detail", args=[report.pk])))
    assert 'name="candidate"' not in page


def test_choice_time_and_name_are_recorded(staff):
    report = _import(BUREAU_2019)
    staff.first_name, staff.last_name = "明", "王"
    staff.save()
    now = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
    table2_split_choose(report=report, row="normative_documents", index=_index(report, "15|15|40"), user=staff, now=now)
    report.refresh_from_db()
    message = next(w["message"] for w in report.stats["warnings"] if w["code"] == "table2_split_manual")
    assert "由王明于2026-03-02" in message
    assert report.table2_splits[0]["chosen_at"].startswith("2026-03-02T01:30")
    with pytest.raises(SplitChoiceRejected):  # already chosen: a second choice must not overwrite silently
        table2_split_choose(report=report, row="normative_documents", index=0, user=staff, now=now)
    assert Table2SplitChoice.objects.count() == 1


def test_public_and_non_staff_cannot_choose(client, django_user_model):
    report = _import(BUREAU_2019)
    url = reverse("library:split_choose", args=[report.pk])
    page = _text(client.get(reverse("library:detail", args=[report.pk])))
    assert "15|15|40" in page and 'name="candidate"' not in page  # shown, not choosable

    response = client.post(url, {"row": "normative_documents", "candidate": 0})
    assert response.status_code == 302 and "login" in response["Location"]
    user = django_user_model.objects.create_user("citizen", password="pw")
    client.force_login(user)
    assert client.post(url, {"row": "normative_documents", "candidate": 0}).status_code == 403
    with pytest.raises(SplitChoiceRejected):
        table2_split_choose(report=report, row="normative_documents", index=0, user=user)
    report.refresh_from_db()
    assert _row(report, "normative_documents", T2019_ROW) == [None, None, None]
    assert not Table2SplitChoice.objects.exists()


def test_a_bad_choice_is_refused_with_a_message(staff_client):
    report = _import(BUREAU_2019)
    url = reverse("library:split_choose", args=[report.pk])
    response = staff_client.post(url, {"row": "normative_documents", "candidate": 99}, follow=True)
    assert "所选的拆分不存在" in _text(response)
    response = staff_client.post(url, {"row": "licensing", "candidate": 0}, follow=True)
    assert "没有待选定的拆分" in _text(response)
    report.refresh_from_db()
    assert report.table2_splits[0]["status"] == "pending"
