"""Quality checks on annual-report statistics: arithmetic identities, format, cross-year expectations.

    run_checks(stats, previous=None, from_records=False) -> list[Finding]

Each rule is registered with a stable code, a severity and a Chinese title (`RULES`, `all_rules()`); every code
is documented in docs/checks.md. Findings point at the cell or figure concerned so the web UI can mark it.

>>> from gongkai.core.stats import AnnualStats
>>> s = AnnualStats(agency="某市", year=2022, template="2021")
>>> s.set("/review/upheld", 2); s.set("/review/pending", 1); s.set("/review/total", 2)
>>> [(f.code, f.pointer) for f in run_checks(s) if f.severity == "error"]
[('t4.group_total', '/review/total')]
"""

from .findings import RULES, SEVERITIES, Finding, Rule
from .runner import all_rules, check_json, findings_as_warnings, run_checks, schema_findings

__all__ = ["RULES", "SEVERITIES", "Finding", "Rule", "all_rules", "check_json", "findings_as_warnings", "run_checks", "schema_findings"]
