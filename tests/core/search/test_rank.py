"""Relevance of candidates (the SQLite backend's ranking)."""

from gongkai.core.search.query import parse_query
from gongkai.core.search.rank import rank


def _ids(candidates, q):
    return [i for i, _ in rank(candidates, parse_query(q))]


def test_a_title_match_outranks_body_matches():
    candidates = [
        (1, 10, "关于做好防汛工作的通知", "要求各地做好低保资金发放和低保对象认定。" * 2),
        (2, 5, "最低生活保障标准调整", "标准如下。"),
    ]
    assert _ids(candidates, "低保") == [2, 1]  # 最低生活保障 in the title counts as 低保


def test_more_occurrences_in_a_shorter_body_rank_higher_and_ties_go_to_the_newer():
    candidates = [
        (1, 1, "通知", "养老保险缴费。" + "其他事项。" * 40),
        (2, 2, "通知", "养老保险缴费，养老保险待遇。"),
        (3, 3, "通知", "养老保险缴费。" + "其他事项。" * 40),
    ]
    assert _ids(candidates, "养老保险") == [2, 3, 1]


def test_ascii_words_count_whole_words():
    candidates = [(1, 1, "pm2 5", "pm25 pm250"), (2, 2, "标题", "pm25 浓度")]
    assert rank(candidates, parse_query("pm25"))[0][0] == 2
