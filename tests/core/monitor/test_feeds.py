from datetime import date

import pytest

from gongkai.core.monitor.feeds import FeedError, parse_date, parse_feed

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>示例市发布</title>
<item><title>一</title><link>https://example.gov.cn/1</link><pubDate>Tue, 03 Mar 2026 08:00:00 +0800</pubDate></item>
<item><title>二</title><link>https://example.gov.cn/2</link><pubDate>2026年3月9日</pubDate></item>
<item><title>三</title><link>https://example.gov.cn/3</link></item>
</channel></rss>""".encode()

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title>
<entry><title>a</title><link rel="alternate" href="https://e/a"/><updated>2026-02-01T10:00:00Z</updated></entry>
<entry><title>b</title><link href="https://e/b"/><published>2026-02-05T23:30:00+08:00</published>
<updated>2026-02-06T01:00:00+08:00</updated></entry>
</feed>"""


def test_rss_entries_and_last_update():
    f = parse_feed(RSS)
    assert f.kind == "rss" and f.title == "示例市发布"
    assert [e.published_on for e in f.entries] == [date(2026, 3, 3), date(2026, 3, 9), None]
    assert f.last_update == date(2026, 3, 9)
    assert f.entries[0].link == "https://example.gov.cn/1"


def test_atom_prefers_published_and_keeps_the_feed_offset():
    f = parse_feed(ATOM)
    assert f.kind == "atom"
    assert [(e.title, e.link, e.published_on) for e in f.entries] == [
        ("a", "https://e/a", date(2026, 2, 1)), ("b", "https://e/b", date(2026, 2, 5))]


def test_json_feed():
    f = parse_feed('{"version": "https://jsonfeed.org/version/1.1", "title": "号", "items": ['
                   '{"id": "1", "url": "https://e/1", "title": "t", "date_published": "2026-04-01T09:00:00+08:00"},'
                   '{"id": "2", "content_text": "无日期"}, 3]}'.encode())
    assert f.kind == "json" and [e.published_on for e in f.entries] == [date(2026, 4, 1), None]
    assert f.last_update == date(2026, 4, 1)


def test_empty_feed_has_no_last_update():
    assert parse_feed(b"<rss><channel><title>x</title></channel></rss>").last_update is None


@pytest.mark.parametrize(("content", "message"), [
    (b"not a feed", "不是有效的"),
    (b"<html><body/></html>", "不支持的订阅文档类型"),
    (b"<rss></rss>", "缺少 channel"),
    (b'{"title": 1}', "缺少 items"),
    (b"{bad json", "无法解析"),
])
def test_bad_documents_raise_chinese_errors(content, message):
    with pytest.raises(FeedError, match=message):
        parse_feed(content)


def test_entities_are_not_resolved():
    evil = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <rss><channel><title>&x;</title><item><title>t</title><pubDate>2026-01-02</pubDate></item></channel></rss>"""
    f = parse_feed(evil)
    assert "root:" not in f.title and f.entries[0].published_on == date(2026, 1, 2)


def test_oversized_document_is_refused():
    with pytest.raises(FeedError, match="超过"):
        parse_feed(b" " * (5 * 1024 * 1024 + 1))


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-03-05", date(2026, 3, 5)), ("2026/3/5", date(2026, 3, 5)), ("发布于 2026年03月05日", date(2026, 3, 5)),
    ("Thu, 05 Mar 2026 00:00:00 GMT", date(2026, 3, 5)), ("", None), ("2026-13-45", None), ("昨天", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected
