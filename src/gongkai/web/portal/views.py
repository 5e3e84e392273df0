"""The public platform's pages (mounted at /gk/). Every page is a GET that shows published information only;
a withdrawn item's page says when and why it was withdrawn (HTTP 410), anything unpublished is a 404."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from gongkai.core.registry import vocab
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import agency_tree
from gongkai.web.registry import bodies
from gongkai.web.registry.models import Item, ItemAttachment

from . import guide as guide_text
from . import platform, selectors
from .display import COOKIE_AGE, SCRIPT_COOKIE, SIZE_COOKIE, portal_page

PER_PAGE = 20


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=code, active=True).exclude(level="region").select_related("parent").first()
    if agency is None:
        raise Http404("no such agency")
    return agency


def _page(request, template: str, context: dict, status: int = 200):
    agency = context.get("agency")
    if agency is not None and "info" not in context:
        context["info"] = platform.info(agency)
    context.setdefault("columns", platform.COLUMNS)
    context["display"] = request.display
    # Where the display toggles come back to: this page without a one-off ?script= / ?size=.
    query = request.GET.copy()
    for name in ("script", "size"):
        query.pop(name, None)
    context["here"] = request.path + (f"?{query.urlencode()}" if query else "")
    return render(request, template, context, status=status)


class _IdsFirst:
    """A list's rows for the Paginator: a page's ids come from the index alone (OFFSET over index entries),
    then only those rows are read. OFFSET over full rows reads every skipped row from the table: the last of
    1,000 pages of a county's 20,000 items took 450 ms on PostgreSQL (bench/portal.py)."""

    def __init__(self, qs):
        self.qs = qs

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice):
        ids = list(self.qs.values_list("pk", flat=True)[window])
        rows = {row.pk: row for row in self.qs.model.objects.filter(pk__in=ids).only(*selectors.LIST_FIELDS)}
        return [rows[pk] for pk in ids if pk in rows]


def _paginate(request, qs):
    return Paginator(_IdsFirst(qs), PER_PAGE).get_page(request.GET.get("page"))


# --- the platform index and an agency's platform ----------------------------------------------------------

@require_GET
@portal_page
def index(request):
    # Each row's links from one reverse(): {% url %} four times a row was most of the page for a province's
    # 3,000 agencies (bench/portal.py).
    home = reverse("portal:agency", args=["CODE"])
    entries = [SimpleNamespace(agency=e.agency, depth=e.depth, base=home.replace("CODE", e.agency.code))
               for e in agency_tree(active_only=True)]
    return _page(request, "portal/index.html", {"entries": entries})


@require_GET
@portal_page
def agency_home(request, code: str):
    agency = _agency(code)
    info = platform.info(agency)
    items = selectors.agency_items(agency).only(*selectors.LIST_FIELDS)
    context = {
        "agency": agency, "info": info,
        "latest": list(items.filter(platform_column="statutory")[:10]),
        "system_items": list(items.filter(platform_column="system")[:5]),
        "guide": selectors.latest_guide(agency),
        "reports": selectors.annual_reports(agency)[:5],
        "areas": selectors.catalogue_areas(agency) if info.has_catalogue else None,
        "key_areas": vocab.KEY_AREAS,
    }
    return _page(request, "portal/agency.html", context)


@require_GET
@portal_page
def guide(request, code: str, number: int | None = None):
    agency = _agency(code)
    versions = selectors.guide_versions(agency)
    if number is None:
        current = versions[0] if versions else None
    else:
        current = next((v for v in versions if v.number == number), None)
        if current is None:
            raise Http404("no such guide version")
    body = current.body_html if current else guide_text.generate(agency)
    from .services import may_edit_guide

    return _page(request, "portal/guide.html", {
        "agency": agency, "current": current, "versions": versions, "body": body,
        "is_latest": current is None or current is versions[0], "column": "guide",
        "may_edit": request.user.is_authenticated and may_edit_guide(request.user, agency)})


