from datetime import date
from pathlib import Path

import pytest

from gongkai.core.monitor.listing import SelectorError, compile_selector, find_items

SITES = Path(__file__).resolve().parents[2] / "documents" / "sites"
TODAY = date(2024, 3, 20)


def page(name: str) -> str:
    return (SITES / name).read_text(encoding="utf-8")


def test_trs_list_with_span_dates_ignores_menus_and_footer():
    listing = find_items(page("trs_ul_list.html"), "http://www.example.gov.cn/zwdt/gzdt/", today=TODAY)
    assert len(listing.items) == 6
    assert listing.items[0].title == "示例县召开2024年安全生产工作会议"
    assert listing.items[0].url == "http://www.example.gov.cn/zwdt/gzdt/202403/t20240318_4417211.html"
    assert [i.date_from for i in listing.items] == ["text"] * 6
    assert listing.last_update(today=TODAY) == date(2024, 3, 18)
    # the script's fake 2099 date is no item
    assert listing.future(today=TODAY) == []


def test_table_layout_with_chinese_dates():
    listing = find_items(page("table_list.html"), "http://zhen.example.gov.cn/tzgg/", today=TODAY)
    assert [i.date for i in listing.items] == [date(2023, 12, 8), date(2023, 10, 20), date(2023, 9, 15),
                                               date(2023, 6, 1)]
    assert listing.items[0].url == "http://zhen.example.gov.cn/tzgg/2023/1208/c123a4567/page.htm"


def test_bracket_month_day_across_the_new_year():
    listing = find_items(page("bracket_list.html"), "https://sthjj.example.gov.cn/xwzx/ywdt/", today=TODAY)
    assert [i.date for i in listing.items] == [date(2024, 3, 12), date(2024, 3, 8), date(2024, 1, 5),
                                               date(2023, 12, 28), date(2023, 12, 20)]
    assert "生态环境部" not in [i.title for i in listing.items]


def test_published_label_beats_the_document_date():
    listing = find_items(page("dl_published_label.html"), "http://www.example.gov.cn/zcwj/", today=TODAY)
    assert [i.date for i in listing.items] == [date(2023, 11, 2), date(2023, 10, 16), date(2023, 8, 30)]
    assert listing.items[0].url == "http://www.example.gov.cn/zcwj/detail.jsp?id=9912"


def test_dates_only_in_urls():
    listing = find_items(page("url_dates_only.html"), "http://www.example.gov.cn/xzdt/", today=TODAY)
    assert [(i.date, i.date_from) for i in listing.items] == [
        (date(2024, 3, 1), "url"), (date(2024, 2, 26), "url"), (date(2024, 2, 19), "url")]


def test_chinese_numeral_dates():
    listing = find_items(page("chinese_numeral_dates.html"), "http://www.example.gov.cn/gsgg/", today=TODAY)
    assert listing.last_update(today=TODAY) == date(2023, 12, 26)
    assert len(listing.dated) == 3


def test_navigation_page_has_no_list():
    assert find_items(page("navigation_home.html"), "http://www.example.gov.cn/", today=TODAY).items == []


def test_selector_picks_what_the_heuristic_cannot():
    html = page("custom_cards.html")
    auto = find_items(html, "http://x.gov.cn/", today=TODAY)
    assert [i.url for i in auto.items] == ["http://x.gov.cn/x/1.html", "http://x.gov.cn/x/2.html",
                                           "http://x.gov.cn/x/3.html"]
    chosen = find_items(html, "http://x.gov.cn/", today=TODAY, selector="div.cards section.card")
    assert [(i.title, i.date) for i in chosen.items] == [("乡村振兴专题", date(2024, 2, 1)),
                                                         ("营商环境专题", date(2024, 1, 9))]
    assert chosen.selector == "div.cards section.card"


def test_future_dates_are_not_updates():
    html = "<ul><li><a href='/1'>甲</a> 2024-05-01</li><li><a href='/2'>乙</a> 2024-03-01</li></ul>"
    listing = find_items(html, "http://x.gov.cn/", today=TODAY)
    assert listing.last_update(today=TODAY) == date(2024, 3, 1)
    assert [i.url for i in listing.future(today=TODAY)] == ["http://x.gov.cn/1"]


@pytest.mark.parametrize("selector", ["ul[[", "li >", "", "   ", "div:nth-child(", "a::"])
def test_malformed_selector_is_a_chinese_error(selector):
    with pytest.raises(SelectorError) as exc:
        compile_selector(selector)
    assert "选择器" in exc.value.message


def test_broken_markup_and_empty_page():
    assert find_items("", "http://x.gov.cn/", today=TODAY).items == []
    # Unclosed <li> and a cut-off end tag, as old CMS templates leave them.
    html = "<ul><li><a href='/1'>甲</a> 2024-03-01<li><a href='/2'>乙</a> 2024-03-02</ul"
    assert len(find_items(html, "http://x.gov.cn/", today=TODAY).dated) == 2


def test_adjacent_text_nodes_do_not_merge_into_one_number():
    html = "".join(f"<li><a href='/{i}.html'>动态{i}</a><span>2024-03-0{i}</span></li>" for i in range(1, 4))
    listing = find_items(f"<ul>{html}</ul>", "http://x.gov.cn/", today=TODAY)
    assert [i.date for i in listing.items] == [date(2024, 3, 1), date(2024, 3, 2), date(2024, 3, 3)]
