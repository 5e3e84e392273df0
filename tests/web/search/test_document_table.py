"""Migration search.0002: on PostgreSQL the tsvector lives in `search_document`, partitioned by year of
sort_key and kept in step with search_searchentry by a trigger; on SQLite the migration does nothing."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gongkai.core.search import SearchDoc, SearchQuery
from gongkai.web.search.index import index_document, index_documents, remove_document, search
from gongkai.web.search.models import SearchEntry

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the table exists on PostgreSQL only")


def _doc(item_id: int, title: str, published: date, genre: str = "通知公告") -> SearchDoc:
    return SearchDoc(item_id=item_id, title=title, doc_number="", index_no="", body_text=f"{title}。正文内容。",
                     attachment_text="", agency_id=2, agency_path=(1, 2), subject="01", genre=genre,
                     year=published.year, validity="", channels=("portal",), published=published)


def _side_keys() -> list[int]:
    with connection.cursor() as cur:
        cur.execute("SELECT sort_key FROM search_document ORDER BY sort_key")
        return [k for (k,) in cur.fetchall()]


def _entry_keys() -> list[int]:
    return list(SearchEntry.objects.order_by("sort_key").values_list("sort_key", flat=True))


@postgres_only
@pytest.mark.django_db
def test_the_document_table_follows_every_write():
    index_documents([_doc(1, "关于低保标准的通知", date(2024, 3, 1)), _doc(2, "公积金提取办法", date(2025, 6, 2))])
    assert _side_keys() == _entry_keys() and len(_side_keys()) == 2
    index_document(_doc(1, "关于低保标准的通知", date(2026, 1, 5)))  # corrected: a new date, a new sort_key
    assert _side_keys() == _entry_keys()
    # An UPDATE through the ORM (no delete + insert) moves the tsvector too.
    SearchEntry.objects.filter(item_id=2).update(title_tokens="医保 目录", body_tokens="", sort_key=(date(2023, 1, 1).toordinal() << 32) | 2)
    assert _side_keys() == _entry_keys()
    assert [h.item_id for h in search(SearchQuery("医保")).hits] == [2]
    assert search(SearchQuery("公积金")).total == 0
    remove_document(1)
    assert _side_keys() == _entry_keys() == [(date(2023, 1, 1).toordinal() << 32) | 2]
    with connection.cursor() as cur:
        cur.execute("TRUNCATE search_searchentry")
    assert _side_keys() == []


@postgres_only
@pytest.mark.django_db
def test_dates_outside_the_yearly_partitions_are_found_in_order():
    days = {1: date(1999, 5, 1), 2: date(2008, 1, 1), 3: date(2024, 12, 31), 4: date(2039, 12, 31), 5: date(2051, 1, 1)}
    index_documents([_doc(i, "政务公开工作要点", d) for i, d in days.items()])
    assert [h.item_id for h in search(SearchQuery("政务公开", order="date")).hits] == [5, 4, 3, 2, 1]
    assert [h.item_id for h in search(SearchQuery("政务公开", order="date", offset=3, limit=2)).hits] == [2, 1]
    assert search(SearchQuery("政务公开")).total == 5


@pytest.mark.django_db(transaction=True)
def test_the_migration_backfills_an_index_that_already_holds_entries():
    executor = MigrationExecutor(connection)
    executor.migrate([("search", "0001_initial")])
    try:
        index_documents([_doc(i, f"关于做好第{i}批低保工作的通知", date(2020 + i % 6, 1 + i % 12, 1)) for i in range(1, 41)])
        index_document(_doc(41, "城乡居民医保缴费通知", date(2026, 2, 1), genre="工作动态"))
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes("search"))
    if connection.vendor == "postgresql":
        assert _side_keys() == _entry_keys() and len(_side_keys()) == 41
    assert search(SearchQuery("低保")).total == 40
    assert [h.item_id for h in search(SearchQuery("通知", genre="工作动态")).hits] == [41]
    index_document(_doc(42, "低保资金发放", date(2026, 3, 1)))  # and the trigger (PostgreSQL) takes over
    assert search(SearchQuery("低保", order="date")).hits[0].item_id == 42


@postgres_only
@pytest.mark.django_db
def test_the_planner_settings_are_restored_after_a_search():
    index_documents([_doc(1, "关于低保标准的通知", date(2024, 3, 1))])
    settings = "SELECT current_setting('enable_indexscan'), current_setting('enable_seqscan'), " \
               "current_setting('max_parallel_workers_per_gather')"
    with connection.cursor() as cur:
        cur.execute("SET enable_indexscan = on")
        cur.execute("SET enable_seqscan = off")
        cur.execute("SET max_parallel_workers_per_gather = 3")
        cur.execute(settings)
        before = cur.fetchone()
    assert before == ("on", "off", "3")
    assert search(SearchQuery("低保", order="date")).total == 1
    assert search(SearchQuery("低保")).hits[0].item_id == 1
    with connection.cursor() as cur:
        cur.execute(settings)
        assert cur.fetchone() == before