@require_GET
@portal_page
def system(request, code: str):
    agency = _agency(code)
    page = _paginate(request, selectors.column_items(agency, "system"))
    return _page(request, "portal/list.html", {
        "agency": agency, "column": "system", "heading": platform.COLUMNS["system"], "page": page,
        "feed": reverse("portal:column_rss", args=[agency.code, "system"]),
        "feed_atom": reverse("portal:column_atom", args=[agency.code, "system"]),
        "empty": "本机关尚未在此栏目公开政府信息公开工作制度。"})


@require_GET
@portal_page
def statutory(request, code: str):
    agency = _agency(code)
    info = platform.info(agency)
    rows = [{"code": c, "label": label} for c, label in info.statutory.items()]
    page = _paginate(request, selectors.column_items(agency, "statutory"))
    return _page(request, "portal/statutory.html", {"agency": agency, "info": info, "rows": rows,
                                                     "page": page, "column": "statutory"})


@require_GET
@portal_page
def statutory_item(request, code: str, item: str):
    agency = _agency(code)
    info = platform.info(agency)
    if item not in info.statutory:
        raise Http404("no such statutory item")
    page = _paginate(request, selectors.column_items(agency, "statutory", item))
    return _page(request, "portal/list.html", {
        "agency": agency, "info": info, "column": "statutory", "heading": info.statutory[item], "page": page,
        "parent": (reverse("portal:statutory", args=[agency.code]), platform.COLUMNS["statutory"]),
        "feed": reverse("portal:statutory_rss", args=[agency.code, item]),
        "feed_atom": reverse("portal:statutory_atom", args=[agency.code, item]),
        "empty": "本事项下暂无公开的政府信息。"})


@require_GET
@portal_page
def annual(request, code: str):
    agency = _agency(code)
    return _page(request, "portal/annual.html", {"agency": agency, "rows": selectors.annual_reports(agency),
                                                  "column": "annual"})


def _catalogue_agency(code: str):
    agency = _agency(code)
    info = platform.info(agency)
    areas = selectors.catalogue_areas(agency)
    if not info.has_catalogue and not areas:
        raise Http404("no catalogue")
    return agency, info, areas


@require_GET
@portal_page
def catalogue(request, code: str):
    agency, info, areas = _catalogue_agency(code)
    rows = [{"code": c, "label": label, "count": areas.get(c, 0)} for c, label in vocab.KEY_AREAS.items()]
    return _page(request, "portal/catalogue.html", {"agency": agency, "info": info, "rows": rows,
                                                     "column": "catalogue"})


@require_GET
@portal_page
def catalogue_area(request, code: str, area: str):
    agency, info, _areas = _catalogue_agency(code)
    if area not in vocab.KEY_AREAS:
        raise Http404("no such area")
    return _page(request, "portal/catalogue_area.html", {
        "agency": agency, "info": info, "area": area, "area_label": vocab.KEY_AREAS[area],
        "entries": selectors.catalogue_entries(agency, area), "column": "catalogue"})


@require_GET
@portal_page
def catalogue_entry(request, code: str, area: str, pk: int):
    agency, info, _areas = _catalogue_agency(code)
    entry = get_object_or_404(selectors.CatalogueEntry, agency=agency, area=area, pk=pk)
    page = _paginate(request, selectors.public_items().filter(catalogue_entry=entry).order_by("-published_on", "-id"))
    label = entry.first_level + (f" · {entry.second_level}" if entry.second_level else "")
    return _page(request, "portal/list.html", {
        "agency": agency, "info": info, "column": "catalogue", "heading": label, "page": page,
        "parent": (reverse("portal:catalogue_area", args=[agency.code, area]), vocab.KEY_AREAS[area]),
        "empty": "该事项下暂无公开的政府信息。"})


# --- items ------------------------------------------------------------------------------------------------

def _public_item(pk: int, request):
    item = (Item.objects.select_related("agency", "successor", "interprets").filter(pk=pk).first())
    if item is None or item.state not in ("published", "withdrawn") or item.index_no is None:
        raise Http404("no such public item")
    return item


def _withdrawn(request, item):
    return _page(request, "portal/withdrawn.html", {"agency": item.agency, "item": item}, status=410)


