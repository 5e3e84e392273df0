"""The public side of the message boxes: write → receipt with 查询码 and due date → status by code →
staff reply → publication with the writer's data removed; input errors in Chinese, nothing half-saved,
CSRF, rate limits, the link from the agency's home page."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client

from gongkai.web.engagement import services
from gongkai.web.engagement.models import Message, MessageEvent
from tests.web.conftest import SHANGHAI
from tests.web.engagement.conftest import BODY, NAME, PHONE, open_form, submit, write

pytestmark = pytest.mark.django_db


def _code(html: str) -> str:
    return re.search(r'class="tracking-code">([0-9A-Z\-]+)<', html).group(1)


def test_write_receipt_status_reply_and_publication(world, box_a):
    client = Client()
    r = write(client, box_a)
    assert r.status_code == 302 and r["Location"] == f"/gk/{world.dept_a.code}/messages/done/"
    message = Message.objects.get()
    assert (message.writer_name, message.contact, message.may_publish) == (NAME, PHONE, True)
    # received Wednesday 25 Nov 2026 at 10:00 (a working day, office hours): due 10 working days later
    assert message.received_on == date(2026, 11, 25) and message.due_on == date(2026, 12, 9)

    done = client.get(r["Location"]).content.decode()
    code = _code(done)
    assert code.replace("-", "") == message.tracking_code
    assert "2026年12月9日前" in done

    stranger = Client()
    status = stranger.post(f"/gk/{world.dept_a.code}/messages/track/", {"code": code.lower()}).content.decode()
    assert "已收到，待办理" in status and "工地夜间施工噪音扰民" in status
    assert NAME not in status and PHONE not in status  # the status page never shows the writer's data

    services.message_reply(message=message, actor=world.alice, text="经核查，该工地已办理夜间施工许可，我局已要求其22时后停止高噪声作业。")
    status = stranger.post(f"/gk/{world.dept_a.code}/messages/track/", {"code": code}).content.decode()
    assert "已答复" in status and "22时后停止高噪声作业" in status

    index = Client().get(f"/gk/{world.dept_a.code}/messages/").content.decode()
    assert "工地夜间施工噪音扰民" not in index  # replied, not yet published

    question, reply = services.scrubbed_for_publication(Message.objects.get())
    assert NAME not in question.text and PHONE not in question.text and "幸福小区" not in question.text
    services.message_publish(message=message, actor=world.alice, question=question.text, reply=reply.text)
    index = Client().get(f"/gk/{world.dept_a.code}/messages/").content.decode()
    assert "工地夜间施工噪音扰民" in index and "夜里施工到凌晨两点" in index and "22时后停止高噪声作业" in index
    assert NAME not in index and PHONE not in index and "幸福小区" not in index
    assert "【电话号码已隐去】" in index and "×××" in index


def test_a_message_after_hours_on_a_holiday_eve_is_received_after_the_holiday(world, box_a):
    with time_machine.travel(datetime(2026, 9, 30, 18, 30, tzinfo=SHANGHAI), tick=False):
        assert write(Client(), box_a).status_code == 302
    message = Message.objects.get()
    assert message.received_on == date(2026, 10, 8)
    assert message.due_on == date(2026, 10, 21)  # 10 working days from 9 Oct, the make-up Saturday 10th included


def test_invalid_input_is_refused_field_by_field_in_chinese_and_nothing_is_saved(world, box_a):
    r = write(Client(), box_a, writer_name="", contact="1391234567", subject="", body="太吵")
    assert r.status_code == 400
    html = r.content.decode()
    for text in ("请填写姓名。", "手机号码应为11位，当前为10位。", "请填写留言标题。", "留言内容过短（至少10个字），请写明具体事项。"):
        assert text in html
    assert Message.objects.count() == 0 and MessageEvent.objects.count() == 0
    r = write(Client(), box_a, contact="someone@")
    assert "电子邮箱格式不正确" in r.content.decode()
    client = Client()
    key = open_form(client, world.dept_a)
    r = client.post(f"/gk/{world.dept_a.code}/messages/write/", {"idempotency_key": key, "writer_name": NAME,
                                                                 "contact": PHONE, "subject": "x", "body": BODY})
    assert r.status_code == 400 and "请选择信箱。" in r.content.decode()
    assert Message.objects.count() == 0


def test_an_inactive_box_takes_no_message(world, box_a):
    box_a.active = False
    box_a.save()
    r = Client().get(f"/gk/{world.dept_a.code}/messages/write/")
    assert "本机关暂未开设网上留言信箱" in r.content.decode()
    with pytest.raises(services.MessageRefused) as exc:
        submit(box_a)
    assert exc.value.message == "该信箱已停用，请选择其他信箱。"


def test_a_failure_while_recording_leaves_nothing_half_saved(world, box_a, monkeypatch):
    from gongkai.web.common import audit_trail

    def broken(head_model, event):
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit_trail, "append", broken)
    with pytest.raises(RuntimeError):
        submit(box_a)
    assert Message.objects.count() == 0 and MessageEvent.objects.count() == 0


def test_the_same_form_sent_twice_makes_one_message(world, box_a):
    client = Client()
    key = open_form(client, world.dept_a)
    data = {"box": str(box_a.pk), "idempotency_key": key, "writer_name": NAME, "contact": PHONE,
            "subject": "重复提交", "body": BODY}
    assert client.post(f"/gk/{world.dept_a.code}/messages/write/", data).status_code == 302
    assert client.post(f"/gk/{world.dept_a.code}/messages/write/", data).status_code == 302
    assert Message.objects.count() == 1
    # a key this session never rendered is not trusted: the page asks to send again, keeping the input
    r = Client().post(f"/gk/{world.dept_a.code}/messages/write/", data)
    assert r.status_code == 400 and "页面已过期" in r.content.decode() and Message.objects.count() == 1


def test_csrf_is_enforced(world, box_a):
    client = Client(enforce_csrf_checks=True)
    key = open_form(client, world.dept_a)
    data = {"box": str(box_a.pk), "idempotency_key": key, "writer_name": NAME, "contact": PHONE,
            "subject": "噪音", "body": BODY}
    assert client.post(f"/gk/{world.dept_a.code}/messages/write/", data).status_code == 403
    token = client.cookies[django_settings.CSRF_COOKIE_NAME].value
    r = client.post(f"/gk/{world.dept_a.code}/messages/write/", {**data, "csrfmiddlewaretoken": token})
    assert r.status_code == 302 and Message.objects.count() == 1


def test_submissions_and_lookups_are_rate_limited(world, box_a, settings):
    settings.GONGKAI_SUBMIT_RATE_PER_HOUR = 1
    settings.GONGKAI_TRACK_RATE_PER_HOUR = 1
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert write(client, box_a).status_code == 302
    r = write(client, box_a, subject="第二条")
    assert r.status_code == 429 and "提交留言" in r.content.decode()
    assert Message.objects.count() == 1
    url = f"/gk/{world.dept_a.code}/messages/track/"
    assert client.post(url, {"code": "AAAA-BBBB-CCCC-DDDD"}).status_code == 400
    assert client.post(url, {"code": "AAAA-BBBB-CCCC-DDDD"}).status_code == 429


def test_the_public_never_sees_unpublished_or_other_agencies_messages(world, box_a, box_b):
    mine = submit(box_a, subject="甲局的留言")
    other = submit(box_b, subject="乙局的留言")
    services.message_reply(message=other, actor=world.bob, text="已答复乙局留言。")
    index = Client().get(f"/gk/{world.dept_a.code}/messages/").content.decode()
    assert "甲局的留言" not in index and "乙局的留言" not in index
    # a code only opens its message on its own agency's page
    r = Client().post(f"/gk/{world.dept_a.code}/messages/track/", {"code": other.tracking_code})
    assert r.status_code == 400 and "查询码不正确" in r.content.decode() and "乙局的留言" not in r.content.decode()
    r = Client().post(f"/gk/{world.dept_b.code}/messages/track/", {"code": other.tracking_code})
    assert r.status_code == 200 and "已答复乙局留言" in r.content.decode()
    # the receipt page shows only what this browser sent
    assert Client().get(f"/gk/{world.dept_a.code}/messages/done/").status_code == 404
    assert mine.tracking_code not in index


def test_published_list_is_paginated_newest_first(world, box_a):
    from datetime import timedelta

    for i in range(17):
        with time_machine.travel(datetime(2026, 6, 1, 10, tzinfo=SHANGHAI) + timedelta(days=7 * i), tick=False):
            m = submit(box_a, subject=f"留言第{i:02d}号")
            services.message_reply(message=m, actor=world.alice, text="答复。")
            services.message_publish(message=m, actor=world.alice, question="问题内容。", reply="答复。")
    first = Client().get(f"/gk/{world.dept_a.code}/messages/").content.decode()
    assert first.index("留言第16号") < first.index("留言第15号") and "留言第01号" not in first
    assert "第 1 / 2 页" in first
    second = Client().get(f"/gk/{world.dept_a.code}/messages/?page=2").content.decode()
    assert "留言第01号" in second and "留言第00号" in second and "留言第16号" not in second


def test_the_agency_home_page_links_the_message_boxes(world):
    html = Client().get(f"/gk/{world.dept_a.code}/").content.decode()
    assert f'href="/gk/{world.dept_a.code}/messages/"' in html and "互动交流" in html
