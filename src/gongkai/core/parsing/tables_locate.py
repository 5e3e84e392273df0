"""Finding template labels in a document, however the report wrote them.

Matching runs on a projection of `Document.simplified`: each character NFKC-folded (full/half width),
whitespace and quotes dropped (labels break over lines and lose their curly quotes), and an item mark after
a digit (`1、`, `1．`, `1，`) unified to `1.` as `normalize_label` does. Every projected character remembers
its offset, so a hit maps back to a span of the document.

Line breaks written as HTML (`商业<br>企业`, common in Markdown converted from web pages) are dropped like
whitespace, in the projection and in grid cell labels (`cell_label`).

Rows are then aligned with the template order: of all hits of all rows, keep the non-overlapping, strictly
ordered chain with the most matched label characters. A short alias such as `其他` or `总计` matches in many
places (column headers, other labels), but only an occurrence in its row's place survives the alignment.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..templates import Label
from ..templates.labels import normalize_label, strip_item_marks

_QUOTES = set("\"'“”‘’「」『』")
_BREAK = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
_ROW_WRAP = re.compile(r"[ \t|]*\n[ \t|]*")
_MARK_PUNCT = set("、,，.．:：")


@dataclass
class Projection:
    chars: str
    offsets: list[int]  # offset in the document of each projected character

    def doc_span(self, i: int, j: int) -> tuple[int, int]:
        """Document offsets covered by projected characters [i, j)."""
        return self.offsets[i], self.offsets[j - 1] + 1

    def index_at(self, offset: int) -> int:
        """First projected character at or after a document offset."""
        import bisect

        return bisect.bisect_left(self.offsets, offset)

    def find_all(self, form: str, lo: int = 0, hi: int | None = None) -> list[int]:
        hi = len(self.chars) if hi is None else hi
        out = []
        i = self.chars.find(form, lo, hi)
        while i >= 0:
            out.append(i)
            i = self.chars.find(form, i + 1, hi)
        return out


def _unwrap(text: str) -> str:
    """A label cell as one string: HTML line breaks removed, and a label that the Markdown reader joined
    from two pipe rows (`部分公开（区分处理 | | |⏎| | 的，只计…`) without the pipes and line break between."""
    if "<" in text:
        text = _BREAK.sub("", text)
    if "\n" in text and "|" in text:
        text = _ROW_WRAP.sub("", text)
    return text


def cell_label(text: str) -> str:
    """A cell's text as a label: `_unwrap`, then `normalize_label`."""
    return normalize_label(_unwrap(text))


@lru_cache(maxsize=8192)
def _fold(ch: str) -> str:
    """A character as it stands in the projection: "" when dropped, else its NFKC form without spaces."""
    if ch.isspace() or ch in _QUOTES:
        return ""
    return "".join(c for c in unicodedata.normalize("NFKC", ch) if not c.isspace())


# Runs of characters that project to themselves and never take part in the item-mark rule (CJK unified
# ideographs have no NFKC decomposition) are copied whole instead of folded one character at a time, which
# made `project` the costliest step of reading a report. (One character class: an alternation with the
# dropped characters made the regex scan slower than the loop it replaces.)
_PLAIN = re.compile(r"[\u4e00-\u9fff0-9A-Za-z。《》【】〔〕|\-/()%+*#=_~\[\]]+")


