"""The assessment end to end: a supervisor sets up the region's indicators, previews, publishes; the published
scores are frozen; every figure drills down to its records without personal data; regions are isolated."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gongkai.core.assessment import AssessmentError
from gongkai.web.supervision.assessment import services
from gongkai.web.supervision.models import (
    AssessmentEvent,
    AssessmentPublication,
    AssessmentScore,
    IndicatorSetDraft,
    PublishedAssessmentImmutable,
)
from tests.web.agencies.world import make_world
from tests.web.applications.conftest import ID_NUMBER, NAME, PHONE
from tests.web.supervision.conftest import late_app, make_app, make_message

pytestmark = pytest.mark.django_db
YEAR = 2026

LATE = {"key": "late", "name": "超期答复", "full_marks": "60", "formula": "applications_late_share",
        "rule": {"kind": "deduct", "per_unit": "1", "cap": "60"}, "na": "full"}
MSG = {"key": "msg", "name": "留言按时答复", "full_marks": "40", "formula": "messages_in_time_share",
       "rule": {"kind": "linear", "low": "0", "high": "100"}, "na": "rescale",
       "veto": "messages_unanswered_3m > 0", "veto_effect": "fail"}


def _main(response) -> str:
    """The page's own content (the header holds a per-request CSRF token, messages come once)."""
    html = response.content.decode()
    return html[html.index('<div class="page-head">'):html.index("</main>")]


def _form(d: dict) -> dict:
    rule = d["rule"]
    return {"key": d["key"], "name": d["name"], "full_marks": d["full_marks"], "formula": d["formula"],
            "rule_kind": rule["kind"], "low": rule.get("low", ""), "high": rule.get("high", ""),
            "per_unit": rule.get("per_unit", ""), "cap": rule.get("cap", ""), "bands": "", "direction": "at_least",
            "na": d["na"], "veto": d.get("veto", ""), "veto_effect": d.get("veto_effect", "zero"),
            "explanation": "说明"}


@pytest.fixture
def records(world):
    on_time = make_app(world, "replied", received=date(2026, 3, 2))
    late = late_app(world, received=date(2026, 4, 1))
    make_app(world, "replied", agency=world.dept_b, received=date(2026, 3, 2))
    make_message(world.dept_b, received=date(2026, 3, 2), due=date(2026, 3, 16), replied=date(2026, 3, 10))
    waiting = make_message(world.dept_a, received=date(2026, 5, 6), due=date(2026, 5, 20))
    return {"on_time": on_time, "late": late, "waiting": waiting}


def _setup(world, world_clients):
    sue = world_clients["sue"]
    base = f"/work/supervision/assessment/W/{YEAR}/"
    assert sue.post(base + "create/", {"source": "empty"}).status_code == 302
    for d in (LATE, MSG):
        r = sue.post(base + "indicators/new/", _form(d))
        assert r.status_code == 302, r.content.decode()
    return sue, base


def test_set_up_preview_publish_and_the_reference_scores(world, world_clients, records):
    sue, base = _setup(world, world_clients)
    page = sue.get(base).content.decode()
    assert "超期答复" in page and "applications_late_share" in page and "办结申请中超过法定答复期限" in page
    preview = sue.get(base + "preview/")
    assert preview.status_code == 200 and "尚未发布" in preview.content.decode()
    r = sue.post(base + "publish/")
    pub = AssessmentPublication.objects.get()
    assert r["Location"] == reverse("supervision:assessment:ranking", args=[pub.pk])
    scores = {s.agency.code: s for s in pub.scores.select_related("agency")}
    assert set(scores) == {"W-GOV", "W-A", "W-B"}  # the region node itself is not an organ
    # A: 1 of 2 late = 50 % → 60 - 50 = 10; one message, unanswered past due → 0 of 40; a message over
    # 3 months unanswered: 不合格. B: 0 % late → 60; 100 % in time → 40. GOV: nothing concluded → full 60, no
    # messages → left out → 60 * 100 / 60 = 100.
    assert (scores["W-A"].total, scores["W-A"].failed, scores["W-A"].rank) == (10.0, True, 3)
    assert (scores["W-B"].total, scores["W-B"].rank) == (100.0, 1)
    assert (scores["W-GOV"].total, scores["W-GOV"].rank) == (100.0, 1)
    late = scores["W-A"].metrics["applications_late_share"]
    assert late["hits"] == [records["late"].pk] and sorted(late["refs"]) == sorted(
        [records["on_time"].pk, records["late"].pk])
    assert pub.definition["metrics"]["applications_late_share"]["denominator"] == "本年度办结的申请件数"
    ranking = sue.get(r["Location"]).content.decode()
    assert "示例市甲局" in ranking and "不合格" in ranking and "本年度办结的申请件数" in ranking
    actions = list(AssessmentEvent.objects.order_by("id").values_list("action", "actor__username"))
    assert actions == [("set_create", "sue"), ("indicator_save", "sue"), ("indicator_save", "sue"),
                       ("publish", "sue")]


