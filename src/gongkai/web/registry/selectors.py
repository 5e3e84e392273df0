"""Reads for the registry's staff pages: the item queue with its filters, the art. 26 box, the warnings of
an agency (interpretations, late publication, overdue 复核) and the agency's statutory items by tier."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from gongkai.core.registry import timeliness, vocab
from gongkai.core.registry.doc_number import normalise_doc_number

from .models import Item, ItemEvent

# The queue's tabs: key → (label, filter). 草稿 is every draft; 待审查 the drafts waiting for the reviewer
# (not sent back by a failed review or a return since they were last written).
SENT_BACK = ("review_fail", "return")
UNPUBLISHED = ("draft", "reviewed", "approved")
TABS: dict[str, str] = {
    "all": "全部", "draft": "草稿", "to_review": "待审查", "to_approve": "待批准", "to_publish": "待发布",
    "published": "已公开", "withdrawn": "已撤回", "filed": "不主动公开",
}
TAB_STATES = {"draft": "draft", "to_review": "draft", "to_approve": "reviewed", "to_publish": "approved",
              "published": "published", "withdrawn": "withdrawn", "filed": "filed"}
WORKFLOW_ACTIONS = ("create", "edit", "review_pass", "review_fail", "approve", "return", "publish", "file",
                    "reopen")


def with_last_step(qs: QuerySet[Item]) -> QuerySet[Item]:
    """Annotate `last_step`: the latest workflow event's action (who has the item now)."""
    last = (ItemEvent.objects.filter(item=OuterRef("pk"), action__in=WORKFLOW_ACTIONS)
            .order_by("-at", "-id").values("action")[:1])
    return qs.annotate(last_step=Subquery(last))


@dataclass
class QueueFilter:
    tab: str = "all"
    genre: str = ""
    year: int | None = None
    text: str = ""

    @classmethod
    def from_query(cls, data) -> QueueFilter:
        tab = data.get("tab", "all")
        genre = data.get("genre", "")
        year = data.get("year", "")
        return cls(tab=tab if tab in TABS else "all", genre=genre if genre in vocab.genres() else "",
                   year=int(year) if year.isdigit() and 1949 <= int(year) <= 9999 else None,
                   text=data.get("q", "").strip()[:100])


def queue(items: QuerySet[Item], f: QueueFilter) -> QuerySet[Item]:
    qs = with_last_step(items)
    if f.tab in TAB_STATES:
        qs = qs.filter(state=TAB_STATES[f.tab])
    if f.tab == "to_review":
        qs = qs.exclude(last_step__in=SENT_BACK)
    if f.genre:
        qs = qs.filter(genre=f.genre)
    if f.year:
        qs = qs.annotate(year_date=Coalesce("published_on", "formed_on", "written_on")).filter(year_date__year=f.year)
    if f.text:
        match = Q(title__icontains=f.text) | Q(index_no__icontains=f.text)
        key = normalise_doc_number(f.text)
        if key:
            match |= Q(doc_number_key__icontains=key)
        qs = qs.filter(match)
    return qs.select_related("agency").order_by("-updated_at", "-id")


def formed(item: Item) -> date | None:
    return item.formed_on or item.written_on


def art26(item: Item, *, today: date, calendar) -> timeliness.Timeliness | None:
    """The art. 26 status of an item (None when it has no date to count from or is not for disclosure)."""
    start = formed(item)
    if start is None or item.state in ("filed", "withdrawn") or item.attribute != vocab.ACTIVE:
        return None
    published = item.published_on if item.state == "published" else None
    return timeliness.art26_status(start, published, today=today, calendar=calendar)


def due_box(items: QuerySet[Item], *, today: date, calendar, limit: int = 200) -> list[tuple[Item, timeliness.Timeliness]]:
    """Unpublished items due within 5 working days or overdue, the most urgent first."""
    rows = []
    for item in (items.filter(state__in=UNPUBLISHED, attribute=vocab.ACTIVE)
                 .filter(Q(formed_on__isnull=False) | Q(written_on__isnull=False))
                 .select_related("agency").order_by("formed_on", "written_on", "id")[:limit]):
        status = art26(item, today=today, calendar=calendar)
        if status is not None and status.status in ("due_soon", "overdue"):
            rows.append((item, status))
    rows.sort(key=lambda r: r[1].due)
    return rows


def statutory_tier(agency) -> str:
    """The tier that decides the art. 21 items (vocab.statutory_items): the agency's own 行政层级 or its
    nearest ancestor's; 设区的市级 and 县级 → city_county, 乡镇级 → township, anything else none."""
    node, seen = agency, 0
    while node is not None and seen < 20:
        if node.tier:
            return {"prefecture": "city_county", "county": "city_county", "township": "township"}.get(node.tier, "")
        node, seen = node.parent, seen + 1
    return ""


def max_lag() -> int:
    return settings.GONGKAI_INTERPRETATION_MAX_LAG_WORKDAYS


def policy_genres() -> list[str]:
    return [g.code for g in vocab.genres().values() if g.needs_interpretation]


def interpretation_findings(item: Item, *, calendar) -> list:
    genre = vocab.genres().get(item.genre)
    if genre is None or item.state != "published":
        return []
    dates = list(item.interpretations.filter(state="published").values_list("published_on", flat=True))
    return timeliness.interpretation_findings(
        needs_interpretation=genre.needs_interpretation, policy_published=item.published_on,
        interpretations_published=[d for d in dates if d], max_lag_workdays=max_lag(), calendar=calendar)


def warnings(agency, *, today: date, calendar) -> dict:
    """What the agency should look at: policies without a (timely) interpretation, items published after the
    art. 26 period, withheld items whose art. 18 复核日期 has passed."""
    published = Item.objects.filter(agency=agency, state="published")
    policies = []
    for item in published.filter(genre__in=policy_genres()).prefetch_related("interpretations").order_by(
            "-published_on", "-id"):
        dates = [i.published_on for i in item.interpretations.all() if i.state == "published" and i.published_on]
        findings = timeliness.interpretation_findings(
            needs_interpretation=True, policy_published=item.published_on, interpretations_published=dates,
            max_lag_workdays=max_lag(), calendar=calendar)
        if findings:
            policies.append((item, findings))
    late = []
    for item in published.filter(published_late=True).order_by("-published_on", "-id"):
        late.append((item, art26(item, today=today, calendar=calendar)))
    review = list(Item.objects.filter(agency=agency).exclude(attribute=vocab.ACTIVE)
                  .filter(attribute_review_on__lte=today).exclude(state="withdrawn").order_by("attribute_review_on"))
    return {"policies": policies, "late": late, "review": review}
