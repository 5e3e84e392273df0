"""Load the demo region's registry (gongkai.corpus.registry_items) — about 20,000 items at full scale.

Going through item_create → item_review → item_approve → item_publish one by one costs four transactions and
four chained audit events per item (minutes for 20,000 on SQLite), so the *published* items are stored in
bulk here, keeping every invariant the services keep:

* each item passes the same field rules (`services._assign` sanitises the body and folds the 文号,
  `rules.check` / `rules.check_publishable` judge it) before anything is written;
* 索引号 serials come from the `SerialCounter` rows, locked (SELECT … FOR UPDATE) and advanced in this
  transaction, in publication order per agency and year: gapless, never reused, continuing any serials the
  agency already has;
* every item gets its passed 保密审查 (`ConfidentialityReview`, by the agency's reviewer), version 1 with the
  snapshot `services.snapshot` would take, the art. 26 timeliness computed on the official calendar, and the
  four audit events the services would append (create, review_pass, approve, publish), chained after the
  registry's chain head, which is locked and advanced;
* the search index is rebuilt at the end (`search_sync.reindex_all`).

Everything else — information filed as 依申请公开/不予公开, validity changes with their successors,
withdrawals, catalogue lines, gazette issues and their entries — goes through the services, as staff would.

Idempotent: an item whose (agency, title, 成文日期) is already present is skipped, a gazette issue that
already has contents is left alone, catalogue lines are matched on (agency, area, 一级事项). All of it is one
transaction: an interrupted load leaves nothing half-stored.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.core import audit_chain
from gongkai.core.registry import index_no as index_numbers
from gongkai.core.registry import rules, timeliness
from gongkai.corpus.region import Region
from gongkai.corpus.registry_items import RegistryPlan
from gongkai.web.agencies.models import Agency

from . import search_sync, services
from .models import (
    CatalogueEntry,
    ConfidentialityReview,
    GazetteIssue,
    Item,
    ItemEvent,
    ItemVersion,
    RegistryChainHead,
    SerialCounter,
)

BATCH = 1000


@dataclass
class LoadResult:
    created: int = 0  # items
    existing: int = 0
    filed: int = 0
    withdrawn: int = 0
    validity_changes: int = 0
    catalogue: int = 0
    gazette_issues: int = 0
    uscc: int = 0


def _people(region: Region) -> dict[tuple[str, str], object]:
    users = {u.username: u for u in get_user_model().objects.filter(username__in={s.username for s in region.staff})}
    out: dict[tuple[str, str], object] = {}
    for s in region.staff:
        for role in s.roles:
            if s.username in users:
                out.setdefault((s.agency, role), users[s.username])
    return out


def _actor(people, code: str, role: str):
    for r in (role, "handler", "reviewer", "office_head", "agency_admin"):
        if (code, r) in people:
            return people[(code, r)]
    raise LookupError(f"no demo staff for {code}")


def _set_codes(plan: RegistryPlan, agencies: dict[str, Agency]) -> int:
    """Every demo agency gets a valid 统一社会信用代码 (its 索引号 prefix), through the agencies service, and
    only where it has none: a code an administrator entered is never replaced."""
    from gongkai.web.agencies.services import agency_upsert

    n = 0
    for code, uscc in plan.uscc.items():
        agency = agencies.get(code)
        if agency is not None and not agency.uscc:
            agencies[code], _ = agency_upsert(code=code, name=agency.name, level=agency.level, uscc=uscc)
            n += 1
    return n


def _published_at(spec) -> datetime:
    """A stable time of day for the publication (09:00–17:59, from the key)."""
    minutes = zlib.crc32(spec.key.encode()) % (9 * 60)
    return timezone.make_aware(datetime.combine(spec.published_on, time(9)) + timedelta(minutes=minutes))


def _fields(spec, catalogue: dict[str, CatalogueEntry]) -> dict:
    out = {
        "title": spec.title, "doc_number": spec.doc_number, "written_on": spec.written_on, "formed_on": spec.formed_on,
        "subject": spec.subject, "genre": spec.genre, "art20": list(spec.art20), "summary": spec.summary,
        "body_html": spec.body_html, "channels": list(spec.channels), "attribute": spec.attribute,
        "withholding_reason": spec.withholding_reason, "withholding_basis": spec.withholding_basis,
    }
    if spec.catalogue and spec.catalogue in catalogue:
        out["catalogue_entry"] = catalogue[spec.catalogue]
    return out


def snapshot_without_links(item: Item) -> dict:
    """services.snapshot for an item that has no co-agencies and no attachments (all demo items), without
    the two queries per item."""
    values = {}
    for name, kind in services.EDITABLE_FIELDS.items():
        value = getattr(item, name)
        values[name] = value.isoformat() if kind == "date" and value else value
    values.update(index_no=item.index_no, agency=item.agency_id, co_agencies=[], interprets=item.interprets_id,
                  successor=item.successor_id, attachments=[])
    return values


def _catalogue(plan: RegistryPlan, agencies, people, result: LoadResult) -> dict[str, CatalogueEntry]:
    existing = {(e.agency_id, e.area, e.first_level): e for e in CatalogueEntry.objects.filter(
        agency__in=[agencies[c] for c in {s.agency for s in plan.catalogue} if c in agencies])}
    out = {}
    for spec in plan.catalogue:
        agency = agencies.get(spec.agency)
        if agency is None:
            continue
        entry = existing.get((agency.pk, spec.area, spec.first_level))
        if entry is None:
            entry = services.catalogue_entry_save(
                agency=agency, actor=_actor(people, spec.agency, "handler"), area=spec.area,
                first_level=spec.first_level, content=spec.content, basis=spec.basis, responsible=spec.responsible,
                channels=list(spec.channels), level=spec.level, second_level=spec.second_level)
            result.catalogue += 1
        out[spec.key] = entry
    return out


def _publish_in_bulk(specs, agencies, people, catalogue, out) -> dict[str, Item]:
    """Store the published items of `specs` (already in publication order) with their serials, reviews,
    versions and audit events. Returns key → Item."""
    from gongkai.web.applications.clock import current_calendar

    calendar = current_calendar()
    items: list[Item] = []
    keyed: dict[str, Item] = {}
    codes = {}
    for spec in specs:
        agency = agencies[spec.agency]
        if agency.pk not in codes:
            codes[agency.pk] = index_numbers.canonical_agency_code(agency.index_code)
        item = Item(agency=agency, created_by=_actor(people, spec.agency, "handler"))
        fields = _fields(spec, catalogue)
        services._assign(item, fields)
        facts = services.facts_of(item, {"interprets": None})
        facts.published_on = spec.published_on
        rules.check(facts, today=spec.published_on)
        rules.check_publishable(facts)
        status = timeliness.art26_status(item.formed_on or item.written_on, spec.published_on,
                                         today=spec.published_on, calendar=calendar)
        item.state, item.version = "published", 1
        item.published_on, item.published_at = spec.published_on, _published_at(spec)
        item.published_late = status.status == "late"
        item._art26 = {**asdict(status), "due": status.due.isoformat()}  # as services._art26_data
        items.append(item)
        keyed[spec.key] = item
    # 索引号: the next serials of each agency and year, from the locked counters, in publication order.
    by_counter: dict[tuple[int, int], list[Item]] = defaultdict(list)
    for item in items:
        by_counter[(item.agency_id, item.published_on.year)].append(item)
    for (agency_id, year), group in by_counter.items():
        counter, _ = SerialCounter.objects.get_or_create(agency_id=agency_id, year=year)
        counter = SerialCounter.objects.select_for_update().get(pk=counter.pk)
        if counter.value + len(group) > index_numbers.MAX_SERIAL:
            raise services.RegistryRefused("serials exhausted", message="索引号流水号已用完（99999）。")
        for i, item in enumerate(group, counter.value + 1):
            item.index_year, item.index_serial = year, i
            item.index_no = index_numbers.format_index_no(codes[agency_id], year, i)
        counter.value += len(group)
        counter.save(update_fields=["value"])
    Item.objects.bulk_create(items, batch_size=BATCH)
    out(f"   {len(items)} items stored")
    # Interpretations point at their policies (published before them or the same day).
    linked = []
    for spec in specs:
        if spec.interprets and spec.interprets in keyed:
            keyed[spec.key].interprets = keyed[spec.interprets]
            linked.append(keyed[spec.key])
    Item.objects.bulk_update(linked, ["interprets"], batch_size=BATCH)

    reviews = [ConfidentialityReview(item=item, reviewer=_actor(people, spec.agency, "reviewer"),
                                     reviewed_on=item.published_on, passed=True, opinion="经审查，不涉及国家秘密，可以公开。")
               for spec, item in ((s, keyed[s.key]) for s in specs)]
    ConfidentialityReview.objects.bulk_create(reviews, batch_size=BATCH)
    ItemVersion.objects.bulk_create(
        [ItemVersion(item=item, number=1, snapshot=snapshot_without_links(item), published_on=item.published_on,
                     published_at=item.published_at, published_by=item.created_by, review=review)
         for item, review in zip(items, reviews, strict=True)], batch_size=BATCH)
    _chain_events(specs, keyed, reviews, people)
    return keyed


def _chain_events(specs, keyed, reviews, people) -> None:
    """The four events item_create/review/approve/publish append, chained after the locked head."""
    head = RegistryChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        RegistryChainHead.objects.get_or_create(pk=1, defaults={"last_hash": audit_chain.GENESIS})
        head = RegistryChainHead.objects.select_for_update().get(pk=1)
    prev = head.last_hash
    events: list[ItemEvent] = []
    stored, last = 0, None
    for spec, review in zip(specs, reviews, strict=True):
        item = keyed[spec.key]
        handler = item.created_by
        steps = (
            ("create", handler, "", "draft", item.formed_on, {}),
            ("review_pass", review.reviewer, "draft", "reviewed", item.published_on, {"review": review.pk}),
            ("approve", _actor(people, spec.agency, "office_head"), "reviewed", "approved", item.published_on, {}),
            ("publish", handler, "approved", "published", item.published_on,
             {"index_no": item.index_no, "art26": item._art26}),
        )
        for action, actor, before, after, on, data in steps:
            event = ItemEvent(item=item, at=timezone.now(), on=on, actor=actor, action=action, from_state=before,
                              to_state=after, reason="", data=data, prev_hash=prev)
            event.hash = prev = audit_chain.event_hash(event.chain_fields(), prev)
            events.append(event)
        if len(events) >= 8 * BATCH:  # in chunks, in chain order: memory stays flat
            ItemEvent.objects.bulk_create(events, batch_size=BATCH)
            stored, last, events = stored + len(events), events[-1], []
    if events:
        ItemEvent.objects.bulk_create(events, batch_size=BATCH)
        stored, last = stored + len(events), events[-1]
    if last is not None:
        head.last_hash, head.last_event_id, head.count = last.hash, last.pk, head.count + stored
        head.save(update_fields=["last_hash", "last_event_id", "count"])


def _filed(spec, agency, people, catalogue, today: date) -> None:
    handler = _actor(people, spec.agency, "handler")
    fields = {**_fields(spec, catalogue), "attribute_review_on": today + timedelta(days=365)}
    item = services.item_create(agency=agency, actor=handler, fields=fields, today=spec.formed_on)
    services.item_review(item=item, actor=_actor(people, spec.agency, "reviewer"), passed=True,
                         opinion="不属于主动公开范围，理由和依据见公开属性说明。", on=spec.formed_on)
    services.item_file(item=item, actor=handler, on=spec.formed_on)


def load_registry(region: Region, plan: RegistryPlan, *, today: date,
                  out: Callable[[str], None] = print) -> LoadResult:
    """Store the plan (see the module doc); `today` is the demo's today (the filed items' re-evaluation date
    is a year after it)."""
    result = LoadResult()
    agencies = {a.code: a for a in Agency.objects.filter(code__in={s.code for s in region.agencies})}
    people = _people(region)
    with transaction.atomic():
        result.uscc = _set_codes(plan, agencies)
        present = set(Item.objects.filter(agency__in=agencies.values())
                      .values_list("agency_id", "title", "written_on"))
        catalogue = _catalogue(plan, agencies, people, result)
        new = [s for s in plan.items if s.agency in agencies
               and (agencies[s.agency].pk, s.title, s.written_on) not in present]
        result.existing = len(plan.items) - len(new)
        published = [s for s in new if s.published_on is not None]
        keyed = _publish_in_bulk(published, agencies, people, catalogue, out) if published else {}
        result.created = len(published)
        for spec in (s for s in new if s.published_on is None):
            _filed(spec, agencies[spec.agency], people, catalogue, today)
            result.filed += 1
        result.created += result.filed
        changes = sorted((s.validity_change.on, s.key) for s in published if s.validity_change)
        by_key = {s.key: s for s in published}
        for _, key in changes:
            spec, item = by_key[key], keyed[key]
            change = spec.validity_change
            services.item_set_validity(item=item, actor=_actor(people, spec.agency, "handler"),
                                       validity=change.validity, on=change.on,
                                       successor=keyed.get(change.successor) if change.successor else None,
                                       reason=change.reason)
            result.validity_changes += 1
        for spec in sorted((s for s in published if s.withdrawn), key=lambda s: (s.withdrawn[0], s.key)):
            on, reason = spec.withdrawn
            services.item_withdraw(item=keyed[spec.key], actor=_actor(people, spec.agency, "office_head"),
                                   reason=reason, on=on)
            result.withdrawn += 1
        result.gazette_issues = _gazette(plan, agencies, people, keyed)
        if published:
            search_sync.reindex_all()
    return result


def _gazette(plan: RegistryPlan, agencies, people, keyed: dict[str, Item]) -> int:
    agency = agencies.get(plan.gazette_agency)
    if agency is None:
        return 0
    handler, head = _actor(people, agency.code, "handler"), _actor(people, agency.code, "office_head")
    filled = set(GazetteIssue.objects.filter(agency=agency, entries__isnull=False).values_list("year", "number"))
    n = 0
    for spec in plan.gazette:
        if (spec.year, spec.number) in filled:
            continue
        entries = [(section, keyed[key]) for section, key in spec.entries if key in keyed]
        if not entries:
            continue
        issue = services.gazette_issue_save(agency=agency, actor=handler, year=spec.year, number=spec.number,
                                            published_on=spec.published_on, total_number=spec.total_number)
        for section, item in entries:
            services.gazette_entry_add(issue=issue, item=item, actor=handler, section=section)
        services.gazette_issue_publish(issue=issue, actor=head)
        n += 1
    return n
