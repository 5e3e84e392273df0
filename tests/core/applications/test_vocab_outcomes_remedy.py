from datetime import date

import pytest

from gongkai.core.applications import vocab
from gongkai.core.applications.outcomes import GROUPS, OUTCOMES, get_outcome
from gongkai.core.applications.remedy import remedy_statement
from gongkai.core.errors import InvalidApplication
from gongkai.core.templates import get_template

LAW = "《中华人民共和国政府信息公开条例》"


def test_applicant_types_are_the_table_columns():
    assert [(t.key, t.label) for t in vocab.APPLICANT_TYPES] == [
        ("natural_person", "自然人"), ("commercial", "商业企业"), ("research", "科研机构"),
        ("public_interest", "社会公益组织"), ("legal_services", "法律服务机构"), ("other_org", "其他")]
    assert not vocab.is_organisation("natural_person") and vocab.is_organisation("other_org")


def test_channels_carry_the_article_31_rule():
    rules = {c.key: c.receipt_rule for c in vocab.CHANNELS}
    assert rules == {"in_person": "submitted", "oral": "submitted", "registered_post": "signed",
                     "ordinary_post": "confirmed", "online": "confirmed", "email": "confirmed", "fax": "confirmed"}
    assert vocab.channel("registered_post").label == "邮寄（需签收）"
    with pytest.raises(KeyError):
        vocab.channel("pigeon")
    assert {"post", "email"} <= vocab.DELIVERY_METHOD_KEYS


def test_outcomes_are_exactly_the_21_result_rows_with_verbatim_labels():
    rows = get_template("2021").table3.rows
    expected = [(r.key, r.label) for r in rows if r.key not in ("new", "carried_over", "results_total",
                                                                  "carried_forward")]
    assert [(o.key, o.label) for o in OUTCOMES.values()] == expected
    assert len(OUTCOMES) == 21
    assert OUTCOMES["withheld_security_stability"].label == "3.危及“三安全一稳定”"
    assert [sum(o.group == g for o in OUTCOMES.values()) for g in GROUPS] == [1, 1, 8, 3, 5, 3]


@pytest.mark.parametrize("key, basis", [
    ("disclosed", LAW + "第三十六条第（二）项"),
    ("withheld_state_secret", LAW + "第十四条、第三十六条第（三）项"),
    ("withheld_third_party", LAW + "第十五条、第三十二条、第三十六条第（三）项"),
    ("withheld_internal_affairs", LAW + "第十六条第一款、第三十六条第（三）项"),
    ("withheld_process_info", LAW + "第十六条第二款、第三十六条第（三）项"),
    ("unable_not_held", LAW + "第三十六条第（四）项"),
    ("unable_needs_creation", LAW + "第三十八条"),
    ("unable_unclear_after_correction", LAW + "第三十条"),
    ("not_processed_petition", LAW + "第三十九条第一款"),
    ("not_processed_publication", LAW + "第三十九条第二款"),
    ("not_processed_duplicate", LAW + "第三十六条第（六）项"),
    ("not_processed_mass_repeated", LAW + "第三十五条"),
    ("other_no_correction", LAW + "第三十条"),
    ("other_fee_unpaid", "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"),
    ("other_other", ""),
])
def test_suggested_basis(key, basis):
    assert get_outcome(key).suggested_basis == basis


def test_flags():
    refusals = {k for k, o in OUTCOMES.items() if o.refusal}
    assert refusals == {"partially_disclosed"} | {k for k in OUTCOMES if k.startswith("withheld_")}
    reviewed = {k for k, o in OUTCOMES.items() if o.needs_review}
    assert reviewed == refusals | {k for k in OUTCOMES if k.startswith("not_processed_")}
    assert {k for k, o in OUTCOMES.items() if o.ends_without_reply} == {"other_no_correction", "other_fee_unpaid"}
    assert not get_outcome("withheld_admin_query").basis_confirmed


