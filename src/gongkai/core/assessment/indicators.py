"""Indicator sets as data: a region's assessment for one year, each indicator with its weight (full marks), its
formula over metric keys, its scoring rule, its N/A rule, an optional veto and an explanation.

    s = IndicatorSet.from_dict({...})      # AssessmentError (Chinese message) on any bad field
    validate_set(s)                        # the set as a whole: keys unique, weights summing to the total

Scoring rules (`Rule.kind`):
    flag    the formula's value is non-zero → full marks, else 0
    linear  points rise linearly from 0 at `low` to full marks at `high` (low > high: lower is better), clamped
    bands   the first band whose bound the value reaches (>= bound, or <= bound when direction is "at_most")
            gives its points; none reached → 0
    deduct  full marks minus `per_unit` for each unit of the value, the deduction capped at `cap`, never below 0
    value   the formula's value itself as the points, clamped to [0, full marks]
N/A rules: "rescale" (leave the indicator out and scale the total up to the set's total), "full", "zero".
A veto (一票否决) is a condition formula; when it holds, `zero` sets the agency's total to 0 and `fail` marks the
agency 不合格 whatever its total."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.core.assessment.formula import Formula, FormulaError, parse
from gongkai.core.errors import GongkaiError

RULE_KINDS = {"flag": "达标得满分", "linear": "线性计分", "bands": "分档计分", "deduct": "按单位扣分",
              "value": "取公式值为得分"}
NA_RULES = {"rescale": "不计入，总分按比例折算", "full": "得满分", "zero": "得 0 分"}
VETO_EFFECTS = {"zero": "总分为 0", "fail": "评为不合格"}
DIRECTIONS = {"at_least": "不低于", "at_most": "不高于"}
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_INDICATORS = 50


class AssessmentError(GongkaiError):
    code = "invalid_assessment"
    default_message = "考核指标设置有误。"


def _fail(detail: str, message: str) -> AssessmentError:
    return AssessmentError(detail, message=message)


@dataclass(frozen=True)
class Rule:
    kind: str
    low: float | None = None  # linear
    high: float | None = None  # linear
    bands: tuple[tuple[float, float], ...] = ()  # (bound, points), checked in order
    direction: str = "at_least"  # bands
    per_unit: float | None = None  # deduct
    cap: float | None = None  # deduct: the most that may be deducted (None: up to full marks)

    def to_dict(self) -> dict:
        out: dict = {"kind": self.kind}
        if self.kind == "linear":
            out |= {"low": self.low, "high": self.high}
        elif self.kind == "bands":
            out |= {"bands": [list(b) for b in self.bands], "direction": self.direction}
        elif self.kind == "deduct":
            out |= {"per_unit": self.per_unit, "cap": self.cap}
        return out

    def describe(self, full: float) -> str:
        if self.kind == "flag":
            return f"达标（公式值不为 0）得 {fmt(full)} 分，否则 0 分"
        if self.kind == "linear":
            return f"线性计分：值为 {fmt(self.low)} 时 0 分，为 {fmt(self.high)} 时 {fmt(full)} 分"
        if self.kind == "bands":
            word = DIRECTIONS[self.direction]
            parts = "；".join(f"{word} {fmt(b)} 得 {fmt(p)} 分" for b, p in self.bands)
            return f"分档计分：{parts}；其余 0 分"
        if self.kind == "deduct":
            cap = f"，最多扣 {fmt(self.cap)} 分" if self.cap is not None else ""
            return f"满分 {fmt(full)} 分，每 1 个单位扣 {fmt(self.per_unit)} 分{cap}"
        return f"得分为公式值，限于 0 至 {fmt(full)} 分"


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    full_marks: float
    formula: str
    rule: Rule
    na: str = "rescale"
    veto: str = ""  # a condition formula; empty: no veto
    veto_effect: str = "zero"
    explanation: str = ""
    parsed: Formula = field(default=None, compare=False, repr=False)  # type: ignore[assignment]
    parsed_veto: Formula | None = field(default=None, compare=False, repr=False)

    @property
    def metrics(self) -> frozenset[str]:
        return self.parsed.metrics | (self.parsed_veto.metrics if self.parsed_veto else frozenset())

    def to_dict(self) -> dict:
        return {"key": self.key, "name": self.name, "full_marks": self.full_marks, "formula": self.formula,
                "rule": self.rule.to_dict(), "na": self.na, "veto": self.veto, "veto_effect": self.veto_effect,
                "explanation": self.explanation}

    @classmethod
    def from_dict(cls, d: dict) -> Indicator:
        """An indicator from its dict form (stored JSON or a form's cleaned data), fully checked."""
        key = str(d.get("key", "")).strip()
        if not KEY_RE.match(key):
            raise _fail(f"bad key {key!r}", f"指标代码“{key}”无效：须以小写字母开头，只含小写字母、数字和下划线，最长 40 个字符。")
        name = str(d.get("name", "")).strip()
        label = f"指标“{name or key}”"
        if not name or len(name) > 100:
            raise _fail("bad name", f"{label}：名称不能为空，最长 100 个字符。")
        full = _number(d.get("full_marks"), f"{label}的分值")
        if full <= 0 or full > 1000:
            raise _fail("bad full marks", f"{label}：分值须大于 0 且不超过 1000。")
        try:
            parsed = parse(str(d.get("formula", "")))
        except FormulaError as e:
            raise _fail(e.detail, f"{label}的计算公式：{e.message}") from None
        veto = str(d.get("veto", "") or "").strip()
        parsed_veto = None
        if veto:
            try:
                parsed_veto = parse(veto)
            except FormulaError as e:
                raise _fail(e.detail, f"{label}的一票否决条件：{e.message}") from None
        na = d.get("na", "rescale")
        if na not in NA_RULES:
            raise _fail("bad na", f"{label}：不适用时的处理方式无效。")
        veto_effect = d.get("veto_effect", "zero") or "zero"
        if veto_effect not in VETO_EFFECTS:
            raise _fail("bad veto effect", f"{label}：一票否决的后果无效。")
        rule = _rule(d.get("rule") or {}, full, label)
        explanation = str(d.get("explanation", "") or "").strip()
        if len(explanation) > 2000:
            raise _fail("explanation too long", f"{label}：说明最长 2000 个字符。")
        return cls(key, name, full, parsed.text, rule, na, parsed_veto.text if parsed_veto else "", veto_effect,
                   explanation, parsed, parsed_veto)


def _number(v, what: str) -> float:
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise _fail(f"not a number: {v!r}", f"{what}须为数字。") from None
    if x != x or x in (float("inf"), float("-inf")):
        raise _fail("not finite", f"{what}须为数字。")
    return x


def _rule(d: dict, full: float, label: str) -> Rule:
    kind = d.get("kind")
    if kind not in RULE_KINDS:
        raise _fail(f"bad rule {kind!r}", f"{label}：计分方式无效。")
    if kind == "linear":
        low, high = _number(d.get("low"), f"{label}的 0 分值"), _number(d.get("high"), f"{label}的满分值")
        if low == high:
            raise _fail("linear low == high", f"{label}：线性计分的 0 分值与满分值不能相同。")
        return Rule(kind, low=low, high=high)
    if kind == "bands":
        direction = d.get("direction", "at_least")
        if direction not in DIRECTIONS:
            raise _fail("bad direction", f"{label}：分档方向无效。")
        bands = []
        for b in d.get("bands") or ():
            if not isinstance(b, list | tuple) or len(b) != 2:
                raise _fail("bad band", f"{label}：每一档须写成“界值:得分”。")
            bound, points = _number(b[0], f"{label}的分档界值"), _number(b[1], f"{label}的分档得分")
            if not 0 <= points <= full:
                raise _fail("band points", f"{label}：分档得分须在 0 至 {fmt(full)} 分之间。")
            bands.append((bound, points))
        if not bands:
            raise _fail("no bands", f"{label}：分档计分至少要有一档。")
        return Rule(kind, bands=tuple(bands), direction=direction)
    if kind == "deduct":
        per = _number(d.get("per_unit"), f"{label}的每单位扣分")
        if per <= 0:
            raise _fail("per_unit", f"{label}：每单位扣分须大于 0。")
        cap = d.get("cap")
        cap = None if cap in (None, "") else _number(cap, f"{label}的扣分上限")
        if cap is not None and not 0 <= cap <= full:
            raise _fail("cap", f"{label}：扣分上限须在 0 至 {fmt(full)} 分之间。")
        return Rule(kind, per_unit=per, cap=cap)
    return Rule(kind)


@dataclass(frozen=True)
class IndicatorSet:
    region: str
    year: int
    title: str
    total: float
    indicators: tuple[Indicator, ...]

    @property
    def metrics(self) -> frozenset[str]:
        return frozenset().union(*(i.metrics for i in self.indicators)) if self.indicators else frozenset()

    def indicator(self, key: str) -> Indicator | None:
        return next((i for i in self.indicators if i.key == key), None)

    def to_dict(self) -> dict:
        return {"region": self.region, "year": self.year, "title": self.title, "total": self.total,
                "indicators": [i.to_dict() for i in self.indicators]}

    @classmethod
    def from_dict(cls, d: dict) -> IndicatorSet:
        total = _number(d.get("total", 100), "总分")
        if total <= 0:
            raise _fail("total", "总分须大于 0。")
        inds = d.get("indicators") or []
        if len(inds) > MAX_INDICATORS:
            raise _fail("too many", f"一套考核指标最多 {MAX_INDICATORS} 项。")
        return cls(str(d.get("region", "")), int(d.get("year", 0)), str(d.get("title", "")).strip(), total,
                   tuple(Indicator.from_dict(i) for i in inds))


def validate_set(s: IndicatorSet) -> None:
    """The set as a whole, before it is scored or published: at least one indicator, unique keys, and full
    marks adding up to the set's total."""
    if not s.indicators:
        raise _fail("empty set", "考核指标为空，请至少添加一项指标。")
    seen: set[str] = set()
    for i in s.indicators:
        if i.key in seen:
            raise _fail(f"duplicate key {i.key}", f"指标代码“{i.key}”重复。")
        seen.add(i.key)
    weights = sum(i.full_marks for i in s.indicators)
    if abs(weights - s.total) > 1e-6:
        raise _fail(f"weights {weights} != total {s.total}",
                    f"各项指标分值合计 {fmt(weights)} 分，与总分 {fmt(s.total)} 分不一致。")


def fmt(x: float | None) -> str:
    """A number as people write it: no trailing zeros, at most two decimals."""
    if x is None:
        return "—"
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
