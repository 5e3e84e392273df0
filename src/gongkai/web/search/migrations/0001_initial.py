from django.db import migrations, models

SQLITE_FTS = [
    # External content: the token text lives once, in search_searchentry; rowid = sort_key.
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_tokens, body_tokens, facets,
        content='search_searchentry', content_rowid='sort_key', tokenize='unicode61')""",
    """CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title_tokens, body_tokens, facets)
        VALUES (new.sort_key, new.title_tokens, new.body_tokens, new.facets);
    END""",
    """CREATE TRIGGER search_entry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens, facets)
        VALUES ('delete', old.sort_key, old.title_tokens, old.body_tokens, old.facets);
    END""",
    """CREATE TRIGGER search_entry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens, facets)
        VALUES ('delete', old.sort_key, old.title_tokens, old.body_tokens, old.facets);
        INSERT INTO search_fts(rowid, title_tokens, body_tokens, facets)
        VALUES (new.sort_key, new.title_tokens, new.body_tokens, new.facets);
    END""",
]
SQLITE_FTS_REVERSE = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_FTS = [
    # 'simple' over text that is already tokenised: the parser only splits on spaces and lower-cases.
    # One tsvector for text and filters, so one GIN scan intersects them (two GIN columns left the planner
    # filtering one row at a time). Facet lexemes carry the mark 㐀 (never beside ASCII in a text token),
    # weight B, and no text query names them, so they neither match words nor weigh in ts_rank_cd.
    """ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_tokens), 'A') || to_tsvector('simple', body_tokens)
        || setweight(to_tsvector('simple', regexp_replace(facets, '(\\S+)', '㐀\\1', 'g')), 'B')) STORED""",
    "CREATE INDEX search_entry_document_gin ON search_searchentry USING gin (document)",
    # Narrow heap rows: the long columns (texts, tokens, tsvectors) go to TOAST, so the heap pages that a
    # bitmap scan visits for sort_key hold ~50 entries each instead of ~3 (newest-first over many matches).
    "ALTER TABLE search_searchentry SET (toast_tuple_target = 128)",
]
POSTGRES_FTS_REVERSE = [
    "ALTER TABLE search_searchentry RESET (toast_tuple_target)",
    "DROP INDEX IF EXISTS search_entry_document_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
]


class VendorRunSQL(migrations.RunSQL):
    """RunSQL that runs only on one database vendor (FTS5 DDL means nothing to PostgreSQL and back)."""

    def __init__(self, vendor, sql, reverse_sql):
        self.vendor = vendor
        super().__init__(sql, reverse_sql)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, kwargs.pop("sql"), kwargs.pop("reverse_sql", None)], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("item_id", models.BigIntegerField(unique=True)),
                ("sort_key", models.BigIntegerField(unique=True)),
                ("agency_id", models.IntegerField(db_index=True)),
                ("agency_path", models.CharField(max_length=255)),
                ("subject", models.CharField(blank=True, max_length=64)),
                ("genre", models.CharField(blank=True, max_length=64)),
                ("year", models.SmallIntegerField()),
                ("validity", models.CharField(blank=True, max_length=16)),
                ("channels", models.CharField(blank=True, max_length=255)),
                ("published", models.DateField()),
                ("doc_number_key", models.CharField(blank=True, db_index=True, max_length=64)),
                ("index_no_key", models.CharField(blank=True, db_index=True, max_length=64)),
                ("title", models.TextField()),
                ("snippet_text", models.TextField(blank=True)),
                ("folded_text", models.TextField(blank=True)),
                ("title_tokens", models.TextField()),
                ("body_tokens", models.TextField(blank=True)),
                ("facets", models.TextField()),
            ],
            options={"verbose_name": "检索条目", "verbose_name_plural": "检索条目"},
        ),
        VendorRunSQL("sqlite", SQLITE_FTS, SQLITE_FTS_REVERSE),
        VendorRunSQL("postgresql", POSTGRES_FTS, POSTGRES_FTS_REVERSE),
    ]
