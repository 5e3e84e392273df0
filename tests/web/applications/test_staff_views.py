"""The staff pages drive the whole workflow: every step is one POST to a service, answered with a redirect
(PRG) and recorded in the audit trail; refusals come back on the page in Chinese with the input kept."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.web.applications.models import Application, ApplicationEvent, Letter

from .conftest import ID_NUMBER, NAME, PHONE, make_app

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def act(client, app, action, **data):
    return client.post(reverse("work:act", args=[app.pk, action]), data)


def page_text(response) -> str:
    return response.content.decode()


def assert_done(response, app, action, events_before):
    """A successful step: a redirect to the detail page and exactly one new audit event for it."""
    assert response.status_code == 302, (action, page_text(response)[:3000])
    assert response["Location"] == reverse("work:detail", args=[app.pk])
    events = list(ApplicationEvent.objects.filter(application=app).order_by("id"))
    assert len(events) == events_before + 1, action
    assert events[-1].action == action
    return len(events)


def register_by_post(client, world, **extra):
    form = client.get(reverse("work:register"))
    assert form.status_code == 200
    data = {
        "agency": world.dept_a.pk, "channel": "ordinary_post", "submitted_at": "2026-03-02T09:30",
        "arrived_on": "2026-03-03", "received_on": "", "items": "1", "applicant_type": "natural_person", "applicant_name": NAME, "id_kind": "resident_id",
        "id_number": ID_NUMBER, "phone": PHONE, "email": "zhang@example.org", "address": "示例市人民路1号",
        "title": "2025年某地块征收补偿方案", "doc_number": "", "description": "含补偿标准", "purpose": "",
        "delivery_form": "electronic", "delivery_method": "email", "note": "",
        "idempotency_key": form.context["form"].initial["idempotency_key"],
    }
    data.update(extra)
    return client.post(reverse("work:register"), data)


def test_full_workflow_through_the_web(world):
    alice, amy = login(world.alice), login(world.amy)  # alice: registrar+handler+reviewer; amy: handler

    response = register_by_post(alice, world)
    assert response.status_code == 302
    app = Application.objects.get()
    assert response["Location"] == reverse("work:detail", args=[app.pk])
    assert app.state == "awaiting_confirmation" and app.received_on is None  # ordinary post: art. 31 confirmation
    n = ApplicationEvent.objects.filter(application=app).count()
    assert n == 1

    detail = alice.get(reverse("work:detail", args=[app.pk]))
    assert detail.status_code == 200
    body = page_text(detail)
    assert NAME in body and ID_NUMBER in body and PHONE in body  # full data for the handling agency only
    assert "确认收到申请" in body and "作出办理决定" not in body  # only the actions this state allows

    n = assert_done(act(alice, app, "confirm_receipt", on="2026-03-03"), app, "confirm_receipt", n)
    app.refresh_from_db()
    assert app.state == "received" and app.received_on == date(2026, 3, 3) and app.due_date == date(2026, 3, 31)

    n = assert_done(act(alice, app, "assign", assignee=world.amy.pk), app, "assign", n)
    n = assert_done(act(amy, app, "request_correction", items="请写明地块名称", period_days=10, on="2026-03-05"),
                    app, "request_correction", n)
    assert Letter.objects.filter(application=app, kind="correction", issued=False).exists()
    n = assert_done(act(amy, app, "receive_correction", text="某某地块", on="2026-03-10"),
                    app, "receive_correction", n)
    app.refresh_from_db()
    assert app.state == "received" and app.correction_received_on == date(2026, 3, 10)
    restarted_due = app.due_date
    assert restarted_due == date(2026, 4, 8)  # 20 working days from 11 March; 4–6 April 清明 off

    n = assert_done(act(amy, app, "start_consultation", party="某某置业公司", kind="third_party", on="2026-03-11"),
                    app, "start_consultation", n)
    n = assert_done(act(amy, app, "end_consultation", note="第三方不同意公开", on="2026-03-16"),
                    app, "end_consultation", n)
    app.refresh_from_db()
    assert app.state == "received" and app.due_date > restarted_due  # 11–16 March not counted

    # Extension: the office head's (art. 33 ¶2); a handler is refused in Chinese, nothing recorded.
    refused = act(amy, app, "extend", days=10, reason="需要调取档案", on="2026-03-17")
    assert refused.status_code == 400 and "公开工作机构负责人" in page_text(refused)
    assert ApplicationEvent.objects.filter(application=app).count() == n
    n = assert_done(act(alice, app, "extend", days=10, reason="需要调取档案", on="2026-03-17"), app, "extend", n)
    app.refresh_from_db()
    assert app.extension_days == 10

    reasons = "该信息涉及第三方商业秘密，第三方书面不同意公开。"
    n = assert_done(act(amy, app, "decide", outcome="withheld_third_party", variant="", basis="", reasons=reasons,
                        on="2026-03-20"), app, "decide", n)
    app.refresh_from_db()
    assert app.state == "decided" and "第十五条" in app.basis  # the suggested basis when none is written

    # A refusal is not issued before the reviewer approves it.
    early = act(amy, app, "issue_reply", on="2026-03-20")
    assert early.status_code == 400 and "审核" in page_text(early)
    assert not Letter.objects.filter(application=app, kind="reply", issued=True).exists()
    # Deciding twice: a clear error, the first decision stands.
    again = act(amy, app, "decide", outcome="disclosed", reasons="", on="2026-03-20")
    assert again.status_code == 400 and "不能进行“作出办理决定”操作" in page_text(again)
    app.refresh_from_db()
    assert app.outcome == "withheld_third_party"
    assert ApplicationEvent.objects.filter(application=app).count() == n

    # The decider may not approve her own decision; the reviewer does.
    n = assert_done(act(alice, app, "approve_decision", note="同意", on="2026-03-23"), app, "approve_decision", n)
    n = assert_done(act(amy, app, "issue_reply", on="2026-03-24"), app, "issue_reply", n)
    reply = Letter.objects.get(application=app, kind="reply")
    assert reply.issued and reply.issued_on == date(2026, 3, 24) and reply.number.endswith("号")
    n = assert_done(act(amy, app, "deliver", method="email", on="2026-03-25"), app, "deliver", n)
    n = assert_done(act(amy, app, "archive", on="2026-03-26"), app, "archive", n)
    app.refresh_from_db()
    assert app.state == "archived" and app.replied_on == date(2026, 3, 24)

    # The audit trail on the page: every step with who did it and the state change.
    body = page_text(alice.get(reverse("work:detail", args=[app.pk])))
    for label in ("登记申请", "确认收到申请", "告知补正", "收到补正申请", "征求意见", "结束征求意见", "延长答复期限",
                  "作出办理决定", "审核通过", "发出答复", "登记送达", "归档"):
        assert label in body, label
    assert "待发出答复 → 已答复" in body and "需要调取档案" in body
    # Archived: no workflow step is offered any more; a later review or lawsuit can still be recorded.
    offered = set(re.findall(r'class="action action-([a-z_]+)"', body))
    assert offered == {"record_review"}


def test_refused_action_keeps_the_input_and_explains(world):
    app = make_app(world, "received")
    response = act(login(world.amy), app, "decide", outcome="withheld_state_secret", reasons="",
                   basis="我写的依据", on="2026-03-10")
    assert response.status_code == 400
    body = page_text(response)
    assert "应当说明理由" in body
    assert "我写的依据" in body  # the user's input is kept
    app.refresh_from_db()
    assert app.state == "received" and not app.outcome


def test_extension_after_the_due_date_is_refused(world):
    app = make_app(world, "received")  # received 2 March 2026, due 30 March
    assert app.due_date == date(2026, 3, 30)
    response = act(login(world.alice), app, "extend", days=5, reason="情况复杂", on="2026-03-31")
    assert response.status_code == 400
    assert "答复期限已过，不能再延期" in page_text(response)
    app.refresh_from_db()
    assert app.extension_days == 0 and app.due_date == date(2026, 3, 30)
    too_long = act(login(world.alice), app, "extend", days=25, reason="情况复杂", on="2026-03-20")
    assert too_long.status_code == 400 and "延长工作日数" in page_text(too_long)


def test_issued_letters_cannot_be_edited(world):
    app = make_app(world, "replied")
    reply = app.letters.get(kind="reply")
    before = reply.content
    amy = login(world.amy)
    page = amy.get(reverse("work:letter", args=[reply.pk]))
    assert page.status_code == 200 and "已发出的文书不能修改" in page_text(page)
    assert "保存草稿" not in page_text(page)
    response = amy.post(reverse("work:letter", args=[reply.pk]), {"paragraphs": "改写后的正文", "basis": "x"})
    assert response.status_code == 400 and "已发出的文书不能修改" in page_text(response)
    reply.refresh_from_db()
    assert reply.content == before
    issue_again = amy.post(reverse("work:letter_issue", args=[reply.pk]), {"on": "2026-03-20"})
    assert issue_again.status_code == 400
    reply.refresh_from_db()
    assert reply.content == before


def test_queue_warnings_order_and_pagination(world, settings):
    from gongkai.web.applications import views_staff

    # Received long ago → overdue today (the test clock is the real one: these are all before 2026-11).
    old = make_app(world, "received", received=date(2026, 3, 2))
    make_app(world, "received", received=date(2026, 4, 1))
    closed = make_app(world, "archived", received=date(2026, 2, 2))
    alice = login(world.alice)
    response = alice.get(reverse("work:queue"))
    assert response.status_code == 200
    body = page_text(response)
    assert "已超期" in body and "张**" in body
    links = re.findall(r'href="/work/a/(\d+)/"', body)
    assert links[0] == str(old.pk) and str(closed.pk) not in links  # soonest due first; open ones only
    closed_tab = page_text(alice.get(reverse("work:queue") + "?which=closed"))
    assert f'href="/work/a/{closed.pk}/"' in closed_tab

    settings_page_size = views_staff.PAGE_SIZE
    views_staff.PAGE_SIZE = 1
    try:
        page2 = alice.get(reverse("work:queue") + "?which=open&page=2")
        assert page2.status_code == 200 and "第 2 / 2 页" in page_text(page2)
    finally:
        views_staff.PAGE_SIZE = settings_page_size


def test_queue_query_count_does_not_grow_with_rows(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    alice = login(world.alice)

    def queries_for_queue() -> tuple[int, int]:
        alice.get(reverse("work:queue"))  # warm the session and the calendar
        with CaptureQueriesContext(connection) as ctx:
            response = alice.get(reverse("work:queue") + "?which=open")
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["rows"])

    make_app(world, "received", received=date(2026, 3, 2))
    make_app(world, "correction_requested", received=date(2026, 3, 3))
    few, rows = queries_for_queue()
    assert rows == 2
    for i in range(12):
        make_app(world, "received", received=date(2026, 3, 2 + i % 5), title=f"信息{i}")
    many, rows = queries_for_queue()
    assert rows == 14 and many == few and many <= 12


def test_fee_preview_and_charge(world):
    app = make_app(world, "received")
    amy = login(world.amy)
    preview = amy.get(reverse("work:fee_preview", args=[app.pk]) + "?method=per_page&units=120")
    assert preview.status_code == 200 and preview.json()["amount_yuan"] == 70 * 10 + 20 * 20
    free = amy.get(reverse("work:fee_preview", args=[app.pk]) + "?method=per_page&units=30").json()
    assert free["amount_yuan"] == 0 and "免费" in free["text"]
    n = ApplicationEvent.objects.filter(application=app).count()
    assert_done(act(amy, app, "charge_fee", method="per_page", units=120, on="2026-03-05"), app, "charge_fee", n)
    app.refresh_from_db()
    assert app.state == "fee_pending" and app.fee.amount_yuan == 1100


def test_register_validation_shows_chinese_errors_and_stores_nothing(world):
    alice = login(world.alice)
    response = register_by_post(alice, world, channel="registered_post", received_on="")
    assert response.status_code == 400 and "签收日期" in page_text(response)
    response = register_by_post(alice, world, channel="in_person", id_number="110105194912310021")
    assert response.status_code == 400 and "身份证" in page_text(response)
    assert "110105194912310021" in page_text(response)  # input kept
    assert Application.objects.count() == 0
    ok = register_by_post(alice, world, channel="registered_post", received_on="2026-03-04")
    assert ok.status_code == 302
    app = Application.objects.get()
    assert app.state == "received" and app.received_on == date(2026, 3, 4)


def test_review_case_recorded_and_updated(world):
    app = make_app(world, "replied")
    amy = login(world.amy)
    n = ApplicationEvent.objects.filter(application=app).count()
    n = assert_done(act(amy, app, "record_review", kind="litigation", route="direct", body="示例市中级人民法院",
                        case_number="", filed_on="2026-04-10", result="pending", decided_on="", note=""),
                    app, "record_review", n)
    case = app.review_cases.get()
    bad = amy.post(reverse("work:case_update", args=[case.pk]), {"result": "upheld", "decided_on": "", "note": ""})
    assert bad.status_code == 400 and "审结日期" in page_text(bad)
    ok = amy.post(reverse("work:case_update", args=[case.pk]), {"result": "upheld", "decided_on": "2026-06-01"})
    assert ok.status_code == 302
    case.refresh_from_db()
    assert case.result == "upheld" and case.decided_on == date(2026, 6, 1)
    assert ApplicationEvent.objects.filter(application=app).count() == n + 1


def test_login_page_and_redirect(world):
    c = Client()
    page = c.get(reverse("work:login"))
    assert page.status_code == 200 and "工作人员登录" in page_text(page)
    bad = c.post(reverse("work:login"), {"username": "alice", "password": "wrong"})
    assert bad.status_code == 200 and "用户名或密码不正确" in page_text(bad)
    ok = c.post(reverse("work:login"), {"username": "alice", "password": "pw"})
    assert ok.status_code == 302 and ok["Location"] == reverse("work:queue")


FULL_PAYLOAD = {
    "on": "2026-03-20", "items": "请写明文号", "period_days": "10", "text": "补正内容", "party": "某某公司",
    "kind": "third_party", "note": "说明", "days": "5", "reason": "情况复杂", "method": "per_page", "units": "80",
    "outcome": "disclosed", "variant": "", "basis": "", "reasons": "", "other_agency_name": "",
    "other_agency_contact": "", "body": "示例市人民政府", "route": "", "case_number": "", "filed_on": "2026-04-01",
    "result": "pending", "decided_on": "", "assignee": "",
}


@pytest.mark.parametrize("state", ["awaiting_confirmation", "received", "correction_requested", "consulting",
                                   "fee_pending", "decided", "replied", "archived", "closed_without_reply"])
def test_no_action_in_any_state_ends_in_a_server_error(world, state):
    """Whatever is posted in whatever state: a redirect (done) or a 400 with a message, never a 500."""
    from gongkai.web.applications.actions import ACTIONS as ACTION_FORMS

    for action in ACTION_FORMS:
        app = make_app(world, state)
        client = login(world.alice)
        client.raise_request_exception = False
        response = act(client, app, action, **FULL_PAYLOAD)
        assert response.status_code in (302, 400), (state, action, response.status_code)
        if response.status_code == 400:
            assert 'role="alert"' in page_text(response), (state, action)


def test_decision_form_lists_table_three_with_verbatim_labels(world):
    from gongkai.core.applications.outcomes import OUTCOMES

    app = make_app(world, "received")
    body = page_text(login(world.amy).get(reverse("work:detail", args=[app.pk]) + "?open=decide"))
    for label in ("（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"):
        assert f'<optgroup label="{label}">' in body
    for o in OUTCOMES.values():
        assert re.search(rf'<option value="{o.key}"( disabled)?>{re.escape(o.label)}</option>', body), o.key
    # The two categories that only a lapsed correction or fee produce cannot be chosen.
    assert re.search(r'<option value="other_no_correction" disabled', body)
    assert re.search(r'<option value="other_fee_unpaid" disabled', body)
    assert re.search(r'<option value="disclosed">', body)
    assert 'class="action action-decide" open' in body
    assert 'id="outcome-data"' in body


def test_staff_who_cannot_act_see_who_must_act_next(world):
    app = make_app(world, "awaiting_confirmation")
    html = page_text(login(world.amy).get(reverse("work:detail", args=[app.pk])))  # amy: handler only
    assert "等待登记员" in html and "没有可进行的操作" not in html


def test_audit_trail_names_people_and_who_was_assigned(world):
    world.amy.first_name = "李梅"
    world.amy.save()
    world.alice.first_name = "王丽"
    world.alice.save()
    app = make_app(world, "received")
    act(login(world.alice), app, "assign", assignee=world.amy.pk)
    html = page_text(login(world.alice).get(reverse("work:detail", args=[app.pk])))
    events = html[html.index('id="events"'):]
    assert "王丽（alice）" in events and "分办给 李梅（amy）" in events
    event = app.events.get(action="assign")
    assert event.data == {"assignee": "amy", "assignee_name": "李梅"}


def test_art_35_period_and_notice_delivery_through_the_pages(world):
    alice = login(world.alice)
    app = make_app(world, "received")
    n = app.events.count()
    n = assert_done(act(alice, app, "set_reply_period", workdays=40, reason="申请数量明显超过合理范围，理由合理",
                        on="2026-03-05"), app, "set_reply_period", n)
    html = page_text(alice.get(reverse("work:detail", args=[app.pk])))
    assert "合理答复期限 40 个工作日" in html and "第三十五条" in html
    assert_done(act(alice, app, "charge_fee", method="per_page", units=120, on="2026-03-06"), app, "charge_fee", n)
    notice = Letter.objects.get(application=app, kind="fee")
    r = alice.post(reverse("work:letter_issue", args=[notice.pk]), {"on": "2026-03-06", "channel": "email"})
    assert r.status_code == 400 and "同时填写送达方式和送达日期" in page_text(r)
    r = alice.post(reverse("work:letter_issue", args=[notice.pk]), {"on": "2026-03-06"})
    assert r.status_code == 302
    r = alice.post(reverse("work:letter_delivery", args=[notice.pk]),
                   {"channel": "post", "delivered_on": "2026-03-09"})
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.fee.notice_received_on == date(2026, 3, 9) and app.fee.payment_due is not None
    html = page_text(alice.get(reverse("work:letter", args=[notice.pk])))
    assert "2026年3月9日" in html and "登记送达</button>" not in html


def test_queue_rows_show_dates_the_handler_a_shortened_title_and_the_page_links(world):
    """The row strings are made in Python (selectors.queue_rows) and only the queue's columns are loaded:
    what a row shows is unchanged, and an assigned handler costs no query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.web.applications import services

    long_title = "关于某地块征收补偿方案及其附件、听证笔录、评估报告和安置协议的全部政府信息" * 2
    assigned = make_app(world, "received", received=date(2026, 3, 2), title=long_title)
    services.application_assign(application=assigned, actor=world.alice, assignee=world.amy)
    unassigned = make_app(world, "awaiting_confirmation", received=date(2026, 3, 3))
    alice = login(world.alice)
    alice.get(reverse("work:queue"))
    with CaptureQueriesContext(connection) as ctx:
        response = alice.get(reverse("work:queue") + "?which=open")
    body = response.content.decode()
    assigned.refresh_from_db()
    row = body.split(f'href="/work/a/{assigned.pk}/"', 1)[1].split("</tr>", 1)[0]
    assert "2026-03-02" in row and assigned.due_date.isoformat() in row
    assert f'title="{long_title}"' in row and f">{long_title[:39]}…<" in row
    assert world.amy.username in row and "未分配" not in row
    other = body.split(f'href="/work/a/{unassigned.pk}/"', 1)[1].split("</tr>", 1)[0]
    assert "未分配" in other and "—" in other  # not yet received: no receipt date, no due date

    for _ in range(5):
        app = make_app(world, "received", received=date(2026, 3, 4))
        services.application_assign(application=app, actor=world.alice, assignee=world.amy)
    with CaptureQueriesContext(connection) as more:
        alice.get(reverse("work:queue") + "?which=open")
    assert len(more.captured_queries) == len(ctx.captured_queries)


