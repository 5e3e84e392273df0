from datetime import date, timedelta

import pytest

from gongkai.core.monitor.checklist import DEFAULT, DeductionIndicator
from gongkai.core.monitor.platform_check import (
    AccountFacts,
    Column,
    ItemRef,
    MessageRef,
    PlatformFacts,
    PolicyDoc,
    Ref,
    add_months,
    check_newmedia,
    check_platform,
    column_status,
)

AT = date(2026, 6, 30)


def items(*days_ago, start=1):
    return tuple(ItemRef(start + i, AT - timedelta(days=d) if d is not None else None) for i, d in enumerate(days_ago))


def col(key, kind, *days_ago, should_update=True):
    return Column(key, key, kind, items(*days_ago, start=hash(key) % 1000 * 100), should_update)


def fresh_columns():
    return (col("news", "news", 3, 40), col("notice", "notices", 30), col("budget", "other", 100))


def facts(**kw):
    base = dict(at=AT, columns=fresh_columns(), home_items=items(2), channels=("box:1",))
    base.update(kw)
    return PlatformFacts(**base)


def codes(result):
    return sorted(f.indicator for f in result.findings)


def test_a_well_kept_platform_passes_with_full_marks():
    r = check_platform(facts())
    assert (r.verdict, r.passed, r.score) == ("合格", True, 100)
    assert r.vetoes == () and r.deductions == ()
    assert r.bonus_eligible
    assert "站点无法访问" in r.unchecked and "首页不更新" not in r.unchecked


def test_add_months_clamps_to_month_end():
    assert add_months(date(2026, 8, 31), -6) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 15)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)


@pytest.mark.parametrize(("days", "stale"), [(14, False), (15, True)])
def test_news_two_week_boundary(days, stale):
    assert column_status(col("n", "news", days), AT).stale is stale


def test_notices_six_month_boundary():
    limit = add_months(AT, -6)
    ok = Column("p", "p", "notices", (ItemRef(1, limit),))
    old = Column("p", "p", "notices", (ItemRef(1, limit - timedelta(days=1)),))
    assert not column_status(ok, AT).stale and column_status(old, AT).stale


def test_other_columns_have_no_short_rule_but_can_be_long_stale():
    s = column_status(col("o", "other", 300), AT)
    assert not s.stale and not s.long_stale
    s = column_status(col("o", "other", 400), AT)
    assert not s.stale and s.long_stale
    assert not column_status(col("o", "other", 400, should_update=False), AT).long_stale


def test_items_after_the_check_date_are_not_there_yet():
    c = Column("n", "n", "news", (ItemRef(1, AT + timedelta(days=1)),))
    s = column_status(c, AT)
    assert s.empty and s.items == 0


def test_home_page_not_updated_in_two_weeks_is_a_veto():
    r = check_platform(facts(home_items=items(15, 40)))
    assert not r.passed and r.score is None and r.verdict == "不合格"
    (v,) = r.vetoes
    assert v.label == "首页不更新" and v.refs == (Ref("column", "home"),)
    assert r.home_last_update == AT - timedelta(days=15)
    assert check_platform(facts(home_items=items(14))).passed


def test_home_page_with_no_items_is_a_veto():
    assert [v.label for v in check_platform(facts(home_items=())).vetoes] == ["首页不更新"]


def test_four_stale_news_and_notices_columns_deduct_five_veto():
    four = tuple(col(f"n{i}", "news", 20) for i in range(2)) + tuple(col(f"p{i}", "notices", 200) for i in range(2))
    r = check_platform(facts(columns=fresh_columns() + four))
    assert r.passed and r.score == 100 - 4 * 2
    assert codes(r) == ["news_update"] * 2 + ["notices_update"] * 2
    five = four + (col("n9", "news", 30),)
    r = check_platform(facts(columns=fresh_columns() + five))
    (v,) = r.vetoes
    assert v.label == "栏目不更新" and "合计5个" in v.text
    assert {ref.key for ref in v.refs} == {"n0", "n1", "p0", "p1", "n9"}
    assert r.score is None and r.verdict == "不合格"


def test_empty_columns_five_is_a_veto_four_deduct():
    empties = tuple(Column(f"e{i}", f"空{i}", "other") for i in range(4))
    r = check_platform(facts(columns=fresh_columns() + empties))
    assert r.passed and r.score == 96 and codes(r) == ["column_upkeep"] * 4
    r = check_platform(facts(columns=fresh_columns() + empties + (Column("e9", "空9", "news"),)))
    (v,) = r.vetoes
    assert "空白栏目5个" in v.text and len(v.refs) == 5


def test_empty_news_column_is_not_also_counted_stale():
    s = column_status(Column("n", "n", "news"), AT)
    assert s.empty and not s.stale and not s.long_stale


