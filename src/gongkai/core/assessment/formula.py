"""The formula language of assessment indicators: a small, safe expression language over metric keys.

    parse("100 - applications_late_share * 2")          # a Formula; its .metrics are {"applications_late_share"}
    parse("1 if review_cases == 0 else 0").evaluate({"review_cases": 3.0})   # 0.0

What it accepts: numbers; metric keys from the dictionary (gongkai.core.metrics); + - * / and unary minus;
comparisons (< <= > >= == !=, chains too) and `and` / `or` / `not`, which give 1 or 0; `A if COND else B`;
and the functions min(...), max(...), abs(x), default(x, fallback) — `fallback` when x is not applicable.
Rates are in percent (0–100), flags 1 or 0, counts and amounts as counted.

The text is parsed with Python's `ast` and every node is checked against a whitelist; it is never compiled or
evaluated by Python. Evaluation walks the checked tree.

Not applicable (N/A) propagates: a metric that is N/A (a rate whose denominator is 0) makes the expression N/A
unless `default()` replaces it, and so does a division by 0 — the indicator's own N/A rule then decides."""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping
from dataclasses import dataclass

from gongkai.core.errors import GongkaiError
from gongkai.core.metrics import UnknownMetric, metric

MAX_LENGTH = 500
MAX_DEPTH = 40
FUNCTIONS = {"min": "最小值", "max": "最大值", "abs": "绝对值", "default": "不适用时取值"}


class FormulaError(GongkaiError):
    code = "invalid_formula"
    default_message = "公式有误。"


def _err(detail: str, message: str, col: int | None = None) -> FormulaError:
    where = f"第 {col} 个字符处" if col else ""
    return FormulaError(detail, message=f"公式{where}{'：' if where else ''}{message}")


_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_CMPOPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.expr
    metrics: frozenset[str]

    def evaluate(self, values: Mapping[str, float | None]) -> float | None:
        """The value, or None when not applicable. `values` must hold every metric of the formula."""
        return _eval(self.tree, values)


def parse(text: str) -> Formula:
    """Parse and check a formula; FormulaError (Chinese message, with the position) on anything wrong."""
    source = (text or "").strip()
    if not source:
        raise _err("empty formula", "不能为空。")
    if len(source) > MAX_LENGTH:
        raise _err("formula too long", f"过长（最多 {MAX_LENGTH} 个字符）。")
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as e:
        if not e.offset or e.offset > len(source):  # Python reports 0 for "ended too soon"
            raise FormulaError("syntax error at end", message="公式在末尾不完整：语法错误，请检查括号、运算符和逗号。") from None
        raise _err(f"syntax error at {e.offset}", "语法错误，请检查括号、运算符和逗号。", e.offset) from None
    names: set[str] = set()
    _check(tree.body, names, 0)
    return Formula(source, tree.body, frozenset(names))


