"""The platform's pure rules: an agency's tier (art. 21 list, key-area catalogues) and the traditional-script
display that converts text but never markup or URLs."""

from __future__ import annotations

from gongkai.core.portal.display import to_traditional_html
from gongkai.core.portal.tiers import has_catalogue, platform_tier, statutory_list


def test_recorded_tier_wins_over_names():
    chain = [("示例县农业农村局", "department", ""), ("示例县人民政府", "government", "prefecture")]
    assert platform_tier(chain) == "prefecture"


def test_tier_from_the_nearest_government_name():
    assert platform_tier([("城关镇人民政府", "government", "")]) == "township"
    assert platform_tier([("东街街道办事处", "office", ""), ("示例区人民政府", "government", "")]) == "township"
    assert platform_tier([("示例县教育局", "department", ""), ("示例县人民政府", "government", ""),
                          ("示例市人民政府", "government", "")]) == "county"
    assert platform_tier([("示例市教育局", "department", ""), ("示例市人民政府", "government", "")]) == "prefecture"
    assert platform_tier([("某部", "department", "")]) == ""


def test_lists_and_catalogues_by_tier():
    assert [statutory_list(t) for t in ("national", "province", "prefecture", "county", "township", "")] == \
        ["", "", "city_county", "city_county", "township", ""]
    assert [has_catalogue(t) for t in ("prefecture", "county", "township")] == [False, True, True]


def test_traditional_converts_text_and_readable_attributes_only():
    page = ('<html lang="zh-Hans"><head><title>政府信息公开</title><script src="/s.js"></script></head>'
            '<body class="门户"><a href="/gk/公开/?q=公开" title="公开目录" aria-label="公开">公开 &amp; 指南</a>'
            '<img src="/公开.png" alt="公开"><!-- 公开 --><textarea name="b">公开</textarea>'
            '<input type="search" name="q" value="公开" placeholder="公开"></body></html>')
    out = to_traditional_html(page, lambda s: s.replace("公开", "公開"))
    assert "<title>政府信息公開</title>" in out
    assert 'href="/gk/公开/?q=公开"' in out and 'src="/公开.png"' in out and 'class="门户"' in out
    assert 'title="公開目录"' in out and 'aria-label="公開"' in out and 'alt="公開"' in out
    assert ">公開 &amp; 指南</a>" in out
    assert "<!-- 公开 -->" in out and "<textarea name=\"b\">公开</textarea>" in out
    assert 'value="公开"' in out and 'placeholder="公開"' in out


def test_traditional_with_opencc():
    out = to_traditional_html('<p class="x">政府信息公开指南</p><a href="/apply/">申请</a>')
    assert out == '<p class="x">政府信息公開指南</p><a href="/apply/">申請</a>'
