"""The search index's one interface: `index_document`, `remove_document`, `search` (docs/search.md).

The registry calls these inside its own publish / withdraw / correct transactions. They never commit: they
write through the caller's connection (one statement, or a savepoint for a bulk load), so a rolled-back publish
leaves no entry and a withdrawal is unsearchable the moment it commits. The backend is chosen by the
database vendor: SQLite FTS5 (migration search.0001_initial) or PostgreSQL full-text on the yearly
partitions of `search_document` (search.0002_postgres_document_table).

    from gongkai.core.search import SearchDoc, SearchQuery
    from gongkai.web.search.index import index_document, remove_document, search

    index_document(SearchDoc(item_id=7, title="…", …))      # insert or replace
    result = search(SearchQuery("低保 标准", agency_id=5))  # SearchResult(hits=[Hit(…)], total, exact_match)
    remove_document(7)
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from gongkai.core.search import compile as qc
from gongkai.core.search.identifiers import normalise_doc_number, normalise_index_no
from gongkai.core.search.model import Hit, SearchDoc, SearchQuery, SearchResult
from gongkai.core.search.query import ParsedQuery, parse_query
from gongkai.core.search.rank import rank
from gongkai.core.search.snippet import snippet
from gongkai.core.search.text import MAX_BODY_TOKENS, fold, runs, tokenize
from gongkai.web.search.models import SearchEntry

SNIPPET_TEXT_CHARS = 20_000
# Relevance ranking weighs a title (and 文号) match ten times a body match, on both backends.
TITLE_WEIGHT = 10.0
# Relevance ranks the newest RANK_CAP matches; matches are counted up to COUNT_CAP (search() docstring).
RANK_CAP = 300
COUNT_CAP = 1000
# SQLite ranks on the title and the beginning of the body (core/search/rank.py).
RANK_TEXT_CHARS = 3000


def sort_key(doc_published, item_id: int) -> int:
    """Newest first = descending sort_key: the publication day in the high bits, the item id below."""
    return (doc_published.toordinal() << 32) | item_id


def build_entry(doc: SearchDoc) -> SearchEntry:
    """The row for `doc` (not saved): tokens, facets, exact keys, snippet text."""
    body = "\n".join(t for t in (doc.body_text, doc.attachment_text) if t)
    folded_body, folded_title = fold(body), fold(doc.title)
    folded_head = folded_body[:RANK_TEXT_CHARS]
    # Ranking counts runs of Chinese characters and ASCII words; punctuation (，→ ,) does not matter.
    same = runs(folded_title) == runs(doc.title.lower()) and runs(folded_head) == runs(body[:RANK_TEXT_CHARS].lower())
    folded = "" if same else f"{folded_title}\x1f{folded_head}"
    return SearchEntry(
        item_id=doc.item_id,
        sort_key=sort_key(doc.published, doc.item_id),
        agency_id=doc.agency_id,
        agency_path="/" + "".join(f"{a}/" for a in doc.agency_path),
        subject=doc.subject or "",
        genre=doc.genre or "",
        year=doc.year,
        validity=doc.validity or "",
        channels="|" + "".join(f"{c}|" for c in doc.channels) if doc.channels else "",
        published=doc.published,
        doc_number_key=normalise_doc_number(doc.doc_number) if doc.doc_number else "",
        index_no_key=normalise_index_no(doc.index_no) if doc.index_no else "",
        title=doc.title,
        snippet_text=body[:SNIPPET_TEXT_CHARS],
        folded_text=folded,
        title_tokens=" ".join(tokenize(f"{doc.title}\n{doc.doc_number}")),
        body_tokens=" ".join(tokenize(folded_body, folded=True, limit=MAX_BODY_TOKENS)),
        facets=" ".join(qc.doc_facets(doc)),
    )


_REPLACED = [f.name for f in SearchEntry._meta.concrete_fields if f.name not in ("id", "item_id")]


def index_document(doc: SearchDoc) -> None:
    """Insert or replace the entry of `doc.item_id`, in the caller's transaction."""
    # One statement, INSERT … ON CONFLICT (item_id) DO UPDATE: the FTS5 triggers (SQLite) and the
    # search_document trigger (PostgreSQL) follow the row, and a publication pays one round trip, not two.
    SearchEntry.objects.bulk_create([build_entry(doc)], update_conflicts=True, unique_fields=["item_id"],
                                    update_fields=_REPLACED)


