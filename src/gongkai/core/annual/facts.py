"""Counting tables 三 and 四 from records: the pure reference the database queries are held equal to.

Table 三 (art. 31 receipt date decides the year an application belongs to):

* 一 `new`: received in the year;
* 二 `carried_over`: received before the year and not concluded before it;
* the result rows: concluded in the year, by outcome (the 2021 row keys);
* 四 `carried_forward`: received by 31 December and not concluded by then.

So for every applicant column 一 + 二 = concluded in the year + 四, and 四 of one year is 二 of the next.
Applications never received (an online one awaiting the office's confirmation) count nowhere.

Table 四: a case counts in the year it was decided, under its result; while undecided at 31 December of a
year it was filed in or before, it counts as 尚未审结 (pending) in that year.

>>> f = ApplicationFacts("natural_person", date(2024, 12, 30), date(2025, 1, 6), "disclosed")
>>> count_table3([f], 2024)[("carried_forward", "natural_person")], count_table3([f], 2025)[("disclosed", "natural_person")]
(1, 1)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

CASE_GROUPS = {("reconsideration", ""): "review", ("litigation", "direct"): "litigation_direct",
               ("litigation", "after_review"): "litigation_after_review"}


@dataclass(frozen=True)
class ApplicationFacts:
    applicant_type: str
    received_on: date | None
    concluded_on: date | None
    outcome: str  # a table 三 result row key (2021 keys); "" while open


@dataclass(frozen=True)
class CaseFacts:
    kind: str  # reconsideration | litigation
    route: str  # "" | direct | after_review
    filed_on: date
    decided_on: date | None
    result: str  # upheld | corrected | other | pending


def count_table3(facts: Iterable[ApplicationFacts], year: int) -> dict[tuple[str, str], int]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    out: Counter = Counter()
    for f in facts:
        if f.received_on is None or f.received_on > end:
            continue
        if f.concluded_on is not None and f.concluded_on < start:
            continue
        col = f.applicant_type
        out[("new" if f.received_on >= start else "carried_over", col)] += 1
        if f.concluded_on is not None and f.concluded_on <= end:
            if f.outcome:
                out[(f.outcome, col)] += 1
        else:
            out[("carried_forward", col)] += 1
    return dict(out)


def count_table4(cases: Iterable[CaseFacts], year: int) -> dict[tuple[str, str], int]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    out: Counter = Counter()
    for c in cases:
        group = CASE_GROUPS.get((c.kind, c.route if c.kind == "litigation" else ""))
        if group is None or c.filed_on > end:
            continue
        if c.decided_on is None or c.decided_on > end:
            out[(group, "pending")] += 1
        elif c.decided_on >= start:
            out[(group, c.result)] += 1
    return dict(out)