def test_ten_long_stale_columns_is_a_veto_and_deductions_are_capped():
    nine = tuple(col(f"o{i}", "other", 500) for i in range(9))
    r = check_platform(facts(columns=fresh_columns() + nine))
    assert r.passed
    upkeep = next(i for i in r.indicators if i.code == "column_upkeep")
    assert (upkeep.raw, upkeep.deducted, upkeep.points) == (9, 9, 10)
    r = check_platform(facts(columns=fresh_columns() + nine + (col("o9", "other", 500), col("o10", "other", 800))))
    assert [v.text.startswith("应更新但长期") for v in r.vetoes] == [True]


def test_deductions_within_one_indicator_never_exceed_its_points():
    docs = tuple(PolicyDoc(i, AT - timedelta(days=10 + i), None) for i in range(8))
    r = check_platform(facts(policy_docs=docs))
    ind = next(i for i in r.indicators if i.code == "interpretation")
    assert (ind.raw, ind.deducted) == (16, 10)
    assert r.score == 90 and len(r.deductions) == 8
    assert {ref.key for f in r.deductions for ref in f.refs} == {str(i) for i in range(8)}


def test_interpretation_published_after_check_date_does_not_count_and_old_documents_are_out():
    docs = (PolicyDoc(1, AT - timedelta(days=20), AT + timedelta(days=1)),
            PolicyDoc(2, AT - timedelta(days=20), AT - timedelta(days=5)),
            PolicyDoc(3, AT - timedelta(days=400), None))
    r = check_platform(facts(policy_docs=docs))
    assert [f.refs for f in r.deductions] == [(Ref("item", "1"),)]


def test_score_below_sixty_fails_without_a_veto():
    # 2 + 2 stale columns (2 each), upkeep 12 capped at 10, 5 undated, 5 documents and 10 messages at their caps,
    # no broken attachment
    cols = (fresh_columns() + tuple(col(f"n{i}", "news", 20) for i in range(2))
            + tuple(col(f"p{i}", "notices", 200) for i in range(2))
            + tuple(Column(f"e{i}", f"e{i}", "other") for i in range(4))
            + tuple(col(f"o{i}", "other", 500) for i in range(8))
            + (Column("u", "u", "news", tuple(ItemRef(900 + i, None) for i in range(5)) + items(1)),))
    docs = tuple(PolicyDoc(i, AT - timedelta(days=10), None) for i in range(5))
    msgs = tuple(MessageRef(i, AT - timedelta(days=30), AT - timedelta(days=5), AT - timedelta(days=16))
                 for i in range(10))
    r = check_platform(facts(columns=cols, policy_docs=docs, messages=msgs))
    assert r.vetoes == ()
    assert r.score == 100 - 4 - 4 - 10 - 5 - 10 - 10
    assert (r.verdict, r.passed, r.bonus_eligible) == ("不合格", False, False)


def test_bonus_part_only_above_eighty():
    docs = tuple(PolicyDoc(i, AT - timedelta(days=10), None) for i in range(5))
    nine = tuple(col(f"o{i}", "other", 500) for i in range(9))
    r = check_platform(facts(policy_docs=docs, columns=fresh_columns() + nine + (col("x", "news", 20),)))
    assert r.score == 100 - 10 - 9 - 2 and not r.bonus_eligible and r.passed
    r = check_platform(facts(policy_docs=docs[:4]))
    assert r.score == 92 and r.bonus_eligible


def test_items_without_date_count_as_not_updated_and_are_named():
    c = Column("n", "动态", "news", (ItemRef(7, None), ItemRef(8, None)))
    r = check_platform(facts(columns=(c,) + fresh_columns()[1:]))
    s = r.columns[0]
    assert s.stale and s.last_update is None and s.undated == 2
    undated = [f for f in r.deductions if f.indicator == "undated"]
    assert undated[0].refs == (Ref("column", "n"), Ref("item", "7"), Ref("item", "8"))
    assert undated[0].deduction == 2
    assert any(f.indicator == "news_update" for f in r.deductions)


def test_no_consultation_channel_is_a_veto():
    r = check_platform(facts(channels=()))
    assert [v.label for v in r.vetoes] == ["互动回应差"] and "咨询建言渠道" in r.vetoes[0].text


def test_valid_message_unanswered_over_three_months_is_a_veto():
    received = add_months(AT, -3) - timedelta(days=1)
    msgs = (MessageRef(1, received, None), MessageRef(2, received, None, valid=False),
            MessageRef(3, add_months(AT, -3), None))
    r = check_platform(facts(messages=msgs))
    (v,) = r.vetoes
    assert v.refs == (Ref("message", "1"),) and v.label == "互动回应差"


