"""The message boxes' rules: receipt and due dates on the official calendar, timeliness, the 19号 veto test,
the writer's input checks, and the scrubber for publication."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from gongkai.core.clock import WorkCalendar
from gongkai.core.engagement import messages as m

CAL = WorkCalendar.official()


# --- receipt and due dates ----------------------------------------------------------------------------------

def test_a_message_on_a_working_day_before_closing_is_received_that_day():
    assert m.receipt_date(datetime(2026, 9, 29, 16, 59), calendar=CAL) == date(2026, 9, 29)


def test_after_hours_counts_from_the_next_working_day():
    assert m.receipt_date(datetime(2026, 9, 29, 17, 0), calendar=CAL) == date(2026, 9, 30)
    # the evening before 国庆: received after the holiday (8 October)
    assert m.receipt_date(datetime(2026, 9, 30, 20, 15), calendar=CAL) == date(2026, 10, 8)


def test_a_holiday_or_weekend_message_is_received_on_the_next_working_day():
    assert m.receipt_date(datetime(2026, 10, 3, 9, 0), calendar=CAL) == date(2026, 10, 8)
    assert m.receipt_date(datetime(2026, 10, 11, 9, 0), calendar=CAL) == date(2026, 10, 12)  # a Sunday


def test_a_make_up_working_saturday_is_a_working_day():
    assert m.receipt_date(datetime(2026, 10, 10, 10, 0), calendar=CAL) == date(2026, 10, 10)


def test_the_reply_is_due_after_the_boxs_working_days_counted_from_the_next_day():
    # received 30 Sep: 1 Oct–7 Oct are days off, so day 1 is 8 Oct, day 2 the 9th, day 3 Saturday the 10th
    assert m.reply_due(date(2026, 9, 30), 3, calendar=CAL) == date(2026, 10, 10)
    assert m.reply_due(date(2026, 9, 30), 4, calendar=CAL) == date(2026, 10, 12)
    assert m.reply_due(date(2026, 11, 2), 10, calendar=CAL) == date(2026, 11, 16)


@pytest.mark.parametrize("bad", [0, 61, -3, "10", True, None])
def test_reply_workdays_outside_the_range_are_refused_in_chinese(bad):
    assert "答复时限应为 1 至 60 个工作日" in m.reply_workdays_problem(bad)
    with pytest.raises(ValueError):
        m.reply_due(date(2026, 11, 2), bad, calendar=CAL)


def test_status():
    due = date(2026, 11, 16)  # a Monday

    def st(state="received", replied_on=None, today=date(2026, 11, 2)):
        return m.status(state=state, due_on=due, replied_on=replied_on, today=today, calendar=CAL)

    assert st() == "open"
    assert st(today=date(2026, 11, 11)) == "open"       # Wed: 3 working days left (Thu, Fri, Mon)
    assert st(today=date(2026, 11, 12)) == "due_soon"   # Thu: 2 left (Fri, Mon)
    assert st(today=date(2026, 11, 16)) == "due_soon"
    assert st(today=date(2026, 11, 17)) == "overdue"
    assert st(state="assigned", today=date(2026, 11, 17)) == "overdue"
    assert st(state="replied", replied_on=date(2026, 11, 16), today=date(2027, 1, 1)) == "replied"
    assert st(state="replied", replied_on=date(2026, 11, 17)) == "replied_late"
    assert st(state="invalid", today=date(2027, 1, 1)) == "invalid"


def test_the_19_veto_counts_valid_messages_unanswered_more_than_three_months():
    received = date(2026, 5, 31)
    assert m.add_months(received, 3) == date(2026, 8, 31)
    assert m.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert not m.unanswered_too_long(state="received", received_on=received, replied_on=None, today=date(2026, 8, 31))
    assert m.unanswered_too_long(state="received", received_on=received, replied_on=None, today=date(2026, 9, 1))
    # replied in time: never; replied after the three months: it still waited too long
    assert not m.unanswered_too_long(state="replied", received_on=received, replied_on=date(2026, 8, 30),
                                     today=date(2026, 12, 1))
    assert m.unanswered_too_long(state="replied", received_on=received, replied_on=date(2026, 9, 10),
                                 today=date(2026, 12, 1))
    assert not m.unanswered_too_long(state="invalid", received_on=received, replied_on=None, today=date(2027, 1, 1))


# --- the writer's input -------------------------------------------------------------------------------------

def _input(**kw):
    fields = dict(writer_name="王小明", contact="13800138000", subject="小区噪音扰民", body="小区旁工地夜间施工，噪音很大，请协调处理。")
    fields.update(kw)
    return m.MessageInput(**fields)


def test_a_complete_message_has_no_problems_and_is_normalised():
    data = _input(writer_name="  王  小明 ", subject=" 小区  噪音 ")
    assert data.problems() == []
    assert data.writer_name == "王 小明" and data.subject == "小区 噪音"


@pytest.mark.parametrize(("contact", "ok"), [
    ("13800138000", True), ("138-0013-8000", True), ("+86 138 0013 8000", True), ("0999-88100000", True),
    ("（0999）88100000", True), ("88100000", True), ("name@example.com", True), ("１３８００１３８０００", True),
    ("1380013800", False), ("name@", False), ("abc", False), ("", False),
])
def test_contact_must_be_a_phone_or_an_e_mail(contact, ok):
    assert (m.contact_problem(contact) is None) is ok


def test_every_problem_at_once_with_its_field_in_chinese():
    problems = dict(_input(writer_name="", contact="1380013800", subject="", body="太吵").problems())
    assert problems == {
        "writer_name": "请填写姓名。",
        "contact": "手机号码应为11位，当前为10位。",
        "subject": "请填写留言标题。",
        "body": "留言内容过短（至少10个字），请写明具体事项。",
    }
    long = dict(_input(subject="长" * 201, body="字" * 5001).problems())
    assert long["subject"] == "标题不能超过200个字，当前201个字。"
    assert long["body"] == "留言内容不能超过5000个字，当前5001个字。"


# --- scrubbing ----------------------------------------------------------------------------------------------

def test_scrub_removes_identity_numbers_phones_e_mail_and_the_writers_name():
    text = ("我叫张三丰，身份证号11010519491231002X，旧证110105491231002，手机138 0013 8000，"
            "座机(0999)88100001，电话88100002，邮箱zhang.sf@example.org。张 三丰敬上")
    out = m.scrub(text, names=["张三丰"])
    for secret in ("张三丰", "张 三丰", "11010519491231002X", "110105491231002", "138 0013 8000", "88100001",
                   "88100002", "zhang.sf@example.org"):
        assert secret not in out.text
    assert out.text.startswith("我叫×××，身份证号【身份证号码已隐去】")
    assert out.text.endswith("×××敬上")
    assert set(out.removed) == {"姓名", "身份证号码", "电话号码", "电子邮箱"}


def test_scrub_removes_addresses_plates_and_long_numbers_and_keeps_the_rest():
    text = ("我家住在幸福小区3栋2单元501室楼下每天有人跳广场舞，车牌京A12345的车堵门。"
            "住建局说住房补贴要等。住址：示例市人民路18号。卡号6222021234567890123。")
    out = m.scrub(text)
    assert "幸福小区" not in out.text and "人民路18号" not in out.text and "京A12345" not in out.text
    assert "6222021234567890123" not in out.text
    assert "家住在【住址已隐去】" in out.text and "下每天有人跳广场舞" in out.text
    assert "住建局说住房补贴要等" in out.text  # 住 not followed by an address stays
    assert "住址：【住址已隐去】" in out.text
    assert out.removed == ("住址", "车牌号", "证件或账户号码")


def test_full_width_digits_are_found():
    out = m.scrub("电话：１３８００１３８０００")
    assert out.text == "电话：【电话号码已隐去】"


def test_nothing_to_remove_leaves_the_text_as_it_was():
    text = "请问2025年低保标准是多少？申请需要哪些材料，在哪个窗口办理（第3窗口）？"
    out = m.scrub(text, names=["李四"])
    assert out.text == text and out.removed == ()
    assert m.contains_personal_data(text) == ()
    assert m.contains_personal_data("我是李四", names=["李四"]) == ("姓名",)


def test_a_one_character_name_is_not_blanked_everywhere():
    assert m.scrub("王府井的王先生", names=["王"]).text == "王府井的王先生"