def index_documents(docs: Iterable[SearchDoc], *, batch_size: int = 500) -> int:
    """Bulk insert of new items (the bench, a rebuild); existing entries of the same items are replaced."""
    count = 0
    batch: list[SearchEntry] = []
    with transaction.atomic():
        for doc in docs:
            batch.append(build_entry(doc))
            if len(batch) >= batch_size:
                count += _flush(batch)
                batch = []
        if batch:
            count += _flush(batch)
    return count


def _flush(batch: list[SearchEntry]) -> int:
    SearchEntry.objects.filter(item_id__in=[e.item_id for e in batch]).delete()
    SearchEntry.objects.bulk_create(batch)
    return len(batch)


def remove_document(item_id: int) -> None:
    """Remove the entry of `item_id` (withdrawn): it is never found again. No error when absent."""
    SearchEntry.objects.filter(item_id=item_id).delete()


def clear_index() -> None:
    """Remove every entry (before a full rebuild from the registry)."""
    SearchEntry.objects.all().delete()


def search(query: SearchQuery) -> SearchResult:
    """Exact 文号/索引号 hits first (newest first), then full-text hits by relevance or date.

    Relevance ranks (rank.py on SQLite, ts_rank_cd on PostgreSQL; title ×10) the RANK_CAP newest matches; the matches beyond them
    follow newest first. Matches are counted exactly up to COUNT_CAP (see SearchResult). Both caps keep a
    query for a word in most items (工作, 通知) as fast as one for a rare word (docs/search.md).
    """
    parsed = parse_query(query.text)
    facets = qc.query_facets(query)
    exact = _exact(parsed, query)
    exact_ids = [e.item_id for e in exact]
    backend = _Postgres() if connection.vendor == "postgresql" else _SQLite()
    # The exact hits occupy the first places of the combined list; the text page follows them.
    text_offset = max(0, query.offset - len(exact))
    text_limit = query.limit - max(0, min(len(exact) - query.offset, query.limit))
    if parsed.terms or (parsed.empty and facets):
        # No words but filters: the filtered items, newest first (the facet tokens do the filtering).
        matcher = backend.matcher(parsed, facets, exact_ids)
        total = matcher.count(COUNT_CAP + 1)
        ranked = _page(matcher, query.order if parsed.terms else "date", total, text_limit, text_offset)
    elif parsed.empty:
        ranked, total = _browse(exact_ids, text_limit, text_offset)
    else:
        ranked, total = [], 0
    entries = {e.item_id: e for e in SearchEntry.objects.filter(item_id__in=[i for i, _ in ranked]).only(
        "item_id", "snippet_text", "title")}
    hits = [Hit(e.item_id, 0.0, _snippet(e, parsed), exact=True) for e in exact[query.offset:query.offset + query.limit]]
    hits += [Hit(i, score, _snippet(entries[i], parsed)) for i, score in ranked if i in entries]
    total += len(exact)
    capped = total > COUNT_CAP
    return SearchResult(hits=hits, total=min(total, COUNT_CAP) if capped else total, exact_match=bool(exact),
                        total_exact=not capped)


def _page(matcher, order: str, total: int, limit: int, offset: int) -> list[tuple[int, float]]:
    if not limit or not total:
        return []
    if order == "date":
        return matcher.newest(limit, offset)
    rows = []
    if offset < RANK_CAP:
        rows += matcher.ranked(RANK_CAP, min(limit, RANK_CAP - offset), offset)
    if offset + limit > RANK_CAP:
        start = max(offset, RANK_CAP)
        rows += matcher.newest(offset + limit - start, start)
    return rows


def _snippet(entry: SearchEntry, parsed: ParsedQuery):
    return snippet(entry.snippet_text or entry.title, parsed)


def _filtered(query: SearchQuery):
    qs = SearchEntry.objects.all()
    if query.agency_id is not None:
        qs = qs.filter(agency_path__contains=f"/{query.agency_id}/")
    if query.subject:
        qs = qs.filter(subject=query.subject)
    if query.genre:
        qs = qs.filter(genre=query.genre)
    if query.year is not None:
        qs = qs.filter(year=query.year)
    if query.validity:
        qs = qs.filter(validity=query.validity)
    if query.channel:
        qs = qs.filter(channels__contains=f"|{query.channel}|")
    return qs


