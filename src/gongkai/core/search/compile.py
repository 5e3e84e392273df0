"""A parsed query as FTS5 MATCH syntax and as PostgreSQL tsquery syntax, and the filter tokens.

The two compilations are the same boolean formula over the same tokens, so the two backends match the same
set of items (tests/web/search run the same queries on both). Tokens are only Chinese characters, ASCII
letters and digits (`text.TOKEN_RUN`) or the facet tokens below, so no quoting problem can arise; quotes
are still doubled defensively.

Filters are tokens in a third column (`facets`): `ag{id}` for the agency and each ancestor, `y{year}`,
and `s`/`g`/`v`/`c` + the UTF-8 hex of the subject, genre, validity and channel. The engines intersect
them with the text in the inverted index instead of filtering rows afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.core.search.model import SearchDoc, SearchQuery
from gongkai.core.search.query import Group, ParsedQuery


def _hex(prefix: str, value: str) -> str:
    return prefix + value.encode("utf-8").hex()


def doc_facets(doc: SearchDoc) -> list[str]:
    tokens = [f"ag{a}" for a in dict.fromkeys((*doc.agency_path, doc.agency_id))]
    tokens.append(f"y{doc.year}")
    if doc.subject:
        tokens.append(_hex("s", doc.subject))
    if doc.genre:
        tokens.append(_hex("g", doc.genre))
    if doc.validity:
        tokens.append(_hex("v", doc.validity))
    tokens.extend(_hex("c", c) for c in dict.fromkeys(doc.channels) if c)
    return tokens


def query_facets(query: SearchQuery) -> list[str]:
    tokens = []
    if query.agency_id is not None:
        tokens.append(f"ag{query.agency_id}")
    if query.year is not None:
        tokens.append(f"y{query.year}")
    for prefix, value in (("s", query.subject), ("g", query.genre), ("v", query.validity), ("c", query.channel)):
        if value:
            tokens.append(_hex(prefix, value))
    return tokens


# --- SQLite FTS5 --------------------------------------------------------------------------------------

def _fts_quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _fts_group(group: Group) -> str:
    if group.kind == "prefix":
        return _fts_quote(group.tokens[0]) + "*"
    if group.kind == "all":
        return _join(map(_fts_quote, group.tokens), "AND")
    return _fts_quote(" ".join(group.tokens))  # a phrase: adjacent tokens


def _join(parts: Iterable[str], op: str) -> str:
    parts = list(parts)
    return parts[0] if len(parts) == 1 else "(" + f" {op} ".join(parts) + ")"


def to_fts5(parsed: ParsedQuery, facets: list[str]) -> str:
    """The MATCH expression for search_fts(title_tokens, body_tokens, facets); "" when there is nothing."""
    clauses = []
    if parsed.terms:
        terms = [_join((_join(map(_fts_group, v), "AND") for v in t.variants), "OR") for t in parsed.terms]
        clauses.append("{title_tokens body_tokens} : " + _join(terms, "AND"))
    if facets:
        clauses.append("facets : " + _join(map(_fts_quote, facets), "AND"))
    return " AND ".join(clauses)


# --- PostgreSQL tsquery -------------------------------------------------------------------------------

def _ts_quote(token: str) -> str:
    return "'" + token.replace("'", "''").replace("\\", "\\\\") + "'"


def _ts_group(group: Group) -> str:
    if group.kind == "prefix":
        return _ts_quote(group.tokens[0]) + ":*"
    if group.kind == "all":
        return _join(map(_ts_quote, group.tokens), "&")
    return _join(map(_ts_quote, group.tokens), "<->")


def to_tsquery(parsed: ParsedQuery) -> str:
    """The text part for to_tsquery('simple', …) against `document`; "" when there are no terms."""
    if not parsed.terms:
        return ""
    terms = [_join((_join(map(_ts_group, v), "&") for v in t.variants), "|") for t in parsed.terms]
    return _join(terms, "&")


# PostgreSQL keeps the facet tokens in the same tsvector as the text, marked (migration search.0001).
PG_FACET_MARK = "㐀"


def facets_tsquery(facets: list[str]) -> str:
    return " & ".join(_ts_quote(PG_FACET_MARK + f) for f in facets)
