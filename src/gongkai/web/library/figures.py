"""Names for figures: every JSON pointer of gongkai.annual-stats/1 with a Chinese label, and the main figures
offered for comparison across agencies and years.

Table labels come from the template data (verbatim); only the figures outside the national tables (channels,
responses, capacity, ...) are named here. A test checks that every pointer of the model has a label.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any

from gongkai.core.stats import AnnualStats
from gongkai.core.templates import get_template

_NOT_FIGURES = {"agency", "year", "template", "source", "evidence", "warnings"}

# Figures outside 表二/表三/表四 and the pre-2019 indicators' wording.
_EXTRA_LABELS = {
    "/proactive/total": "主动公开政府信息数",
    "/proactive/normative_documents": "主动公开规范性文件数",
    "/proactive/by_channel/website": "主动公开·政府网站",
    "/proactive/by_channel/gazette": "主动公开·政府公报",
    "/proactive/by_channel/weibo": "主动公开·政务微博",
    "/proactive/by_channel/wechat": "主动公开·政务微信",
    "/proactive/by_channel/new_media": "主动公开·其他新媒体",
    "/proactive/by_channel/other": "主动公开·其他方式",
    "/applications/received": "收到申请数",
    "/complaints": "举报投诉数量",
    "/fees/collected_yuan": "信息处理费（元）",
    "/responses/press_conferences": "新闻发布会次数",
    "/responses/interpretations": "政策解读数",
    "/responses/online_interviews": "在线访谈次数",
    "/responses/hotspot_responses": "回应公众关注热点或重大舆情数",
    "/capacity/meetings": "政府信息公开工作会议数",
    "/capacity/trainings": "培训班数",
    "/capacity/trainees": "接受培训人员数（人次）",
}
_OUTCOME_GROUPS = {
    "review": "表四 行政复议",
    "litigation_direct": "表四 行政诉讼·未经复议直接起诉",
    "litigation_after_review": "表四 行政诉讼·复议后起诉",
    "litigation": "行政诉讼（合计）",
}


def _record_type(hint) -> type | None:
    for a in typing.get_args(hint) or (hint,):
        if isinstance(a, type) and dataclasses.is_dataclass(a):
            return a
    return None


@cache
def all_pointers() -> tuple[str, ...]:
    """Every figure pointer of the model, in the model's order (the export's column order)."""
    out: list[str] = []

    def walk(prefix: str, cls) -> None:
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            if f.name in _NOT_FIGURES:
                continue
            sub = _record_type(hints[f.name])
            if sub is not None:
                walk(f"{prefix}/{f.name}", sub)
            else:
                out.append(f"{prefix}/{f.name}")

    walk("", AnnualStats)
    return tuple(out)


@cache
def _labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    # 2021 first: where both formats name a cell, the current wording wins.
    for tid in ("2021", "2019"):
        t = get_template(tid)
        for block in t.table2:
            for row in block.rows:
                for col in block.columns:
                    labels.setdefault(f"/table2/{row.key}/{col.key}", f"表二 {row.label}·{col.label}")
        for row in t.table3.rows:
            for col in t.table3.columns:
                labels.setdefault(f"/applications/table3/{row.key}/{col.key}", f"表三 {row.label}·{col.label}")
        for col in t.table4.columns:
            for group, name in _OUTCOME_GROUPS.items():
                labels.setdefault(f"/{group}/{col.key}", f"{name}·{col.label}")
    for ind in get_template("pre2019").indicators:
        labels.setdefault(ind.pointer, ind.label)
    for pointer, label in _EXTRA_LABELS.items():
        labels.setdefault(pointer, label)
    return labels


def pointer_label(pointer: str) -> str:
    return _labels().get(pointer, pointer)


def labelled_pointers() -> set[str]:
    return set(_labels())


# --- the main figures for comparison ----------------------------------------------------------------------

@dataclass(frozen=True)
class MainFigure:
    key: str
    label: str
    # First stated pointer wins: 2019+ tables and pre-2019 indicators state the same fact in different places.
    pointers: tuple[str, ...]
    # When none is stated: the sum of these pointers, if at least one of them is stated.
    sum_of: tuple[str, ...] = ()

    def value(self, stats: AnnualStats) -> Any:
        return self.located(stats)[0]

    def located(self, stats: AnnualStats) -> tuple[Any, str | None]:
        """(value, the pointer it was read at); the pointer is None for a computed sum or no value."""
        for p in self.pointers:
            v = stats.get(p)
            if v is not None:
                return v, p
        if self.sum_of:
            parts = [stats.get(p) for p in self.sum_of]
            if any(v is not None for v in parts):
                return sum(v for v in parts if v is not None), None
        return None, None


def _withheld() -> tuple[str, ...]:
    rows = get_template("2021").table3.rows
    return tuple(f"/applications/table3/{r.key}/total" for r in rows if r.key.startswith("withheld_"))


MAIN_FIGURES: tuple[MainFigure, ...] = (
    MainFigure("proactive", "主动公开总数", ("/proactive/total",)),
    MainFigure("received", "收到申请数", ("/applications/received", "/applications/table3/new/total")),
    MainFigure("disclosed", "予以公开", ("/applications/table3/disclosed/total", "/applications/legacy/granted")),
    MainFigure(
        "partially", "部分公开",
        ("/applications/table3/partially_disclosed/total", "/applications/legacy/partially_granted"),
    ),
    MainFigure("withheld", "不予公开", ("/applications/legacy/refused",), sum_of=_withheld()),
    MainFigure("carried_forward", "结转下年度继续办理", ("/applications/table3/carried_forward/total",)),
    MainFigure("review", "行政复议总数", ("/review/total",)),
    MainFigure(
        "litigation", "行政诉讼总数", ("/litigation/total",),
        sum_of=("/litigation_direct/total", "/litigation_after_review/total"),
    ),
    MainFigure("licensing", "行政许可决定数", ("/table2/licensing/decisions",)),
    MainFigure("punishment", "行政处罚决定数", ("/table2/punishment/decisions",)),
    MainFigure("interpretations", "政策解读数", ("/responses/interpretations",)),
    MainFigure("fees", "信息处理费（元）", ("/fees/collected_yuan",)),
)
MAIN_FIGURES_BY_KEY: dict[str, MainFigure] = {f.key: f for f in MAIN_FIGURES}
