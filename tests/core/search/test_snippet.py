"""Snippets: the best window of the original text, matches marked, plain segments only."""

from gongkai.core.search.model import Segment
from gongkai.core.search.query import parse_query
from gongkai.core.search.snippet import highlight, snippet

BODY = ("为进一步规范社会救助工作，根据国务院《社会救助暂行办法》，结合本市实际制定本办法。" * 3
        + "经市政府同意，城市居民最低生活保障标准由每人每月900元提高到950元。"
        + "农村居民标准另行公布。" * 5)


def _marked(segments):
    return [s.text for s in segments if s.match]


def test_the_window_with_most_terms_is_chosen_and_matches_are_marked():
    segments = snippet(BODY, parse_query("低保 标准"), width=60)
    assert "最低生活保障标准" in _marked(segments) or {"最低生活保障", "标准"} <= set(_marked(segments))
    text = "".join(s.text for s in segments)
    assert text.startswith("…") and text.endswith("…")
    assert len(text) <= 62
    assert "".join(s.text for s in segments).strip("…") in BODY


def test_the_original_script_is_shown():
    segments = highlight("關於加強政府資訊公開工作", parse_query("公开"))
    assert segments == (Segment("關於加強政府資訊", False), Segment("公開", True), Segment("工作", False))


def test_html_in_the_data_stays_text():
    segments = snippet("<script>alert(1)</script>信息公开", parse_query("公开"))
    assert Segment("公开", True) in segments
    assert "".join(s.text for s in segments) == "<script>alert(1)</script>信息公开"


def test_no_match_gives_the_beginning():
    segments = snippet("本办法自发布之日起施行。" * 20, parse_query("海关"), width=20)
    assert segments == (Segment("本办法自发布之日起施行。本办法自发布之日…", False),)
    assert not any(s.match for s in segments)


def test_ascii_words_match_whole_words_only():
    assert _marked(highlight("2024年与20245号", parse_query("2024"))) == ["2024"]
