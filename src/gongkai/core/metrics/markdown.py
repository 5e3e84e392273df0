"""docs/metrics.md, written from the dictionary (`gongkai metrics --markdown` prints it; a test keeps the file
equal to it, so the document cannot drift from what the code counts)."""

from __future__ import annotations

from gongkai.core.metrics.dictionary import KINDS, METRICS

_HEAD = """# Metric dictionary (指标字典)

Every figure and rate that the supervision pages show and the assessment scores, with what it counts.
This file is generated from `src/gongkai/core/metrics/dictionary.py`: `gongkai metrics --markdown > docs/metrics.md`.
A rate is a share between 0 and 100 %; when its denominator is 0 it is **not applicable** (N/A), which the
assessment treats by the indicator's own N/A rule — never as 0 %.
"""


def metrics_markdown() -> str:
    out = [_HEAD]
    for m in METRICS:
        out.append(f"\n## {m.label} (`{m.key}`)\n")
        out.append(f"- 类型：{KINDS[m.kind]}" + (f"，单位：{m.unit}" if m.unit else ""))
        out.append(f"- 定义：{m.definition}")
        if m.kind == "rate":
            out.append(f"- 分子：{m.numerator}")
            out.append(f"- 分母：{m.denominator}")
            out.append(f"- 不适用：{m.na_rule}")
        out.append(f"- 统计期间：{m.period}")
        if m.source:
            out.append(f"- 来源记录：{m.source}")
        if not m.scorable:
            out.append("- 仅用于统计展示（分组或地区汇总数字），不能用于考核公式")
    return "\n".join(out) + "\n"
