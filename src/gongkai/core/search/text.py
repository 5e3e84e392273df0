"""Folding and tokenising Chinese text for the search index and for queries.

Why CJK bigrams (and not a word segmenter) — measured in docs/search.md on `evaluation_data.json`:

* Government Chinese is full of compounds a segmenter keeps whole (信息公开, 营商环境, 行政规范性文件). A
  word index finds 信息公开 only when the query is segmented the same way, so a query for 公开 misses
  政府信息公开 when jieba made it one word. Overlapping bigrams index every two-character substring, so any
  query of two or more characters is found wherever it occurs as a substring of a run of Chinese characters
  (a phrase of adjacent bigrams), whatever a dictionary says.
* Bigrams need no dictionary, no model and no per-process loading time (jieba loads ~1 s and 50 MB), and
  the same token stream is produced in every process, so SQLite and PostgreSQL index identical text.
* The cost is a larger index and no notion of synonyms: abbreviations (低保 → 最低生活保障) are handled by a
  lexicon of common government abbreviations used to expand queries (`abbreviations.json`).

Token stream of a run of Chinese characters c1..cn: the bigrams c1c2, c2c3, …, c(n-1)cn, then the last
character cn alone. The trailing unigram makes a one-character query a prefix query ("税" matches every
token starting with 税: a bigram 税X, or 税 at the end of a run), so every occurrence of a character is
found without indexing every character twice. Runs of ASCII letters and digits are single tokens.

Folding before tokenising (index and query alike): traditional → simplified (OpenCC, length-preserving),
Unicode NFKC (full-width ＡＢＣ１２３ → ABC123, compatibility forms), lower case. So 政府資訊公開 finds
政府信息公开 only where OpenCC maps 資訊 to 信息 (phrase table); 政府資訊 → 政府资讯 otherwise (see docs).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from gongkai.core.reading.text import simplify

# CJK Unified Ideographs, Extension A, compatibility ideographs, Extensions B–F (the SIP).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
TOKEN_RUN = re.compile(f"[{HAN}]+|[a-z0-9]+")
_RUN_KIND = re.compile(f"([{HAN}]+)|[a-z0-9]+")  # group 1 set for a Chinese run
_HAN_RUN = re.compile(f"[{HAN}]+")

# Positions of PostgreSQL's tsvector stop at 16,383: beyond it phrase matching breaks. Both backends index
# the same capped stream, so they agree; the title is indexed whole (it is short).
MAX_BODY_TOKENS = 15_000


def fold(text: str) -> str:
    """Traditional → simplified, NFKC (full-width → half-width), lower case.

    >>> fold("政府資訊公開ＡＢＣ１２３")
    '政府资讯公开abc123'
    """
    return unicodedata.normalize("NFKC", simplify(text)).lower()


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each folded character, the index of the original character it came from.

    Snippets search the folded text and cut the original one, so the user sees what was written.
    """
    simple = simplify(text)  # same length as text, position by position
    out = [_fold_char(ch) for ch in simple]
    if all(len(piece) == 1 for piece in out):  # the usual case: one to one
        return "".join(out), list(range(len(simple)))
    offsets: list[int] = []
    for i, piece in enumerate(out):
        offsets.extend([i] * len(piece))
    return "".join(out), offsets


@cache
def _fold_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).lower()


def tokenize(text: str, *, limit: int | None = None, folded: bool = False) -> list[str]:
    """The index tokens of `text`, in order.

    >>> tokenize("政府信息公开，2024年")
    ['政府', '府信', '信息', '息公', '公开', '开', '2024', '年']
    """
    if not folded:
        text = fold(text)
    tokens: list[str] = []
    for match in _RUN_KIND.finditer(text):
        run = match.group()
        if match.lastindex:  # Chinese: bigrams, then the last character
            tokens.extend(map(str.__add__, run, run[1:]))
            tokens.append(run[-1])
        else:
            tokens.append(run)
        if limit is not None and len(tokens) >= limit:
            return tokens[:limit]
    return tokens


def runs(text: str) -> list[str]:
    """The Chinese runs and ASCII words of a folded text (what a query term is made of)."""
    return TOKEN_RUN.findall(text)


def is_han(run: str) -> bool:
    return bool(_HAN_RUN.fullmatch(run))
