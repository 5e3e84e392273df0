"""The index on the database in use (SQLite FTS5, or PostgreSQL with DATABASE_URL): the same matches as the
pure-Python reference of gongkai.core.search.evaluation, so SQLite and PostgreSQL match the same items."""

from datetime import date

import pytest
from django.db import connection, transaction

from gongkai.core.search import SearchDoc, SearchQuery, fold
from gongkai.core.search.evaluation import APPROACHES, Index, load_corpus
from gongkai.web.search.index import index_document, index_documents, remove_document, search
from gongkai.web.search.models import SearchEntry

pytestmark = pytest.mark.django_db

DOCUMENTS, QUERIES = load_corpus()
# A small agency tree: 1 government; 2 and 3 its departments; 4 under 3.
PATHS = {1: (1,), 2: (1, 2), 3: (1, 3), 4: (1, 3, 4)}
GENRES = ("通知公告", "行政规范性文件", "工作动态")
CHANNELS = (("portal",), ("portal", "gazette"), ("weixin",))


def _doc(d: dict) -> SearchDoc:
    i = d["id"]
    agency = 1 + i % 4
    return SearchDoc(
        item_id=i, title=d["title"], doc_number=d["doc_number"], index_no=f"11330100MB1234567X/2024-{i:05d}",
        body_text=d["body"], attachment_text="", agency_id=agency, agency_path=PATHS[agency],
        subject=f"0{i % 3}", genre=GENRES[i % 3], year=2023 + i % 3, validity="有效" if i % 3 == 1 else "",
        channels=CHANNELS[i % 3], published=date(2023 + i % 3, 1 + i % 12, 1 + i % 28))


DOCS = {d["id"]: _doc(d) for d in DOCUMENTS}
REFERENCE = Index(APPROACHES["chosen"], DOCUMENTS)


@pytest.fixture
def corpus():
    index_documents(DOCS.values())


def _all(query: SearchQuery) -> list[int]:
    result = search(query)
    assert result.total == len(result.hits)
    return [h.item_id for h in result.hits]


@pytest.mark.parametrize("q", [q["q"] for q in QUERIES] + ['"政府信息公开"', '"信息 公开" 工作', '"最低生活保障"', '"低保"'])
def test_every_query_matches_what_the_reference_matches(corpus, q):
    expected = set(REFERENCE.search(q))
    assert set(_all(SearchQuery(q, limit=100))) == expected


@pytest.mark.parametrize("q", ["公开", "政府", "工作", "税", "2024", "通知", "条例 办法"])
@pytest.mark.parametrize("filters", [
    {"agency_id": 3}, {"agency_id": 4}, {"year": 2024}, {"genre": "行政规范性文件"}, {"channel": "gazette"},
    {"validity": "有效"}, {"subject": "02", "year": 2025}, {"agency_id": 1, "channel": "portal", "year": 2023},
])
def test_filters_match_the_reference(corpus, q, filters):
    def keep(doc: SearchDoc) -> bool:
        return ((filters.get("agency_id") is None or filters["agency_id"] in doc.agency_path)
                and filters.get("year", doc.year) == doc.year
                and filters.get("genre", doc.genre) == doc.genre
                and filters.get("subject", doc.subject) == doc.subject
                and filters.get("validity", doc.validity) == doc.validity
                and ("channel" not in filters or filters["channel"] in doc.channels))

    expected = {i for i in REFERENCE.search(q) if keep(DOCS[i])}
    assert set(_all(SearchQuery(q, limit=100, **filters))) == expected


def test_quotes_ask_for_adjacent_characters(corpus):
    scattered = SearchDoc(**{**DOCS[60].__dict__, "item_id": 900, "title": "信息化建设",
                             "body_text": "鼓励发展消息公众号，公开服务承诺。"})
    index_document(scattered)
    assert 900 in _all(SearchQuery("信息公开", limit=100))  # 信息, 息公, 公开 all occur
    assert 900 not in _all(SearchQuery('"信息公开"', limit=100))
    assert {1, 2, 47} <= set(_all(SearchQuery('"信息公开"', limit=100)))
    # Ranking counts the real substring: the scattered item comes last.
    assert _all(SearchQuery("信息公开", limit=100))[-1] == 900


def test_one_character_finds_every_occurrence(corpus):
    expected = {d["id"] for d in DOCUMENTS if "税" in fold(d["title"] + d["body"] + d["doc_number"])}
    assert len(expected) >= 3 and 70 in expected  # 70 is written 稅
    assert set(_all(SearchQuery("税", limit=100))) == expected


def test_date_order_is_newest_first(corpus):
    ids = _all(SearchQuery("通知", order="date", limit=100))
    dates = [(DOCS[i].published, i) for i in ids]
    assert dates == sorted(dates, reverse=True) and len(ids) > 10


def test_relevance_puts_title_matches_first(corpus):
    ids = _all(SearchQuery("养老保险", limit=100))
    in_title = [i for i in ids if "养老保险" in DOCS[i].title]
    assert in_title and ids[:len(in_title)] == in_title


def test_pages_cover_the_result_once(corpus):
    first = search(SearchQuery("通知", limit=5))
    second = search(SearchQuery("通知", limit=5, offset=5))
    everything = _all(SearchQuery("通知", limit=100))
    assert [h.item_id for h in first.hits + second.hits] == everything[:10]
    assert first.total == second.total == len(everything)


