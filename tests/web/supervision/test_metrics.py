"""The metric providers count real records (made through the services), for many agencies in a few queries,
with the ids of the records behind each figure."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.core.metrics import METRICS
from gongkai.web.supervision import metrics as providers
from tests.web.supervision.conftest import late_app, make_app, make_message, publish_item

pytestmark = pytest.mark.django_db
YEAR = 2026


def _ids(world):
    return [world.gov.pk, world.dept_a.pk, world.dept_b.pk]


def test_application_metrics(world):
    on_time = make_app(world, "replied", received=date(2026, 3, 2))
    late = late_app(world, received=date(2026, 4, 1))
    correction = make_app(world, "correction_requested", received=date(2026, 5, 4))
    in_b = make_app(world, "received", agency=world.dept_b, received=date(2026, 6, 1))
    make_app(world, "replied", received=date(2025, 6, 2))  # another year
    assert late.replied_on > late.due_date
    v = providers.compute(["applications_received", "applications_concluded", "applications_late_share",
                           "applications_correction_share"], _ids(world), YEAR)
    a, b, gov = v[world.dept_a.pk], v[world.dept_b.pk], v[world.gov.pk]
    assert a["applications_received"].value == 3 and set(a["applications_received"].refs) == {
        on_time.pk, late.pk, correction.pk}
    assert b["applications_received"].refs == (in_b.pk,)
    late_share = a["applications_late_share"]
    assert (late_share.numerator, late_share.denominator, late_share.value) == (1, 2, 50.0)
    assert late_share.hits == (late.pk,) and set(late_share.refs) == {on_time.pk, late.pk}
    assert late_share.kind == "application"
    assert b["applications_late_share"].value is None  # nothing concluded: N/A, not 0 %
    assert a["applications_correction_share"].hits == (correction.pk,)
    assert round(a["applications_correction_share"].value, 2) == 33.33
    assert gov["applications_received"].value == 0


def test_review_correction_rate(world):
    from gongkai.web.applications import services

    apps = [make_app(world, "replied", received=date(2026, 2, d)) for d in (2, 3, 4)]
    corrected = services.review_case_record(application=apps[0], actor=world.amy, kind="reconsideration",
                                            body="示例市人民政府", filed_on=date(2026, 3, 20), result="corrected",
                                            decided_on=date(2026, 6, 1))
    services.review_case_record(application=apps[1], actor=world.amy, kind="reconsideration", body="示例市人民政府",
                                filed_on=date(2026, 3, 21), result="upheld", decided_on=date(2026, 6, 2))
    services.review_case_record(application=apps[2], actor=world.amy, kind="reconsideration", body="示例市人民政府",
                                filed_on=date(2026, 3, 22))  # pending: not in the denominator
    v = providers.compute(["review_cases", "review_correction_rate", "litigation_correction_rate"], _ids(world), YEAR)
    a = v[world.dept_a.pk]
    assert a["review_cases"].value == 3
    assert (a["review_correction_rate"].value, a["review_correction_rate"].hits) == (50.0, (corrected.pk,))
    assert a["litigation_correction_rate"].value is None


def test_item_metrics(world):
    policy = publish_item(world, on=date(2026, 11, 10))  # formed 11-03: on time, a normative document
    late = publish_item(world, on=date(2026, 11, 10), written_on=date(2026, 8, 1), formed_on=date(2026, 8, 3), title="迟到的文件",
                        doc_number="示甲发〔2026〕13号")
    publish_item(world, on=date(2026, 11, 12), genre="interpretation", title="政策解读", doc_number="",
                 interprets=policy)
    late.refresh_from_db()
    assert late.published_late
    v = providers.compute(["items_published", "art26_timely_share", "interpretation_coverage"], _ids(world), YEAR)
    a = v[world.dept_a.pk]
    assert a["items_published"].value == 3
    t = a["art26_timely_share"]
    assert late.pk in t.refs and late.pk not in t.hits and policy.pk in t.hits
    i = a["interpretation_coverage"]
    assert (i.numerator, i.denominator, i.hits) == (1, 2, (policy.pk,))


def test_message_metrics(world):
    ok = make_message(world.dept_a, received=date(2026, 3, 2), due=date(2026, 3, 16), replied=date(2026, 3, 10))
    late = make_message(world.dept_a, received=date(2026, 4, 1), due=date(2026, 4, 15), replied=date(2026, 5, 1))
    waiting = make_message(world.dept_a, received=date(2026, 5, 6), due=date(2026, 5, 20))
    make_message(world.dept_a, received=date(2026, 5, 7), due=date(2026, 5, 21), state="invalid")
    recent = make_message(world.dept_a, received=date(2026, 12, 1), due=date(2026, 12, 15))
    v = providers.compute(["messages_received", "messages_in_time_share", "messages_unanswered_3m"], _ids(world), YEAR)
    a = v[world.dept_a.pk]
    assert set(a["messages_received"].refs) == {ok.pk, late.pk, waiting.pk, recent.pk}
    assert a["messages_in_time_share"].hits == (ok.pk,) and a["messages_in_time_share"].denominator == 4
    assert a["messages_unanswered_3m"].refs == (waiting.pk,)  # `recent` is less than 3 months old at year end


def test_annual_report_on_time(world):
    from tests.web.reports.conftest import fill_table2, local_time, publish_at

    fill_table2(world.dept_a, 2025, world.alice)
    report = publish_at(world.dept_a, 2025, builder=world.amy, signer=world.alice, at=local_time(2026, 1, 20, 10))
    fill_table2(world.dept_b, 2025, world.bob)
    world.dept_b.report_four_eyes = False
    world.dept_b.save()
    publish_at(world.dept_b, 2025, builder=world.bob, signer=world.bob, at=local_time(2026, 2, 3, 10))
    v = providers.compute(["annual_report_on_time"], _ids(world), YEAR)
    assert v[world.dept_a.pk]["annual_report_on_time"].value == 1
    assert v[world.dept_a.pk]["annual_report_on_time"].refs == (report.pk,)
    assert v[world.dept_b.pk]["annual_report_on_time"].value == 0  # a department's deadline is 31 January
    assert v[world.gov.pk]["annual_report_on_time"].value == 0  # none published


def test_a_few_queries_for_any_number_of_agencies(world):
    from tests.web.agencies.world import make_world

    other = make_world(prefix="X")
    keys = sorted(providers.PROVIDERS)
    few = _ids(world)
    many = few + [other.gov.pk, other.dept_a.pk, other.dept_b.pk]
    with CaptureQueriesContext(connection) as q1:
        providers.compute(keys, few, YEAR)
    with CaptureQueriesContext(connection) as q2:
        providers.compute(keys, many, YEAR)
    assert len(q1) == len(q2) <= 2 * len(keys)


def test_every_per_agency_metric_has_a_source_and_a_missing_one_is_named_in_chinese():
    """Every per-agency metric of the dictionary has a provider; the dashboards' breakdowns and region figures
    have none and need none. Were one missing, scoring would be refused with its name."""
    assert providers.missing_sources(m.key for m in METRICS) == []
    message = providers.missing_message(["website_check_score"])
    assert "网站检查得分" in message and "尚无数据来源" in message


def test_website_metrics_are_the_latest_recorded_check_of_the_year(world):
    from gongkai.web.supervision.models import PlatformCheckRun
    from gongkai.web.supervision.platform_services import check_record

    early = check_record(agency=world.dept_a, at=date(2026, 3, 31), actor=world.alice, note="一季度")
    later = check_record(agency=world.dept_a, at=date(2026, 9, 30), actor=world.alice, note="三季度")
    check_record(agency=world.dept_a, at=date(2025, 12, 31), actor=world.alice)  # another year
    PlatformCheckRun.objects.filter(pk=later.pk).update(verdict="合格", score=87.5, vetoes=0)
    PlatformCheckRun.objects.filter(pk=early.pk).update(verdict="不合格", score=None, vetoes=1)
    v = providers.compute(["website_check_score", "website_check_passed"], _ids(world), YEAR)
    a, b = v[world.dept_a.pk], v[world.dept_b.pk]
    assert (a["website_check_score"].value, a["website_check_score"].refs) == (87.5, (later.pk,))
    assert (a["website_check_passed"].value, a["website_check_passed"].kind) == (1.0, "platform_run")
    assert b["website_check_score"].value is None and b["website_check_score"].refs == ()  # nobody checked B

    PlatformCheckRun.objects.filter(pk=later.pk).delete()  # then the vetoed first quarter is the latest
    v = providers.compute(["website_check_score", "website_check_passed"], _ids(world), YEAR)
    a = v[world.dept_a.pk]
    assert (a["website_check_score"].value, a["website_check_passed"].value) == (0.0, 0.0)
    assert a["website_check_score"].refs == (early.pk,)
