import io
import json
from dataclasses import replace
from datetime import date

import docx
import pypdfium2 as pdfium
import pytest

from gongkai.core.applications.letters import (
    LETTER_TITLES,
    PROCEDURAL_KINDS,
    REPLY_KINDS,
    Letter,
    LetterContext,
    compose,
)
from gongkai.core.applications.outcomes import OUTCOMES
from gongkai.core.applications.render_docx import render_docx
from gongkai.core.applications.render_pdf import render_pdf
from gongkai.core.errors import InvalidApplication, InvalidLetter

CTX = LetterContext(
    agency_name="示例市自然资源和规划局", date=date(2026, 3, 20), applicant_name="张三", addressee_kind="person",
    agency_contact="示例市人民路1号，0571-12345678", reconsideration_body="示例市人民政府",
    court="示例市西湖区人民法院", number="示自然资依申复〔2026〕12号", received=date(2026, 3, 2),
    request_text="2025年度示例区土地征收补偿方案", reasons="该信息包含被征收人的身份信息和补偿金额，属于个人隐私",
    provision_form="电子数据", provision_route="电子邮件", other_agency_name="示例市住房和城乡建设局",
    other_agency_contact="0571-87654321", correction_items="请写明所需信息的文号或者形成时间。",
    correction_notice_date=date(2026, 3, 4), correction_deadline=date(2026, 3, 18), extension_days=20,
    delay_workdays=45,
    new_due=date(2026, 4, 28), due=date(2026, 3, 30), third_party="示例置业有限公司",
    consultation_sent=date(2026, 3, 5), third_party_reply_due=date(2026, 3, 26), fee_method="per_page",
    fee_units=250, fee_amount_yuan=4700, fee_payment_due=date(2026, 4, 20), fee_notice_date=date(2026, 3, 20),
    tracking_code="K7QX-94HD-2MWP")


def reply(outcome, variant="", **kw):
    return compose("reply", replace(CTX, outcome=outcome, variant=variant, **kw))


def test_every_outcome_letter_kind_is_a_reply_kind():
    assert all(o.letter_kind in REPLY_KINDS for o in OUTCOMES.values())


@pytest.mark.parametrize("outcome", [k for k in OUTCOMES if k != "other_other"])
def test_every_outcome_composes_a_reply_with_basis_and_remedy(outcome):
    letter = reply(outcome)
    assert letter.title == LETTER_TITLES[OUTCOMES[outcome].letter_kind]
    assert letter.remedy and "示例市人民政府" in letter.remedy
    assert "本机关已于2026年3月2日收悉" in letter.paragraphs[0]
    if OUTCOMES[outcome].suggested_basis:
        assert f"根据{OUTCOMES[outcome].suggested_basis}之规定" in letter.text()
    assert ("应当先向示例市人民政府申请行政复议" in letter.remedy) == OUTCOMES[outcome].refusal


def test_refusal_letter_reads_like_a_notice():
    letter = reply("withheld_third_party")
    assert letter.title == "政府信息不予公开告知书"
    assert letter.addressee == "张三"
    assert ("根据《中华人民共和国政府信息公开条例》第十五条、第三十二条、第三十六条第（三）项之规定，本机关决定对该"
            "政府信息不予公开。理由如下：该信息包含被征收人的身份信息和补偿金额，属于个人隐私。") in letter.paragraphs[1]
    assert "15日内依法向示例市西湖区人民法院提起行政诉讼" in letter.remedy
    with pytest.raises(InvalidApplication) as e:
        reply("withheld_state_secret", reasons="")
    assert e.value.field == "reasons"


def test_remedy_follows_the_letter_date():
    old = reply("partially_disclosed", date=date(2023, 12, 29))
    assert "6个月内" in old.remedy and "应当先" not in old.remedy


def test_variants_and_edited_basis():
    assert reply("unable_not_held").title == "政府信息不存在告知书"
    other = reply("unable_not_held", "not_this_agency")
    assert other.title == "非本机关政府信息告知书"
    assert "该政府信息由示例市住房和城乡建设局负责公开，联系方式：0571-87654321" in other.text()
    assert "第三十六条第（五）项" in other.basis
    edited = reply("disclosed", basis="《某省政府信息公开规定》第十条")
    assert edited.basis == "《某省政府信息公开规定》第十条" and "根据《某省政府信息公开规定》第十条之规定" in edited.text()
    with pytest.raises(InvalidLetter):
        compose("not_exist", replace(CTX, outcome="disclosed"))


def test_termination_notices():
    no_fix = reply("other_no_correction")
    assert no_fix.kind == "termination" and no_fix.remedy
    assert "于2026年3月4日向你发出补正告知书，要求你于2026年3月18日前补正" in no_fix.text()
    unpaid = reply("other_fee_unpaid")
    assert "逾期未按收费通知要求缴纳信息处理费" in unpaid.text() and "国办函〔2020〕109号" in unpaid.text()


