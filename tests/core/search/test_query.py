"""Query parsing: AND of words, quoted phrases, abbreviation expansion, 文号 and 索引号 recognition."""

import pytest

from gongkai.core.search.compile import to_fts5, to_tsquery
from gongkai.core.search.model import InvalidSearch, SearchQuery
from gongkai.core.search.query import Group, parse_query


def test_words_separated_by_spaces_are_anded_terms():
    parsed = parse_query("养老  服务　补贴")  # the ideographic space separates too
    assert [t.text for t in parsed.terms] == ["养老", "服务", "补贴"]


def test_a_quoted_phrase_is_one_term_and_chinese_joins_across_spaces():
    parsed = parse_query('“政务 公开” 要点')
    assert [t.text for t in parsed.terms] == ["政务公开", "要点"]
    assert parse_query('"open data" 开放').terms[0].text == "open data"


def test_one_character_is_a_prefix_longer_runs_need_all_bigrams_and_quotes_adjacency():
    (term,) = parse_query("税").terms
    assert term.variants == ((Group("prefix", ("税",)),),)
    (term,) = parse_query("信息公开").terms
    assert term.variants == ((Group("all", ("信息", "息公", "公开")),),)
    (term,) = parse_query('"信息公开"').terms
    assert term.variants == ((Group("phrase", ("信息", "息公", "公开")),),)
    (term,) = parse_query("公开").terms
    assert term.variants == ((Group("phrase", ("公开",)),),)


def test_abbreviations_expand_both_ways():
    (term,) = parse_query("低保").terms
    assert term.variants[1] == (Group("all", ("最低", "低生", "生活", "活保", "保障")),)
    (term,) = parse_query("最低生活保障标准").terms
    assert [v[0].tokens for v in term.variants] == [
        ("最低", "低生", "生活", "活保", "保障", "障标", "标准"), ("低保", "保标", "标准")]
    assert term.marks == ("最低生活保障标准", "低保标准")


@pytest.mark.parametrize("typed", [
    "某政发〔2024〕3号", "某政发[2024]3号", "某政发(2024)3号", "某政发（2024）3号", "某政发【2024】3号",
    "某政发［２０２４］３号", "某政發〔2024〕第3號", "某政发〔2024〕03号", "查 某政发 [2024] 3 号",
])
def test_doc_numbers_normalise(typed):
    assert parse_query(typed).doc_number == "某政发〔2024〕3号"


@pytest.mark.parametrize("typed,key", [
    ("11330100MB1234567X/2024-00012", "11330100MB1234567X/2024-00012"),
    ("11330100mb1234567x/202403-00012", "11330100MB1234567X/202403-00012"),
    ("00249567-3/2024-00007", "002495673/2024-00007"),
    ("002495673/2024-00007", "002495673/2024-00007"),
    ("００２４９５６７－３／２０２４－００００７", "002495673/2024-00007"),
])
def test_index_numbers_normalise(typed, key):
    assert parse_query(typed).index_no == key


def test_no_identifier_in_ordinary_words():
    parsed = parse_query("2024年 3号文件 12345678")
    assert parsed.doc_number == "" and parsed.index_no == ""


def test_compiled_queries_are_the_same_formula():
    parsed = parse_query('低保 税 2024 "政府信息"')
    assert to_fts5(parsed, ["ag5"]) == (
        '{title_tokens body_tokens} : ("政府 府信 信息" AND ("低保" OR ("最低" AND "低生" AND "生活" AND "活保"'
        ' AND "保障")) AND "税"* AND "2024") AND facets : "ag5"')
    assert to_tsquery(parsed) == (
        "(('政府' <-> '府信' <-> '信息') & ('低保' | ('最低' & '低生' & '生活' & '活保' & '保障')) & '税':*"
        " & '2024')")


def test_queries_without_words():
    assert parse_query("  ，。！ ").empty
    assert to_tsquery(parse_query("")) == ""


def test_bad_search_parameters_have_chinese_messages():
    with pytest.raises(InvalidSearch) as err:
        SearchQuery("公开", order="popular")
    assert "排序" in err.value.message
    with pytest.raises(InvalidSearch):
        SearchQuery("公开", limit=0)
    with pytest.raises(InvalidSearch):
        SearchQuery("公开", offset=-1)