def test_variants_choose_the_letter():
    o = get_outcome("unable_not_held")
    assert o.letter_kind_for(None) == "not_exist"
    assert o.letter_kind_for("not_this_agency") == "not_this_agency"
    assert o.basis_for("not_this_agency") == LAW + "第三十六条第（五）项"
    assert get_outcome("disclosed").basis_for("already_public") == LAW + "第三十六条第（一）项"
    with pytest.raises(InvalidApplication):
        o.variant("nonsense")
    with pytest.raises(InvalidApplication) as e:
        get_outcome("granted")
    assert e.value.field == "outcome"


BODY = "示例市人民政府"
SUIT_AFTER = "对行政复议决定不服的，可以在收到行政复议决定书之日起15日内依法向人民法院提起行政诉讼"


def test_remedy_refusal_switches_on_2024_01_01():
    before = remedy_statement(reply_date=date(2023, 12, 31), refusal=True, reconsideration_body=BODY, court=None)
    after = remedy_statement(reply_date=date(2024, 1, 1), refusal=True, reconsideration_body=BODY, court=None)
    assert "60日内向示例市人民政府申请行政复议" in before and "6个月内依法向人民法院提起行政诉讼" in before
    assert "应当先" not in before and "15日" not in before
    assert f"应当先向{BODY}申请行政复议" in after and "60日内" in after and SUIT_AFTER in after
    assert "6个月" not in after


def test_remedy_non_refusal_keeps_the_choice_after_2024():
    for day in (date(2023, 12, 31), date(2024, 1, 1), date(2026, 3, 2)):
        text = remedy_statement(reply_date=day, refusal=False, reconsideration_body=BODY, court="示例市示例区人民法院")
        assert text == ("你（单位）如对本告知书不服，可以在收到本告知书之日起60日内向示例市人民政府申请行政复议，"
                        "也可以在收到本告知书之日起6个月内依法向示例市示例区人民法院提起行政诉讼。")


def test_remedy_names_the_court_and_needs_a_body():
    text = remedy_statement(reply_date=date(2026, 3, 2), refusal=True, reconsideration_body=BODY,
                            court="示例市铁路运输法院")
    assert "15日内依法向示例市铁路运输法院提起行政诉讼" in text
    with pytest.raises(InvalidApplication) as e:
        remedy_statement(reply_date=date(2026, 3, 2), refusal=False, reconsideration_body=" ", court=None)
    assert e.value.field == "reconsideration_body"


@pytest.mark.parametrize(("outcome", "item"), [("not_processed_publication", "（二）"),
                                                ("unable_needs_creation", "（三）")])
def test_no_suit_outcomes_are_flagged_with_their_spc_item(outcome, item):
    assert get_outcome(outcome).no_suit == item
    text = remedy_statement(reply_date=date(2026, 3, 2), refusal=False, reconsideration_body=BODY,
                            court="示例市示例区人民法院", you="你", no_suit=item)
    assert text.startswith("你如对本告知书不服，可以在收到本告知书之日起60日内向示例市人民政府申请行政复议。")
    assert f"《最高人民法院关于审理政府信息公开行政案件若干问题的规定》第二条第{item}项的规定" in text
    assert text.endswith("行政机关予以拒绝，对此提起行政诉讼的，人民法院不予受理，故本告知书不告知起诉途径。")
    assert "6个月" not in text and "示例市示例区人民法院" not in text
    assert ("公开出版物" in text) == (item == "（二）") and ("汇总、分析、加工" in text) == (item == "（三）")


def test_only_the_two_spc_outcomes_have_no_suit():
    from gongkai.core.applications.outcomes import OUTCOMES

    assert {k for k, o in OUTCOMES.items() if o.no_suit} == {"not_processed_publication", "unable_needs_creation"}


@pytest.mark.parametrize(("you", "start"), [("你", "你如"), ("你单位", "你单位如"), ("你（单位）", "你（单位）如")])
def test_remedy_addresses_the_applicant_by_kind(you, start):
    for refusal in (True, False):
        text = remedy_statement(reply_date=date(2026, 3, 2), refusal=refusal, reconsideration_body=BODY, you=you)
        assert start in text