@pytest.mark.parametrize("kind", PROCEDURAL_KINDS)
def test_procedural_notices_carry_no_remedy(kind):
    letter = compose(kind, CTX)
    assert letter.remedy is None
    assert "行政复议" not in letter.text()
    assert letter.title == LETTER_TITLES[kind]


def test_procedural_wording():
    receipt = compose("receipt", CTX).text()
    assert "查询码：K7QX-94HD-2MWP" in receipt and "答复期限至2026年3月30日" in receipt
    assert "暂定" in compose("receipt", replace(CTX, due_provisional=True)).text()
    correction = compose("correction", CTX).text()
    assert "请写明所需信息的文号或者形成时间" in correction and "请你于2026年3月18日前" in correction
    assert "视为放弃申请" in correction
    assert "答复期限延长20个工作日，本机关将于2026年4月28日前作出答复" in compose("extension", CTX).text()
    third = compose("third_party", CTX)
    assert third.addressee == "示例置业有限公司" and "张三" not in third.text()  # no applicant data to the third party
    assert "15个工作日内（即2026年3月26日前）" in third.text()
    fee = compose("fee", CTX).text()
    assert "计费方式：按量计收；计费数量：250页；收费金额：人民币4700元" in fee
    assert "请你自收到本通知之日的次日起20个工作日内（即2026年4月20日前）缴纳" in fee
    with pytest.raises(InvalidApplication) as e:
        compose("correction", replace(CTX, correction_items=""))
    assert e.value.field == "correction_items"


def test_json_round_trip_and_validation():
    letter = reply("withheld_process_info")
    data = json.loads(json.dumps(letter.to_json(), ensure_ascii=False))
    assert Letter.from_json(data) == letter
    assert data["date"] == "2026-03-20" and isinstance(data["paragraphs"], list)
    for bad in ({**data, "date": "2026-13-01"}, {**data, "paragraphs": [1]}, {**data, "kind": "x"},
                {**data, "extra": 1}, {k: v for k, v in data.items() if k != "title"}):
        with pytest.raises(InvalidLetter):
            Letter.from_json(bad)
    edited = letter.replace(paragraphs=["第一段。", " ", "第二段。"])
    assert edited.paragraphs == ("第一段。", "第二段。") and edited.remedy == letter.remedy
    with pytest.raises(InvalidLetter):
        letter.replace(paragraphs=["  "])


KEY_STRINGS = ("政府信息不予公开告知书", "示自然资依申复〔2026〕12号", "张三：", "第十六条第二款",
               "应当先向示例市人民政府申请行政复议", "示例市自然资源和规划局", "2026年3月20日")


def _squash(text: str) -> str:
    return "".join(text.split())


def test_docx_contains_the_letter_and_is_deterministic():
    letter = reply("withheld_process_info")
    data = render_docx(letter)
    assert data == render_docx(letter)
    doc = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    for s in KEY_STRINGS:
        assert s in text
    title = doc.paragraphs[0]
    assert title.alignment == 1 and title.runs[0].font.size.pt == 22
    rfonts = title.runs[0]._element.rPr.rFonts
    assert rfonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "方正小标宋简体"
    body = next(p for p in doc.paragraphs if p.text.startswith("你提出的"))
    assert body.runs[0].font.size.pt == 16
    assert body.runs[0]._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋_GB2312"
    sign = [p for p in doc.paragraphs if p.text in ("示例市自然资源和规划局", "2026年3月20日")]
    assert len(sign) == 2 and all(p.alignment == 2 for p in sign)
    # GB/T 9704 7.3.5.1: the date four characters in, the organ's name centred over it.
    assert sign[1].paragraph_format.right_indent.pt == 64
    issuer_w, date_w = 11, 3 + 7 * 0.5  # 年月日 full-width, the seven digits half-width
    assert sign[0].paragraph_format.right_indent.pt == pytest.approx(16 * (4 + date_w / 2 - issuer_w / 2))
    # The last paragraph, the blank lines and the organ's name keep with the next: the signature never stands
    # alone on a page.
    tail = doc.paragraphs[[p.text for p in doc.paragraphs].index(letter.body()[-1]):]
    assert [p.paragraph_format.keep_with_next for p in tail] == [True, True, True, True, None]
    assert tail[0].paragraph_format.keep_together
    assert [p.paragraph_format.keep_with_next for p in doc.paragraphs[:3]] == [None, None, None]
    assert doc.core_properties.created.date() == date(2026, 3, 20)
    assert round(doc.sections[0].page_width.mm) == 210 and round(doc.sections[0].page_height.mm) == 297