def test_doc_number_and_index_number_come_first(corpus):
    result = search(SearchQuery("示政办发[2024]12号"))
    assert result.exact_match and result.hits[0].item_id == 1 and result.hits[0].exact
    assert not any(h.exact for h in result.hits[1:])
    result = search(SearchQuery("11330100mb1234567x/2024-00045"))
    assert result.exact_match and [h.item_id for h in result.hits][:1] == [45]
    # An exact hit that a filter excludes is not shown.
    assert not search(SearchQuery("示政办发〔2024〕12号", year=2025)).exact_match
    assert not search(SearchQuery("示政办发〔2099〕12号")).exact_match


def test_exact_hits_are_not_repeated_on_later_pages(corpus):
    everything = _all(SearchQuery("示政办发〔2024〕12号", limit=100))
    assert everything[0] == 1 and everything.count(1) == 1
    page2 = search(SearchQuery("示政办发〔2024〕12号", limit=1, offset=1))
    assert [h.item_id for h in page2.hits] == everything[1:2]


def test_snippets_mark_the_matches(corpus):
    hit = search(SearchQuery("低保")).hits[0]
    assert any(s.match and s.text in ("低保", "最低生活保障") for s in hit.snippet)
    traditional = search(SearchQuery("公开 加强")).hits[0]
    assert traditional.item_id == 46
    assert ("公開", True) in [tuple(s) for s in traditional.snippet]


def test_no_words_lists_the_filtered_items_newest_first(corpus):
    ids = _all(SearchQuery("", agency_id=3, limit=100))
    assert set(ids) == {i for i, d in DOCS.items() if 3 in d.agency_path}
    assert ids == sorted(ids, key=lambda i: (DOCS[i].published, i), reverse=True)
    assert set(_all(SearchQuery("", year=2024, genre="工作动态", limit=100))) == {
        i for i, d in DOCS.items() if d.year == 2024 and d.genre == "工作动态"}
    everything = _all(SearchQuery("", limit=100))
    assert len(everything) == len(DOCS) and everything[0] == max(DOCS, key=lambda i: (DOCS[i].published, i))


def test_removed_items_are_never_found_again(corpus):
    assert 3 in _all(SearchQuery("最低生活保障", limit=100))
    remove_document(3)
    assert 3 not in _all(SearchQuery("最低生活保障", limit=100))
    assert 3 not in _all(SearchQuery("示民发〔2024〕21号", limit=100))
    remove_document(3)  # twice: nothing to do


def test_reindexing_replaces_the_old_text(corpus):
    doc = DOCS[9]
    index_document(SearchDoc(**{**doc.__dict__, "title": "住房公积金缴存管理办法", "body_text": "缴存比例"}))
    assert 9 not in _all(SearchQuery("提取", limit=100))
    assert 9 in _all(SearchQuery("缴存", limit=100))
    assert SearchEntry.objects.filter(item_id=9).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_publication_leaves_no_entry():
    class PublishFailed(Exception):
        pass

    with pytest.raises(PublishFailed), transaction.atomic():
        index_document(DOCS[3])
        assert 3 in _all(SearchQuery("低保"))  # visible inside the caller's transaction
        raise PublishFailed
    assert not SearchEntry.objects.exists()
    assert _all(SearchQuery("低保")) == []
    # A withdrawal rolled back keeps the item findable; one committed removes it.
    index_document(DOCS[3])
    with pytest.raises(PublishFailed), transaction.atomic():
        remove_document(3)
        raise PublishFailed
    assert _all(SearchQuery("低保")) == [3]
    with transaction.atomic():
        remove_document(3)
    assert _all(SearchQuery("低保")) == []


@pytest.mark.django_db(transaction=True)
def test_the_index_never_commits_on_its_own():
    with transaction.atomic():
        index_document(DOCS[1])
        assert connection.in_atomic_block
        transaction.set_rollback(True)
    assert not SearchEntry.objects.exists()


def test_caps_keep_pages_consistent(corpus, monkeypatch):
    """Beyond RANK_CAP matches relevance continues newest first; beyond COUNT_CAP the total is a floor."""
    from gongkai.web.search import index

    everything = _all(SearchQuery("通知", limit=100))
    monkeypatch.setattr(index, "RANK_CAP", 5)
    monkeypatch.setattr(index, "COUNT_CAP", 12)
    assert len(everything) > 12  # more matches than the caps
    first = search(SearchQuery("通知", limit=8))
    assert first.total == 12 and not first.total_exact
    by_date = [h.item_id for h in search(SearchQuery("通知", order="date", limit=100)).hits]
    ranked = [h.item_id for h in first.hits]
    # The five newest matches, ranked; then the following ones in date order.
    assert set(ranked[:5]) == set(by_date[:5]) and ranked[5:] == by_date[5:8]
    pages = [h.item_id for off in range(0, len(everything), 4)
             for h in search(SearchQuery("通知", limit=4, offset=off)).hits]
    assert sorted(pages) == sorted(everything) and len(pages) == len(set(pages))
    small = search(SearchQuery("低保"))
    assert small.total_exact and small.total == len(REFERENCE.search("低保"))
