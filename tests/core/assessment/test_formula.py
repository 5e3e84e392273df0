import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.assessment import FormulaError, parse
from gongkai.core.metrics import metric


@pytest.mark.parametrize(("text", "values", "expected"), [
    ("100 - applications_late_share * 2", {"applications_late_share": 12.5}, 75.0),
    ("1 if review_cases == 0 else 0", {"review_cases": 3}, 0.0),
    ("review_cases >= 2 and litigation_cases < 1", {"review_cases": 2, "litigation_cases": 0}, 1.0),
    ("not review_cases", {"review_cases": 0}, 1.0),
    ("min(10, review_cases * 3)", {"review_cases": 5}, 10.0),
    ("max(0, 10 - abs(-review_cases))", {"review_cases": 4}, 6.0),
    ("0 < review_cases <= 3", {"review_cases": 4}, 0.0),
    ("default(review_correction_rate, 0) + 1", {"review_correction_rate": None}, 1.0),
    ("review_correction_rate + 1", {"review_correction_rate": None}, None),  # N/A propagates
    ("review_cases / litigation_cases", {"review_cases": 3, "litigation_cases": 0}, None),  # 0 denominator: N/A
    ("-review_cases / 4", {"review_cases": 2}, -0.5),
])
def test_evaluation(text, values, expected):
    assert parse(text).evaluate(values) == expected


def test_metrics_are_collected():
    f = parse("website_check_score / 10 if website_check_passed else 0")
    assert f.metrics == {"website_check_score", "website_check_passed"}


@pytest.mark.parametrize(("text", "fragment"), [
    ("", "不能为空"),
    ("foo + 1", "第 1 个字符处：指标“foo”不存在"),
    ("1 + nosuch", "第 5 个字符处：指标“nosuch”不存在"),
    ("items_by_channel / 2", "第 1 个字符处：指标“按渠道公开信息数”（items_by_channel）是分组或地区汇总数字"),
    ("review_cases +", "末尾不完整"),
    ("min(1,,2)", "第 7 个字符处：语法错误"),
    ("__import__('os').system('x')", "不支持"),
    ("review_cases.real", "不支持的写法"),
    ("review_cases ** 2", "只能使用 + - * /"),
    ("review_cases % 2", "只能使用 + - * /"),
    ("'text'", "只能使用数字"),
    ("True", "不支持 True/False"),
    ("review_cases in (1, 2)", "比较只能使用"),
    ("[review_cases]", "不支持的写法"),
    ("lambda: 1", "不支持的写法"),
    ("open('x')", "不支持函数“open”"),
    ("abs(1, 2)", "参数个数不对"),
    ("default(review_cases, litigation_cases)", "第二个参数须为数字"),
    ("min", "是函数"),
    ("min(x=1)", "不支持的写法"),
    ("1e999", "数字无效"),
    ("x" * 501, "过长"),
])
def test_errors_are_specific_chinese_messages(text, fragment):
    with pytest.raises(FormulaError) as e:
        parse(text)
    assert fragment in e.value.message, e.value.message


numbers = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(numbers, numbers)
def test_arithmetic_matches_python(a, b):
    values = {"review_cases": a, "litigation_cases": b}
    assert parse("review_cases + litigation_cases * 2").evaluate(values) == a + b * 2
    quotient = parse("review_cases / litigation_cases").evaluate(values)
    assert quotient == (None if b == 0 else a / b)
    assert parse("review_cases < litigation_cases").evaluate(values) == float(a < b)


@given(st.text(max_size=40))
def test_any_text_parses_or_fails_cleanly(text):
    try:
        f = parse(text)
    except FormulaError as e:
        assert e.message.startswith("公式")
    else:
        assert all(metric(k) for k in f.metrics)
        f.evaluate(dict.fromkeys(f.metrics, 1.0))  # whatever parsed also evaluates
