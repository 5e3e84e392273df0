"""RSS 2.0 and Atom feeds of the platform (Django's syndication framework): per agency (everything it
publishes), per column (制度, 法定主动公开内容) and per art. 20/21 item; the newest 50 published items each."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from gongkai.core.registry import vocab

from . import platform, selectors
from .views import _agency

LIMIT = 50


class _Scope:
    def __init__(self, agency, column: str | None = None, code: str | None = None):
        self.agency, self.column, self.code = agency, column, code

    @property
    def label(self) -> str:
        if self.code:
            return platform.info(self.agency).statutory[self.code]
        if self.column:
            return vocab.PLATFORM_COLUMNS[self.column]
        return "政府信息公开"

    @property
    def link(self) -> str:
        code = self.agency.code
        if self.code:
            return reverse("portal:statutory_item", args=[code, self.code])
        if self.column:
            return reverse(f"portal:{self.column}", args=[code])
        return reverse("portal:agency", args=[code])


class AgencyRss(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, code: str, column: str | None = None, item: str | None = None):
        agency = _agency(code)
        if column is not None and column not in vocab.PLATFORM_COLUMNS:
            raise Http404("no such column")
        if item is not None:
            if item not in platform.info(agency).statutory:
                raise Http404("no such statutory item")
            column = "statutory"
        return _Scope(agency, column, item)

    def title(self, obj):
        return f"{obj.agency.name} · {obj.label}"

    def link(self, obj):
        return obj.link

    def description(self, obj):
        return f"{obj.agency.name}政府信息公开平台：{obj.label}（最新{LIMIT}条）"

    def items(self, obj):
        if obj.column:
            qs = selectors.column_items(obj.agency, obj.column, obj.code)
        else:
            qs = selectors.agency_items(obj.agency)
        return list(qs.select_related("agency").only(*selectors.LIST_FIELDS, "summary", "body_text",
                                                     "agency__name", "agency__code")[:LIMIT])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        text = item.summary or item.body_text
        return text[:300] + ("…" if len(text) > 300 else "")

    def item_link(self, item):
        return reverse("portal:item", args=[item.pk])

    def item_guid(self, item):
        return item.index_no

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.agency.name

    def item_categories(self, item):
        return [vocab.genre_label(item.genre), vocab.subject_label(item.subject)]


class AgencyAtom(AgencyRss):
    feed_type = Atom1Feed
    subtitle = AgencyRss.description
