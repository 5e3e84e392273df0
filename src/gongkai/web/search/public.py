"""The public face of the search: the page at /gk/search/ and the rows `gongkai search` prints, from one
function, so the terminal and the browser never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Max, Min
from django.shortcuts import render

from gongkai.core.errors import GongkaiError
from gongkai.core.registry import vocab
from gongkai.core.search.model import SearchQuery, SearchResult

PAGE_SIZE = 20
MAX_PAGES = 50  # 1,000 results are enough to browse; beyond that people refine the query


def item_url(item_id: int) -> str:
    """The public page of a registry item (gongkai.web.portal)."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("portal:item", args=[item_id])
    except NoReverseMatch:
        return f"/gk/items/{item_id}/"


@dataclass
class Row:
    item: object
    snippet: tuple
    url: str


def _agency_id(code: str | None) -> int | None:
    from gongkai.web.agencies.models import Agency

    if not code:
        return None
    agency = Agency.objects.filter(code=code.strip()).only("pk").first()
    if agency is None:
        raise GongkaiError(f"unknown agency {code}", message=f"没有代码为“{code}”的机关。")
    return agency.pk


def run(query: SearchQuery) -> tuple[SearchResult, list[Row]]:
    from gongkai.web.registry.models import Item
    from gongkai.web.search import index

    result = index.search(query)
    items = Item.objects.filter(pk__in=[h.item_id for h in result.hits], state="published").select_related("agency")
    by_id = {item.pk: item for item in items}
    rows = [Row(by_id[h.item_id], h.snippet, item_url(h.item_id)) for h in result.hits if h.item_id in by_id]
    return result, rows


def hits_for(text: str, *, agency_code: str | None = None, limit: int = 20) -> list[dict]:
    """The CLI's rows, best first."""
    _, rows = run(SearchQuery(text=text, agency_id=_agency_id(agency_code), limit=limit))
    return [{"index_no": r.item.index_no, "title": r.item.title, "agency": r.item.agency.name,
             "doc_number": r.item.doc_number, "published": r.item.published_on.isoformat(), "url": r.url,
             "snippet": "".join(seg.text for seg in r.snippet)} for r in rows]


class _CountedResults:
    """A sequence of `total` results for Django's Paginator, fetching only the page asked for."""

    def __init__(self, query: SearchQuery):
        self.query, self.total, self.result, self.rows = query, None, None, []

    def count(self) -> int:
        if self.total is None:
            self.result, self.rows = run(self.query)
            self.total = min(self.result.total, PAGE_SIZE * MAX_PAGES)
        return self.total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice):
        if window.start != self.query.offset or self.result is None:
            self.query.offset, self.query.limit = window.start, window.stop - window.start
            self.result, self.rows = run(self.query)
        return self.rows


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _agency_options(selected: str):
    """The agency <option>s, built in one pass: a province has thousands of agencies, and the template loop
    over them took a third of the page's time (bench/portal.py)."""
    from django.utils.html import format_html, format_html_join
    from django.utils.safestring import mark_safe

    from gongkai.web.agencies.models import Agency

    rows = Agency.objects.filter(active=True).order_by("sort", "code").values_list("code", "name")
    return format_html_join("", "<option value=\"{}\"{}>{}</option>",
                            ((code, mark_safe(" selected") if code == selected else "", name)
                             for code, name in rows)) or format_html("")


def search_page(request):

    q = (request.GET.get("q") or "").strip()[:200]
    flt = {key: (request.GET.get(key) or "").strip() for key in
           ("agency", "subject", "genre", "year", "validity", "channel", "order")}
    context = {"q": q, "flt": flt, "page": None, "searched": False, "error": "", "exact": False,
               "agency_options": _agency_options(flt["agency"]),
               "subjects": [s for s in vocab.subjects().values() if s.parent is None],
               "genres": vocab.genres().values(), "validity": vocab.VALIDITY.items(),
               "channels": vocab.CHANNELS.items(), "years": []}
    from gongkai.web.registry.models import Item

    # The span of publication years from the two ends of the (state, published_on) index: the distinct years
    # of a million rows cost a full scan (~300 ms) on every page view.
    span = Item.objects.filter(state="published").aggregate(first=Min("published_on"), last=Max("published_on"))
    context["years"] = list(range(span["last"].year, span["first"].year - 1, -1)) if span["last"] else []
    if q or any(flt[k] for k in ("agency", "subject", "genre", "year", "validity", "channel")):
        try:
            query = SearchQuery(
                text=q, agency_id=_agency_id(flt["agency"]), subject=flt["subject"] or None,
                genre=flt["genre"] or None, year=_int(flt["year"]), validity=flt["validity"] or None,
                channel=flt["channel"] or None, order="date" if flt["order"] == "date" else "relevance",
                limit=PAGE_SIZE)
            results = _CountedResults(query)
            page: Page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
            context["page"], context["searched"] = page, True
            context["exact"] = bool(results.result and results.result.exact_match and page.number == 1)
        except GongkaiError as exc:
            context["error"] = exc.message
    context["query"] = urlencode({k: v for k, v in {"q": q, **flt}.items() if v})
    return render(request, "search/results.html", context)
