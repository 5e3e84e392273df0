"""The national annual-report templates as data.

The row and column labels are verbatim from the official formats (国办公开办函〔2021〕30号, 〔2019〕60号) and
live in `data/*.json`; a new revision of the format is a new data file, not new code. Keys are stable
identifiers shared with the statistics model (gongkai.annual-stats/1).

>>> t = get_template("2021")
>>> t.table3.row("other_fee_unpaid").group
'（六）其他处理'
>>> template_for_year(2020).id
'2019'
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources

from .labels import normalize_label

TEMPLATE_IDS = ("2021", "2019", "pre2019")


@dataclass(frozen=True)
class Label:
    key: str
    label: str
    group: str | None = None
    aliases: tuple[str, ...] = ()
    decimal: bool = False  # a money amount, may carry decimals
    signed: bool = False  # may be negative (本年增/减)

    def __hash__(self) -> int:
        # Labels key the parser's caches, looked up for every grid cell against every label: hash the fields
        # once instead of building and hashing their tuple on each lookup (the dataclass's own __hash__).
        h = self.__dict__.get("_hash")
        if h is None:
            h = self.__dict__["_hash"] = hash((self.key, self.label, self.group, self.aliases, self.decimal,
                                               self.signed))
        return h

    def __getstate__(self) -> dict:
        # str hashes differ between processes: a pickled label must not carry this one's.
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    @cached_property
    def match_forms(self) -> tuple[str, ...]:
        """Normalised forms a label in a document may take, most specific first."""
        forms = [normalize_label(self.label), *(normalize_label(a) for a in self.aliases)]
        return tuple(dict.fromkeys(f for f in forms if f))


@dataclass(frozen=True)
class Table2Block:
    caption: str
    columns: tuple[Label, ...]
    rows: tuple[Label, ...]


@dataclass(frozen=True)
class Table3:
    title: str
    note: str
    column_group: str
    columns: tuple[Label, ...]
    rows: tuple[Label, ...]
    group_labels: tuple[str, ...]

    def row(self, key: str) -> Label:
        return next(r for r in self.rows if r.key == key)

    @property
    def row_keys(self) -> tuple[str, ...]:
        return tuple(r.key for r in self.rows)

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    @property
    def result_row_keys(self) -> tuple[str, ...]:
        """The rows that add up to （七）总计: everything between 二 and （七）."""
        keys = self.row_keys
        return keys[keys.index("carried_over") + 1 : keys.index("results_total")]


@dataclass(frozen=True)
class Table4:
    title: str
    groups: tuple[Label, ...]
    columns: tuple[Label, ...]


@dataclass(frozen=True)
class Section:
    key: str
    number: str
    title: str
    aliases: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Indicator:
    pointer: str
    label: str
    unit: str


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    basis: str
    first_year: int
    last_year: int | None
    sections: tuple[Section, ...]
    table2: tuple[Table2Block, ...] = ()
    table2_title: str | None = None
    table3: Table3 | None = None
    table4: Table4 | None = None
    indicators: tuple[Indicator, ...] = field(default=())

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


def _labels(items) -> tuple[Label, ...]:
    return tuple(
        Label(
            key=i["key"],
            label=i["label"],
            # table 四 names its spanning header ("行政诉讼") `parent`; it is the same notion as a row group
            group=i.get("group") or i.get("parent"),
            aliases=tuple(i.get("aliases", ())),
            decimal=bool(i.get("decimal")),
            signed=bool(i.get("signed")),
        )
        for i in items
    )


def _load(template_id: str) -> Template:
    raw = json.loads(resources.files(__package__).joinpath(f"data/{template_id}.json").read_text("utf-8"))
    t2 = raw.get("table2")
    t3 = raw.get("table3")
    t4 = raw.get("table4")
    return Template(
        id=raw["id"],
        name=raw["name"],
        basis=raw["basis"],
        first_year=raw["first_year"],
        last_year=raw["last_year"],
        sections=tuple(
            Section(s["key"], s["number"], s["title"], tuple(s.get("aliases", ())), s.get("note"))
            for s in raw["sections"]
        ),
        table2=tuple(
            Table2Block(b["caption"], _labels(b["columns"]), _labels(b["rows"])) for b in t2["blocks"]
        )
        if t2
        else (),
        table2_title=t2["title"] if t2 else None,
        table3=Table3(
            t3["title"], t3["note"], t3["column_group"], _labels(t3["columns"]), _labels(t3["rows"]),
            tuple(t3["group_labels"]),
        )
        if t3
        else None,
        table4=Table4(t4["title"], _labels(t4["groups"]), _labels(t4["columns"])) if t4 else None,
        indicators=tuple(Indicator(**i) for i in raw.get("indicators", ())),
    )


@cache
def get_template(template_id: str) -> Template:
    if template_id not in TEMPLATE_IDS:
        raise KeyError(f"unknown template {template_id!r}; known: {', '.join(TEMPLATE_IDS)}")
    return _load(template_id)


def template_for_year(year: int) -> Template:
    """The national format in force for the report of statistical year `year`."""
    for tid in TEMPLATE_IDS:
        t = get_template(tid)
        if t.covers(year):
            return t
    raise KeyError(f"no template covers {year}")
