"""Which split of a flattened 表二 row is right: candidates with the evidence for and against each.

A 表二 row whose cells were run together (`规章 454545`, `行政规范性文件 2710013`) has no row identity like
表三's 总计, so `digits.split_text` usually finds several readings. This module weighs them:

* hard evidence removes a reading: a figure the same document states in prose for that cell, the 2019
  format's own meaning (本年新公开数量 ≤ 对外公开总数量; 上一年项目数量 + 本年增/减 ≥ 0), and — given the same
  agency's neighbouring reports — what can no longer hold (废止 > 上年现行有效 + 制发);
* decisive evidence picks one reading among the rest: the same agency's previous or next report continues
  exactly into it (现行有效 = 上年现行有效 + 制发 − 废止; 上一年项目数量 = 上年的上一年项目数量 + 上年增/减), or
  the document's prose states its figures;
* weak evidence only orders the list (制发 ≤ 现行有效, the same figure repeated in every cell, 新制作 =
  新公开): it never decides, because `454545` read as 45|45|45 is a pattern, not a proof.

A reading is chosen only when exactly one survives, or exactly one of the survivors has decisive evidence
and none of them is contradicted by another. Otherwise nothing is chosen and the ranked candidates go to a
person (the library's report page). A parse of one file has only in-document evidence; the library adds the
neighbouring years (`Neighbours`).

>>> r = rank_splits("2710013", "normative_documents", ("issued", "repealed", "in_force"), template="2021",
...                 neighbours=Neighbours(previous={"in_force": 86}))
>>> r.chosen.values, r.decided_by
((27, 100, 13), '上一年度报告：现行有效件数 86 + 27 − 100 = 13')
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .digits import COUNT_CELL, MONEY_CELL, SIGNED_CELL, split_text

MAX_CANDIDATES = 60  # a 3-cell run of 8 digits has 21 readings; beyond this a person cannot choose anyway

Number = int | float | None


@dataclass(frozen=True)
class Neighbours:
    """The same agency's figures of this row in the reports of the year before and after (same format)."""

    previous: Mapping[str, Number] | None = None
    following: Mapping[str, Number] | None = None


@dataclass
class Candidate:
    values: tuple[Number, ...]
    spans: tuple[tuple[int, int], ...]  # character ranges in the run text
    reasons: list[str] = field(default_factory=list)  # Chinese, what speaks for it (decisive first)
    doubts: list[str] = field(default_factory=list)  # Chinese, weak evidence against it
    decisive: list[str] = field(default_factory=list)
    weak: int = 0

    def to_json(self, columns: Sequence[str]) -> dict:
        return {
            "values": dict(zip(columns, self.values, strict=True)),
            "text": format_values(self.values, columns),
            "reasons": self.reasons,
            "doubts": self.doubts,
        }


@dataclass
class RankedSplits:
    row: str
    columns: tuple[str, ...]
    candidates: list[Candidate]  # the readings that survived, best first
    excluded: list[tuple[Candidate, str]]  # readings removed by hard evidence, with why
    chosen: Candidate | None
    decided_by: str | None  # Chinese: what made the choice unique
    complete: bool = True  # False when there were more readings than MAX_CANDIDATES

    @property
    def ambiguous(self) -> bool:
        return self.chosen is None and len(self.candidates) > 1


def format_values(values: Sequence[Number], columns: Sequence[str] = ()) -> str:
    """`45|45|45`; a 本年增/减 cell keeps its sign (`45|+3|126`) when `columns` says which it is."""
    signed = [c == "change" for c in columns] or [False] * len(values)
    return "|".join(
        "-" if v is None else f"{v:+d}" if s and isinstance(v, int) else _fmt(v)
        for v, s in zip(values, signed, strict=True)
    )


def _fmt(v: int | float) -> str:
    if isinstance(v, float):
        return f"{v:g}" if v == int(v) else f"{v}"
    return str(v)


def kinds_for(columns: Sequence[str]) -> list[str]:
    return [MONEY_CELL if c.startswith("amount") else SIGNED_CELL if c == "change" else COUNT_CELL for c in columns]


