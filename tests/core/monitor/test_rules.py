from datetime import date, datetime, timedelta

import pytest

from gongkai.core.monitor.rules import (
    ColumnState,
    HomeState,
    Visit,
    check,
    is_stale,
    months_before,
    weekly_availability,
)

TODAY = date(2024, 3, 20)


def test_news_two_weeks_boundary():
    assert not is_stale("news", date(2024, 3, 6), today=TODAY)  # exactly 14 days before
    assert is_stale("news", date(2024, 3, 5), today=TODAY)
    assert is_stale("news", None, today=TODAY)  # no dated item: not updated


def test_notices_six_months_boundary():
    assert not is_stale("notices", date(2023, 9, 20), today=TODAY)
    assert is_stale("notices", date(2023, 9, 19), today=TODAY)
    assert months_before(date(2024, 8, 31), 6) == date(2024, 2, 29)
    assert months_before(date(2023, 8, 31), 6) == date(2023, 2, 28)


def test_other_never_stale_and_unknown_kind():
    assert not is_stale("other", None, today=TODAY)
    with pytest.raises(ValueError):
        is_stale("weekly", None, today=TODAY)


def _visits(day: date, n: int, failures: int, *, slow: int = 0) -> list[Visit]:
    out = []
    for i in range(n):
        at = datetime(day.year, day.month, day.day) + timedelta(seconds=i * (86400 // n))
        if i < failures:
            out.append(Visit(at, ok=False))
        elif i < failures + slow:
            out.append(Visit(at, ok=True, elapsed_ms=15_001))
        else:
            out.append(Visit(at, ok=True, elapsed_ms=300))
    return out


def test_week_with_five_percent_failures_is_a_veto():
    days = [TODAY - timedelta(days=i) for i in range(7)]
    # 168 visits; 9 failures = 5.36 %
    visits = [v for d in days for v in _visits(d, 24, 1 if d != days[0] else 3)]
    a = weekly_availability(visits, last_day=TODAY)
    assert a.visits == 168 and a.failures == 9 and a.complete and a.veto
    result = check(home=HomeState("http://x.gov.cn/", True), columns=[], today=TODAY, availability=a)
    assert [f.code for f in result.findings if f.severity == "veto"] == ["site.unavailable"]


def test_slow_pages_count_as_failures_and_below_five_percent_is_no_veto():
    days = [TODAY - timedelta(days=i) for i in range(7)]
    visits = [v for d in days for v in _visits(d, 24, 0, slow=1)]  # 7 of 168 = 4.2 %
    a = weekly_availability(visits, last_day=TODAY)
    assert a.failures == 7 and not a.veto
    result = check(home=HomeState("http://x.gov.cn/", True), columns=[], today=TODAY, availability=a)
    assert "site.failures" in [f.code for f in result.findings]


def test_too_few_visits_is_no_veto_even_when_all_fail():
    days = [TODAY - timedelta(days=i) for i in range(7)]
    visits = [v for d in days for v in _visits(d, 19, 19)]
    a = weekly_availability(visits, last_day=TODAY)
    assert a.failure_share == 1.0 and not a.complete and not a.veto
    visits_outside = _visits(TODAY - timedelta(days=7), 24, 24)
    assert weekly_availability(visits_outside, last_day=TODAY).visits == 0


def col(kind, last, *, items=5, dated=5, reachable=True, **kw):
    return ColumnState(url=f"http://x.gov.cn/{kind}/{last}", kind=kind, reachable=reachable, items=items,
                       dated=dated, last_update=last, **kw)


def test_five_stale_columns_veto_four_do_not():
    home = HomeState("http://x.gov.cn/", True, last_update=date(2024, 3, 19), dated=10)
    stale = [col("news", date(2024, 3, 1)), col("news", date(2024, 2, 1)), col("notices", date(2023, 8, 1)),
             col("notices", None, dated=0), col("news", date(2023, 12, 1))]
    fresh = [col("news", date(2024, 3, 18)), col("other", date(2019, 1, 1))]
    four = check(home=home, columns=stale[:4] + fresh, today=TODAY)
    assert [f.code for f in four.findings].count("column.stale") == 4
    assert not any(f.severity == "veto" for f in four.findings)
    five = check(home=home, columns=stale + fresh, today=TODAY)
    assert [f.code for f in five.findings if f.severity == "veto"] == ["columns.not_updated"]
    assert five.verdict == "不合格"
    assert [s for _c, s in five.columns] == [True] * 5 + [False, False]
    undated = [f for f in five.findings if f.url == stale[3].url][0]
    assert "未注明发布时间" in undated.message


def test_empty_and_unreachable_columns_and_broken_links():
    home = HomeState("http://x.gov.cn/", True, last_update=date(2024, 3, 19), dated=3)
    cols = [col("other", None, items=0, dated=0) for _ in range(5)]
    cols.append(col("news", None, reachable=False, items=0, dated=0, error="连接超时"))
    cols.append(col("news", date(2024, 3, 19), broken_links=("http://x.gov.cn/a.html",), links_checked=5))
    r = check(home=home, columns=cols, today=TODAY)
    codes = [f.code for f in r.findings]
    assert codes.count("column.empty") == 5 and "columns.empty" in codes
    assert "column.unreachable" in codes and "links.broken" in codes
    assert r.columns[5] == (cols[5], False)  # an unreachable column is not judged stale


def test_home_not_updated_directly_and_through_columns():
    old_home = HomeState("http://x.gov.cn/", True, last_update=date(2024, 3, 1), dated=8)
    assert "home.not_updated" in [f.code for f in check(home=old_home, columns=[], today=TODAY).findings]
    nav = HomeState("http://x.gov.cn/", True, last_update=None, dated=0)
    r = check(home=nav, columns=[col("news", date(2024, 3, 2)), col("notices", date(2024, 1, 2))], today=TODAY)
    assert "home.not_updated" in [f.code for f in r.findings]
    assert r.last_update == date(2024, 3, 2)
    r = check(home=nav, columns=[col("news", date(2024, 3, 12))], today=TODAY)
    assert "home.not_updated" not in [f.code for f in r.findings]
    assert [f.code for f in check(home=nav, columns=[], today=TODAY).findings] == ["home.no_dates"]


def test_unreachable_home_and_json_shape():
    r = check(home=HomeState("http://x.gov.cn/", False, error="连接被拒绝"),
              columns=[col("notices", date(2024, 1, 5), future_dated=1)], today=TODAY)
    j = r.to_json()
    assert j["reachable"] is False and j["last_update"] == "2024-01-05"
    assert j["columns"] == [{"url": "http://x.gov.cn/notices/2024-01-05", "kind": "notices",
                             "last_update": "2024-01-05", "stale": False}]
    assert {f["code"] for f in j["findings"]} == {"home.unreachable", "column.future_date"}
    assert all({"code", "message", "severity"} <= set(f) for f in j["findings"])
