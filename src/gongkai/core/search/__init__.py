"""Chinese full-text search without a database: folding, tokens, query parsing, snippets (docs/search.md).

The Django side (`gongkai.web.search`) stores `index_text`/`query` output in SQLite FTS5 or PostgreSQL
full-text; everything that decides what matches lives here, so both backends match the same items.
"""

from gongkai.core.search.identifiers import normalise_doc_number, normalise_index_no
from gongkai.core.search.model import Hit, InvalidSearch, SearchDoc, SearchQuery, SearchResult, Segment
from gongkai.core.search.query import Group, ParsedQuery, Term, parse_query
from gongkai.core.search.snippet import highlight, snippet
from gongkai.core.search.text import fold, tokenize

__all__ = [
    "Group", "Hit", "InvalidSearch", "ParsedQuery", "SearchDoc", "SearchQuery", "SearchResult", "Segment",
    "Term", "fold", "highlight", "normalise_doc_number", "normalise_index_no", "parse_query", "snippet",
    "tokenize",
]
