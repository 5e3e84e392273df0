"""What the registry hands to the index, what a search asks, and what it returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from gongkai.core.errors import GongkaiError

ORDERS = ("relevance", "date")
MAX_LIMIT = 100


class InvalidSearch(GongkaiError):
    code = "invalid_search"
    default_message = "检索条件有误。"


@dataclass(frozen=True)
class SearchDoc:
    """One published item as the index sees it. `agency_path`: the agency and all its ancestors' ids."""

    item_id: int
    title: str
    doc_number: str
    index_no: str
    body_text: str
    attachment_text: str
    agency_id: int
    agency_path: tuple[int, ...]
    subject: str
    genre: str
    year: int
    validity: str
    channels: tuple[str, ...]
    published: date


@dataclass(frozen=True)
class SearchQuery:
    text: str
    agency_id: int | None = None  # the agency and its whole subtree
    subject: str | None = None
    genre: str | None = None
    year: int | None = None
    validity: str | None = None
    channel: str | None = None
    order: str = "relevance"  # or "date" (newest first)
    limit: int = 20
    offset: int = 0

    def __post_init__(self):
        if self.order not in ORDERS:
            raise InvalidSearch(f"order {self.order!r}", message="排序方式只能是“相关度”或“发布日期”。")
        if not (1 <= self.limit <= MAX_LIMIT):
            raise InvalidSearch(f"limit {self.limit}", message=f"每页条数应在1到{MAX_LIMIT}之间。")
        if self.offset < 0 or self.offset > 10_000:
            raise InvalidSearch(f"offset {self.offset}", message="页码超出范围。")


class Segment(NamedTuple):
    """A piece of a snippet; `match` pieces are shown highlighted (the web layer escapes `text`)."""

    text: str
    match: bool


@dataclass(frozen=True)
class Hit:
    """`score`: relevance (comparable within one result only; 0.0 in date order). `exact`: found by its
    文号 or 索引号 (listed first, score 0.0)."""

    item_id: int
    score: float
    snippet: tuple[Segment, ...]
    exact: bool = False


@dataclass(frozen=True)
class SearchResult:
    """`total` counts the matches exactly up to a cap (the index's COUNT_CAP, 1,000); beyond it `total` is
    the cap and `total_exact` is False: show "1000条以上"."""

    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    exact_match: bool = False
    total_exact: bool = True