def _exact(parsed: ParsedQuery, query: SearchQuery) -> list[SearchEntry]:
    if not parsed.doc_number and not parsed.index_no:
        return []
    qs = _filtered(query)
    if parsed.index_no and parsed.doc_number:
        from django.db.models import Q

        qs = qs.filter(Q(index_no_key=parsed.index_no) | Q(doc_number_key=parsed.doc_number))
    elif parsed.index_no:
        qs = qs.filter(index_no_key=parsed.index_no)
    else:
        qs = qs.filter(doc_number_key=parsed.doc_number)
    return list(qs.order_by("-sort_key").only("item_id", "snippet_text", "title")[:50])


def _browse(exclude: list[int], limit: int, offset: int):
    """No words, no filters: every item, newest first."""
    qs = SearchEntry.objects.exclude(item_id__in=exclude)
    total = qs[:COUNT_CAP + 1].count()
    ids = list(qs.order_by("-sort_key").values_list("item_id", flat=True)[offset:offset + limit]) if limit else []
    return [(i, 0.0) for i in ids], total


class _SQLite:
    def matcher(self, parsed, facets, exclude):
        return _SQLiteMatch(parsed, qc.to_fts5(parsed, facets), exclude)


class _SQLiteMatch:
    MASK = (1 << 32) - 1

    def __init__(self, parsed: ParsedQuery, expr: str, exclude: list[int]):
        self.parsed = parsed
        keys = list(SearchEntry.objects.filter(item_id__in=exclude).values_list("sort_key", flat=True))
        self.where = "search_fts MATCH %s" + (f" AND rowid NOT IN ({','.join('%s' for _ in keys)})" if keys else "")
        self.params = [expr, *keys]

    def _rows(self, sql, params):
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return [(key & self.MASK, float(score)) for key, score in cur.fetchall()]

    def count(self, cap: int) -> int:
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE {self.where} LIMIT %s)",
                        [*self.params, cap])
            return cur.fetchone()[0]

    def newest(self, limit, offset):
        # rowid = sort_key: FTS5 walks its doclists backwards and stops at the page, no sort.
        return self._rows(f"SELECT rowid, 0.0 FROM search_fts WHERE {self.where} ORDER BY rowid DESC "
                          "LIMIT %s OFFSET %s", [*self.params, limit, offset])

    def ranked(self, cap, limit, offset):
        # Not FTS5's bm25(): it walks the whole doclist of every phrase for its IDF first, 100–400 ms for a
        # query with a common word on 200,000 items, however few rows it ranks (core/search/rank.py).
        with connection.cursor() as cur:
            cur.execute(f"SELECT rowid FROM search_fts WHERE {self.where} ORDER BY rowid DESC LIMIT %s",
                        [*self.params, cap])
            keys = [k for (k,) in cur.fetchall()]
            cur.execute(f"SELECT item_id, sort_key, title, substr(snippet_text, 1, {RANK_TEXT_CHARS}), folded_text "
                        f"FROM search_searchentry WHERE sort_key IN ({','.join('%s' for _ in keys)})", keys)
            candidates = [(i, k, *(f.split("\x1f", 1) if f else (t.lower(), b.lower())))
                          for i, k, t, b, f in cur.fetchall()]
        return rank(candidates, self.parsed)[offset:offset + limit]


class _Postgres:
    def matcher(self, parsed, facets, exclude):
        return _PostgresMatch(qc.to_tsquery(parsed), qc.facets_tsquery(facets) if facets else "", exclude)


_PARTITIONS: list[str] = []


def _partitions_newest_first(cur) -> list[str]:
    """The partitions of search_document (migration 0002), newest key range first. Read once a process:
    restart the workers after adding partitions."""
    if not _PARTITIONS:
        cur.execute("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
                    "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'search_document'::regclass")
        bounds = []
        for name, bound in cur.fetchall():
            low = bound.split("FROM (", 1)[1].split(")", 1)[0].strip("'")
            bounds.append((float("-inf") if low.upper() == "MINVALUE" else int(low), name))
        _PARTITIONS.extend(name for _, name in sorted(bounds, reverse=True))
    return _PARTITIONS


