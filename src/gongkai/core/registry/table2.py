"""Table 二's 规章 and 行政规范性文件 rows counted from the registry, and the year's proactive disclosure.

The pure reference the database queries of `gongkai.web.reports.registry_counts` are held equal to (a test
compares them on random data). Counting rules, per genre (规章 → `/table2/regulations`, 行政规范性文件 →
`/table2/normative_documents`), over the items that are public (state 已公开; withdrawn, filed and draft
items count nowhere), each item counted once, for its lead agency (a joint document is the lead agency's
document: its 索引号 is the lead's):

* **本年制发 (`issued`)**: the document was *made* in the year. 制发 is 制定并发布 — the agency makes and issues
  the document; the 成文日期 (the date it was signed) is when it was made, and the art. 26 publication may
  follow in the next days, so a document signed on 28 December and published on 5 January was made in the old
  year. The 成文日期 decides; a document without one (imports from old systems) counts by its 发布日期.
* **本年废止 (`repealed`)**: its 有效性 became 废止 *or* 失效 with the 有效性变更日期 in the year. The template
  has a single exit column: 废止 is the agency's act of repeal, 失效 the end of a document by its own term
  (有效期届满) or by the higher law it implemented; both take the document out of the stock of 现行有效
  documents the column reconciles (现行有效 = 上年现行有效 + 本年制发 − 本年废止), and the 规范性文件清理
  results the reports quote are "宣布废止和失效" together. 已修改 is not an exit: the amended document stays in
  force in its amended form (the amending decision is itself a document made in its year).
* **现行有效 (`in_force`)**: made on or before 31 December of the year and not 废止/失效 on or before that day,
  whatever its state is today (a document repealed next year was in force at the end of this one). A
  document made but whose 施行日期 is still to come counts: the stock identity above leaves no room for a
  "made but not yet in force" column.

`ProactiveYear` is the year's proactive disclosure for the narrative of section 一: items published in the
year (by 发布日期) in total and by channel, 政策解读 published, the table 二 rows and the 政府公报 issues.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date

# genre code → table 二 row key of the 2021 template
TABLE2_ROWS = {"rule": "regulations", "normative": "normative_documents"}
TABLE2_COLUMNS = ("issued", "repealed", "in_force")
EXIT_VALIDITY = frozenset({"repealed", "expired"})  # 废止, 失效
# Registry channels → the annual statistics' channel figures (gongkai.core.stats.model.Channels).
STATS_CHANNELS = {"portal": "website", "gazette": "gazette", "weibo": "weibo", "wechat": "wechat",
                  "app": "new_media", "press_conference": "other", "newspaper_tv": "other", "reading_point": "other"}


@dataclass(frozen=True)
class DocumentFacts:
    """One public 规章 or 行政规范性文件, as the table 二 rule sees it."""

    genre: str  # rule | normative
    written_on: date | None
    published_on: date | None
    validity: str  # valid | amended | repealed | expired
    validity_from: date | None

    @property
    def made_on(self) -> date | None:
        return self.written_on or self.published_on


def table2_pointer(genre: str, column: str) -> str:
    return f"/table2/{TABLE2_ROWS[genre]}/{column}"


def count_table2(documents: Iterable[DocumentFacts], year: int) -> dict[str, int]:
    """{pointer: n} for the 2021 template's 规章 and 行政规范性文件 rows; every cell present (0 included)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    out: Counter = Counter({table2_pointer(g, c): 0 for g in TABLE2_ROWS for c in TABLE2_COLUMNS})
    for d in documents:
        if d.genre not in TABLE2_ROWS:
            continue
        made = d.made_on
        ended = d.validity in EXIT_VALIDITY and d.validity_from is not None
        if made is not None and start <= made <= end:
            out[table2_pointer(d.genre, "issued")] += 1
        if ended and start <= d.validity_from <= end:
            out[table2_pointer(d.genre, "repealed")] += 1
        if made is not None and made <= end and not (ended and d.validity_from <= end):
            out[table2_pointer(d.genre, "in_force")] += 1
    return dict(out)


@dataclass
class ProactiveYear:
    """What the registry says of one agency's (or subtree's) proactive disclosure in one year."""

    year: int
    total: int = 0  # items published in the year and public now
    channels: dict[str, int] = field(default_factory=dict)  # registry channel code → items
    interpretations: int = 0  # 政策解读 published in the year
    table2: dict[str, int] = field(default_factory=dict)  # count_table2 of the year
    gazette_issues: int = 0  # 政府公报 issues published in the year

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping | None) -> ProactiveYear | None:
        if not data:
            return None
        return cls(year=int(data["year"]), total=int(data.get("total", 0)), channels=dict(data.get("channels") or {}),
                   interpretations=int(data.get("interpretations", 0)), table2=dict(data.get("table2") or {}),
                   gazette_issues=int(data.get("gazette_issues", 0)))

    def stats_channels(self) -> dict[str, int]:
        """The channel counts in the statistics model's channel keys (several registry channels are 其他)."""
        out: dict[str, int] = {}
        for code, n in self.channels.items():
            key = STATS_CHANNELS.get(code)
            if key is not None and n:
                out[key] = out.get(key, 0) + n
        return out
