"""Engagement records: the services (rules, audit, linked items), the staff pages (isolation: the agency's staff
write, supervisors read, everyone else 404), the all-or-nothing import, and the yearly counts."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from gongkai.web.engagement import services_records as services
from gongkai.web.engagement.models import EngagementRecord, Message, MessageBox
from gongkai.web.engagement.models_records import RecordEvent
from gongkai.web.engagement.stats import engagement_year
from tests.web.engagement.conftest import publish_item

pytestmark = pytest.mark.django_db

PRESS = {"kind": "press_conference", "held_on": date(2026, 3, 5), "topic": "优化营商环境新闻发布会",
         "speakers": "甲局局长", "channel": "门户网站"}


def test_create_links_published_items_and_records_who_and_when(world):
    item = publish_item(world)
    record = services.record_create(agency=world.dept_a, actor=world.alice, values=PRESS, item_ids=[item.pk])
    assert list(record.items.all()) == [item] and record.created_by == world.alice
    event = RecordEvent.objects.get(record_id=record.pk)
    assert event.action == "created" and event.actor == world.alice and event.data["items"] == [item.pk]
    with pytest.raises(ValueError):
        event.delete()


def test_items_of_another_agency_or_unpublished_are_refused(world):
    other = publish_item(world, agency=world.dept_b, title="乙局文件", doc_number="示乙发〔2026〕1号")
    with pytest.raises(services.InvalidRecord) as exc:
        services.record_create(agency=world.dept_a, actor=world.alice, values=PRESS, item_ids=[other.pk])
    assert "本机关已发布" in exc.value.problems["items"]
    assert not EngagementRecord.objects.exists() and not RecordEvent.objects.exists()


def test_rules_speak_chinese(world):
    with pytest.raises(services.InvalidRecord) as exc:
        services.record_create(agency=world.dept_a, actor=world.alice,
                               values={"kind": "training", "held_on": date(2027, 1, 1), "topic": ""},
                               today=date(2026, 11, 25))
    assert set(exc.value.problems) == {"held_on", "topic", "participants"}
    assert "晚于今天" in exc.value.problems["held_on"]


def test_only_the_agencys_staff_write(world):
    for actor in (world.bob, world.sue, world.root):
        with pytest.raises(services.RecordRefused):
            services.record_create(agency=world.dept_a, actor=actor, values=PRESS)


def test_update_and_delete_are_audited(world):
    record = services.record_create(agency=world.dept_a, actor=world.alice, values=PRESS)
    services.record_update(record=record, actor=world.amy, values={**PRESS, "topic": "改后的主题"})
    services.record_delete(record=EngagementRecord.objects.get(pk=record.pk), actor=world.alice)
    events = list(RecordEvent.objects.filter(record_id=record.pk).order_by("id"))
    assert [(e.action, e.actor.username) for e in events] == [("created", "alice"), ("changed", "amy"),
                                                              ("deleted", "alice")]
    assert events[2].data["topic"] == "改后的主题" and not EngagementRecord.objects.exists()


def _csv(text: str) -> bytes:
    return ("\ufeff" + text).encode("utf-8")


def test_import_is_all_or_nothing_with_row_errors(world):
    item = publish_item(world)
    good = (f"类型,日期,主题,人数,相关政府信息\n发布会,2026-03-05,营商环境发布会,,{item.index_no}\n"
            "培训,2026年4月1日,政务公开培训,45人次,\n")
    assert services.records_import(agency=world.dept_a, actor=world.alice, data=_csv(good), filename="a.csv") == 2
    assert EngagementRecord.objects.filter(agency=world.dept_a).count() == 2
    assert EngagementRecord.objects.get(kind="training").participants == 45
    assert list(EngagementRecord.objects.get(kind="press_conference").items.all()) == [item]
    bad = ("类型,日期,主题,人数,相关政府信息\n发布会,2026-05-05,好的一行,,\n讲座,2026-13-01,,,\n"
           "培训,2026-06-01,没有人数,,\n会议,2026-06-02,会议,,11100000000000000X/2026-00001\n")
    with pytest.raises(services.RecordImportError) as exc:
        services.records_import(agency=world.dept_a, actor=world.alice, data=_csv(bad), filename="b.csv")
    errors = exc.value.errors
    assert any(e.startswith("第3行：类型“讲座”无法识别") for e in errors)
    assert any(e.startswith("第3行：日期“2026-13-01”") for e in errors)
    assert any(e.startswith("第3行：主题不能为空") for e in errors)
    assert any(e.startswith("第4行：培训班须填写培训人数") for e in errors)
    assert any(e.startswith("第5行：") and "索引号" in e for e in errors)
    assert not any(e.startswith("第2行") for e in errors)
    assert EngagementRecord.objects.filter(agency=world.dept_a).count() == 2  # nothing of the bad file


def test_import_reads_xlsx(world):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["类型", "日期", "主题"])
    ws.append(["舆情回应", date(2026, 7, 1), "回应暴雨积水问题"])
    buf = io.BytesIO()
    wb.save(buf)
    assert services.records_import(agency=world.dept_a, actor=world.alice, data=buf.getvalue(),
                                   filename="r.xlsx") == 1
    assert EngagementRecord.objects.get().held_on == date(2026, 7, 1)


def _message(world, *, received, due, replied=None, state="received", published=False):
    box, _ = MessageBox.objects.get_or_create(agency=world.dept_a, kind="leader", name="局长信箱")
    n = Message.objects.count() + 1
    from datetime import UTC, datetime, time

    return Message.objects.create(
        box=box, agency=world.dept_a, tracking_code=f"T{n:05d}", writer_name="某", subject="问题", body="内容",
        received_at=datetime.combine(received, time(9), tzinfo=UTC), received_on=received, due_on=due, state=state,
        replied_on=replied, published=published)


def test_engagement_year_counts_records_and_messages(world):
    for values in (PRESS, {**PRESS, "held_on": date(2025, 12, 31)},
                   {"kind": "training", "held_on": date(2026, 2, 1), "topic": "培训一", "participants": 30},
                   {"kind": "training", "held_on": date(2026, 9, 1), "topic": "培训二", "participants": 12},
                   {"kind": "hotspot_response", "held_on": date(2026, 8, 1), "topic": "回应"}):
        services.record_create(agency=world.dept_a, actor=world.alice, values=values)
    # Mon 2026-03-02 → replied Wed 03-04 (2 working days, in time); Mon 03-09 → replied Mon 03-23 (10, late)
    _message(world, received=date(2026, 3, 2), due=date(2026, 3, 16), replied=date(2026, 3, 4), state="replied",
             published=True)
    _message(world, received=date(2026, 3, 9), due=date(2026, 3, 20), replied=date(2026, 3, 23), state="replied")
    _message(world, received=date(2026, 4, 1), due=date(2026, 4, 15), state="invalid")
    _message(world, received=date(2025, 4, 1), due=date(2025, 4, 15), replied=date(2025, 4, 2), state="replied")
    y = engagement_year([world.dept_a.pk], 2026)
    assert (y.press_conferences, y.trainings, y.trainees, y.hotspot_responses, y.meetings) == (1, 2, 42, 1, 0)
    assert (y.messages_received, y.messages_valid, y.messages_answered, y.messages_answered_in_time,
            y.messages_published) == (3, 2, 2, 1, 1)
    assert y.messages_average_workdays == 6.0
    assert engagement_year([world.dept_b.pk], 2026).empty


# --- pages -------------------------------------------------------------------------------------------------

def test_staff_list_create_edit_and_delete_through_the_pages(world, world_clients):
    c = world_clients["alice"]
    url = reverse("engagement:record_new") + f"?agency={world.dept_a.pk}"
    bad = c.post(url, {"agency": world.dept_a.pk, "kind": "training", "held_on": "2026-05-01", "topic": "培训"})
    assert bad.status_code == 400 and "培训班须填写培训人数" in bad.content.decode()
    ok = c.post(url, {"agency": world.dept_a.pk, "kind": "training", "held_on": "2026-05-01", "topic": "政务公开培训",
                      "participants": "60"})
    assert ok.status_code == 302
    record = EngagementRecord.objects.get()
    page = c.get(reverse("engagement:records") + f"?agency={world.dept_a.pk}&year=2026").content.decode()
    assert "政务公开培训" in page and "60" in page
    r = c.post(reverse("engagement:record_edit", args=[record.pk]),
               {"kind": "training", "held_on": "2026-05-01", "topic": "改名的培训", "participants": "61"})
    assert r.status_code == 302 and EngagementRecord.objects.get().participants == 61
    detail = c.get(reverse("engagement:record", args=[record.pk])).content.decode()
    assert "修改" in detail and "登记" in detail
    assert c.post(reverse("engagement:record_delete", args=[record.pk])).status_code == 302
    assert not EngagementRecord.objects.exists()


def test_isolation_other_staff_404_supervisor_reads_only(world, world_clients):
    record = services.record_create(agency=world.dept_a, actor=world.alice, values=PRESS)
    bob, sue, root = world_clients["bob"], world_clients["sue"], world_clients["root"]
    for c in (bob, root):
        assert c.get(reverse("engagement:record", args=[record.pk])).status_code == 404
        assert c.get(reverse("engagement:records") + f"?agency={world.dept_a.pk}").status_code == 404
        assert c.post(reverse("engagement:record_delete", args=[record.pk])).status_code == 404
    assert sue.get(reverse("engagement:record", args=[record.pk])).status_code == 200
    listing = sue.get(reverse("engagement:records") + f"?agency={world.dept_a.pk}&year=2026")
    assert listing.status_code == 200 and "优化营商环境新闻发布会" in listing.content.decode()
    for name in ("engagement:record_edit", "engagement:record_delete"):
        assert sue.get(reverse(name, args=[record.pk])).status_code == 404
    assert sue.get(reverse("engagement:record_new") + f"?agency={world.dept_a.pk}").status_code == 404
    assert sue.post(reverse("engagement:record_import") + f"?agency={world.dept_a.pk}").status_code == 404
    assert EngagementRecord.objects.filter(pk=record.pk).exists()


def test_import_page_shows_every_row_error(world, world_clients):
    c = world_clients["alice"]
    url = reverse("engagement:record_import") + f"?agency={world.dept_a.pk}"
    f = io.BytesIO(_csv("类型,日期,主题\n发布会,2026-03-05,\n讲座,2026-03-06,x\n"))
    f.name = "x.csv"
    r = c.post(url, {"agency": world.dept_a.pk, "file": f})
    body = r.content.decode()
    assert r.status_code == 400 and "第2行：主题不能为空" in body and "第3行：类型“讲座”无法识别" in body
    assert not EngagementRecord.objects.exists()