class _PostgresMatch:
    """Matching, counting and ordering read only `search_document (sort_key, document)` (migration 0002),
    partitioned by year of sort_key.

    Newest-first asks the partitions one at a time, newest first, and stops when it has enough: the cost
    is that of the matches in the newest year or two, not of every match. (PostgreSQL's own ordered Append
    over the partitions does that only with index scans below it, and those are the trap below.)

    Every query here runs with sequential, plain index and parallel scans off, i.e. as GIN bitmap scans.
    Otherwise, for ORDER BY … LIMIT, the planner likes to walk the sort_key index backwards and test each
    row's tsvector (read back from TOAST) until it has enough — fine when its estimate of the matches is
    right, seconds when not (a word with a year filter: the newer partitions hold no match, every row is
    tested). A bitmap scan costs what the matches cost: GIN answers `@@` without reading a tsvector back.
    """

    # Weights {D, C, B, A}: body tokens carry D, title tokens A, TITLE_WEIGHT times more.
    WEIGHTS = f"{{{1.0 / TITLE_WEIGHT}, 0.2, 0.4, 1.0}}"
    MASK = (1 << 32) - 1
    PLANNER = ("enable_seqscan", "enable_indexscan", "max_parallel_workers_per_gather")

    def __init__(self, tsquery: str, facets: str, exclude: list[int]):
        combined = " & ".join(f"({q})" for q in (tsquery, facets) if q)
        self.where = "document @@ to_tsquery('simple', %s)"
        self.params: list = [combined]
        if exclude:
            keys = list(SearchEntry.objects.filter(item_id__in=exclude).values_list("sort_key", flat=True))
            if keys:
                self.where += f" AND sort_key NOT IN ({','.join('%s' for _ in keys)})"
                self.params.extend(keys)
        self.tsquery = tsquery

    def _bitmap_only(self, run):
        """run(cursor) with the planner limited to bitmap scans; the session settings restored at once
        (not SET LOCAL: that would last to the end of the caller's transaction)."""
        with connection.cursor() as cur:
            cur.execute("SELECT " + ", ".join(f"current_setting('{n}')" for n in self.PLANNER) + ", "
                        + ", ".join(f"set_config('{n}', '{v}', false)" for n, v in zip(self.PLANNER, ("off", "off", "0"),
                                                                                    strict=True)))
            previous = cur.fetchone()[:len(self.PLANNER)]
            try:
                result = run(cur)
            except Exception:
                from psycopg import pq

                # In a failed transaction the rollback undoes the settings; outside one, restore them.
                if connection.connection.info.transaction_status != pq.TransactionStatus.INERROR:
                    self._restore(cur, previous)
                raise
            self._restore(cur, previous)
            return result

    def _restore(self, cur, previous) -> None:
        cur.execute("SELECT " + ", ".join(f"set_config('{n}', %s, false)" for n in self.PLANNER), list(previous))

    def count(self, cap: int) -> int:
        def run(cur):
            cur.execute(f"SELECT count(*) FROM (SELECT 1 FROM search_document WHERE {self.where} LIMIT %s) c",
                        [*self.params, cap])
            return cur.fetchone()[0]
        return self._bitmap_only(run)

    def _newest_keys(self, n: int) -> list[int]:
        def run(cur):
            keys: list[int] = []
            for partition in _partitions_newest_first(cur):
                cur.execute(f"SELECT sort_key FROM {partition} WHERE {self.where} ORDER BY sort_key DESC LIMIT %s",
                            [*self.params, n - len(keys)])
                keys += [k for (k,) in cur.fetchall()]
                if len(keys) >= n:
                    break
            return keys
        return self._bitmap_only(run)

    def newest(self, limit, offset):
        return [(key & self.MASK, 0.0) for key in self._newest_keys(offset + limit)[offset:]]

    def ranked(self, cap, limit, offset):
        keys = self._newest_keys(cap)
        if not keys:
            return []
        with connection.cursor() as cur:
            cur.execute(f"SELECT sort_key, ts_rank_cd('{self.WEIGHTS}'::float4[], document, to_tsquery('simple', %s)) "
                        "AS score FROM search_document WHERE sort_key = ANY(%s) ORDER BY score DESC, sort_key DESC "
                        "LIMIT %s OFFSET %s", [self.tsquery, keys, limit, offset])
            return [(key & self.MASK, float(score)) for key, score in cur.fetchall()]
