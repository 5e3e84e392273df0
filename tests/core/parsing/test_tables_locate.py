"""The fast label projection and alignment give what their plain definitions give.

`project` copies runs of plain characters whole and `align` finds best predecessors with a prefix-maximum
tree; both were rewritten for speed. These tests keep them equal to the straightforward per-character fold
and quadratic chain search they replaced, on hand-picked and on seeded random inputs.
"""

from __future__ import annotations

import random

import pytest

from gongkai.core.parsing.tables_locate import _BREAK, _MARK_PUNCT, Hit, _fold, align, project


def reference_project(text: str) -> tuple[str, list[int]]:
    chars: list[str] = []
    offsets: list[int] = []
    n = len(text)
    skip = bytearray(n)
    for m in _BREAK.finditer(text):
        skip[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    for i, ch in enumerate(text):
        folded = _fold(ch)
        if not folded or skip[i]:
            continue
        if ch in _MARK_PUNCT and chars and chars[-1].isdigit():
            k = i + 1
            while k < n and text[k].isspace():
                k += 1
            if k < n and not _fold(text[k])[:1].isdigit():
                folded = "."
        for c in folded:
            chars.append(c)
            offsets.append(i)
    return "".join(chars), offsets


def reference_align(hits: list[Hit]) -> dict[int, Hit]:
    hs = sorted(hits, key=lambda h: (h.start, -h.score))
    best = [0] * len(hs)
    back = [-1] * len(hs)
    for k, h in enumerate(hs):
        best[k] = h.score
        for p in range(k):
            q = hs[p]
            if q.end <= h.start and q.row < h.row and best[p] + h.score > best[k]:
                best[k] = best[p] + h.score
                back[k] = p
    if not hs:
        return {}
    k = max(range(len(hs)), key=lambda x: best[x])
    chain: dict[int, Hit] = {}
    while k >= 0:
        chain[hs[k].row] = hs[k]
        k = back[k]
    return chain


@pytest.mark.parametrize("text", [
    "",
    "（一）予以公开\t12\t3",
    "1、属于国家秘密 2．其他 3, 4：五",
    "商业<br>企业\t| 1 | 2 |\n三、本年度办理结果",
    "“三安全一稳定”　ＡＢ１２①⑴㈠（七）总计",
    "1 、 申请人 10 、 20",
])
def test_project_matches_per_character_fold(text):
    proj = project(text)
    assert (proj.chars, proj.offsets) == reference_project(text)


def test_project_matches_on_random_text():
    rnd = random.Random(11)
    alphabet = "1２3、，,.．:： \n\t\u3000一二<br>br/“”'\"（）(){}abc表三ＡＢ①⑴㈠。|-%+*#=_~[]"
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        proj = project(text)
        assert (proj.chars, proj.offsets) == reference_project(text), text


def test_align_matches_quadratic_search():
    rnd = random.Random(7)
    for _ in range(3000):
        hits = []
        rows, span, width, scores = rnd.choice([2, 15]), rnd.choice([10, 200]), rnd.choice([2, 12]), rnd.choice([1, 2, 12])
        for _ in range(rnd.randint(0, 30)):
            start = rnd.randint(0, span)
            hits.append(Hit(rnd.randint(0, rows), start, start + rnd.randint(1, width), rnd.randint(1, scores)))
        assert align(hits) == reference_align(hits), hits
