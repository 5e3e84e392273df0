"""Following a case by tracking code + verification value: the generic refusal, what the case page shows
(status, due date with explanation and 暂定, letters, fee, masked name), letter downloads limited to the
session's own issued letters, the online correction that restarts the clock, rate limiting and logout."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from gongkai.core.clock import WorkCalendar, compute_deadline
from gongkai.web.applications import access, services
from gongkai.web.applications.models import Application, Attachment, Letter
from tests.web.applications.conftest import ID_NUMBER, NAME
from tests.web.applications.test_public import PNG, _public_urls  # noqa: F401  (autouse fixture)
from tests.web.conftest import TEST_TODAY

pytestmark = pytest.mark.django_db
VERIFY = ID_NUMBER[-6:]


def login(client: Client, app: Application, verification: str = VERIFY):
    return client.post(reverse("public:track"), {"code": app.tracking_code, "verification": verification})


def tracking(app: Application) -> Client:
    client = Client()
    r = login(client, app)
    assert r.status_code == 302 and r["Location"] == reverse("public:track_case")
    return client


def cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def test_wrong_verification_or_code_gets_one_generic_error(mkapp):
    app = mkapp("received")
    client = Client()
    answers = []
    for code, verification in [(app.tracking_code, "000000"), ("ABCD-EFGH-JKMN-PQRS", VERIFY),
                               (app.tracking_code, ID_NUMBER[-5:])]:
        r = client.post(reverse("public:track"), {"code": code, "verification": verification})
        assert r.status_code == 400
        assert f'value="{verification}"' not in r.content.decode()  # the secret is not echoed back
        answers.append(re.search(r'role="alert">([^<]+)<', r.content.decode()).group(1))
    assert set(answers) == {"查询码或验证信息不正确，请核对后重试。"}
    assert client.get(reverse("public:track_case")).status_code == 404


def test_code_is_read_leniently(mkapp):
    app = mkapp("received")
    formatted = services.format_tracking_code(app.tracking_code).lower()
    r = Client().post(reverse("public:track"), {"code": f" {formatted} ", "verification": VERIFY.lower()})
    assert r.status_code == 302


def test_case_page_shows_status_due_date_with_explanation_and_masked_name(mkapp):
    app = mkapp("received")
    html = tracking(app).get(reverse("public:track_case")).content.decode()
    due = compute_deadline(app.received_on, calendar=WorkCalendar.official(), as_of=TEST_TODAY)
    assert "办理中" in html and cn(app.received_on) in html and cn(due.due) in html
    for line in due.explanation:
        assert line in html
    assert "暂定" not in html
    assert "张**" in html and NAME not in html and ID_NUMBER not in html


def test_awaiting_confirmation_says_so(mkapp):
    app = mkapp("awaiting_confirmation")
    html = tracking(app).get(reverse("public:track_case")).content.decode()
    assert "待确认收到" in html and "等待确认收到" in html


def test_provisional_due_date_is_marked(mkapp):
    app = mkapp("received", received=date(2027, 12, 1))  # a year without the State Council's notice
    html = tracking(app).get(reverse("public:track_case")).content.decode()
    assert app.due_provisional
    assert 'class="badge provisional"' in html and "暂定" in html


def test_issued_letters_only_and_only_this_applications(mkapp, world):
    app = mkapp("replied")
    other = mkapp("replied")
    draft = mkapp("correction_requested")  # its correction notice is a draft: never shown
    client = tracking(app)
    html = client.get(reverse("public:track_case")).content.decode()
    letter = app.letters.get(issued=True)
    assert "已答复" in html and letter.title in html
    assert reverse("public:track_letter", args=[letter.pk]) in html
    r = client.get(reverse("public:track_letter", args=[letter.pk]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF") and r["Content-Type"] == "application/pdf"
    # another application's issued letter, and a draft, answer 404
    assert client.get(reverse("public:track_letter", args=[other.letters.get(issued=True).pk])).status_code == 404
    draft_letter = draft.letters.get(kind="correction")
    assert not draft_letter.issued
    draft_client = tracking(draft)
    assert draft_client.get(reverse("public:track_letter", args=[draft_letter.pk])).status_code == 404
    assert reverse("public:track_letter", args=[draft_letter.pk]) not in draft_client.get(
        reverse("public:track_case")).content.decode()
    # no session, no letters
    assert Client().get(reverse("public:track_letter", args=[letter.pk])).status_code == 404


def test_fee_notice_is_shown(mkapp, world):
    app = mkapp("fee_pending")
    html = tracking(app).get(reverse("public:track_case")).content.decode()
    fee = app.fee
    assert "待缴费" in html and f"{fee.amount_yuan} 元" in html and "自收到收费通知的次日起 20 个工作日" in html
    notice = Letter.objects.get(application=app, kind="fee")
    services.letter_issue(letter=notice, actor=world.amy, on=fee.notice_on)
    services.letter_record_delivery(letter=notice, actor=world.amy, channel="post",
                                    on=fee.notice_on + timedelta(days=3))
    fee.refresh_from_db()
    html = tracking(app).get(reverse("public:track_case")).content.decode()
    assert cn(fee.payment_due) in html and cn(fee.notice_received_on) in html


def test_online_correction_restarts_the_clock_and_is_recorded_as_the_applicant(mkapp):
    from django.core.files.uploadedfile import SimpleUploadedFile

    app = mkapp("correction_requested", received=date(2026, 11, 2))
    client = tracking(app)
    html = client.get(reverse("public:track_case")).content.decode()
    assert "待补正" in html and "请写明文件的文号" in html and reverse("public:track_correction") in html
    assert cn(app.correction_deadline) in html

    r = client.post(reverse("public:track_correction"),
                    {"text": "文号为示政发〔2025〕3号", "attachments": [SimpleUploadedFile("scan.pdf", PNG)]})
    assert r.status_code == 302
    app.refresh_from_db()
    today = TEST_TODAY
    assert app.state == "received" and app.correction_received_on == today
    expected = compute_deadline(app.received_on, calendar=WorkCalendar.official(), correction_received=today,
                                as_of=today)
    assert app.due_date == expected.due
    assert app.due_date != compute_deadline(app.received_on, calendar=WorkCalendar.official()).due
    event = app.events.get(action="receive_correction")
    assert event.actor is None and event.actor_label == "申请人" and event.on == today
    assert "示政发〔2025〕3号" in app.description
    assert Attachment.objects.get(application=app, purpose="correction").content_type == "image/png"
    html = client.get(reverse("public:track_case")).content.decode()
    assert cn(app.due_date) in html and "收到补正申请" in html

    # sending it again (a double click) changes nothing
    again = client.post(reverse("public:track_correction"), {"text": "再次补正"})
    assert again.status_code == 302
    assert app.events.filter(action="receive_correction").count() == 1
    app.refresh_from_db()
    assert "再次补正" not in app.description


def test_empty_or_bad_correction_is_refused(mkapp):
    from django.core.files.uploadedfile import SimpleUploadedFile

    app = mkapp("correction_requested", received=date(2026, 11, 2))
    client = tracking(app)
    r = client.post(reverse("public:track_correction"), {"text": "  "})
    assert r.status_code == 400 and "请填写补正内容或上传补正材料" in r.content.decode()
    r = client.post(reverse("public:track_correction"),
                    {"text": "见附件", "attachments": [SimpleUploadedFile("x.pdf", b"MZ\x90\x00" * 50)]})
    assert r.status_code == 400 and "文件扩展名为 .pdf，但内容不是 PDF" in r.content.decode()
    app.refresh_from_db()
    assert app.state == "correction_requested" and app.correction_received_on is None
    assert not Attachment.objects.filter(application=app).exists()


def test_correction_form_needs_the_tracking_session(mkapp):
    app = mkapp("correction_requested", received=date(2026, 11, 2))
    r = Client().post(reverse("public:track_correction"), {"text": "文号为示政发〔2025〕3号"})
    assert r.status_code == 404
    app.refresh_from_db()
    assert app.state == "correction_requested"


def test_tracking_is_rate_limited(mkapp, settings):
    settings.GONGKAI_TRACK_RATE_PER_HOUR = 2
    app = mkapp("received")
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert login(client, app, "000000").status_code == 400
    assert login(client, app, "111111").status_code == 400
    r = login(client, app)  # even the right value waits: the limit counts attempts
    assert r.status_code == 429 and "次数已达上限" in r.content.decode()
    assert client.get(reverse("public:track_case")).status_code == 404
    assert login(Client(REMOTE_ADDR="203.0.113.10"), app).status_code == 302


def test_logout_forgets_the_case(mkapp):
    app = mkapp("received")
    client = tracking(app)
    assert client.get(reverse("public:track_case")).status_code == 200
    r = client.post(reverse("public:track_logout"))
    assert r.status_code == 302
    assert client.get(reverse("public:track_case")).status_code == 404


def test_tracking_a_submitted_application_end_to_end(world):
    """Submit online, then follow it with the code and the last six characters of the ID number."""
    from tests.web.applications.test_public import fields, form_url, open_form

    client = Client()
    key = open_form(client, world.dept_a)
    client.post(form_url(world.dept_a), fields(key))
    app = Application.objects.get()
    assert access.verification_value(app) == VERIFY
    # Confirmed with the applicant the working day after it was submitted online (art. 31).
    confirmed = TEST_TODAY + timedelta(days=1)
    services.application_confirm_receipt(application=app, actor=world.alice, on=confirmed)
    html = tracking(app).get(reverse("public:track_case")).content.decode()
    assert "办理中" in html and cn(confirmed) in html and "网上提交申请" in html
    assert Letter.objects.filter(application=app, issued=True).count() == 0 and "暂无已发出的告知书" in html


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_correction_after_the_case_was_closed_is_refused_in_chinese(mkapp):
    app = mkapp("closed_without_reply", received=date(2026, 10, 1))
    client = tracking(app)
    html = client.get(reverse("public:track_case")).content.decode()
    assert "终止办理" in html and reverse("public:track_correction") not in html
    r = client.post(reverse("public:track_correction"), {"text": "迟到的补正"})
    assert r.status_code == 400 and "本申请当前不需要补正" in r.content.decode()
    app.refresh_from_db()
    assert app.state == "closed_without_reply" and "迟到的补正" not in app.description
