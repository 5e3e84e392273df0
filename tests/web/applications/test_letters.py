"""Letters through the staff pages: drafts are editable, issuing freezes them, and the DOCX/PDF downloads carry
the applicant's name and the remedy statement correct for the reply date."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pypdfium2
import pytest
from django.test import Client
from django.urls import reverse

from gongkai.core.applications.remedy import remedy_statement
from gongkai.web.applications import services
from gongkai.web.applications.models import Letter

from .conftest import NAME, make_app

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_draft_is_editable_and_issue_freezes_it(world):
    app = make_app(world, "correction_requested")
    draft = app.letters.get(kind="correction")
    assert not draft.issued
    amy = login(world.amy)
    page = amy.get(reverse("work:letter", args=[draft.pk]))
    assert page.status_code == 200 and "保存草稿" in page.content.decode()

    edited = "请补正：所需信息的文号或者地块名称。\n\n请于期限内提交。"
    response = amy.post(reverse("work:letter", args=[draft.pk]), {"paragraphs": edited, "basis": "依据条例第三十条"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.content["paragraphs"] == ["请补正：所需信息的文号或者地块名称。", "请于期限内提交。"]
    assert draft.content["basis"] == "依据条例第三十条"
    assert app.events.filter(action="edit_letter").count() == 1

    empty = amy.post(reverse("work:letter", args=[draft.pk]), {"paragraphs": "  \n\n ", "basis": ""})
    assert empty.status_code == 400 and "正文不能为空" in empty.content.decode()

    response = amy.post(reverse("work:letter_issue", args=[draft.pk]), {"on": "2026-03-04"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.issued and draft.issued_on == date(2026, 3, 4) and draft.issued_by == world.amy
    assert re.fullmatch(r"示例市甲局依申公〔2026〕\d+号", draft.number)
    assert draft.content["paragraphs"] == ["请补正：所需信息的文号或者地块名称。", "请于期限内提交。"]
    frozen = (draft.content, bytes(draft.docx), bytes(draft.pdf))

    refused = amy.post(reverse("work:letter", args=[draft.pk]), {"paragraphs": "再改", "basis": ""})
    assert refused.status_code == 400 and "已发出的文书不能修改" in refused.content.decode()
    draft.refresh_from_db()
    assert (draft.content, bytes(draft.docx), bytes(draft.pdf)) == frozen
    again = amy.post(reverse("work:letter_issue", args=[draft.pk]), {"on": "2026-03-05"})
    assert again.status_code == 400 and "已经发出" in again.content.decode()
    draft.refresh_from_db()
    assert (draft.content, bytes(draft.docx), bytes(draft.pdf)) == frozen
    with pytest.raises(ValueError):
        draft.title = "改"
        draft.save()

    # The frozen files are what the downloads return.
    docx = amy.get(reverse("work:letter_docx", args=[draft.pk]))
    assert docx.status_code == 200 and docx["Content-Type"] == DOCX_TYPE and docx.content == frozen[1]
    assert "attachment" in docx["Content-Disposition"]
    pdf = amy.get(reverse("work:letter_pdf", args=[draft.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content == frozen[2]


def test_draft_downloads_render_the_current_draft(world):
    app = make_app(world, "correction_requested")
    draft = app.letters.get(kind="correction")
    amy = login(world.amy)
    amy.post(reverse("work:letter", args=[draft.pk]), {"paragraphs": "草稿里写的特别段落。", "basis": ""})
    docx = amy.get(reverse("work:letter_docx", args=[draft.pk]))
    assert docx["Content-Type"] == DOCX_TYPE and "草稿里写的特别段落" in docx_text(docx.content)
    pdf = amy.get(reverse("work:letter_pdf", args=[draft.pk]))
    assert pdf.content.startswith(b"%PDF") and "草稿里写的特别段落" in squash(pdf_text(pdf.content))
    draft.refresh_from_db()
    assert not draft.issued and draft.docx is None


def _refusal_replied_on(world, reply_day: date):
    """A refusal decided, approved and replied on `reply_day` (received three weeks earlier)."""
    app = make_app(world, "received", received=date(2023, 12, 4))
    services.application_decide(application=app, actor=world.amy, outcome="withheld_internal_affairs",
                                reasons="属于内部工作流程信息。", on=date(2023, 12, 28))
    services.application_approve_decision(application=app, actor=world.alice, on=date(2023, 12, 29))
    amy = login(world.amy)
    response = amy.post(reverse("work:act", args=[app.pk, "issue_reply"]), {"on": reply_day.isoformat()})
    assert response.status_code == 302
    return app.letters.get(kind="reply", issued=True)


@pytest.mark.parametrize("reply_day, first", [(date(2023, 12, 31), False), (date(2024, 1, 1), True)])
def test_reply_downloads_carry_name_and_the_remedy_for_the_reply_date(world, reply_day, first):
    letter = _refusal_replied_on(world, reply_day)
    body = world.dept_a.reconsideration_body_effective
    assert body == "示例市人民政府"
    expected = remedy_statement(reply_date=reply_day, refusal=True, reconsideration_body=body, you="你")
    other = remedy_statement(reply_date=date(2024, 1, 1) if not first else date(2023, 12, 31), refusal=True,
                             reconsideration_body=body, you="你")
    assert expected != other
    assert letter.content["remedy"] == expected
    assert ("应当先向" in expected) is first

    amy = login(world.amy)
    docx = amy.get(reverse("work:letter_docx", args=[letter.pk]))
    assert docx.status_code == 200 and docx["Content-Type"] == DOCX_TYPE
    text = docx_text(docx.content)
    assert NAME in text and expected in text and other not in text
    assert letter.number in text

    pdf = amy.get(reverse("work:letter_pdf", args=[letter.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    ptext = squash(pdf_text(pdf.content))
    assert NAME in ptext and squash(expected) in ptext and squash(other) not in ptext

    # The page shows the same frozen letter, read-only.
    page = amy.get(reverse("work:letter", args=[letter.pk])).content.decode()
    assert expected in page and "保存草稿" not in page


def test_reply_draft_is_replaced_by_a_new_decision_and_issued_with_staff_edits(world):
    app = make_app(world, "decided")
    amy, alice = login(world.amy), login(world.alice)
    draft = app.letters.get(kind="reply", issued=False)
    paragraphs = draft.content["paragraphs"] + ["承办人补充的一段说明。"]
    assert amy.post(reverse("work:letter", args=[draft.pk]),
                    {"paragraphs": "\n\n".join(paragraphs), "basis": draft.content["basis"]}).status_code == 302
    # The reply is issued from the application page, not as a procedural notice.
    refused = amy.post(reverse("work:letter_issue", args=[draft.pk]), {"on": "2026-03-12"})
    assert refused.status_code == 400 and "发出答复" in refused.content.decode()
    assert alice.post(reverse("work:act", args=[app.pk, "approve_decision"]), {"on": "2026-03-12"}).status_code == 302
    assert amy.post(reverse("work:act", args=[app.pk, "issue_reply"]), {"on": "2026-03-13"}).status_code == 302
    reply = Letter.objects.get(application=app, kind="reply")
    assert reply.issued and reply.content["paragraphs"][-1] == "承办人补充的一段说明。"
    assert NAME == reply.content["addressee"]


@pytest.mark.parametrize("applicant_type, you", [("natural_person", "你"), ("commercial", "你单位"),
                                                 ("legal_services", "你单位")])
def test_letters_address_the_applicant_by_applicant_type(world, applicant_type, you):
    from gongkai.core.applications.identity import uscc_checksum

    extra = {}
    if applicant_type != "natural_person":
        body = "91350100M000100Y4"
        extra = dict(applicant_type=applicant_type, applicant_name="示例律师事务所", id_kind="uscc",
                     id_number=body + uscc_checksum(body), contact_person="王五")
    app = make_app(world, "correction_requested", **extra)
    draft = app.letters.get(kind="correction")
    text = "".join(draft.content["paragraphs"])
    assert f"请{you}于" in text and f"{you}无正当理由逾期不补正的" in text
    assert "你（单位）" not in text and (you == "你单位") == ("你单位" in text)
    pdf = login(world.amy).get(reverse("work:letter_pdf", args=[draft.pk]))
    assert f"请{you}于" in squash(pdf_text(pdf.content))
