from datetime import date

import pytest

from gongkai.core.monitor.newmedia_rows import NewMediaFileError, parse_row, read

TODAY = date(2026, 11, 25)


def rows(text):
    return [parse_row(r, today=TODAY) for r in read(text.encode(), "a.csv").rows]


def test_a_good_row_with_aliases_and_defaults():
    (r,) = rows("机关代码,平台,账号名称,订阅源\nW-A,微博,甲局微博,https://e/feed.xml\n")
    assert r.errors == [] and r.agency_code == "W-A"
    assert r.fields == {"platform": "weibo", "name": "甲局微博", "account_id": "", "feed_url": "https://e/feed.xml",
                        "has_interaction": True, "status": "active", "last_update_on": None,
                        "last_interaction_on": None}


@pytest.mark.parametrize(("line", "error"), [
    (",微信,号,,,,", "第2行：机关代码不能为空"),
    ("W-A,,号,,,,", "第2行：平台不能为空"),
    ("W-A,WeChat,号,,,,", None),
    ("W-A,微信,号,,否,2026/11/02,已关停", None),
    ("W-A,微信,号,ftp://x,,,", "第2行：订阅源地址应以 http:// 或 https:// 开头"),
    ("W-A,微信,号,,,2026-11-26,", "第2行：最近更新日期2026-11-26晚于今天"),
    ("W-A,微信,号,,,,停用", "第2行：状态应为“运营中”或“已关停”，不是“停用”"),
])
def test_row_checks(line, error):
    (r,) = rows("机关代码,平台,账号名称,订阅源地址,提供互动功能,最近更新日期,状态\n" + line + "\n")
    assert r.errors == ([error] if error else [])


def test_closed_account_without_interaction_parses():
    (r,) = rows("机关代码,平台,账号名称,提供互动功能,最近更新日期,状态\nW-A,抖音,号,否,2026/11/02,已关停\n")
    assert (r.fields["has_interaction"], r.fields["status"], r.fields["last_update_on"]) == (False, "closed",
                                                                                              date(2026, 11, 2))


def test_missing_required_header_is_named():
    with pytest.raises(NewMediaFileError) as e:
        read("机关代码,平台\nW-A,微信\n".encode(), "a.csv")
    assert "缺少必需的列：账号名称" in e.value.errors[0]
