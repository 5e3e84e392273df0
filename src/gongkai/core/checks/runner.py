"""Running the registered rules over statistics, or over a JSON object that may not even fit the schema."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..stats import AnnualStats, Warning
from ..stats.model import CHECK_PREFIX
from ..stats.schema import shipped_schema
from . import figures, table2, table3, table4, yoy
from .context import Context
from .findings import RULES, Finding, Rule

# Importing the modules registers their rules. Findings come out in this order: tables first, then single
# figures, then comparisons with the year before.
RULE_MODULES = (table2, table3, table4, figures, yoy)

SCHEMA_RULE = Rule(
    "schema.invalid", "error", "不符合 gongkai.annual-stats/1 数据格式", func=lambda ctx: ()
)


def ordered_rules() -> list[Rule]:
    names = [m.__name__ for m in RULE_MODULES]
    registered = list(RULES.values())
    return sorted(registered, key=lambda r: (names.index(r.func.__module__), registered.index(r)))


def all_rules() -> list[Rule]:
    """Every finding code `gongkai check` can report: the schema check and the registered rules."""
    return [SCHEMA_RULE, *ordered_rules()]


def run_checks(stats: AnnualStats, *, previous: AnnualStats | None = None,
               from_records: bool = False, previous_figures: Mapping[str, int] | None = None,
               previous_source: str = "") -> list[Finding]:
    """All findings about `stats`, in rule order. `previous` enables the year-over-year rules when it is the
    same agency's statistics for the year before; otherwise it is ignored. `from_records` says the figures
    were built from the agency's own records rather than read from a publication (see `t2.blank`).
    `previous_figures` are last year's figures by pointer from elsewhere than a report (the registry), with
    `previous_source` saying where; `yoy.in_force` uses them when `previous` does not give the figure."""
    ctx = Context(stats, previous, from_records, dict(previous_figures or {}), previous_source)
    out: list[Finding] = []
    for r in ordered_rules():
        out.extend(r.findings(ctx))
    return out


def schema_findings(obj: Any) -> list[Finding]:
    """The object's departures from the shipped schema, one finding each (pointer = where)."""
    import jsonschema  # only validation needs it

    validator = jsonschema.Draft202012Validator(shipped_schema())
    out = []
    for e in sorted(validator.iter_errors(obj), key=lambda e: list(map(str, e.absolute_path))):
        pointer = "".join(f"/{p}" for p in e.absolute_path)
        out.append(
            Finding(SCHEMA_RULE.code, SCHEMA_RULE.severity, pointer, f"{pointer or '对象'}不符合数据格式：{e.message}")
        )
    return out


def check_json(obj: Any, *, previous: AnnualStats | None = None) -> tuple[AnnualStats | None, list[Finding]]:
    """Validate a gongkai.annual-stats/1 object, then run the checks on it.

    An object that does not fit the schema gets only schema findings: the arithmetic rules would be judging
    figures of unknown meaning. Returns the statistics (None when invalid) and the findings."""
    invalid = schema_findings(obj)
    if invalid:
        return None, invalid
    stats = AnnualStats.from_json(obj)
    return stats, run_checks(stats, previous=previous)


# Reading warnings that already say what a check finding would say about the same figure: the reader saw the
# contradiction while reading, so the JSON need not tell it twice.
_SAID_BY_READER: dict[str, tuple[str, ...]] = {
    "received.table_mismatch": ("narrative_table_mismatch",),
    "t3.results_sum": ("ambiguous_digit_run", "unsplittable_digit_run"),
    "t3.column_identity": ("ambiguous_digit_run", "unsplittable_digit_run"),
    "t3.row_total": ("ambiguous_digit_run", "unsplittable_digit_run"),
    "t4.group_total": ("ambiguous_digit_run", "unsplittable_digit_run"),
}


def findings_as_warnings(stats: AnnualStats, findings: list[Finding] | None = None) -> list[Warning]:
    """The report's self-contradictions as `check.<rule code>` warnings, for the JSON contract (which has no
    findings field): the error and warning findings, without the reader's own warnings (`source.*`), the
    info notes, and those a reading warning on the same figure already states."""
    if findings is None:
        findings = run_checks(stats)
    said = {(w.code, w.pointer or "") for w in stats.warnings}
    out: list[Warning] = []
    for f in findings:
        if f.severity == "info" or f.code.startswith("source.") or f.code == SCHEMA_RULE.code:
            continue
        code = CHECK_PREFIX + f.code
        if (code, f.pointer) in said:
            continue
        # A reading warning on the figure or on its table (digit runs are reported per row).
        if any(
            (c, p) in said for c in _SAID_BY_READER.get(f.code, ()) for p in _enclosing(f.pointer)
        ):
            continue
        said.add((code, f.pointer))
        out.append(Warning(code, f.message, f.pointer or None))
    return out


def _enclosing(pointer: str) -> list[str]:
    """`/a/b/c` -> [`/a/b/c`, `/a/b`, `/a`]."""
    parts = pointer.strip("/").split("/")
    return ["/" + "/".join(parts[:n]) for n in range(len(parts), 0, -1)]