def test_detail_lists_the_same_applicants_other_applications_of_this_agency_only(world, world_clients):
    from .conftest import make_app

    first = make_app(world, "received", title="2024年某路段拓宽工程征收公告")
    second = make_app(world, "received", title="2025年某地块征收补偿方案")
    other_person = make_app(world, "received", id_number="110105198001010016", title="另一人的申请")
    in_b = make_app(world, "received", agency=world.dept_b, title="乙局收到的同一人申请")

    page = world_clients[world.amy.username].get(reverse("work:detail", args=[second.pk])).content.decode()
    assert "同一申请人向本机关提出的其他申请（1 件）" in page
    assert first.number in page and "2024年某路段拓宽工程征收公告" in page
    assert other_person.number not in page.split('id="same-applicant"')[1].split("</section>")[0]
    assert "乙局收到的同一人申请" not in page  # another agency's application of the same person stays hidden

    lonely = world_clients[world.amy.username].get(reverse("work:detail", args=[other_person.pk])).content.decode()
    assert 'id="same-applicant"' not in lonely
    assert in_b.pk  # B's staff see only B's: nothing of A's applications on their page
    page_b = world_clients[world.bob.username].get(reverse("work:detail", args=[in_b.pk])).content.decode()
    assert 'id="same-applicant"' not in page_b