def test_published_scores_are_frozen_and_a_correction_is_a_new_version(world, world_clients, records):
    sue, base = _setup(world, world_clients)
    sue.post(base + "publish/")
    first = AssessmentPublication.objects.get()
    card_a = AssessmentScore.objects.get(publication=first, agency=world.dept_a)
    before = _main(sue.get(reverse("supervision:assessment:card", args=[card_a.pk])))
    # The set changes and new records arrive: the published card does not move.
    sue.post(base + "indicators/late/", _form({**LATE, "rule": {"kind": "deduct", "per_unit": "0.5", "cap": "60"}}))
    late_app(world, received=date(2026, 5, 4))
    after = _main(sue.get(reverse("supervision:assessment:card", args=[card_a.pk])))
    assert before == after
    with pytest.raises(PublishedAssessmentImmutable):
        card_a.save()
    with pytest.raises(PublishedAssessmentImmutable):
        first.delete()
    # Publishing again needs a reason; then it is version 2, and version 1 stays as it was.
    r = sue.post(base + "publish/")
    assert AssessmentPublication.objects.count() == 1
    assert "更正须填写更正原因" in sue.get(r["Location"], follow=True).content.decode()
    sue.post(base + "publish/", {"reason": "扣分标准调整"})
    second = AssessmentPublication.objects.get(version=2)
    assert second.reason == "扣分标准调整"
    a2 = AssessmentScore.objects.get(publication=second, agency=world.dept_a)
    assert a2.metrics["applications_late_share"]["value"] == pytest.approx(200 / 3)
    assert AssessmentScore.objects.get(pk=card_a.pk).total == 10.0
    history = sue.get(reverse("supervision:assessment:card", args=[a2.pk])).content.decode()
    assert "历年考核" in history and "第1版" in history and "第2版" in history


def test_published_pages_read_from_the_snapshot_alone(world, world_clients, records, monkeypatch):
    """A metric later renamed or dropped from the dictionary: the published pages still show it as defined."""
    from gongkai.core.metrics import dictionary

    sue, base = _setup(world, world_clients)
    sue.post(base + "publish/")
    pub = AssessmentPublication.objects.get()
    card = AssessmentScore.objects.get(agency=world.dept_a)
    monkeypatch.setattr(dictionary, "_BY_KEY", {k: v for k, v in dictionary._BY_KEY.items()
                                                if k != "messages_in_time_share"})
    for url in (reverse("supervision:assessment:ranking", args=[pub.pk]),
                reverse("supervision:assessment:card", args=[card.pk]),
                reverse("supervision:assessment:drill", args=[card.pk, "messages_in_time_share"])):
        response = sue.get(url)
        assert response.status_code == 200 and "留言按时答复率" in response.content.decode(), url


def test_drill_down_shows_records_without_personal_data(world, world_clients, records):
    sue, base = _setup(world, world_clients)
    sue.post(base + "publish/")
    card = AssessmentScore.objects.get(agency=world.dept_a)
    url = reverse("supervision:assessment:drill", args=[card.pk, "applications_late_share"])
    page = sue.get(url).content.decode()
    assert records["late"].number in page and records["on_time"].number in page
    for personal in (NAME, ID_NUMBER, PHONE, "zhang@example.org", "人民路1号"):
        assert personal not in page
    assert reverse("work:detail", args=[records["late"].pk]) not in page  # the supervisor cannot open it
    hits = sue.get(url + "?only=hits").content.decode()
    assert records["late"].number in hits and records["on_time"].number not in hits
    # The agency's own staff see their card and may open their applications.
    alice = world_clients["alice"]
    own = alice.get(url).content.decode()
    assert reverse("work:detail", args=[records["late"].pk]) in own
    messages = sue.get(reverse("supervision:assessment:drill", args=[card.pk, "messages_unanswered_3m"]))
    text = messages.content.decode()
    assert records["waiting"].tracking_code in text and "李四光" not in text and "13900139000" not in text
    assert sue.get(reverse("supervision:assessment:drill", args=[card.pk, "nosuch"])).status_code == 404


def test_isolation(world, world_clients, records):
    sue, base = _setup(world, world_clients)
    sue.post(base + "publish/")
    pub = AssessmentPublication.objects.get()
    card_a = AssessmentScore.objects.get(agency=world.dept_a)
    other = make_world(prefix="X")
    from django.test import Client

    sue_x = Client()
    sue_x.force_login(other.sue)
    for url in (base, base + "preview/", reverse("supervision:assessment:ranking", args=[pub.pk]),
                reverse("supervision:assessment:card", args=[card_a.pk]),
                reverse("supervision:assessment:drill", args=[card_a.pk, "applications_late_share"])):
        assert sue_x.get(url).status_code == 404, url
    assert sue_x.post(base + "publish/", {"reason": "x"}).status_code == 404
    assert sue_x.post(base + "indicators/late/delete/").status_code == 404
    assert AssessmentPublication.objects.count() == 1 and len(IndicatorSetDraft.objects.get().indicators) == 2
    alice, bob = world_clients["alice"], world_clients["bob"]
    assert alice.get(reverse("supervision:assessment:card", args=[card_a.pk])).status_code == 200
    assert bob.get(reverse("supervision:assessment:card", args=[card_a.pk])).status_code == 404
    assert alice.get(reverse("supervision:assessment:ranking", args=[pub.pk])).status_code == 404
    assert alice.get(base).status_code == 404
    assert "示例市甲局" in alice.get(reverse("supervision:assessment:index")).content.decode()
    assert world_clients["root"].get(reverse("supervision:assessment:index")).status_code == 404


