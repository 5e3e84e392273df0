"""The open data API: every endpoint's real responses validate against the served OpenAPI 3.1 document;
published data only (withdrawn → 410, drafts never); cursor pages walk the whole list; filters and subtree;
ETag/304; CORS; JSON errors in Chinese; rate limit."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

import pytest
from django.core.cache import cache
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec

from tests.web.reports.conftest import fill_table2, local_time, publish_at

from .conftest import publish_item


@pytest.fixture
def data(world):
    """Items of A and B in several genres and dates, one withdrawn, one draft, one interpretation."""
    from gongkai.web.registry import services

    policy = publish_item(world, on=date(2026, 11, 10))
    interp = publish_item(world, on=date(2026, 11, 12), title="《关于进一步优化营商环境的若干措施》政策解读",
                          doc_number="", genre="interpretation", interprets=policy, channels=["portal", "wechat"],
                          art20=[])
    news = [publish_item(world, on=date(2026, 10, d), title=f"甲局召开第{d}次工作会议", doc_number="",
                         genre="news", subject="0203", art20=[], written_on=date(2026, 10, d),
                         formed_on=date(2026, 10, d)) for d in (1, 1, 5, 8)]
    b_fields = dict(title="乙局2026年部门预算", doc_number="", genre="budget", subject="0501", art20=[],
                    written_on=date(2026, 8, 30), formed_on=date(2026, 8, 30), body_html="<p>乙局2026年部门预算公开如下。</p>",
                    channels=["portal"])
    b_item = services.item_create(agency=world.dept_b, actor=world.bob, fields=b_fields, today=date(2026, 9, 1))
    services.attachment_add(item=b_item, actor=world.bob, name="预算表.png", data=_png())
    services.item_review(item=b_item, actor=world.bob, passed=True, on=date(2026, 9, 1))
    services.item_approve(item=b_item, actor=world.bob, on=date(2026, 9, 1))
    b_item = services.item_publish(item=b_item, actor=world.bob, on=date(2026, 9, 1))
    gone = publish_item(world, on=date(2026, 11, 11), title="甲局关于某项目的公示", doc_number="", genre="notice",
                        art20=[])
    services.item_withdraw(item=gone, actor=world.alice, reason="公示期已满，内容有误", on=date(2026, 11, 20))
    draft = services.item_create(agency=world.dept_a, actor=world.alice, today=date(2026, 11, 20),
                                 fields={**_POLICY_DRAFT, "title": "尚未发布的草稿：内部讨论稿"})
    return dict(policy=policy, interp=interp, news=news, b=b_item, gone=gone, draft=draft)


def _png() -> bytes:
    """A 1×1 PNG, made here (no binary fixture)."""
    import struct
    import zlib

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


_POLICY_DRAFT = dict(title="草稿", subject="0302", genre="notice", body_html="<p>草稿正文</p>")


def _ids(payload):
    return [row["id"] for row in payload["data"]]


def test_openapi_document_is_valid_3_1(client):
    response = client.get("/api/v1/openapi.json")
    doc = json.loads(response.content)
    assert doc["openapi"].startswith("3.1") and "已公开的政府信息列表" in response.content.decode("utf-8")
    validate_spec(doc)
    assert {"/api/v1/items", "/api/v1/items/{item_id}", "/api/v1/agencies", "/api/v1/agencies/{code}",
            "/api/v1/catalogue", "/api/v1/annual-stats", "/api/v1/agencies/{code}/items.csv",
            "/api/v1/agencies/{code}/items.jsonl"} <= set(doc["paths"])
    # The statistics component is the shipped gongkai.annual-stats/1 schema itself.
    shipped = json.loads(resources.files("gongkai.core.stats").joinpath("annual-stats.schema.json").read_text())
    assert doc["components"]["schemas"]["AnnualStats"]["properties"] == shipped["properties"]


def test_item_list_is_published_only_and_valid(client, openapi, data, world):
    response = client.get("/api/v1/items")
    payload = openapi.check("/api/v1/items", response)
    ids = _ids(payload)
    assert data["gone"].pk not in ids and data["draft"].pk not in ids
    assert set(ids) == {data["policy"].pk, data["interp"].pk, data["b"].pk, *(n.pk for n in data["news"])}
    body = response.content.decode("utf-8")
    assert "草稿" not in body and "alice" not in body and "公示期已满" not in body
    assert "示例市甲局" in body  # UTF-8, not \u escapes
    # Newest first, the same day by id descending.
    keys = [(row["published"], row["id"]) for row in payload["data"]]
    assert keys == sorted(keys, reverse=True)
    policy = next(row for row in payload["data"] if row["id"] == data["policy"].pk)
    assert policy["index_no"] == data["policy"].index_no and policy["genre"] == {"code": "normative",
                                                                                  "label": "行政规范性文件"}
    assert policy["validity"]["code"] == "valid" and policy["validity"]["label"] == "有效"
    assert policy["interpretations"][0]["id"] == data["interp"].pk
    assert policy["url"].endswith(f"/gk/items/{data['policy'].pk}/")
    budget = next(row for row in payload["data"] if row["id"] == data["b"].pk)
    (attachment,) = budget["attachments"]
    assert attachment["name"] == "预算表.png" and attachment["content_type"] == "image/png" and attachment["size"] > 0
    assert attachment["url"].endswith(f"/gk/items/{data['b'].pk}/files/{data['b'].attachments.get().pk}/")
    interp = next(row for row in payload["data"] if row["id"] == data["interp"].pk)
    assert interp["validity"] is None and interp["interprets"]["index_no"] == data["policy"].index_no


def test_item_detail_withdrawn_is_410_and_draft_404(client, openapi, data):
    ok = client.get(f"/api/v1/items/{data['policy'].pk}")
    item = openapi.check("/api/v1/items/{item_id}", ok)
    assert item["title"] == data["policy"].title and item["body_text"].startswith("为进一步优化营商环境")
    gone = client.get(f"/api/v1/items/{data['gone'].pk}")
    assert gone.status_code == 410
    body = openapi.check("/api/v1/items/{item_id}", gone)
    assert body["code"] == "withdrawn" and body["withdrawn_on"] == "2026-11-20"
    assert "公示期已满" in body["reason"] and "2026-11-20" in body["message"]
    missing = client.get(f"/api/v1/items/{data['draft'].pk}")
    assert missing.status_code == 404
    assert openapi.check("/api/v1/items/{item_id}", missing)["message"] == "该政府信息不存在或尚未公开。"


def test_cursor_pages_walk_the_whole_list_without_repeats(client, openapi, data):
    everything = _ids(json.loads(client.get("/api/v1/items?limit=200").content))
    seen, url, pages = [], "/api/v1/items?limit=2", 0
    while url:
        response = client.get(url)
        payload = openapi.check("/api/v1/items", response)
        assert len(payload["data"]) <= 2
        seen += _ids(payload)
        if payload["next"]:
            assert response["Link"] == f'<{payload["next"]}>; rel="next"'
        url = payload["next"]
        pages += 1
    assert seen == everything and pages == 4 and len(seen) == 7
    # A new publication after the walk started does not shift later pages (keyset, not offset).
    first = json.loads(client.get("/api/v1/items?limit=3").content)
    bad = client.get("/api/v1/items?cursor=not-a-cursor")
    assert bad.status_code == 400 and openapi.check("/api/v1/items", bad)["code"] == "invalid_cursor"
    foreign = client.get(f"/api/v1/agencies?cursor={first['next_cursor']}")
    assert foreign.status_code == 400
    assert client.get("/api/v1/items?limit=0").status_code == 400
    assert client.get("/api/v1/items?limit=500").status_code == 400


def test_filters(client, openapi, data, world):
    def ids(query):
        return set(_ids(openapi.check("/api/v1/items", client.get(f"/api/v1/items?{query}"))))

    news = {n.pk for n in data["news"]}
    assert ids("agency=W-B") == {data["b"].pk}
    assert ids("agency=W-GOV") == set()
    assert ids("agency=W-GOV&subtree=1") == ids("") and len(ids("")) == 7
    assert ids("genre=news") == news
    assert ids("genre=normative&validity=valid") == {data["policy"].pk}
    assert ids("subject=05") == {data["b"].pk} and ids("subject=0501") == {data["b"].pk}
    assert ids("year=2026") == ids("") and ids("year=2025") == set()
    assert ids("channel=wechat") == {data["interp"].pk}
    assert ids(f"index_no={data['policy'].index_no}") == {data["policy"].pk}
    assert ids("updated_since=2099-01-01T00:00:00%2B08:00") == set()
    assert len(ids("updated_since=2020-01-01T00:00:00%2B08:00")) == 7
    bad = client.get("/api/v1/items?genre=poem")
    assert bad.status_code == 400
    error = openapi.check("/api/v1/items", bad)
    assert error["code"] == "invalid_parameter" and "poem" in error["message"]
    unknown = client.get("/api/v1/items?agency=NOPE")
    assert unknown.status_code == 404 and "NOPE" in json.loads(unknown.content)["message"]
    typed = client.get("/api/v1/items?year=soon")
    assert typed.status_code == 400 and json.loads(typed.content)["code"] == "invalid_parameter"


def test_etag_304_last_modified_cors_and_caching(client, data):
    first = client.get("/api/v1/items")
    etag = first["ETag"]
    assert etag.startswith('"') and not first.has_header("Last-Modified")
    assert first["Cache-Control"] == "public, max-age=60"
    assert first["Access-Control-Allow-Origin"] == "*"
    again = client.get("/api/v1/items", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    detail = client.get(f"/api/v1/items/{data['policy'].pk}")
    assert client.get(f"/api/v1/items/{data['policy'].pk}", HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 304
    modified = detail["Last-Modified"]
    assert client.get(f"/api/v1/items/{data['policy'].pk}", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # A change of the content changes the tag.
    from gongkai.web.registry import services

    services.item_withdraw(item=data["news"][0], actor=data["news"][0].created_by, reason="重复发布",
                           on=date(2026, 11, 21))
    assert client.get("/api/v1/items", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_agencies_public_fields_only(client, openapi, world):
    response = client.get("/api/v1/agencies")
    payload = openapi.check("/api/v1/agencies", response)
    codes = [row["code"] for row in payload["data"]]
    assert codes == sorted(codes) and {"W", "W-GOV", "W-A", "W-B"} <= set(codes)
    body = response.content.decode("utf-8")
    for private in ("alice", "bob", "amy", "membership", "reconsideration", "report_four_eyes"):
        assert private not in body
    one = openapi.check("/api/v1/agencies/{code}", client.get("/api/v1/agencies/W-A"))
    assert one["uscc"] == world.dept_a.uscc and one["index_code"] == world.dept_a.uscc and one["parent"] == "W-GOV"
    assert one["disclosure_office"]["name"] == "示例市甲局" and one["url"].endswith("/gk/W-A/")
    walked, url = [], "/api/v1/agencies?limit=1"
    while url:
        page = json.loads(client.get(url).content)
        walked += [row["code"] for row in page["data"]]
        url = page["next"]
    assert walked == codes
    under = {row["code"] for row in json.loads(client.get("/api/v1/agencies?under=W-GOV").content)["data"]}
    assert under == {"W-GOV", "W-A", "W-B"}
    assert client.get("/api/v1/agencies/NOPE").status_code == 404


def test_catalogue(client, openapi, world):
    from gongkai.web.registry import services

    entry = services.catalogue_entry_save(agency=world.dept_a, actor=world.alice, area="k05", first_level="政策文件",
                                          content="规范性文件、政策解读", basis="《中华人民共和国政府信息公开条例》",
                                          responsible="示例市甲局", channels=["政府网站"])
    payload = openapi.check("/api/v1/catalogue", client.get("/api/v1/catalogue?agency=W-GOV&subtree=1"))
    assert [row["id"] for row in payload["data"]] == [entry.pk]
    assert payload["data"][0]["area"]["code"] == "k05" and payload["data"][0]["channels"] == ["政府网站"]
    assert json.loads(client.get("/api/v1/catalogue?agency=W-B").content)["data"] == []
    assert client.get("/api/v1/catalogue?area=k99").status_code == 400


def test_annual_stats_validate_against_the_shipped_schema(client, openapi, world):
    fill_table2(world.dept_a, 2025, world.alice)
    report = publish_at(world.dept_a, 2025, builder=world.amy, signer=world.alice, at=local_time(2026, 1, 20, 10))
    from gongkai.web.reports import services

    services.report_build(agency=world.dept_b, year=2025, actor=world.bob)  # a draft: never served
    payload = openapi.check("/api/v1/annual-stats", client.get("/api/v1/annual-stats?year=2025"))
    assert [row["id"] for row in payload["data"]] == [report.pk]
    shipped = json.loads(resources.files("gongkai.core.stats").joinpath("annual-stats.schema.json").read_text())
    Draft202012Validator(shipped).validate(payload["data"][0]["stats"])
    assert payload["data"][0]["stats"]["schema"] == "gongkai.annual-stats/1"
    assert json.loads(client.get("/api/v1/annual-stats?agency=W-B").content)["data"] == []


def test_exports_stream_the_agencys_items(client, data, world):
    response = client.get("/api/v1/agencies/W-A/items.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff索引号,标题,发布机构,文号,成文日期,发布日期,主题分类,体裁,有效性,正文")
    assert data["policy"].index_no in text and data["gone"].title not in text and "乙局" not in text
    lines = b"".join(client.get("/api/v1/agencies/W-A/items.jsonl").streaming_content).decode().splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 6 and {r["agency"] for r in rows} == {"W-A"}
    assert set(rows[0]) == {"index_no", "title", "agency", "doc_number", "written", "published", "subject", "genre",
                            "validity", "body"}
    assert client.get("/api/v1/agencies/NOPE/items.csv").status_code == 404


def test_rate_limit_is_a_json_429(client, openapi, world, settings):
    settings.GONGKAI_API_RATE_PER_MINUTE = 3
    cache.clear()
    for _ in range(3):
        assert client.get("/api/v1/agencies").status_code == 200
    refused = client.get("/api/v1/agencies")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert openapi.check("/api/v1/agencies", refused)["code"] == "rate_limited"
    cache.clear()


def test_the_response_check_is_not_vacuous(client, openapi, data):
    """The validator rejects what the document does not allow (a wrong type, a missing field)."""
    from django.http import HttpResponse

    payload = json.loads(client.get("/api/v1/items?limit=1").content)
    payload["data"][0]["published"] = 20261110
    del payload["data"][0]["agency"]
    fake = HttpResponse(json.dumps(payload), content_type="application/json")
    with pytest.raises(AssertionError, match="agency|published"):
        openapi.check("/api/v1/items", fake)


def test_unknown_paths_and_bad_ids_are_json_errors(client, world):
    for path in ("/api/v1/nothing", "/api/v1/items/abc", "/api/v1/items/1/extra"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert json.loads(response.content)["code"] == "not_found"
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/api/v1/items/999999").status_code == 404
