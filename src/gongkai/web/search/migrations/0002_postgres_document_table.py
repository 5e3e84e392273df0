"""PostgreSQL: the tsvector moves from a column of search_searchentry to a table of its own, partitioned.

Newest-first and the ranking candidates need the sort_key of every match: the bitmap heap scan behind the
GIN index reads every heap page holding a match. `search_document (sort_key, document)` is range-
partitioned by sort_key, one partition per publication year, so ORDER BY sort_key DESC LIMIT n reads the
newest year's matches and stops there once it has n (PostgreSQL's ordered Append), instead of the matches
of every year. A trigger keeps it in step inside the writer's transaction, as the FTS5 triggers do on
SQLite; search_searchentry is then read only for the page's rows (snippets) and exact lookups. Nothing
changes on SQLite.
"""

import importlib
from datetime import date

from django.db import migrations

VendorRunSQL = importlib.import_module("gongkai.web.search.migrations.0001_initial").VendorRunSQL


def document(row: str = "") -> str:
    # The same tsvector as 0001's generated column: title A, body D, facets marked 㐀 with weight B.
    r = f"{row}." if row else ""
    return (f"setweight(to_tsvector('simple', {r}title_tokens), 'A') || to_tsvector('simple', {r}body_tokens)"
            f" || setweight(to_tsvector('simple', regexp_replace({r}facets, '(\\S+)', '㐀\\1', 'g')), 'B')")


# One partition per publication year (sort_key ranges), plus one before and one after: the ranges cover
# every bigint and there is no DEFAULT partition, so PostgreSQL scans them in order ("ordered Append") and
# a newest-first query with a LIMIT stops in the newest partitions that hold enough matches.
FIRST_YEAR, LAST_YEAR = 2010, 2035


def _key(year: int) -> int:
    return date(year, 1, 1).toordinal() << 32


def _partitions() -> list[str]:
    bounds = [("before", "MINVALUE", _key(FIRST_YEAR))]
    bounds += [(f"y{y}", _key(y), _key(y + 1)) for y in range(FIRST_YEAR, LAST_YEAR + 1)]
    bounds.append(("after", _key(LAST_YEAR + 1), "MAXVALUE"))
    # toast_tuple_target 128 (the minimum): a tsvector that is toasted at all (a row over ~2 kB) goes out
    # of line instead of staying compressed in the heap. Smaller ones stay inline: PostgreSQL toasts
    # only rows over TOAST_TUPLE_THRESHOLD, whatever the target.
    return [f"CREATE TABLE search_document_{name} PARTITION OF search_document "
            f"FOR VALUES FROM ({low}) TO ({high}) WITH (toast_tuple_target = 128)" for name, low, high in bounds]


POSTGRES = [
    "CREATE TABLE search_document (sort_key bigint PRIMARY KEY, document tsvector NOT NULL) "
    "PARTITION BY RANGE (sort_key)",
    *_partitions(),
    f"""CREATE FUNCTION search_document_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE search_document;
            RETURN NULL;
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            DELETE FROM search_document WHERE sort_key = OLD.sort_key;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO search_document (sort_key, document) VALUES (NEW.sort_key, {document("NEW")});
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_entry_document AFTER INSERT OR UPDATE OR DELETE ON search_searchentry
        FOR EACH ROW EXECUTE FUNCTION search_document_sync()""",
    # Django's test flush truncates the model's table only.
    """CREATE TRIGGER search_entry_document_truncate AFTER TRUNCATE ON search_searchentry
        FOR EACH STATEMENT EXECUTE FUNCTION search_document_sync()""",
    # Backfill, then index (faster than index maintenance row by row). No ORDER BY: the sort would carry
    # every computed tsvector (gigabytes for a million entries), and a bitmap scan sorts its matches anyway.
    f"""INSERT INTO search_document (sort_key, document)
        SELECT sort_key, {document("e")} FROM search_searchentry e""",
    "CREATE INDEX search_document_gin ON search_document USING gin (document)",
    "DROP INDEX IF EXISTS search_entry_document_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
    # Statistics now, not at autovacuum's leisure: the planner's choices depend on them.
    "ANALYZE search_document",
]
POSTGRES_REVERSE = [
    f"""ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        {document()}) STORED""",
    "CREATE INDEX search_entry_document_gin ON search_searchentry USING gin (document)",
    "DROP TRIGGER IF EXISTS search_entry_document_truncate ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_entry_document ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_document_sync()",
    "DROP TABLE IF EXISTS search_document",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [VendorRunSQL("postgresql", POSTGRES, POSTGRES_REVERSE)]
