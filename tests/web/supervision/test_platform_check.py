"""The own-platform check from the registry and the message boxes, at past dates; its pages and their isolation."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.web.agencies.world import make_world
from tests.web.registry.conftest import publish_item, with_codes

pytestmark = pytest.mark.django_db

NEWS = dict(title="甲局召开安全生产工作会议", doc_number="", genre="news", art20=["13"], written_on=None,
            formed_on=None, subject="0302")
NOTICE = dict(title="关于开展2026年度检查的通知", doc_number="", genre="notice", art20=["5"], written_on=None,
              formed_on=None, subject="0302")


@pytest.fixture
def w(db):
    return with_codes(make_world())


def box(agency, kind="consult"):
    from gongkai.web.engagement.models import MessageBox

    return MessageBox.objects.create(agency=agency, kind=kind, name=f"{agency.name}咨询")


def message(b, received: date, replied: date | None = None, state: str | None = None, due: date | None = None):
    from gongkai.web.engagement.models import Message

    n = Message.objects.count() + 1
    return Message.objects.create(
        box=b, agency=b.agency, tracking_code=f"T{n:06d}", writer_name="张三", contact="13800000000",
        subject="咨询办事时间", body="请问办理时间", received_at=datetime.combine(received, time(9), UTC),
        received_on=received, due_on=due or received + timedelta(days=14),
        state=state or ("replied" if replied else "received"), replied_on=replied,
        replied_at=datetime.combine(replied, time(10), UTC) if replied else None)


def fill_statutory(w, agency, on: date):
    """One item filed under every 法定主动公开内容 item of the agency's platform, and its 制度 column: no empty
    columns (a real platform fills them over time; here one item stands for them)."""
    from gongkai.web.portal.platform import info

    codes = list(info(agency).statutory)
    publish_item(w, agency=agency, on=on, **{**NEWS, "genre": "other_document", "art20": codes,
                                             "title": "机关综合信息"})
    publish_item(w, agency=agency, on=on, **{**NEWS, "genre": "other_document", "art20": [],
                                             "platform_column": "system", "title": "政府信息公开工作制度"})


def check(agency, at):
    from gongkai.web.supervision.platform_selectors import platform_check

    return platform_check(agency, at)


def test_a_kept_platform_passes_and_a_neglected_one_is_vetoed(w):
    on = date(2026, 11, 20)
    fill_statutory(w, w.dept_a, date(2026, 6, 1))
    publish_item(w, on=on, **NEWS)
    publish_item(w, on=on - timedelta(days=40), **NOTICE)
    box(w.dept_a)
    c = check(w.dept_a, date(2026, 11, 25))
    assert c.website.vetoes == ()
    assert c.website.passed and c.website.score == 100, c.website.deductions
    news = next(s for s in c.website.columns if s.key == "genre:news")
    assert news.last_update == on and news.items == 1 and not news.stale
    assert c.website.home_last_update == on
    # B publishes nothing and has no message box: home page, channel, and ≥ 5 empty columns
    b = check(w.dept_b, date(2026, 11, 25)).website
    assert {v.label for v in b.vetoes} == {"首页不更新", "栏目不更新", "互动回应差"}
    # empty: 工作动态, 通知公告, (二) 机关职能…, (七) 财政预算、决算, 政府信息公开制度; the other statutory items
    # follow the agency's functions and are not counted empty
    (empty,) = [v for v in b.vetoes if v.label == "栏目不更新"]
    assert {r.key for r in empty.refs} == {"genre:news", "genre:notice", "statutory:2", "statutory:7", "system"}


def test_the_check_at_a_past_date_sees_only_what_was_published_then_and_not_yet_withdrawn(w):
    from gongkai.web.registry import services

    first = publish_item(w, on=date(2026, 9, 1), **NEWS)
    publish_item(w, on=date(2026, 10, 20), **{**NEWS, "title": "甲局第二条动态"})
    services.item_withdraw(item=first, actor=w.alice, reason="内容有误", on=date(2026, 10, 1))
    box(w.dept_a)

    before = check(w.dept_a, date(2026, 9, 10))
    news = next(s for s in before.website.columns if s.key == "genre:news")
    assert news.items == 1 and news.last_update == date(2026, 9, 1)
    assert not any(v.label == "首页不更新" for v in before.website.vetoes)

    after_withdrawal = check(w.dept_a, date(2026, 10, 10))  # withdrawn on 10-01, the second not yet there
    news = next(s for s in after_withdrawal.website.columns if s.key == "genre:news")
    assert news.items == 0 and news.empty
    assert any(v.label == "首页不更新" for v in after_withdrawal.website.vetoes)

    later = check(w.dept_a, date(2026, 10, 25))
    news = next(s for s in later.website.columns if s.key == "genre:news")
    assert news.items == 1 and news.last_update == date(2026, 10, 20)


def test_stale_columns_deduct_and_name_their_column(w):
    publish_item(w, on=date(2026, 11, 20), **{**NEWS, "genre": "statistics", "art20": ["4"]})
    publish_item(w, on=date(2026, 11, 1), **NEWS)  # news 24 days old at the check: 2-week rule
    box(w.dept_a)
    c = check(w.dept_a, date(2026, 11, 25))
    news = [f for f in c.website.deductions if f.indicator == "news_update"]
    assert len(news) == 1 and news[0].refs[0].key == "genre:news" and "工作动态" in news[0].text


def test_messages_unanswered_for_three_months_veto_with_their_ids_invalid_ones_do_not(w):
    publish_item(w, on=date(2026, 11, 20), **NEWS)
    b = box(w.dept_a)
    late = message(b, date(2026, 7, 1))
    message(b, date(2026, 7, 2), state="invalid")
    message(b, date(2026, 7, 3), replied=date(2026, 7, 10))
    message(b, date(2025, 6, 1))  # more than a year before: out of the window
    c = check(w.dept_a, date(2026, 11, 25))
    (veto,) = [v for v in c.website.vetoes if v.label == "互动回应差"]
    assert [r.key for r in veto.refs] == [str(late.pk)]
    # on 2026-09-15 the July message was 2.5 months old: overdue (deduction), not yet a veto
    c = check(w.dept_a, date(2026, 9, 15))
    assert not any(v.label == "互动回应差" for v in c.website.vetoes)
    assert [r.key for f in c.website.deductions if f.indicator == "message_handling" for r in f.refs] == [str(late.pk)]


def test_policy_document_without_interpretation_deducts_until_one_is_published(w):
    policy = publish_item(w, on=date(2026, 11, 10))
    box(w.dept_a)
    publish_item(w, on=date(2026, 11, 20), **NEWS)
    c = check(w.dept_a, date(2026, 11, 21))
    assert [r.key for f in c.website.deductions if f.indicator == "interpretation" for r in f.refs] == [str(policy.pk)]
    publish_item(w, on=date(2026, 11, 22), title="《若干措施》政策解读", doc_number="", genre="interpretation",
                 art20=[], interprets=policy, written_on=None, formed_on=None)
    assert not [f for f in check(w.dept_a, date(2026, 11, 23)).website.deductions if f.indicator == "interpretation"]
    assert [f for f in check(w.dept_a, date(2026, 11, 21)).website.deductions if f.indicator == "interpretation"]


def test_region_checks_take_a_fixed_number_of_queries(w):
    from gongkai.web.agencies.selectors import subtree_ids
    from gongkai.web.supervision.platform_selectors import region_checks

    for _ in range(3):
        publish_item(w, on=date(2026, 11, 20), **NEWS)
        publish_item(w, agency=w.dept_b, on=date(2026, 11, 20), **NEWS)
    box(w.dept_a)
    ids = subtree_ids(w.region)
    with CaptureQueriesContext(connection) as q:
        checks = region_checks(ids, date(2026, 11, 25))
    assert [c.agency.pk for c in checks] == ids
    assert len(q.captured_queries) <= 15


# --- pages ------------------------------------------------------------------------------------------------

def client_for(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


def test_agency_page_for_own_staff_and_the_supervisor_only(w):
    publish_item(w, on=date(2026, 11, 20), **NEWS)
    url = reverse("supervision:platform_agency", args=[w.dept_a.pk])
    page = client_for(w.alice).get(url, {"at": "2026-11-25"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "互动回应差" in text and "工作动态" in text and "2026-11-20" in text
    assert client_for(w.sue).get(url).status_code == 200
    for user in (w.bob, w.root):
        assert client_for(user).get(url).status_code == 404
    assert client_for(w.alice).get(reverse("supervision:platform_agency", args=[w.dept_b.pk])).status_code == 404


def test_bad_or_future_date_is_explained_in_chinese(w):
    url = reverse("supervision:platform_agency", args=[w.dept_a.pk])
    text = client_for(w.alice).get(url, {"at": "2026-02-30"}).content.decode()
    assert "检查日期“2026-02-30”无效" in text
    assert "不能晚于今天" in client_for(w.alice).get(url, {"at": "2099-01-01"}).content.decode()


def test_region_view_is_for_supervisors(w):
    publish_item(w, on=date(2026, 11, 20), **NEWS)
    url = reverse("supervision:platform_region", args=[w.region.pk])
    page = client_for(w.sue).get(url, {"at": "2026-11-25"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "示例市甲局" in text and "示例市乙局" in text and "不合格" in text
    assert ">示例市</a>" not in text  # the 地区 node has no platform
    box(w.dept_a)
    fill_statutory(w, w.dept_a, date(2026, 11, 1))
    publish_item(w, on=date(2026, 11, 20), **NOTICE)
    failed = client_for(w.sue).get(url, {"at": "2026-11-25", "only": "failed"}).content.decode()
    assert "示例市甲局" not in failed and "示例市乙局" in failed
    assert client_for(w.alice).get(url).status_code == 404
    assert client_for(w.root).get(url).status_code == 404
    assert client_for(w.sue).get(reverse("supervision:platform_index"))["Location"] == url
    assert client_for(w.alice).get(reverse("supervision:platform_index"))["Location"] == \
        reverse("supervision:platform_agency", args=[w.dept_a.pk])


def test_message_list_shows_no_writer_data_to_the_supervisor(w):
    b = box(w.dept_a)
    m = message(b, date(2026, 7, 1))
    url = reverse("supervision:platform_messages", args=[w.dept_a.pk])
    sup = client_for(w.sue).get(url, {"at": "2026-11-25", "ids": str(m.pk)}).content.decode()
    assert "2026-07-01" in sup
    for secret in ("张三", "13800000000", "请问办理时间", "咨询办事时间", m.tracking_code):
        assert secret not in sup
    staff = client_for(w.alice).get(url, {"at": "2026-11-25", "ids": str(m.pk)}).content.decode()
    assert "咨询办事时间" in staff and "张三" not in staff
    # another agency's message id is not shown through A's page
    other = message(box(w.dept_b), date(2026, 7, 1))
    assert "2026-07-01" not in client_for(w.bob).get(
        reverse("supervision:platform_messages", args=[w.dept_b.pk]), {"ids": str(m.pk)}).content.decode()
    assert other.pk != m.pk


def test_column_page_lists_the_items_as_of_the_date(w):
    item = publish_item(w, on=date(2026, 11, 20), **NEWS)
    url = reverse("supervision:platform_column", args=[w.dept_a.pk, "genre:news"])
    assert item.title in client_for(w.sue).get(url, {"at": "2026-11-25"}).content.decode()
    assert item.title not in client_for(w.sue).get(url, {"at": "2026-11-19"}).content.decode()
    assert client_for(w.sue).get(reverse("supervision:platform_column", args=[w.dept_a.pk, "nope"])).status_code == 404


def test_recording_a_check_freezes_it(w):
    from gongkai.web.supervision.models import PlatformCheckRun

    publish_item(w, on=date(2026, 11, 20), **NEWS)
    url = reverse("supervision:platform_record", args=[w.dept_a.pk])
    response = client_for(w.sue).post(url, {"at": "2026-11-25", "note": "第四季度抽查"})
    assert response.status_code == 302
    run = PlatformCheckRun.objects.get()
    assert (run.checked_on, run.recorded_by, run.verdict, run.note) == (date(2026, 11, 25), w.sue, "不合格", "第四季度抽查")
    assert {v["label"] for v in run.snapshot["website"]["vetoes"]} == {"互动回应差"}
    box(w.dept_a)  # later changes do not alter the recorded run
    run.refresh_from_db()
    assert len(run.snapshot["website"]["vetoes"]) == 1
    page = client_for(w.alice).get(reverse("supervision:platform_run", args=[run.pk]))
    assert page.status_code == 200 and "第四季度抽查" in page.content.decode()
    assert client_for(w.bob).get(reverse("supervision:platform_run", args=[run.pk])).status_code == 404
    assert client_for(w.bob).post(url, {"at": "2026-11-25"}).status_code == 404


def test_quarter_ends_for_the_date_picker():
    from gongkai.web.supervision.platform_views import _quarters

    assert _quarters(date(2026, 11, 25)) == [date(2026, 9, 30), date(2026, 6, 30), date(2026, 3, 31),
                                              date(2025, 12, 31)]
    assert _quarters(date(2026, 12, 31), 2) == [date(2026, 12, 31), date(2026, 9, 30)]


def _docx(text: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_an_attachment_whose_file_is_gone_is_a_deduction_naming_it(w, settings, tmp_path):
    from pathlib import Path

    from gongkai.web.registry import services

    settings.MEDIA_ROOT = str(tmp_path)
    box(w.dept_a)
    on = date(2026, 11, 20)
    item = services.item_create(agency=w.dept_a, actor=w.alice, fields={**NEWS, "body_html": "<p>会议。</p>",
                                                                        "channels": ["portal"]}, today=on)
    att = services.attachment_add(item=item, actor=w.alice, name="会议纪要.docx", data=_docx("会议纪要：研究部署安全生产工作。"))
    services.item_review(item=item, actor=w.alice, passed=True, on=on)
    services.item_approve(item=item, actor=w.alice, on=on)
    services.item_publish(item=item, actor=w.alice, on=on)
    assert not [f for f in check(w.dept_a, date(2026, 11, 25)).website.deductions if f.indicator == "links"]
    (Path(settings.MEDIA_ROOT) / att.stored_path).unlink()
    (f,) = [f for f in check(w.dept_a, date(2026, 11, 25)).website.deductions if f.indicator == "links"]
    assert "会议纪要.docx" in f.text and [r.key for r in f.refs] == [str(item.pk), str(att.pk)]
    page = client_for(w.sue).get(reverse("supervision:platform_agency", args=[w.dept_a.pk]), {"at": "2026-11-25"})
    assert reverse("portal:item_file", args=[item.pk, att.pk]) in page.content.decode()


def test_a_supervisor_of_another_region_sees_nothing_here(w):
    other = make_world(prefix="X")
    for name in ("platform_agency", "platform_region"):
        pk = w.dept_a.pk if name == "platform_agency" else w.region.pk
        assert client_for(other.sue).get(reverse(f"supervision:{name}", args=[pk])).status_code == 404
    assert client_for(w.sue).get(reverse("supervision:platform_agency", args=[other.dept_a.pk])).status_code == 404
    assert client_for(other.sue).get(reverse("supervision:platform_region", args=[other.region.pk])).status_code == 200