def test_message_answered_late_counts_answered_in_time_or_after_check_date_does_not():
    received = AT - timedelta(days=200)
    answered_late = MessageRef(1, received, add_months(received, 3) + timedelta(days=1))
    answered_ok = MessageRef(2, received, add_months(received, 3))
    r = check_platform(facts(messages=(answered_ok,)))
    assert r.passed
    r = check_platform(facts(messages=(answered_late, answered_ok)))
    assert [ref.key for v in r.vetoes for ref in v.refs] == ["1"]
    # at an earlier check date, message 1 was not answered yet and not 3 months old: no veto, only overdue
    early = add_months(received, 2)
    r = check_platform(facts(at=early, home_items=(ItemRef(1, early),),
                             columns=(Column("n", "n", "news", (ItemRef(1, early),)),),
                             messages=(MessageRef(1, received, answered_late.replied_on, received + timedelta(days=14)),)))
    assert r.vetoes == () and [f.indicator for f in r.deductions] == ["message_handling"]
    assert "尚未答复" in r.deductions[0].text


def test_messages_outside_the_year_before_the_check_are_not_counted():
    old = MessageRef(1, add_months(AT, -12), None)
    assert check_platform(facts(messages=(old,))).passed
    inside = MessageRef(1, add_months(AT, -12) + timedelta(days=1), None)
    assert not check_platform(facts(messages=(inside,))).passed


def test_a_region_can_pass_its_own_thresholds_and_points():
    cl = DEFAULT.with_thresholds(news_days=30)
    assert check_platform(facts(columns=(col("n", "news", 20),) + fresh_columns()[1:]), cl).score == 100
    cl = DEFAULT.__class__(vetoes=DEFAULT.vetoes, deductions=(DeductionIndicator("news_update", "x", 50, 25, "r"),)
                           + DEFAULT.deductions[1:])
    r = check_platform(facts(columns=(col("n", "news", 20), col("m", "news", 20)) + fresh_columns()[1:]), cl)
    assert r.score == 50 and r.passed is False


def test_new_media_account_rules():
    fresh = AccountFacts(1, "示例发布", last_update=AT - timedelta(days=14))
    r = check_newmedia(fresh, AT)
    assert (r.verdict, r.score, r.findings) == ("合格", 100, ())
    stale = AccountFacts(2, "示例发布", last_update=AT - timedelta(days=15))
    r = check_newmedia(stale, AT)
    assert [f.label for f in r.deductions] == ["内容更新不及时"] and r.score == 80 and r.passed
    mute = AccountFacts(3, "示例发布", has_interaction=False, last_update=AT)
    r = check_newmedia(mute, AT)
    assert [v.label for v in r.vetoes] == ["未提供有效互动功能"] and r.verdict == "不合格"
    assert r.vetoes[0].refs == (Ref("account", "3"),)
    closed = AccountFacts(4, "x", active=False, has_interaction=False)
    assert check_newmedia(closed, AT).vetoes == ()
    never = check_newmedia(AccountFacts(5, "x", last_update=AT + timedelta(days=2)), AT)
    assert "无更新记录" in never.deductions[0].text


def test_a_column_not_every_agency_has_content_for_is_not_blank_when_empty():
    optional = Column("s9", "（九）政府集中采购", "other", (), required=False)
    s = column_status(optional, AT)
    assert (s.empty, s.stale, s.long_stale, s.items) == (False, False, False, 0)
    r = check_platform(facts(columns=fresh_columns() + tuple(Column(f"o{i}", "x", "news", (), required=False)
                                                             for i in range(6))))
    assert r.passed and r.score == 100


def test_items_counted_elsewhere_join_the_listed_ones():
    c = Column("n", "n", "news", (ItemRef(7, None),), counted_last=AT - timedelta(days=3), counted=40)
    s = column_status(c, AT)
    assert (s.items, s.undated, s.last_update, s.stale) == (41, 1, AT - timedelta(days=3), False)
    assert column_status(Column("n", "n", "news", counted_last=AT - timedelta(days=30), counted=2), AT).stale
    assert column_status(Column("n", "n", "news", counted=0), AT).empty
    r = check_platform(facts(home_items=(), home_counted_last=AT - timedelta(days=1)))
    assert r.passed and r.home_last_update == AT - timedelta(days=1)


def test_broken_attachments_deduct_up_to_the_indicator_points():
    r = check_platform(facts(broken_attachments=tuple((10 + i, 100 + i, f"附件{i}.pdf") for i in range(7))))
    ind = next(i for i in r.indicators if i.code == "links")
    assert (ind.raw, ind.deducted, r.score) == (7, 5, 95)
    assert r.deductions[0].refs == (Ref("item", "10"), Ref("attachment", "100"))
    assert "附件0.pdf" in r.deductions[0].text