def rank_splits(
    text: str,
    row: str,
    columns: Sequence[str],
    *,
    template: str,
    kinds: Sequence[str] | None = None,
    dashes: bool = False,
    stated: Mapping[str, set[Number]] | None = None,
    neighbours: Neighbours | None = None,
) -> RankedSplits:
    """Every reading of `text` as the cells `columns` of 表二 row `row`, weighed (see the module doc).

    `stated`: figures the same document states in prose for these columns (column -> values).
    """
    columns = tuple(columns)
    splits = split_text(text, list(kinds or kinds_for(columns)), dashes=dashes, limit=MAX_CANDIDATES + 1)
    complete = len(splits) <= MAX_CANDIDATES
    cands = [Candidate(s.values, s.spans) for s in splits[:MAX_CANDIDATES]]
    return weigh(cands, row, columns, template=template, stated=stated, neighbours=neighbours, complete=complete)


def weigh(
    cands: Sequence[Candidate],
    row: str,
    columns: Sequence[str],
    *,
    template: str,
    stated: Mapping[str, set[Number]] | None = None,
    neighbours: Neighbours | None = None,
    complete: bool = True,
) -> RankedSplits:
    """Weigh given readings (e.g. the candidates a stored warning lists, now with the neighbouring years)."""
    columns = tuple(columns)
    kept: list[Candidate] = []
    excluded: list[tuple[Candidate, str]] = []
    for c in cands:
        c = Candidate(tuple(c.values), tuple(c.spans))  # fresh reasons: weighing twice must not stack them
        v = dict(zip(columns, c.values, strict=True))
        why = _hard(v, template, stated or {}, neighbours)
        if why:
            excluded.append((c, why))
            continue
        _decisive(c, v, template, stated or {}, neighbours)
        _weak(c, v, template)
        kept.append(c)
    kept.sort(key=lambda c: (-len(c.decisive), -c.weak))
    chosen: Candidate | None = None
    decided_by: str | None = None
    if complete and len(kept) == 1:
        chosen = kept[0]
        decided_by = "；".join(chosen.decisive) if chosen.decisive else (
            "其他拆分均与" + "、".join(dict.fromkeys(w for _, w in excluded)) + "矛盾" if excluded else "唯一可能的拆分"
        )
    elif complete and kept:
        with_proof = [c for c in kept if c.decisive]
        if len(with_proof) == 1:
            chosen = with_proof[0]
            decided_by = "；".join(chosen.decisive)
    return RankedSplits(row, columns, kept, excluded, chosen, decided_by, complete)