def test_pdf_contains_the_letter_and_is_deterministic():
    letter = reply("withheld_process_info")
    data = render_pdf(letter)
    assert data.startswith(b"%PDF") and data == render_pdf(letter)
    pdf = pdfium.PdfDocument(data)
    text = _squash("".join(page.get_textpage().get_text_range() for page in pdf))
    for s in KEY_STRINGS:
        assert _squash(s) in text
    width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (595, 842)


def test_remedy_appears_on_replies_only_in_rendered_documents():
    receipt = compose("receipt", CTX)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(receipt))).paragraphs)
    assert "行政复议" not in text and "K7QX-94HD-2MWP" in text
    pdf_text = _squash("".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(render_pdf(receipt))))
    assert "行政复议" not in pdf_text and "K7QX-94HD-2MWP" in pdf_text


@pytest.mark.parametrize(("kind", "you"), [("person", "你"), ("organisation", "你单位"), ("", "你（单位）")])
@pytest.mark.parametrize("letter", ["receipt", "correction", "extension", "delay", "consultation", "fee",
                                    *[o for o in OUTCOMES if o != "other_other"]])
def test_the_applicant_is_addressed_by_kind(letter, kind, you):
    ctx = replace(CTX, addressee_kind=kind, received=None) if letter == "receipt" else replace(CTX, addressee_kind=kind)
    composed = reply(letter, addressee_kind=kind) if letter in OUTCOMES else compose(letter, ctx)
    text = composed.text()
    others = {"你", "你单位", "你（单位）"} - {you}
    # Every 你 in the letter is this addressee's form: strip it and no other form is left.
    assert you in text
    for other in others - {"你"}:
        assert other not in text
    if you != "你":
        assert text.replace(you, "").count("你") == 0


def test_the_third_party_is_addressed_as_you_unit_whatever_the_applicant_is():
    for kind in ("person", "organisation", ""):
        text = compose("third_party", replace(CTX, addressee_kind=kind)).text()
        assert "请你（单位）自收到本征求意见书之日起15个工作日内" in text
        assert "你单位" not in text.replace("你（单位）", "")


def test_unknown_addressee_kind_is_refused():
    with pytest.raises(InvalidLetter):
        compose("correction", replace(CTX, addressee_kind="company"))


def test_fee_and_third_party_periods_without_a_known_receipt_date_state_the_relative_period_only():
    fee = compose("fee", replace(CTX, fee_payment_due=None)).text()
    assert "请你自收到本通知之日的次日起20个工作日内缴纳。" in fee and "（即" not in fee
    third = compose("third_party", replace(CTX, third_party_reply_due=None)).text()
    assert "请你（单位）自收到本征求意见书之日起15个工作日内提出书面意见" in third and "（即" not in third
    third = compose("third_party", CTX).text()
    assert "15个工作日内（即2026年3月26日前）提出书面意见" in third


def test_delay_notice_under_article_35():
    letter = compose("delay", replace(CTX, reasons="申请涉及2015年以来的全部征收档案，需逐卷调取"))
    assert letter.title == "政府信息公开申请延迟答复告知书" and letter.remedy is None
    text = letter.text()
    assert "你申请公开政府信息的数量、频次明显超过合理范围，本机关已要求你说明理由。经审查，你说明的理由合理" in text
    assert ("但因申请涉及2015年以来的全部征收档案，需逐卷调取，本机关无法在《中华人民共和国政府信息公开条例》"
            "第三十三条规定的期限内作出答复") in text
    assert ("根据《中华人民共和国政府信息公开条例》第三十五条之规定，本机关确定延迟答复的合理期限为45个工作日，"
            "将于2026年4月28日前作出答复") in text
    assert letter.basis.endswith("第三十五条")
    assert "但本机关无法在" in compose("delay", replace(CTX, reasons="")).text()
    for bad, field in ((dict(delay_workdays=0), "delay_workdays"), (dict(delay_workdays=20), "delay_workdays"),
                       (dict(new_due=None), "new_due")):
        with pytest.raises(InvalidApplication) as e:
            compose("delay", replace(CTX, **bad))
        assert e.value.field == field


@pytest.mark.parametrize(("outcome", "item"), [("not_processed_publication", "（二）"),
                                                ("unable_needs_creation", "（三）")])
def test_no_suit_letters_offer_reconsideration_only_and_say_why(outcome, item):
    letter = reply(outcome)
    assert "60日内向示例市人民政府申请行政复议。" in letter.remedy
    assert f"第二条第{item}项" in letter.remedy and "不告知起诉途径" in letter.remedy
    assert "示例市西湖区人民法院" not in letter.text() and "6个月" not in letter.text()
    assert "6个月内依法向示例市西湖区人民法院提起行政诉讼" in reply("not_processed_duplicate").remedy
