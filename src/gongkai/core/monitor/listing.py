"""A column page's list of dated links.

Found automatically: every link's *item* is the largest element around it holding no other item's link
(its <li>, <tr>, <dd> or <div>); items are grouped by the element that holds them, and the group with the
most dated items is the column's list (navigation menus have many links but no dates; a "相关链接" box has
few). Or with a CSS selector given by the user, one match per item, when a page defeats the heuristic.

An item's date is the one its text shows (发布时间：…, 2024-03-05, [03-05] ...), else the one in its URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit

import cssselect2
from lxml import etree

from ..errors import GongkaiError
from .dates import date_in_text, date_in_url


class SelectorError(GongkaiError):
    """A CSS selector that does not parse."""


# The text is already decoded (the fetcher decodes by header, meta and content): utf-8 here overrides a
# <meta charset=gb2312> that would make lxml decode it twice.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True, encoding="utf-8")
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#")
_DROP = ("script", "style", "noscript", "template")


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    date: date | None
    date_from: str  # "text", "url" or ""


@dataclass
class Listing:
    items: list[Item] = field(default_factory=list)
    selector: str | None = None  # the user's selector, None when found automatically

    @property
    def dated(self) -> list[Item]:
        return [i for i in self.items if i.date is not None]

    def last_update(self, *, today: date) -> date | None:
        """The newest item date on or before `today`; a date after the check date is not an update (19号:
        a faked publication date is itself a veto item, see rules.future_dated)."""
        dates = [i.date for i in self.items if i.date is not None and i.date <= today]
        return max(dates) if dates else None

    def future(self, *, today: date) -> list[Item]:
        return [i for i in self.items if i.date is not None and i.date > today]


def parse_html(text: str) -> etree._Element:
    root = etree.fromstring(text.encode("utf-8") if text else b"<html/>", _PARSER)
    if root is None:
        root = etree.fromstring(b"<html/>", _PARSER)
    for el in root.iter(*_DROP):
        el.getparent().remove(el) if el.getparent() is not None else None
    return root


def compile_selector(selector: str):
    """Parse a CSS selector or raise SelectorError with a Chinese message naming it."""
    sel = (selector or "").strip()
    if not sel:
        raise SelectorError("empty selector", message="CSS 选择器不能为空。")
    try:
        return cssselect2.compile_selector_list(sel)
    except (cssselect2.SelectorError, ValueError, TypeError) as exc:
        raise SelectorError(f"malformed selector {sel!r}: {exc}",
                            message=f"CSS 选择器“{sel}”格式不正确，无法解析（例如应写作 ul.list li）。") from None


def _links(el: etree._Element) -> list[etree._Element]:
    links = [el] if el.tag == "a" and el.get("href") else []
    return links + [a for a in el.iterdescendants("a") if a.get("href")]


def _usable(href: str) -> bool:
    h = href.strip().lower()
    return bool(h) and not h.startswith(_SKIP_SCHEMES)


def _text(el: etree._Element) -> str:
    # Text nodes joined with a space: "动态1</a><span>2026-11-22" must not read as the digit run 12026.
    return " ".join(" ".join(el.itertext()).split())


def _title(a: etree._Element) -> str:
    return (a.get("title") or "").strip() or _text(a)


def _item(el: etree._Element, a: etree._Element, base_url: str, *, today: date) -> Item:
    url = urljoin(base_url, a.get("href").strip())
    d = date_in_text(_text(el), today=today)
    source = "text" if d is not None else ""
    if d is None:
        d = date_in_url(url)
        source = "url" if d is not None else ""
    return Item(title=_title(a), url=url, date=d, date_from=source)


def _container_item(a: etree._Element, link_count) -> etree._Element:
    """The largest ancestor of `a` (below <body>) that links to nothing but `a`'s target."""
    item = a
    parent = a.getparent()
    while parent is not None and parent.tag not in ("body", "html") and link_count(parent) == 1:
        item = parent
        parent = parent.getparent()
    return item


def find_items(html: str, base_url: str, *, today: date, selector: str | None = None,
               every_list: bool = False) -> Listing:
    """The column's list of items (see the module doc). `base_url` resolves relative links. `every_list`
    returns the items of every dated list on the page instead of the largest one (a home page shows its
    news, notices and policies in several boxes; any of them counts as new information)."""
    root = parse_html(html)
    if selector:
        compiled = compile_selector(selector)
        wrapper = cssselect2.ElementWrapper.from_html_root(root)
        items = []
        for match in wrapper.query_all(*compiled) if isinstance(compiled, list) else wrapper.query_all(compiled):
            el = match.etree_element
            links = [a for a in _links(el) if _usable(a.get("href"))]
            if links:
                items.append(_item(el, links[0], base_url, today=today))
        return Listing(items=items, selector=selector.strip())

    counts: dict[etree._Element, int] = {}

    def link_count(el: etree._Element) -> int:
        n = counts.get(el)
        if n is None:
            # Distinct targets: a title link and its "详情" link to the same page are one item.
            n = counts[el] = len({a.get("href").strip() for a in _links(el) if _usable(a.get("href"))})
        return n

    groups: dict[etree._Element, list[Item]] = {}
    order: list[etree._Element] = []
    for a in root.iter("a"):
        href = a.get("href")
        if not href or not _usable(href):
            continue
        item_el = _container_item(a, link_count)
        holder = item_el.getparent()
        if holder is None:
            continue
        if holder not in groups:
            groups[holder] = []
            order.append(holder)
        item = _item(item_el, a, base_url, today=today)
        if not any(i.url == item.url for i in groups[holder][-3:]):
            groups[holder].append(item)
    best: list[Item] = []
    every: list[Item] = []
    best_key = (0, 0)
    for holder in order:
        items = groups[holder]
        key = (sum(1 for i in items if i.date is not None), len(items))
        # A list needs at least two dated items: a lone dated link (a footer's "更新日期") is no list.
        if key[0] >= 2:
            every.extend(items)
            if key > best_key:
                best, best_key = items, key
    return Listing(items=every if every_list else best)


def same_site(url: str, base_url: str) -> bool:
    return urlsplit(url).hostname == urlsplit(base_url).hostname
