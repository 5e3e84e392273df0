"""Relevance of candidate items, computed in Python (the SQLite backend; see docs/search.md).

FTS5's built-in bm25() first computes each phrase's IDF by walking the phrase's whole doclist, so a query
holding a word found in most items (工作, 关于) costs ~100–400 ms on 200,000 items however few rows are
ranked. Every candidate here already matches every term (AND), so IDF would not tell candidates apart
anyway; what does is how often and where the terms occur. Score = Σ over terms of a BM25 term-frequency
component, a title occurrence weighing TITLE_WEIGHT times a body one, body length-normalised:

    score = Σ_t  W·tf_title(t)·(k1+1)/(tf_title(t)+k1) + tf_body(t)·(k1+1)/(tf_body(t)+k1·(1-b+b·len/avglen))

Occurrences are counted on the folded text (a term counts its expansions: 最低生活保障 for 低保).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from gongkai.core.search.query import ParsedQuery

TITLE_WEIGHT = 10.0
K1 = 1.2
B = 0.75


def _counters(parsed: ParsedQuery):
    counters = []
    for term in parsed.terms:
        han = [m for m in term.marks if not m.isascii()]
        ascii_words = [m for m in term.marks if m.isascii()]
        pattern = re.compile("|".join(rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])" for w in ascii_words)) \
            if ascii_words else None

        def count(text: str, han=han, pattern=pattern) -> int:
            n = sum(text.count(m) for m in han)
            return n + (len(pattern.findall(text)) if pattern else 0)

        counters.append(count)
    return counters


def rank(candidates: Iterable[tuple[int, int, str, str]], parsed: ParsedQuery) -> list[tuple[int, float]]:
    """(id, score) best first for candidates (id, tie-break key — newer is larger, folded title, folded
    body). The index stores the folded text where folding changes more than case, so it passes
    `text.lower()` otherwise (`fold` is the slow part: ~0.1 ms per item)."""
    rows = list(candidates)
    if not rows:
        return []
    counters = _counters(parsed)
    avg = max(1.0, sum(len(b) for *_, b in rows) / len(rows))
    scored = []
    for i, key, title, body in rows:
        norm = K1 * (1 - B + B * len(body) / avg)
        score = 0.0
        for count in counters:
            tf_title, tf_body = count(title), count(body)
            score += TITLE_WEIGHT * tf_title * (K1 + 1) / (tf_title + K1) + tf_body * (K1 + 1) / (tf_body + norm)
        scored.append((score, key, i))
    scored.sort(reverse=True)
    return [(i, round(score, 4)) for score, _key, i in scored]
