from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.monitor.dates import date_in_text, date_in_url, full_dates, infer_year

TODAY = date(2024, 3, 20)


@pytest.mark.parametrize("text, expected", [
    ("2024-03-05", date(2024, 3, 5)),
    ("2024/3/5", date(2024, 3, 5)),
    ("2024.03.05", date(2024, 3, 5)),
    ("2024．03．05", date(2024, 3, 5)),
    ("2024年3月5日", date(2024, 3, 5)),
    ("2024 年 03 月 05 日", date(2024, 3, 5)),
    ("二〇二四年三月五日", date(2024, 3, 5)),
    ("二〇二三年十二月三十一日", date(2023, 12, 31)),
    ("发布时间：2024-03-05 10:20:11", date(2024, 3, 5)),
    ("[03-05]", date(2024, 3, 5)),
    ("(12-30)", date(2023, 12, 30)),  # after the check date this year: last year
    ("3月5日", date(2024, 3, 5)),
])
def test_date_in_text(text, expected):
    assert date_in_text(text, today=TODAY) == expected


@pytest.mark.parametrize("text", [
    "2024-02-30", "2023-13-01", "电话：0351-2024-0305", "示政发〔2023〕12号", "第12345678号", "", "共 6 条",
])
def test_not_dates(text):
    assert date_in_text(text, today=TODAY) is None


def test_labelled_publication_date_wins_over_others():
    text = "文号：示政发〔2023〕12号 成文日期：2023-10-28 发布时间：2023-11-02 09:30:00"
    assert date_in_text(text, today=TODAY) == date(2023, 11, 2)
    assert full_dates(text) == [date(2023, 10, 28), date(2023, 11, 2)]


def test_month_day_year_inference():
    assert infer_year(3, 20, today=TODAY) == date(2024, 3, 20)
    assert infer_year(3, 21, today=TODAY) == date(2023, 3, 21)
    assert infer_year(2, 29, today=date(2025, 3, 1)) == date(2024, 2, 29)
    assert infer_year(2, 30, today=TODAY) is None


@pytest.mark.parametrize("url, expected", [
    ("http://www.example.gov.cn/zwdt/202403/t20240305_4413301.html", date(2024, 3, 5)),
    ("/xzdt/2024/0301/art_5_901.html", date(2024, 3, 1)),
    ("/art/2024/3/5/art_1229_5.html", date(2024, 3, 5)),
    ("/tzgg/202312/08/c1.htm", date(2023, 12, 8)),
    ("/news/20231120/abc.html", date(2023, 11, 20)),
    ("/detail.jsp?id=20240305", None),
    ("/zwdt/202413/t20241399_1.html", None),
    ("/a/b/c.html", None),
])
def test_date_in_url(url, expected):
    assert date_in_url(url) == expected


_CHARS = st.sampled_from(list("0123456789-/.年月日[]() 〇一二三四五六七八九十发布时间：:t_") + ["2024", "03", "12"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHARS, max_size=30).map("".join), st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31)))
def test_any_text_gives_a_real_date_or_none(text, today):
    d = date_in_text(text, today=today)
    assert d is None or isinstance(d, date)
    u = date_in_url("/" + text.replace(" ", "") + ".html")
    assert u is None or 1900 <= u.year <= 2099


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31)))
def test_every_printed_form_reads_back(d):
    today = d + timedelta(days=3)
    for text in (d.isoformat(), f"{d.year}/{d.month}/{d.day}", f"{d.year}.{d.month:02d}.{d.day:02d}",
                 f"{d.year}年{d.month}月{d.day}日", f"发布时间：{d.isoformat()} 08:00"):
        assert date_in_text(text, today=today) == d, text
    assert date_in_url(f"/zwgk/{d:%Y%m}/t{d:%Y%m%d}_1.html") == d
    assert date_in_text(f"[{d:%m-%d}]", today=today) == d


def _zh(n: int) -> str:
    units = "一二三四五六七八九"
    if n < 10:
        return units[n - 1]
    tens = "" if n < 20 else units[n // 10 - 1]
    return tens + "十" + (units[n % 10 - 1] if n % 10 else "")


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2098, 12, 31)))
def test_chinese_numeral_dates_read_back(d):
    year = "".join("〇一二三四五六七八九"[int(c)] for c in str(d.year))
    assert date_in_text(f"{year}年{_zh(d.month)}月{_zh(d.day)}日", today=d) == d
