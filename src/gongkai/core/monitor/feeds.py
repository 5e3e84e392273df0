"""Feed documents of new-media accounts read into dated entries: RSS 2.0, Atom and JSON Feed.

    parse_feed(content: bytes) -> Feed

The parser never resolves entities nor reaches the network (lxml with `resolve_entities=False`,
`no_network=True`), so a hostile feed can neither read files nor expand a billion laughs. Dates are read as
the formats feeds use (RFC 822, RFC 3339) and, failing those, as Chinese sites print them (2024-03-05,
2024年3月5日); an entry whose date cannot be read keeps `published_on=None` and counts as not updated.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from lxml import etree

MAX_BYTES = 5 * 1024 * 1024


class FeedError(ValueError):
    """The document is not a feed gongkai can read; the message is for the user, in Chinese."""


@dataclass(frozen=True)
class Entry:
    title: str
    link: str
    published_on: date | None


@dataclass(frozen=True)
class Feed:
    kind: str                  # rss, atom or json
    title: str
    entries: tuple[Entry, ...]

    @property
    def last_update(self) -> date | None:
        dates = [e.published_on for e in self.entries if e.published_on]
        return max(dates) if dates else None


_CN = re.compile(r"(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})")


def parse_date(text: str | None) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        # RFC 3339 / ISO 8601 (Atom, JSON Feed); keep the date as written, in the feed's own offset
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    m = _CN.search(text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child(el, *names: str):
    for c in el:
        if _local(c.tag) in names:
            return c
    return None


def _text(el, *names: str) -> str:
    c = _child(el, *names)
    return (c.text or "").strip() if c is not None else ""


def _json_feed(content: bytes) -> Feed:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as e:
        raise FeedError("JSON Feed 文档无法解析") from e
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise FeedError("JSON Feed 文档缺少 items 列表")
    entries = []
    for it in data["items"]:
        if not isinstance(it, dict):
            continue
        entries.append(Entry(str(it.get("title") or it.get("content_text") or "")[:300], str(it.get("url") or ""),
                             parse_date(str(it.get("date_published") or it.get("date_modified") or ""))))
    return Feed("json", str(data.get("title") or ""), tuple(entries))


def parse_feed(content: bytes) -> Feed:
    if len(content) > MAX_BYTES:
        raise FeedError(f"订阅文档超过{MAX_BYTES // 1024 // 1024} MB，不予处理")
    head = content.lstrip()[:1]
    if head in (b"{", b"["):
        return _json_feed(content)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             recover=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as e:
        raise FeedError("订阅文档不是有效的 XML、RSS、Atom 或 JSON Feed") from e
    name = _local(root.tag)
    if name == "feed":  # Atom
        entries = []
        for e in root:
            if _local(e.tag) != "entry":
                continue
            link = ""
            for c in e:
                if _local(c.tag) == "link" and c.get("rel", "alternate") == "alternate":
                    link = c.get("href", "")
                    break
            entries.append(Entry(_text(e, "title"), link, parse_date(_text(e, "published") or _text(e, "updated"))))
        return Feed("atom", _text(root, "title"), tuple(entries))
    if name in ("rss", "RDF"):
        channel = _child(root, "channel")
        if channel is None:
            raise FeedError("RSS 文档缺少 channel")
        holder = channel if name == "rss" else root
        entries = [Entry(_text(i, "title"), _text(i, "link"), parse_date(_text(i, "pubDate") or _text(i, "date")))
                   for i in holder if _local(i.tag) == "item"]
        return Feed("rss", _text(channel, "title"), tuple(entries))
    raise FeedError(f"不支持的订阅文档类型（根元素 <{name}>）")
