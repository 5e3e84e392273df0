"""Highlighted snippets: the best window of the original text, as plain segments (never HTML).

The text is folded position by position (`fold_with_offsets`), the query's marks are found in the folded
text, and the window is cut from the original text, so a traditional or full-width original is shown as
written with the matching part marked. The web layer escapes every segment and wraps `match` ones in <mark>.
"""

from __future__ import annotations

import re

from gongkai.core.search.model import Segment
from gongkai.core.search.query import ParsedQuery
from gongkai.core.search.text import fold_with_offsets

ELLIPSIS = "…"
CHUNK = 4000


def _pattern(query: ParsedQuery) -> re.Pattern | None:
    marks = {m for term in query.terms for m in term.marks}
    if not marks:
        return None
    alts = []
    for mark in sorted(marks, key=len, reverse=True):
        if mark.isascii():  # a word or number, not the inside of a longer one
            alts.append(rf"(?<![a-z0-9]){re.escape(mark)}(?![a-z0-9])")
        else:
            alts.append(re.escape(mark))
    return re.compile("|".join(alts))


def _term_of(mark: str, query: ParsedQuery) -> int:
    for i, term in enumerate(query.terms):
        if mark in term.marks:
            return i
    return -1


def _segments(text: str, spans: list[tuple[int, int]], start: int, end: int) -> list[Segment]:
    out: list[Segment] = []
    pos = start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if e <= s or s < pos:
            continue
        if s > pos:
            out.append(Segment(text[pos:s], False))
        out.append(Segment(text[s:e], True))
        pos = e
    if pos < end:
        out.append(Segment(text[pos:end], False))
    return out


def _matches(text: str, query: ParsedQuery) -> tuple[list[tuple[int, int, int]], int]:
    """(original start, original end, term index) of every match, and the folded length."""
    pattern = _pattern(query)
    if pattern is None or not text:
        return [], 0
    folded, offsets = fold_with_offsets(text)
    found = []
    for m in pattern.finditer(folded):
        found.append((offsets[m.start()], offsets[m.end() - 1] + 1, _term_of(m.group(), query)))
    return found, len(folded)


def highlight(text: str, query: ParsedQuery) -> tuple[Segment, ...]:
    """The whole `text` (a title, say) with every match marked."""
    found, _ = _matches(text, query)
    return tuple(_segments(text, [(s, e) for s, e, _ in found], 0, len(text))) if text else ()


def snippet(text: str, query: ParsedQuery, *, width: int = 120) -> tuple[Segment, ...]:
    """The window of about `width` characters holding the most distinct query terms (then the most
    matches), with the matches marked; the beginning of the text when nothing matches.

    >>> from gongkai.core.search.query import parse_query
    >>> snippet("本机关依法做好政府資訊公開工作。", parse_query("公开"), width=8)
    (Segment(text='…府資訊', match=False), Segment(text='公開', match=True), Segment(text='工作。', match=False))
    """
    text = " ".join(text.split())  # one line: snippets are shown inline
    # Look at the text piece by piece: a long body is folded only as far as its first match.
    found = []
    for start in range(0, len(text), CHUNK):
        piece = text[max(0, start - width):start + CHUNK]  # overlap: a match across the boundary
        found = [(s + max(0, start - width), e + max(0, start - width), t) for s, e, t in _matches(piece, query)[0]]
        if found:
            break
    if not found:
        return (Segment(text[:width] + (ELLIPSIS if len(text) > width else ""), False),) if text else ()
    best = None
    for i, (s, _e, _t) in enumerate(found):
        window_end = s + width
        inside = [f for f in found[i:] if f[1] <= window_end]
        key = (len({t for _, _, t in inside}), len(inside), -s)
        if best is None or key > best[0]:
            best = (key, s, inside)
    _, first, inside = best
    # Centre the matches in the window: start a little before the first one.
    span = inside[-1][1] - first
    start = max(0, first - max(0, (width - span) // 3))
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    segments = _segments(text, [(s, e) for s, e, _ in inside], start, end)
    if start > 0:
        segments.insert(0, Segment(ELLIPSIS, False))
    if end < len(text):
        segments.append(Segment(ELLIPSIS, False))
    return tuple(_merge(segments))


def _merge(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for seg in segments:
        if out and out[-1].match == seg.match:
            out[-1] = Segment(out[-1].text + seg.text, seg.match)
        elif seg.text:
            out.append(seg)
    return out