@require_GET
@portal_page
def item_detail(request, pk: int):
    item = _public_item(pk, request)
    if item.state == "withdrawn":
        return _withdrawn(request, item)
    context = _item_context(item)
    context.update(body=item.body_html, attachments=list(item.attachments.filter(removed_in_version__isnull=True)),
                   version=None)
    return _page(request, "portal/item.html", context)


def _item_context(item) -> dict:
    genre = vocab.genres().get(item.genre)
    interpretations = list(item.interpretations.filter(state="published").only(*selectors.LIST_FIELDS)
                           .order_by("-published_on", "-id"))
    predecessors = list(item.predecessors.filter(state="published").only(*selectors.LIST_FIELDS))
    policy = item.interprets if item.interprets_id and item.interprets.state == "published" else None
    successor = item.successor if item.successor_id and item.successor.state == "published" else None
    info = platform.info(item.agency)
    return {
        "agency": item.agency, "item": item, "info": info, "column": item.platform_column,
        "co_agencies": list(item.co_agencies.all()),
        "has_validity": bool(genre and genre.has_validity), "interpretations": interpretations,
        "policy": policy, "successor": successor, "predecessors": predecessors,
        "versions": selectors.item_versions(item) if item.version > 1 else [],
        "statutory_labels": [(c, info.statutory.get(c) or vocab.statutory_items("city_county").get(c, c))
                             for c in item.art20],
        "apply_url": reverse("public:apply_form", args=[item.agency.code]),
    }


@require_GET
@portal_page
def item_version(request, pk: int, number: int):
    item = _public_item(pk, request)
    if item.state == "withdrawn":
        return _withdrawn(request, item)
    version = next((v for v in selectors.item_versions(item) if v.number == number), None)
    if version is None:
        raise Http404("no such version")
    snap = version.snapshot or {}
    context = _item_context(item)
    ids = snap.get("attachments", [])
    context.update(
        version=version, body=bodies.clean(snap.get("body_html") or ""),
        attachments=sorted(ItemAttachment.objects.filter(item=item, pk__in=ids), key=lambda a: (a.sort, a.pk)),
        snap_title=snap.get("title", item.title), snap_doc_number=snap.get("doc_number", ""),
        snap_written_on=snap.get("written_on"), snap_subject=vocab.subject_label(snap.get("subject", "")),
        snap_summary=snap.get("summary", ""))
    return _page(request, "portal/item.html", context)


@require_GET
def item_file(request, pk: int, attachment: int):
    item = _public_item(pk, request)
    if item.state != "published":
        raise Http404("not public")
    att = selectors.public_attachment(item, attachment)
    if att is None:
        raise Http404("no such attachment")
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / att.stored_path).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404("file missing")
    content_type = att.content_type or mimetypes.guess_type(att.name)[0] or "application/octet-stream"
    inline = content_type in ("application/pdf", "image/png", "image/jpeg")
    return FileResponse(path.open("rb"), as_attachment=not inline, filename=att.name, content_type=content_type)


@require_GET
def item_by_index(request, index_no: str):
    item = Item.objects.filter(index_no=index_no.strip()).only("pk", "state").first()
    if item is None or item.state not in ("published", "withdrawn"):
        raise Http404("no such index number")
    return HttpResponseRedirect(reverse("portal:item", args=[item.pk]))


# --- display preferences ----------------------------------------------------------------------------------

@require_GET
def display(request):
    """Store the reader's display choice (traditional script, large text) in a cookie and go back."""
    target = request.GET.get("next") or reverse("portal:index")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()) or not target.startswith("/"):
        target = reverse("portal:index")
    response = HttpResponseRedirect(target)
    for param, cookie, allowed in (("script", SCRIPT_COOKIE, ("traditional", "simplified")),
                                   ("size", SIZE_COOKIE, ("large", "normal"))):
        value = request.GET.get(param)
        if value in allowed:
            response.set_cookie(cookie, value, max_age=COOKIE_AGE, samesite="Lax", httponly=True,
                                secure=request.is_secure())
    return response