def cell_spans(run: str, values: Sequence[Number], columns: Sequence[str]) -> tuple[tuple[int, int], ...] | None:
    """Where each value of a reading stands in `run` (a quote of the row's figures), or None when the values do
    not spell the run (then only the whole run can be quoted)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for v, col in zip(values, columns, strict=True):
        while pos < len(run) and run[pos].isspace():
            pos += 1
        if v is None:
            if pos < len(run) and not run[pos].isdigit() and run[pos] not in "+.":
                out.append((pos, pos + 1))
                pos += 1
                continue
            return None
        text = f"{v:+d}" if col == "change" and isinstance(v, int) and run[pos:pos + 1] in "+-" else _fmt(v)
        if run.startswith(text, pos):
            out.append((pos, pos + len(text)))
            pos += len(text)
            continue
        return None
    return tuple(out) if not run[pos:].strip() else None


# --- evidence ------------------------------------------------------------------------------------------------

_LABELS = {
    "issued": "制发件数", "repealed": "废止件数", "in_force": "现行有效件数",
    "new_made": "新制作数量", "new_published": "新公开数量", "total_public": "对外公开总数量",
    "prev_year_items": "上一年项目数量", "change": "本年增/减", "decisions": "处理决定数量",
    "items": "采购项目数量", "amount_yuan": "采购总金额", "amount_10k_yuan": "收费金额",
}


def _hard(v: dict[str, Number], template: str, stated: Mapping[str, set[Number]], nb: Neighbours | None) -> str | None:
    for col, values in stated.items():
        if col in v and v[col] is not None and values and v[col] not in values:
            return f"报告正文所述{_LABELS.get(col, col)}（{'、'.join(_fmt(x) for x in sorted(values))}）"  # type: ignore[arg-type]
    if template == "2019":
        if _known(v, "new_published", "total_public") and v["new_published"] > v["total_public"]:
            return "“本年新公开数量不超过对外公开总数量”"
        if _known(v, "prev_year_items", "change") and v["prev_year_items"] + v["change"] < 0:
            return "“本年项目数量不能为负”"
    prev = nb.previous if nb else None
    nxt = nb.following if nb else None
    if template == "2021" and prev and prev.get("in_force") is not None and _known(v, "issued", "repealed"):
        if v["repealed"] > prev["in_force"] + v["issued"]:
            return f"上一年度报告（现行有效件数 {prev['in_force']}，废止数不能超过上年现行有效数加本年制发数）"
    if template == "2021" and nxt and _known(nxt, "repealed", "issued") and v.get("in_force") is not None:
        if nxt["repealed"] > v["in_force"] + nxt["issued"]:
            return f"下一年度报告（废止件数 {nxt['repealed']} 不能超过本年现行有效数加次年制发数）"
    return None


def _decisive(c: Candidate, v: dict[str, Number], template: str, stated, nb: Neighbours | None) -> None:
    for col, values in stated.items():
        if col in v and v[col] in values:
            c.decisive.append(f"报告正文写明{_LABELS.get(col, col)}为 {_fmt(v[col])}")  # type: ignore[arg-type]
    prev = nb.previous if nb else None
    nxt = nb.following if nb else None
    if template == "2021":
        if prev and prev.get("in_force") is not None and _known(v, "issued", "repealed", "in_force"):
            if prev["in_force"] + v["issued"] - v["repealed"] == v["in_force"]:
                c.decisive.append(
                    f"上一年度报告：现行有效件数 {prev['in_force']} + {v['issued']} − {v['repealed']} = {v['in_force']}"
                )
        if nxt and _known(nxt, "issued", "repealed", "in_force") and v.get("in_force") is not None:
            if v["in_force"] + nxt["issued"] - nxt["repealed"] == nxt["in_force"]:
                c.decisive.append(
                    f"下一年度报告：{v['in_force']} + 次年制发 {nxt['issued']} − 次年废止 {nxt['repealed']}"
                    f" = 次年现行有效 {nxt['in_force']}"
                )
    if template == "2019":
        if prev and _known(prev, "prev_year_items", "change") and v.get("prev_year_items") is not None:
            if prev["prev_year_items"] + prev["change"] == v["prev_year_items"]:
                c.decisive.append(
                    f"上一年度报告：上一年项目数量 {prev['prev_year_items']} {prev['change']:+d} = {v['prev_year_items']}"
                )
        if nxt and nxt.get("prev_year_items") is not None and _known(v, "prev_year_items", "change"):
            if v["prev_year_items"] + v["change"] == nxt["prev_year_items"]:
                c.decisive.append(
                    f"下一年度报告：{v['prev_year_items']} {v['change']:+d} = 次年的上一年项目数量 {nxt['prev_year_items']}"
                )
        if prev and prev.get("total_public") is not None and _known(v, "new_published", "total_public"):
            if prev["total_public"] + v["new_published"] == v["total_public"]:
                c.decisive.append(
                    f"上一年度报告：对外公开总数量 {prev['total_public']} + {v['new_published']} = {v['total_public']}"
                )
        if nxt and _known(nxt, "new_published", "total_public") and v.get("total_public") is not None:
            if v["total_public"] + nxt["new_published"] == nxt["total_public"]:
                c.decisive.append(
                    f"下一年度报告：{v['total_public']} + 次年新公开 {nxt['new_published']} = 次年对外公开总数量 {nxt['total_public']}"
                )
    c.reasons.extend(c.decisive)


def _weak(c: Candidate, v: dict[str, Number], template: str) -> None:
    nums = [x for x in c.values if x is not None]
    if len(nums) > 1 and len(set(nums)) == 1:
        c.weak += 1
        c.reasons.append("各栏数字相同（重复的数字串，仅作参考）")
    if template == "2021" and _known(v, "issued", "in_force"):
        if v["issued"] <= v["in_force"]:
            c.weak += 1
        else:
            c.doubts.append("制发件数大于现行有效件数（少见）")
    if template == "2019" and _known(v, "new_made", "new_published"):
        if v["new_made"] == v["new_published"]:
            c.weak += 1
        elif v["new_published"] > v["new_made"] * 10 + 10:
            c.doubts.append("新公开数量远大于新制作数量（少见）")
    if _known(v, "prev_year_items", "change") and v["prev_year_items"] and abs(v["change"]) > v["prev_year_items"]:
        c.doubts.append("本年增/减超过上一年项目数量（少见）")
    if _known(v, "amount_yuan", "items") and v["items"] == 0 and v["amount_yuan"]:
        c.doubts.append("没有采购项目却有采购金额")


def _known(v: Mapping[str, Number], *cols: str) -> bool:
    return all(v.get(c) is not None for c in cols)


# --- machine-readable candidates in a warning -----------------------------------------------------------------

CANDIDATES_MARK = "候选拆分："
_CANDIDATES = re.compile(CANDIDATES_MARK + r"([^。]*)")


def candidates_note(ranked: RankedSplits) -> str:
    """`候选拆分：45|45|45；4|545|45` — appended to the warning so a reader of the JSON alone can pick one."""
    return CANDIDATES_MARK + "；".join(format_values(c.values, ranked.columns) for c in ranked.candidates)


def parse_candidates(message: str) -> list[tuple[Number, ...]]:
    """The candidate splits a warning lists (see candidates_note); [] when it lists none."""
    m = _CANDIDATES.search(message)
    if not m:
        return []
    out = []
    for part in m.group(1).split("；"):
        cells = part.strip().split("|")
        if not part.strip():
            continue
        row: list[Number] = []
        for cell in cells:
            if cell == "-":
                row.append(None)
            elif re.fullmatch(r"[+-]?\d+", cell):
                row.append(int(cell))
            else:
                row.append(float(cell))
        out.append(tuple(row))
    return out


# --- figures the same document states in prose ---------------------------------------------------------------

_ROW_WORDS = {"regulations": ("规章",), "normative_documents": ("规范性文件",)}
_COL_WORDS = {
    "issued": ("制发", "印发", "出台"),
    "repealed": ("废止",),
    "in_force": ("现行有效",),
    "new_made": ("新制作",),
    "new_published": ("新公开",),
}


def stated_in_prose(text: str, row: str, columns: Sequence[str], *, exclude: tuple[int, int] | None = None) -> dict[str, set[int]]:
    """Figures of a 表二 document row stated in sentences of `text` (e.g. `全年制发行政规范性文件27件，废止100件`),
    outside `exclude` (the table itself). Only the two document rows have such sentences in practice."""
    words = _ROW_WORDS.get(row)
    if not words:
        return {}
    out: dict[str, set[int]] = {}
    for m in re.finditer(r"[^。；\n]+", text):
        if exclude and m.start() < exclude[1] and exclude[0] < m.end():
            continue
        sentence = m.group(0)
        if not any(w in sentence for w in words):
            continue
        # 规章 and 规范性文件 in one sentence: the figures cannot be told apart.
        if row == "normative_documents" and "规章" in sentence.replace("规章制度", ""):
            continue
        if row == "regulations" and "规范性文件" in sentence:
            continue
        for col in columns:
            for w in _COL_WORDS.get(col, ()):
                for hit in re.finditer(re.escape(w) + r"[^，,。；\d]{0,12}?(\d+)\s*(?:件|份|个)", sentence):
                    out.setdefault(col, set()).add(int(hit.group(1)))
    return out
