"""Folding and tokens: what makes 公开 find 政府信息公开 and a traditional query find simplified text."""

from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.search.text import MAX_BODY_TOKENS, fold, fold_with_offsets, tokenize


def test_bigrams_then_the_last_character_of_each_run():
    assert tokenize("政府信息公开") == ["政府", "府信", "信息", "息公", "公开", "开"]
    assert tokenize("税") == ["税"]
    # Punctuation ends a run: no bigram spans it.
    assert tokenize("信息，公开") == ["信息", "息", "公开", "开"]


def test_ascii_words_and_numbers_are_single_tokens():
    assert tokenize("PM2.5浓度 GB/T 9704") == ["pm2", "5", "浓度", "度", "gb", "t", "9704"]


def test_folding_full_width_and_traditional():
    assert fold("ＰＭ２．５") == "pm2.5"
    assert fold("國務院辦公廳關於") == "国务院办公厅关于"
    assert tokenize("養老服務") == tokenize("养老服务")


def test_the_body_stream_is_capped_for_postgresql_positions():
    assert len(tokenize("公" * 40_000, limit=MAX_BODY_TOKENS)) == MAX_BODY_TOKENS
    assert MAX_BODY_TOKENS < 16_383


@given(st.text(alphabet="政府信息公開ＡＢ１２㈠①國 ,，abc", max_size=40))
def test_offsets_point_back_into_the_original(text):
    folded, offsets = fold_with_offsets(text)
    assert len(offsets) == len(folded)
    assert offsets == sorted(offsets)
    assert all(0 <= o < len(text) for o in offsets)
    # Folding character by character gives the same tokens as folding the whole text.
    assert tokenize(folded, folded=True) == tokenize(text)


@given(st.text(alphabet="政府信息公开工作年度报告", min_size=2, max_size=30), st.data())
def test_every_substring_of_two_or_more_is_a_run_of_adjacent_tokens(text, data):
    start = data.draw(st.integers(0, len(text) - 2))
    end = data.draw(st.integers(start + 2, len(text)))
    sub = tokenize(text[start:end])[:-1]  # the query drops the trailing unigram
    tokens = tokenize(text)
    assert any(tokens[i:i + len(sub)] == sub for i in range(len(tokens)))