def project(text: str) -> Projection:
    chars: list[str] = []
    offsets: list[int] = []
    n = len(text)
    skip = bytearray(n)
    has_breaks = False
    if "<" in text:
        for m in _BREAK.finditer(text):
            skip[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            has_breaks = True
    append_char, append_offset = chars.append, offsets.append

    def one(i: int, ch: str) -> None:
        if ch.isspace():
            return
        folded = _fold(ch)
        if not folded or skip[i]:
            return
        if ch in _MARK_PUNCT and chars and chars[-1][-1].isdigit():
            k = i + 1
            while k < n and text[k].isspace():
                k += 1
            if k < n and not _fold(text[k])[:1].isdigit():
                folded = "."
        if len(folded) == 1:
            append_char(folded)
            append_offset(i)
        else:
            for c in folded:
                append_char(c)
                append_offset(i)

    i = 0
    for m in _PLAIN.finditer(text):
        a, b = m.span()
        for k in range(i, a):
            ch = text[k]
            if not ch.isspace():  # dropped; most characters between runs are spaces and tabs
                one(k, ch)
        if has_breaks and skip.find(1, a, b) >= 0:
            for k in range(a, b):
                one(k, text[k])
        else:
            append_char(text[a:b])
            offsets.extend(range(a, b))
        i = b
    for k in range(i, n):
        one(k, text[k])
    return Projection("".join(chars), offsets)


@dataclass(frozen=True)
class Hit:
    row: int  # index of the row in the template order
    start: int  # projected indices
    end: int
    score: int


@lru_cache(maxsize=1024)
def forms(label: Label) -> tuple[str, ...]:
    """Normalised forms, longest first; the bare body of a numbered label is always one of them.

    Cached: labels are frozen template data, and every grid cell is scored against every label."""
    out = list(label.match_forms)
    body = strip_item_marks(label.label)
    if body and body not in out:
        out.append(body)
    return tuple(sorted(dict.fromkeys(out), key=len, reverse=True))


def item_mark(label: Label) -> str:
    full = normalize_label(label.label)
    body = strip_item_marks(label.label)
    return full[: len(full) - len(body)] if full.endswith(body) else ""


def hits_for(proj: Projection, labels: list[Label], lo: int = 0, hi: int | None = None) -> list[Hit]:
    hits: list[Hit] = []
    runs: dict[str, list[tuple[int, int]]] | None = None
    for r, label in enumerate(labels):
        mark = item_mark(label)
        for form in forms(label):
            found = proj.find_all(form, lo, hi)
            spans = [(i, i + len(form)) for i in found]
            if not found and len(form) >= _MIN_WRAPPED:
                if runs is None:
                    runs = _figure_runs(proj, lo, hi)
                spans = _wrapped(proj, form, runs)
            for i, end in spans:
                start = i
                # An alias hit takes its item mark (`1.`, `（三）`) along, so the mark is not read as a figure.
                if mark and not form.startswith(mark) and proj.chars.startswith(mark, max(lo, i - len(mark))):
                    if i - len(mark) >= lo:
                        start = i - len(mark)
                hits.append(Hit(r, start, end, len(form) + (i - start)))
    return hits


# A label wrapped over lines in a PDF laid out as text (pdftotext -layout) has the row's figures in the middle:
# `2.其他法律行政法规禁止公    0  0  0 …` / `开`. In the projection the figures sit inside the label, so the
# label is also looked for as a prefix and a suffix around one run of figures; the hit ends where the figures
# begin, and the suffix after them stops the reading of the row. The suffix's line may start with the rest of
# a merged group cell (`（四）无法 2.没有现成信息需要另行  2 0 …` / `提供  制作`), so a few characters may
# come between the figures and the suffix.
_MIN_WRAPPED = 4
_WRAP_GAP = 6
_WRAP_GAPS = 3
_FIGURE_RUN = re.compile(r"[0-9\-—–/.,]*[0-9—–/\-][0-9\-—–/.,]*")


def _figure_runs(proj: Projection, lo: int, hi: int | None) -> dict[str, list[tuple[int, int]]]:
    """Runs of figures after a character other than a digit, keyed by that character."""
    out: dict[str, list[tuple[int, int]]] = {}
    chars = proj.chars
    for m in _FIGURE_RUN.finditer(chars, lo, len(chars) if hi is None else hi):
        i, j = m.span()
        if 0 < i and j < len(chars) and not chars[i - 1].isdigit():
            out.setdefault(chars[i - 1], []).append((i, j))
    return out


def _wrapped(proj: Projection, form: str, runs: dict[str, list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """(start, end of the prefix) of each occurrence of `form` cut by one run of figures."""
    out = []
    chars = proj.chars
    for k in range(2, len(form)):
        for i, j in runs.get(form[k - 1], ()):
            if not chars.startswith(form[:k], i - k):
                continue
            if _suffix_follows(chars, form[k:], j):
                out.append((i - k, i))
    return out


def _suffix_follows(chars: str, suffix: str, j: int) -> bool:
    """Whether `suffix` follows position j, each of at most _WRAP_GAPS interruptions being a few characters
    of a merged cell's text (`关不再处理其政府信` `其他` `息公开申请`: a label wrapped beside （六）其他处理),
    never figures."""
    pos = j
    k = 0
    gaps = 0
    while k < len(suffix):
        if pos < len(chars) and chars[pos] == suffix[k]:
            pos += 1
            k += 1
            continue
        if gaps == _WRAP_GAPS:
            return False
        # Resume where the next piece of the suffix (two characters, or its last one) stands.
        piece = suffix[k:k + 2]
        nxt = chars.find(piece, pos, pos + _WRAP_GAP + len(piece))
        if nxt < 0 or any(c.isdigit() for c in chars[pos:nxt]):
            return False
        gaps += 1
        pos = nxt
    return True


def align(hits: list[Hit]) -> dict[int, Hit]:
    """The best chain of hits with strictly increasing rows and positions (O(h log h) in the number of hits).

    A hit q can precede h when q.end <= h.start and q.row < h.row (which also puts q before h in the sorted
    order). Hits are taken by start; those that ended by then go into a prefix-maximum tree over rows holding
    (chain score, -index), so h's best predecessor (the first of the best, as a plain scan would pick) is one
    query. The quadratic scan this replaces cost milliseconds per table on reports with hundreds of hits.
    """
    hs = sorted(hits, key=lambda h: (h.start, -h.score))
    n = len(hs)
    best: list[int] = [0] * n
    back: list[int] = [-1] * n
    ends = [h.end for h in hs]
    by_end = sorted(range(n), key=ends.__getitem__)
    size = max((h.row for h in hs), default=0) + 1
    tree: list[tuple[int, int] | None] = [None] * (size + 1)  # Fenwick tree, rows 0.. at 1..
    done = 0
    for k, h in enumerate(hs):
        while done < n and ends[by_end[done]] <= h.start:
            p = by_end[done]
            key = (best[p], -p)
            i = hs[p].row + 1
            while i <= size:
                if tree[i] is None or key > tree[i]:
                    tree[i] = key
                i += i & -i
            done += 1
        top = None
        i = h.row  # rows strictly below h.row
        while i > 0:
            node = tree[i]
            if node is not None and (top is None or node > top):
                top = node
            i -= i & -i
        if top is None:
            best[k] = h.score
        else:
            best[k], back[k] = top[0] + h.score, -top[1]
    if not hs:
        return {}
    k = max(range(len(hs)), key=lambda x: best[x])
    chain: dict[int, Hit] = {}
    while k >= 0:
        chain[hs[k].row] = hs[k]
        k = back[k]
    return chain


@dataclass
class LabelText:
    """A label cell's text and its normalised forms, for matching grid cells against the template."""

    text: str

    @cached_property
    def norm(self) -> str:
        return cell_label(self.text)

    @cached_property
    def body(self) -> str:
        return strip_item_marks(_unwrap(self.text))


def label_score(text: LabelText, label: Label) -> int:
    """How well a whole label cell names a template label: exact forms score double, containment once."""
    if not text.norm:
        return 0
    return _score(text.norm, text.body, label)


@lru_cache(maxsize=65536)
def _score(norm: str, body: str, label: Label) -> int:
    # The same cell texts ("0", header words, row labels) recur in every report and table.
    best = 0
    for form in forms(label):
        if norm == form or body == form or body == strip_item_marks(form):
            best = max(best, 2 * len(form) + 2)
        elif form in norm:
            best = max(best, len(form))
    return best