def _check(node: ast.AST, names: set[str], depth: int) -> None:
    col = getattr(node, "col_offset", None)
    col = col + 1 if col is not None else None
    if depth > MAX_DEPTH:
        raise _err("too deep", "嵌套过深。", col)
    match node:
        case ast.Constant(value=bool()):
            raise _err("boolean literal", "不支持 True/False，请用 1 或 0。", col)
        case ast.Constant(value=int() | float() as v):
            if not math.isfinite(v):
                raise _err("non-finite number", "数字无效。", col)
        case ast.Constant():
            raise _err("non-numeric constant", "只能使用数字，不能使用文字或其他常量。", col)
        case ast.Name(id=name):
            if name in FUNCTIONS:
                raise _err(f"function {name} without call", f"“{name}”是函数，须写成 {name}(…)。", col)
            try:
                m = metric(name)
            except UnknownMetric as e:
                raise _err(f"unknown metric {name}", e.message, col) from None
            if not m.scorable:
                raise _err(f"metric {name} is not one value per agency",
                           f"指标“{m.label}”（{name}）是分组或地区汇总数字，不是每个机关的一个数值，不能用于考核公式。", col)
            names.add(name)
        case ast.BinOp(left=left, op=op, right=right):
            if type(op) not in _BINOPS:
                raise _err("operator", "只能使用 + - * / 四则运算。", col)
            _check(left, names, depth + 1)
            _check(right, names, depth + 1)
        case ast.UnaryOp(op=ast.USub() | ast.UAdd() | ast.Not(), operand=operand):
            _check(operand, names, depth + 1)
        case ast.BoolOp(values=values):
            for v in values:
                _check(v, names, depth + 1)
        case ast.Compare(left=left, ops=ops, comparators=comps):
            if any(type(o) not in _CMPOPS for o in ops):
                raise _err("comparison", "比较只能使用 < <= > >= == !=。", col)
            for v in (left, *comps):
                _check(v, names, depth + 1)
        case ast.IfExp(test=test, body=body, orelse=orelse):
            for v in (test, body, orelse):
                _check(v, names, depth + 1)
        case ast.Call(func=ast.Name(id=fname), args=args, keywords=[]):
            if fname not in FUNCTIONS:
                raise _err(f"function {fname}", f"不支持函数“{fname}”，可用的函数：min、max、abs、default。", col)
            arity = {"abs": (1, 1), "default": (2, 2)}.get(fname, (1, 20))
            if not arity[0] <= len(args) <= arity[1]:
                raise _err(f"arity {fname}", f"函数 {fname} 的参数个数不对。", col)
            if fname == "default" and not isinstance(args[1], ast.Constant):
                raise _err("default fallback", "default(指标, 数字) 的第二个参数须为数字。", col)
            for a in args:
                _check(a, names, depth + 1)
        case _:
            raise _err(f"node {type(node).__name__}", "含有不支持的写法，只能使用数字、指标、四则运算、比较、"
                       "and/or/not、A if 条件 else B 和函数 min、max、abs、default。", col)


def _truth(v: float) -> bool:
    return v != 0


def _eval(node: ast.expr, values: Mapping[str, float | None]) -> float | None:  # noqa: C901, PLR0911, PLR0912
    match node:
        case ast.Constant(value=v):
            return float(v)
        case ast.Name(id=name):
            v = values[name]
            return None if v is None else float(v)
        case ast.BinOp(left=left, op=op, right=right):
            a, b = _eval(left, values), _eval(right, values)
            if a is None or b is None:
                return None
            if isinstance(op, ast.Add):
                return a + b
            if isinstance(op, ast.Sub):
                return a - b
            if isinstance(op, ast.Mult):
                return a * b
            return None if b == 0 else a / b  # a zero denominator is N/A, never an error or infinity
        case ast.UnaryOp(op=op, operand=operand):
            a = _eval(operand, values)
            if a is None:
                return None
            if isinstance(op, ast.Not):
                return 0.0 if _truth(a) else 1.0
            return -a if isinstance(op, ast.USub) else a
        case ast.BoolOp(op=op, values=items):
            results = [_eval(v, values) for v in items]
            if any(r is None for r in results):
                return None
            combine = all if isinstance(op, ast.And) else any
            return 1.0 if combine(_truth(r) for r in results) else 0.0
        case ast.Compare(left=left, ops=ops, comparators=comps):
            operands = [_eval(v, values) for v in (left, *comps)]
            if any(o is None for o in operands):
                return None
            for op, a, b in zip(ops, operands, operands[1:], strict=False):
                if not _compare(op, a, b):
                    return 0.0
            return 1.0
        case ast.IfExp(test=test, body=body, orelse=orelse):
            t = _eval(test, values)
            if t is None:
                return None
            return _eval(body if _truth(t) else orelse, values)
        case ast.Call(func=ast.Name(id=fname), args=args):
            if fname == "default":
                v = _eval(args[0], values)
                return _eval(args[1], values) if v is None else v
            vs = [_eval(a, values) for a in args]
            if any(v is None for v in vs):
                return None
            if fname == "abs":
                return abs(vs[0])
            return min(vs) if fname == "min" else max(vs)
    raise AssertionError(f"unchecked node {type(node).__name__}")  # parse() let nothing else through


def _compare(op: ast.cmpop, a: float, b: float) -> bool:
    match op:
        case ast.Lt():
            return a < b
        case ast.LtE():
            return a <= b
        case ast.Gt():
            return a > b
        case ast.GtE():
            return a >= b
        case ast.Eq():
            return a == b
    return a != b
