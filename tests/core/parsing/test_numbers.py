from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.parsing.numbers import find_numbers, find_quantities, find_zero, parse_number

UNITS = ("件", "条", "次", "例", "人次", "人", "篇", "元", "场次", "场")


@pytest.mark.parametrize(
    ("text", "value", "approximate"),
    [
        ("73360", 73360, False),
        ("１２３", 123, False),
        ("1,234", 1234, False),
        ("1，234", 1234, False),
        ("232.27万", 2322700, False),
        ("0.5", 0.5, False),
        ("三", 3, False),
        ("二十一", 21, False),
        ("一百零五", 105, False),
        ("两", 2, False),
        ("十", 10, False),
        ("14万余", 140000, True),
        ("70余", 70, True),
        ("200多", 200, True),
        ("近300", 300, True),
        ("约50", 50, True),
        ("逾3000", 3000, True),
        ("大约1.5万", 15000, True),
        ("超过5万", 50000, True),
    ],
)
def test_parse_number(text, value, approximate):
    n = parse_number(text)
    assert n is not None and n.value == value and n.approximate is approximate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年累计公开各类政府信息14万余条", [(140000, True, "条")]),
        ("网站日均访问量超过5万人次", [(50000, True, "人次")]),
        ("行政复议三例，其中二例维持，一例正在审理中", [(3, False, "例"), (2, False, "例"), (1, False, "例")]),
        ("共计90余人参加了此次培训", [(90, True, "人")]),
        ("召开新闻发布会15场次", [(15, False, "场次")]),
        ("政务新媒体公开信息2634 条", [(2634, False, "条")]),
        ("接受培训100人次以上", [(100, True, "人次")]),
        ("收取费用0元", [(0, False, "元")]),
        ("举办培训班二十一次", [(21, False, "次")]),
    ],
)
def test_find_quantities(text, expected):
    got = [(q.value, q.approximate, q.unit) for q in find_quantities(text, UNITS)]
    assert got == expected


@pytest.mark.parametrize(
    "text",
    [
        "百姓满意、千方百计",
        "电话：0482-8266634",
        "（内政办发〔2017〕81号）",
        "辽宁省第12个政务公开日",
        "实现一条龙服务、一站式审批",
        "统一平台",
        "IPv6改造",
        "邮编：137400",
    ],
)
def test_not_counts(text):
    # Phone numbers, document numbers, ordinals, idioms and codes carry digits but are not counts.
    assert find_quantities(text, UNITS + ("个",)) == []


def test_span_covers_qualifiers():
    text = "发表政策解读文章70余篇"
    (q,) = find_quantities(text, UNITS)
    assert text[q.start : q.end] == "70余篇"


@pytest.mark.parametrize(
    ("text", "keywords", "expected"),
    [
        ("未发生因政府信息公开引起的行政复议和行政诉讼", ("行政复议", "行政诉讼"), {"行政复议", "行政诉讼"}),
        ("无提起行政诉讼案件", ("行政诉讼",), {"行政诉讼"}),
        ("2017年度没有因政府信息公开而产生的收费", ("收费",), {"收费"}),
        ("行政复议、行政诉讼均为零", ("行政复议", "行政诉讼"), {"行政复议", "行政诉讼"}),
        ("未发生行政复议，行政诉讼2件", ("行政复议", "行政诉讼"), {"行政复议"}),
        ("无论是行政复议还是行政诉讼", ("行政复议", "行政诉讼"), set()),
        ("无法受理行政复议", ("行政复议",), set()),
        ("行政复议1件", ("行政复议",), set()),
        ("发生行政复议10件", ("行政复议",), set()),
    ],
)
def test_find_zero(text, keywords, expected):
    assert {k for k, _, _ in find_zero(text, keywords)} == expected


@given(st.integers(min_value=0, max_value=10**9))
def test_arabic_roundtrip(n):
    assert parse_number(str(n)).value == n
    assert parse_number(f"{n:,}").value == n


@given(st.integers(min_value=1, max_value=99999))
def test_chinese_roundtrip(n):
    import cn2an

    assert parse_number(cn2an.an2cn(n)).value == n


def test_find_numbers_offsets():
    text = "召开会议11次，培训2722人次"
    assert [(text[n.start : n.end], n.value) for n in find_numbers(text)] == [("11", 11), ("2722", 2722)]


def test_a_count_after_a_full_width_colon_is_a_quantity_a_bare_code_is_not():
    from gongkai.core.parsing.numbers import find_numbers, find_quantities

    assert [q.value for q in find_quantities("主动公开政府信息数：5,842条", ("条",))] == [5842]
    assert find_numbers("邮编：232100") == []


def test_simple_numerals_read_as_cn2an_reads_them():
    import cn2an

    from gongkai.core.parsing.numbers import _SIMPLE_NUMERALS

    assert len(_SIMPLE_NUMERALS) > 90
    for numeral, value in _SIMPLE_NUMERALS.items():
        assert cn2an.cn2an(numeral.replace("〇", "零"), "smart") == value, numeral
