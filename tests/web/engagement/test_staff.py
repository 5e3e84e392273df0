"""Staff side of the message boxes: the queue with warnings and filters, the actions through the pages,
isolation (another agency's staff and supervisors get 404 and never see writer data), box management by
the agency admin, the audit trail of every change, and the daily reminders."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection

from gongkai.cli import main
from gongkai.web.engagement import reminders, services
from gongkai.web.engagement.audit import verify_chain
from gongkai.web.engagement.models import Message, MessageBox, MessageEvent
from tests.web.conftest import SHANGHAI
from tests.web.engagement.conftest import NAME, PHONE, submit

pytestmark = pytest.mark.django_db


def _at(d: date, hour: int = 10) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=SHANGHAI)


def test_the_queue_warns_about_overdue_and_due_soon_messages(world, world_clients, box_a):
    with time_machine.travel(_at(date(2026, 10, 12)), tick=False):
        late = submit(box_a, subject="早就该答复的留言")            # due 26 Oct
    with time_machine.travel(_at(date(2026, 11, 10)), tick=False):
        soon = submit(box_a, subject="快到期的留言")                # due 24 Nov + ... see below
    fresh = submit(box_a, subject="刚收到的留言")                    # today 25 Nov: due 9 Dec
    soon.refresh_from_db()
    assert soon.due_on == date(2026, 11, 24)
    Message.objects.filter(pk=soon.pk).update(due_on=date(2026, 11, 27))  # two working days from today
    html = world_clients["alice"].get("/work/engagement/messages/").content.decode()
    assert "1 条留言已超过答复期限" in html and "1 条将在 2 个工作日内到期" in html
    assert 'class="warn-overdue"' in html and 'class="warn-due_soon"' in html
    overdue = world_clients["alice"].get("/work/engagement/messages/?due=overdue").content.decode()
    assert late.subject in overdue and "快到期的留言" not in overdue and fresh.subject not in overdue
    soon_page = world_clients["alice"].get("/work/engagement/messages/?due=soon").content.decode()
    assert "快到期的留言" in soon_page and late.subject not in soon_page
    # by default the open messages, earliest due first; a replied one only under 全部
    done = submit(box_a, subject="已经答复的留言")
    services.message_reply(message=done, actor=world.alice, text="答复。")
    default = world_clients["alice"].get("/work/engagement/messages/").content.decode()
    assert done.subject not in default
    assert default.index(late.subject) < default.index("快到期的留言") < default.index(fresh.subject)
    assert done.subject in world_clients["alice"].get("/work/engagement/messages/?due=all").content.decode()


def test_queue_filters_by_box_and_state(world, world_clients, box_a):
    other = MessageBox.objects.create(agency=world.dept_a, kind="suggest", name="建议箱", reply_workdays=15)
    a = submit(box_a, subject="信箱一的留言")
    b = submit(other, subject="建议箱的留言")
    services.message_mark_invalid(message=b, actor=world.alice, reason="advertising")
    client = world_clients["alice"]
    html = client.get(f"/work/engagement/messages/?box={other.pk}").content.decode()
    assert b.subject in html and a.subject not in html
    html = client.get("/work/engagement/messages/?state=invalid").content.decode()
    assert b.subject in html and a.subject not in html


def test_staff_act_through_the_pages_and_every_change_is_audited(world, world_clients, box_a):
    message = submit(box_a)
    client = world_clients["alice"]
    page = client.get(f"/work/engagement/messages/{message.pk}/").content.decode()
    assert NAME in page and PHONE in page  # the agency's own staff see the writer
    r = client.post(f"/work/engagement/messages/{message.pk}/assign/", {"assignee": world.amy.pk})
    assert r.status_code == 302
    r = world_clients["amy"].post(f"/work/engagement/messages/{message.pk}/reply/", {"text": ""})
    assert r.status_code == 400 and "请填写答复内容。" in r.content.decode()
    r = world_clients["amy"].post(f"/work/engagement/messages/{message.pk}/reply/",
                                  {"text": "已转城管执法部门核查，夜间22时后禁止施工。"})
    assert r.status_code == 302
    page = client.get(f"/work/engagement/messages/{message.pk}/").content.decode()
    assert "幸福小区" not in page.split("公开留言和答复")[1].split("</form>")[0]  # the review form is scrubbed
    # staff edit the scrubbed text; text that still names the writer is refused
    r = client.post(f"/work/engagement/messages/{message.pk}/publish/",
                    {"question": f"{NAME}反映工地夜间施工噪音。", "reply": "已核查。"})
    assert r.status_code == 400 and "公开的留言中仍含有个人信息（姓名），请删除后再公开。" in r.content.decode()
    assert not Message.objects.get().published
    r = client.post(f"/work/engagement/messages/{message.pk}/publish/",
                    {"question": "反映工地夜间施工噪音。", "reply": "已转城管执法部门核查，夜间22时后禁止施工。"})
    assert r.status_code == 302 and Message.objects.get().published
    r = client.post(f"/work/engagement/messages/{message.pk}/unpublish/", {"reason": ""})
    assert r.status_code == 400 and "请说明撤下公开的原因。" in r.content.decode()
    r = client.post(f"/work/engagement/messages/{message.pk}/unpublish/", {"reason": "留言人要求撤下"})
    assert r.status_code == 302
    fresh = Message.objects.get()
    assert not fresh.published and fresh.published_question == ""

    actions = list(MessageEvent.objects.filter(message=message).order_by("id").values_list("action", "to_state"))
    assert actions == [("submit", "received"), ("assign", "assigned"), ("reply", "replied"),
                       ("publish", "replied"), ("unpublish", "replied")]
    events = list(MessageEvent.objects.order_by("id"))
    assert events[0].actor is None and events[1].actor == world.alice and events[2].actor == world.amy
    assert events[4].reason == "留言人要求撤下"
    # no writer data in the trail
    for e in events:
        assert NAME not in str(e.chain_fields()) and PHONE not in str(e.chain_fields())
    assert verify_chain() == (5, None)


def test_audit_verify_walks_the_engagement_trail_and_names_an_edit(world, box_a, capsys):
    message = submit(box_a)
    services.message_reply(message=message, actor=world.alice, text="答复。")
    assert main(["audit", "verify"]) == 0
    assert "engagement: 2 event(s), chain intact" in capsys.readouterr().out
    victim = MessageEvent.objects.order_by("id").first().pk
    with connection.cursor() as cur:
        # around the model, as someone with database access would (and around the PostgreSQL trigger)
        if connection.vendor == "postgresql":
            cur.execute("SET session_replication_role = replica")
        cur.execute(f"UPDATE {MessageEvent._meta.db_table} SET action = 'edited' WHERE id = %s", [victim])
        if connection.vendor == "postgresql":
            cur.execute("SET session_replication_role = DEFAULT")
    assert main(["audit", "verify"]) == 1
    assert f"engagement: chain broken after 0 intact event(s): event {victim}" in capsys.readouterr().err


def test_invalid_needs_a_listed_reason_and_closes_the_message(world, world_clients, box_a):
    message = submit(box_a)
    client = world_clients["alice"]
    r = client.post(f"/work/engagement/messages/{message.pk}/invalid/", {"reason": ""})
    assert r.status_code == 400 and "请选择无效原因：重复留言、广告、辱骂或无实质内容。" in r.content.decode()
    r = client.post(f"/work/engagement/messages/{message.pk}/invalid/", {"reason": "duplicate", "note": "与前一条相同"})
    assert r.status_code == 302
    fresh = Message.objects.get()
    assert fresh.state == "invalid" and fresh.invalid_reason == "重复留言：与前一条相同"
    r = client.post(f"/work/engagement/messages/{message.pk}/reply/", {"text": "答复"})
    assert r.status_code == 400 and "无效留言不能答复。" in r.content.decode()


def test_publication_needs_the_writers_consent_and_a_reply(world, box_a):
    no = submit(box_a, may_publish=None)
    with pytest.raises(services.MessageRefused) as exc:
        services.message_publish(message=no, actor=world.alice, question="问", reply="答")
    assert exc.value.message == "留言人未同意公开，不能公开该留言。"
    services.message_reply(message=no, actor=world.alice, text="答复。")
    with pytest.raises(services.MessageRefused) as exc:
        services.message_publish(message=no, actor=world.alice, question="问", reply="答")
    assert exc.value.message == "留言人未同意公开，不能公开该留言。"
    yes = submit(box_a)
    with pytest.raises(services.MessageRefused) as exc:
        services.message_publish(message=yes, actor=world.alice, question="问", reply="答")
    assert exc.value.message == "只能公开已答复的留言。"
    assert not Message.objects.filter(published=True).exists()
    assert MessageEvent.objects.filter(action="publish").count() == 0


def test_assignment_only_to_colleagues(world, box_a):
    message = submit(box_a)
    with pytest.raises(services.MessageRefused) as exc:
        services.message_assign(message=message, actor=world.alice, assignee=world.bob)
    assert exc.value.message == "只能分办给本机关的工作人员。"
    assert Message.objects.get().assignee is None


def test_another_agencys_staff_and_supervisors_get_404_and_see_no_writer_data(world, world_clients, box_a, box_b):
    message = submit(box_a)
    url = f"/work/engagement/messages/{message.pk}/"
    for name in ("bob", "sue", "root"):
        client = world_clients[name]
        assert client.get(url).status_code == 404
        for action, data in (("assign", {"assignee": ""}), ("reply", {"text": "x"}),
                             ("invalid", {"reason": "abuse"}), ("publish", {"question": "q", "reply": "r"}),
                             ("unpublish", {"reason": "r"})):
            assert client.post(url + f"{action}/", data).status_code == 404
        queue = client.get("/work/engagement/messages/").content.decode()
        assert message.subject not in queue and NAME not in queue and PHONE not in queue
    with pytest.raises(services.MessageRefused):
        services.message_reply(message=message, actor=world.bob, text="越权答复")
    with pytest.raises(services.MessageRefused):
        services.message_reply(message=message, actor=world.sue, text="越权答复")
    assert Message.objects.get().state == "received"
    assert MessageEvent.objects.count() == 1
    assert world_clients["alice"].get(url).status_code == 200


def test_box_management_is_for_the_agency_admin(world, world_clients, box_b):
    bob = world_clients["bob"]
    r = bob.post("/work/engagement/boxes/new/", {"agency": world.dept_b.pk, "kind": "suggest", "name": "",
                                                  "reply_workdays": "0"})
    html = r.content.decode()
    assert r.status_code == 400 and "请填写信箱名称，如：局长信箱。" in html and "答复时限应为 1 至 60 个工作日之间的整数。" in html
    r = bob.post("/work/engagement/boxes/new/", {"agency": world.dept_b.pk, "kind": "consult", "name": "咨询留言",
                                                  "reply_workdays": "5"})
    assert r.status_code == 400 and "本机关已有名为“咨询留言”的咨询。" in r.content.decode()
    r = bob.post("/work/engagement/boxes/new/", {"agency": world.dept_b.pk, "kind": "suggest", "name": "意见建议",
                                                  "reply_workdays": "15", "active": "on"})
    assert r.status_code == 302
    assert MessageBox.objects.filter(agency=world.dept_b, name="意见建议", reply_workdays=15).exists()
    r = bob.post(f"/work/engagement/boxes/{box_b.pk}/", {"kind": "consult", "name": "咨询留言",
                                                          "reply_workdays": "7", "active": "on"})
    assert r.status_code == 302 and MessageBox.objects.get(pk=box_b.pk).reply_workdays == 7
    # alice is not an agency admin: no box of B, no new box; a handler cannot save through the service
    assert world_clients["alice"].get(f"/work/engagement/boxes/{box_b.pk}/").status_code == 404
    assert world_clients["alice"].get("/work/engagement/boxes/new/").status_code == 404
    with pytest.raises(services.MessageRefused) as exc:
        services.box_save(agency=world.dept_a, actor=world.alice, kind="leader", name="局长信箱", reply_workdays=10)
    assert exc.value.message == "只有本机关的机关管理员可以进行此操作。"


def test_daily_reminders_go_to_the_assignee_or_the_agencys_distributors(world, box_a, box_b, settings):
    with time_machine.travel(_at(date(2026, 10, 12)), tick=False):
        overdue = submit(box_a)
        services.message_assign(message=overdue, actor=world.alice, assignee=world.amy)
    with time_machine.travel(_at(date(2026, 11, 23)), tick=False):
        soon = submit(box_b)  # B's box: 5 working days → due 30 Nov
    later = submit(box_a)  # due 9 Dec: not yet
    sent = reminders.send_reminders(today=date(2026, 11, 26))
    by_user = {r.username: r for r in sent}
    assert set(by_user) == {"amy", "bob"}
    assert by_user["amy"].overdue == (overdue.tracking_code,) and by_user["amy"].due_soon == ()
    assert by_user["bob"].due_soon == (soon.tracking_code,)
    assert later.tracking_code not in str(sent)
    assert len(mail.outbox) == 2
    body = "\n".join(m.body for m in mail.outbox)
    assert NAME not in body and PHONE not in body and overdue.tracking_code in body
    # three working days before its due date the message is not yet due soon
    assert all(soon.tracking_code not in r.due_soon for r in reminders.collect(today=date(2026, 11, 25)))
    assert any(soon.tracking_code in r.due_soon for r in reminders.collect(today=date(2026, 11, 26)))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_refuses_to_change_a_message_event(world, box_a):
    from django.db import DatabaseError, transaction

    submit(box_a)
    with pytest.raises(DatabaseError, match="insert-only"), transaction.atomic():
        MessageEvent.objects.update(reason="rewritten")
    with pytest.raises(DatabaseError, match="insert-only"), transaction.atomic():
        MessageEvent.objects.all()._raw_delete(MessageEvent.objects.db)


def test_the_admin_lists_messages_read_only_without_writer_data(world, world_clients, box_a):
    message = submit(box_a)
    root = world_clients["root"]
    listing = root.get("/admin/engagement/message/")
    assert listing.status_code == 200 and message.tracking_code in listing.content.decode()
    page = root.get(f"/admin/engagement/message/{message.pk}/change/").content.decode()
    assert message.subject in page and NAME not in page and PHONE not in page
    assert root.post(f"/admin/engagement/message/{message.pk}/delete/", {"post": "yes"}).status_code == 403
    event = MessageEvent.objects.get()
    assert root.get(f"/admin/engagement/messageevent/{event.pk}/change/").status_code == 200
    assert root.post(f"/admin/engagement/messageevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Message.objects.count() == 1 and MessageEvent.objects.count() == 1
