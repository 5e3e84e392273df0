"""Findings and the rule registry.

A rule is a function over a `Context` that yields `Hit`s; the registry turns them into `Finding`s carrying the
rule's code and severity. Rules are registered once, in order, so the docs, the web UI and `gongkai check`
list the same set (docs/checks.md is kept in step by a test).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One doubt about a report. `pointer` names the cell or figure concerned ("" = the whole report)."""

    code: str
    severity: Severity
    pointer: str
    message: str
    expected: Any = None
    actual: Any = None

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "pointer": self.pointer,
            "message": self.message,
            "expected": self.expected,
            "actual": self.actual,
        }


@dataclass(frozen=True)
class Hit:
    """What a rule function yields; `severity` overrides the rule's own where one rule grades its findings,
    `code` overrides it for the rule families whose codes are open-ended (`source.*`)."""

    pointer: str
    message: str
    expected: Any = None
    actual: Any = None
    severity: Severity | None = None
    code: str | None = None


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity  # the highest severity the rule reports
    title: str  # Chinese, for lists in the UI and docs
    func: Callable[[Any], Iterable[Hit]]

    def findings(self, ctx) -> list[Finding]:
        return [
            Finding(
                code=h.code or self.code,
                severity=h.severity or self.severity,
                pointer=h.pointer,
                message=h.message,
                expected=h.expected,
                actual=h.actual,
            )
            for h in self.func(ctx)
        ]


RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, title: str):
    """Register the decorated function as the rule `code`."""
    if severity not in SEVERITIES:
        raise ValueError(f"{code}: bad severity {severity!r}")

    def register(func):
        if code in RULES:
            raise ValueError(f"rule {code} registered twice")
        RULES[code] = Rule(code, severity, title, func)
        return func

    return register