def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(world, world_clients):
    sue, base = _setup(world, world_clients)
    r = sue.post(base + "indicators/new/", _form({**LATE, "key": "other", "formula": "applications_late_share * nosuch"}))
    assert r.status_code == 400
    assert "公式第 27 个字符处：指标“nosuch”不存在" in r.content.decode()
    r = sue.post(base + "indicators/new/", _form({**LATE, "key": "other", "formula": "(1 +"}))
    assert r.status_code == 400 and "语法错误" in r.content.decode()
    r = sue.post(base + "indicators/new/", _form(LATE))
    assert r.status_code == 400 and "已被其他指标使用" in r.content.decode()
    assert [d["key"] for d in IndicatorSetDraft.objects.get().indicators] == ["late", "msg"]
    # Weights not adding up: shown on the set page and refused at preview and publish.
    sue.post(base + "indicators/msg/delete/")
    assert "各项指标分值合计 60 分，与总分 100 分不一致" in sue.get(base).content.decode()
    assert "与总分 100 分不一致" in sue.get(base + "preview/", follow=True).content.decode()
    sue.post(base + "publish/")
    assert not AssessmentPublication.objects.exists()


def test_default_set_scores_the_website_from_the_recorded_check(world, world_clients, records):
    """The default set's 网站检查 comes from the year's latest recorded platform check (a frozen run): an agency
    with a run gets points from it and drills down to it; one nobody checked gets no points (N/A → zero)."""
    from gongkai.web.supervision.models import PlatformCheckRun
    from gongkai.web.supervision.platform_services import check_record

    run = check_record(agency=world.dept_a, at=date(YEAR, 9, 30), actor=world.sue, note="三季度抽查")
    PlatformCheckRun.objects.filter(pk=run.pk).update(verdict="合格", score=85, vetoes=0)
    sue = world_clients["sue"]
    base = f"/work/supervision/assessment/W/{YEAR}/"
    sue.post(base + "create/", {"source": "default"})
    assert "尚无数据来源" not in sue.get(base).content.decode()
    pub = services.publish(draft=IndicatorSetDraft.objects.get(), actor=world.sue)
    a = pub.scores.get(agency=world.dept_a)
    b = pub.scores.get(agency=world.dept_b)
    website = {d["key"]: d for d in a.indicators}["website"]
    assert website["points"] == 8.5 and a.metrics["website_check_score"]["refs"] == [run.pk]
    assert {d["key"]: d for d in b.indicators}["website"]["points"] == 0
    drill = sue.get(reverse("supervision:assessment:drill", args=[a.pk, "website_check_score"])).content.decode()
    assert "三季度抽查" in drill and reverse("supervision:platform_run", args=[run.pk]) in drill


def test_copy_last_year(world, world_clients):
    sue, base = _setup(world, world_clients)
    nothing_yet = world_clients["bob"].get(reverse("supervision:assessment:index"))
    assert nothing_yet.status_code == 200 and "本机关尚无已发布的考核结果" in nothing_yet.content.decode()
    r = sue.post(f"/work/supervision/assessment/W/{YEAR + 1}/create/", {"source": "copy"})
    assert r.status_code == 302
    assert [d["key"] for d in IndicatorSetDraft.objects.get(year=YEAR + 1).indicators] == ["late", "msg"]
    with pytest.raises(AssessmentError) as e:
        services.set_create(region=world.region, year=YEAR - 5, actor=world.sue, source="copy")
    assert "没有考核指标体系可以复制" in e.value.message
    with pytest.raises(AssessmentError) as e:
        services.set_create(region=world.region, year=YEAR, actor=world.alice, source="default")
    assert "只有本地区的监督员" in e.value.message


def test_demo_assessment(world):
    from gongkai.web.supervision.assessment.demo import load_assessment

    make_app(world, "replied", received=date(2025, 3, 3))
    first = load_assessment(region_code="W", year=2025, out=lambda _: None)
    assert first.created == 1 and first.agencies == 3 and first.left_out == ()
    pub = AssessmentPublication.objects.get()
    assert pub.total == 100 and pub.published_by == world.sue
    assert load_assessment(region_code="W", year=2025, out=lambda _: None).existing == 1
