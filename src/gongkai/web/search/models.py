"""The search index: one row per published item, kept by `gongkai.web.search.index` only.

The full-text part lives beside this table and is kept in step by the database itself, inside the
writer's transaction: on SQLite an external-content FTS5 table `search_fts` (rowid = `sort_key`) fed by
triggers (migration 0001); on PostgreSQL a narrow table `search_document (sort_key, document)` — one
tsvector of title, body and the marked facet tokens, with a GIN index — fed by a trigger (migration 0002).
Both are created with RunSQL for their vendor only.
"""

from django.db import models


class SearchEntry(models.Model):
    item_id = models.BigIntegerField(unique=True)
    # published date (days) << 32 | item_id: the FTS5 rowid, so "newest first" is the index order.
    sort_key = models.BigIntegerField(unique=True)

    # Filters, also as tokens in `facets` (the full-text engines intersect them with the text).
    agency_id = models.IntegerField(db_index=True)
    agency_path = models.CharField(max_length=255)  # "/1/5/12/": the agency and its ancestors, root first
    subject = models.CharField(max_length=64, blank=True)
    genre = models.CharField(max_length=64, blank=True)
    year = models.SmallIntegerField()
    validity = models.CharField(max_length=16, blank=True)
    channels = models.CharField(max_length=255, blank=True)  # "|portal|weibo|"
    published = models.DateField()

    # Exact lookups, normalised (gongkai.core.search.identifiers).
    doc_number_key = models.CharField(max_length=64, blank=True, db_index=True)
    index_no_key = models.CharField(max_length=64, blank=True, db_index=True)

    # What snippets are cut from: the title and the first characters of the body (capped).
    title = models.TextField()
    snippet_text = models.TextField(blank=True)
    # fold(title) + "\x1f" + fold(beginning of the body) for ranking, only when folding changes more than
    # ASCII case (traditional script, full-width forms): most items store "" and rank on the text itself.
    folded_text = models.TextField(blank=True)

    # Pre-tokenised text (gongkai.core.search.text.tokenize), space separated.
    title_tokens = models.TextField()
    body_tokens = models.TextField(blank=True)
    facets = models.TextField()

    class Meta:
        verbose_name = "检索条目"
        verbose_name_plural = "检索条目"

    def __str__(self) -> str:
        return f"{self.item_id} {self.title[:30]}"
