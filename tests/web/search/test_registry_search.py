"""Search over the registry through every entrance: the services keep the index in step (same transaction),
the public page at /gk/search/ and `gongkai search --json` return the same items."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import transaction

from gongkai.cli import main
from gongkai.core.search.model import SearchQuery
from gongkai.web.registry import services
from gongkai.web.search import index
from tests.web.registry.conftest import POLICY, publish_item
from tests.web.registry.conftest import world as world  # noqa: F401  (the fixture, re-exported)

pytestmark = pytest.mark.django_db

LOW_INCOME = dict(title="示例市甲局关于调整城乡最低生活保障标准的通知", doc_number="示甲发〔2026〕15号", subject="1701",
                  genre="normative",
                  body_html="<p>经研究，决定自2026年12月1日起调整城乡最低生活保障标准。城市最低生活保障标准每人每月900元。</p>")
NEWS = dict(title="甲局召开政府信息公开工作推进会", doc_number="", genre="news", subject="0203", written_on=None,
            body_html="<p>会议部署了政务公开重点工作，要求进一步提高主动公开质量。</p>")


def ids(text, **kw):
    return [h.item_id for h in index.search(SearchQuery(text=text, **kw)).hits]


def test_publish_indexes_and_withdraw_removes(world):
    policy = publish_item(world, **LOW_INCOME)
    news = publish_item(world, **NEWS)
    assert ids("低保") == [policy.pk]                 # abbreviation → 最低生活保障
    assert ids("公开") == [news.pk]                   # a word inside 政府信息公开 / 主动公开
    assert ids("示甲发[2026]15号") == [policy.pk]      # 文号 in another bracket form
    assert ids(policy.index_no) == [policy.pk]
    services.item_withdraw(item=policy, actor=world.alice, reason="错发", on=date(2026, 11, 12))
    assert ids("低保") == [] and ids("示甲发〔2026〕15号") == []


def test_a_publication_rolled_back_is_not_found(world):
    from gongkai.web.registry.models import Item

    item = services.item_create(agency=world.dept_a, actor=world.alice, fields={**POLICY, **LOW_INCOME}, today=date(2026, 11, 10))
    services.item_review(item=item, actor=world.alice, passed=True, on=date(2026, 11, 10))
    services.item_approve(item=item, actor=world.alice, on=date(2026, 11, 10))
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            services.item_publish(item=item, actor=world.alice, on=date(2026, 11, 10))
            raise RuntimeError("the request failed after publishing")
    assert ids("低保") == [] and Item.objects.get(pk=item.pk).state == "approved"


def test_corrections_are_searchable_by_their_new_words(world):
    item = publish_item(world, **NEWS)
    correction = services.correction_propose(item=item, actor=world.amy, changes={"title": "甲局召开营商环境专题会"},
                                             reason="标题有误", today=date(2026, 11, 11))
    services.correction_review(correction=correction, actor=world.alice, passed=True, on=date(2026, 11, 11))
    services.correction_apply(correction=correction, actor=world.amy, on=date(2026, 11, 11))
    assert ids("营商环境") == [item.pk]


def test_subtree_filter(world):
    a_item = publish_item(world, **NEWS)
    b_item = publish_item(world, agency=world.dept_b, **{**NEWS, "title": "乙局召开政务公开推进会"})
    assert set(ids("推进会", agency_id=world.gov.pk)) == {a_item.pk, b_item.pk}
    assert ids("推进会", agency_id=world.dept_b.pk) == [b_item.pk]


def test_cli_and_page_agree(world, capsys, client):
    policy = publish_item(world, **LOW_INCOME)
    publish_item(world, **NEWS)
    assert main(["search", "最低生活保障", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [list(r) for r in rows] == [["index_no", "title", "agency", "doc_number", "published", "url", "snippet"]]
    assert rows[0]["index_no"] == policy.index_no and rows[0]["published"] == "2026-11-10"
    assert rows[0]["url"].endswith(f"/{policy.pk}/") and "最低生活保障" in rows[0]["snippet"]
    page = client.get("/gk/search/", {"q": "最低生活保障"})
    assert page.status_code == 200
    html = page.content.decode()
    assert policy.title in html and "<mark>最低生活保障</mark>" in html
    assert main(["search", "低保", "--agency", world.dept_b.code, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["search", "低保", "--agency", "NOPE"]) == 2


def test_page_escapes_hostile_text(world, client):
    publish_item(world, **{**NEWS, "title": "<script>alert(1)</script>公开通知"})
    html = client.get("/gk/search/", {"q": "公开通知"}).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_reindex_rebuilds_from_the_registry(world):
    from gongkai.web.registry.search_sync import reindex_all

    policy = publish_item(world, **LOW_INCOME)
    index.clear_index()
    assert ids("低保") == []
    assert reindex_all() == 1
    assert ids("低保") == [policy.pk]


def test_page_says_when_nothing_is_found(world, client):
    publish_item(world, **NEWS)
    html = client.get("/gk/search/", {"q": "量子计算"}).content.decode()
    assert "没有找到符合条件的信息" in html and "共找到 0 条" in html


def test_page_filters_list_every_agency_escaped_and_the_years_published(world, client):
    import lxml.html

    from gongkai.web.agencies.models import Agency

    publish_item(world, **NEWS)
    Agency.objects.filter(pk=world.dept_b.pk).update(name="乙局<b>&")
    html = client.get("/gk/search/", {"q": "推进会", "agency": world.dept_b.code}).content.decode()
    doc = lxml.html.fromstring(html)
    options = doc.xpath("//select[@name='agency']/option")
    codes = [o.get("value") for o in options]
    assert codes[0] == "" and set(codes[1:]) == set(Agency.objects.filter(active=True).values_list("code", flat=True))
    chosen = [o for o in options if o.get("selected") is not None]
    assert [(o.get("value"), o.text) for o in chosen] == [(world.dept_b.code, "乙局<b>&")]
    assert "乙局<b>&amp;" not in html and "乙局&lt;b&gt;&amp;" in html
    years = [o.get("value") for o in doc.xpath("//select[@name='year']/option")][1:]
    assert years == ["2026"]
