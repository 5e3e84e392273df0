"""The facts of the own-platform check (国办秘函〔2019〕19号), read from the registry, the message boxes and the
new-media accounts as they stood on a date, and the check itself.

    platform_check(agency, at) -> AgencyCheck
    region_checks(agency_ids, at) -> list[AgencyCheck]       the same for many agencies, in at most fifteen queries
    region_platform_checks(region, at) -> list[AgencyCheck]  every agency with a platform in the region's subtree

What the platform's columns are (`columns_for`): the 法定主动公开内容 items the agency's platform shows (art. 20,
and art. 21 for city, county and township agencies; gongkai.web.portal.platform), its 政府信息公开制度 column,
the key-area catalogue areas it keeps, and the 体裁 columns a government site carries — 工作动态 (动态、要闻类)
and 通知公告 — mapped to the 19号 kinds by `GENRE_COLUMNS` and `STATUTORY_KIND` below. An item counts on a date when it was published on
or before it and not yet withdrawn then (`withdrawn_on` after the date); a published item without a
publication date counts, undated.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import chain
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max, Min, Q

from gongkai.core.monitor import platform_check as pc
from gongkai.core.monitor.checklist import DEFAULT, Checklist
from gongkai.core.portal import tiers
from gongkai.core.registry import vocab
from gongkai.web.agencies.models import Agency
from gongkai.web.engagement.models import Message, MessageBox
from gongkai.web.portal.platform import COLUMNS as PORTAL_COLUMNS
from gongkai.web.registry.models import CatalogueEntry, Item, ItemAttachment

from .models import NewMediaAccount, NewMediaObservation

# The 体裁 columns of a government site, checked for every agency: (key, label, 19号 kind, genres).
GENRE_COLUMNS = (
    ("genre:news", vocab.genre_label("news"), pc.NEWS, ("news",)),
    ("genre:notice", vocab.genre_label("notice"), pc.NOTICES, ("notice",)),
)
# The statutory item (一) 行政法规、规章和规范性文件 is the platform's 政策文件 column: the 6-month rule.
STATUTORY_KIND = {"1": pc.NOTICES}
# Statutory items whose content rarely changes (机构职能 and contacts; fee schedules; the catch-all): an old
# last update there is not "应更新但长期未更新".
STATUTORY_STATIC = frozenset({"2", "8", "15"})
# The statutory items every agency has content for: (二) 机关职能、机构设置… and (七) 财政预算、决算 (every budget
# unit publishes its own). The others follow the agency's functions — a 统计 or 采购 item is empty where the
# agency has none — so an empty one is shown but not counted as 空白栏目.
STATUTORY_REQUIRED = frozenset({"2", "7"})
# Policy documents that need an interpretation (vocab genres with needs_interpretation).
POLICY_GENRES = tuple(code for code, g in vocab.genres().items() if g.needs_interpretation)


def public_at(at: date, prefix: str = "") -> Q:
    """Items on the platform on `at`: published by then and not withdrawn by then (`prefix` "item__" for a
    query over a related model)."""
    def q(**kw) -> Q:
        return Q(**{prefix + k: v for k, v in kw.items()})

    on_time = q(published_on__lte=at) & (q(state="published") | q(state="withdrawn", withdrawn_on__gt=at))
    return on_time | q(state="published", published_on__isnull=True)


@dataclass(frozen=True)
class ColumnDef:
    key: str
    label: str
    kind: str
    should_update: bool = True
    required: bool = True


@dataclass
class AgencyCheck:
    agency: Agency
    at: date
    website: pc.CheckResult
    columns: dict[str, ColumnDef]
    accounts: list[tuple[NewMediaAccount, pc.CheckResult]]
    boxes: int

    @property
    def accounts_failed(self) -> int:
        return sum(1 for _, r in self.accounts if not r.passed)


def _platform_info(agency_id: int, by_id: dict[int, tuple]) -> tuple[dict[str, str], bool]:
    chain, node, seen = [], agency_id, set()
    while node is not None and node not in seen and node in by_id:
        seen.add(node)
        name, level, tier, parent = by_id[node]
        chain.append((name, level, tier))
        node = parent
    tier = tiers.platform_tier(chain)
    return vocab.statutory_items(tiers.statutory_list(tier)), tiers.has_catalogue(tier)


def columns_for(agency_id: int, by_id: dict[int, tuple], areas: set[str]) -> list[ColumnDef]:
    statutory, has_catalogue = _platform_info(agency_id, by_id)
    cols = [ColumnDef(key, label, kind) for key, label, kind, _ in GENRE_COLUMNS]
    cols += [ColumnDef(f"statutory:{code}", label, STATUTORY_KIND.get(code, pc.OTHER), code not in STATUTORY_STATIC,
                       code in STATUTORY_REQUIRED) for code, label in statutory.items()]
    cols.append(ColumnDef("system", PORTAL_COLUMNS["system"], pc.OTHER, False))
    if has_catalogue:
        cols += [ColumnDef(f"catalogue:{a}", f"{PORTAL_COLUMNS['catalogue']}·{vocab.KEY_AREAS.get(a, a)}", pc.OTHER)
                 for a in sorted(areas)]
    return cols


GENRE_KEY = {genre: key for key, _, _, genres in GENRE_COLUMNS for genre in genres}


def _column_keys(genre: str, column: str, art20, area: str | None):
    """The check's columns an item appears in (one pass over the items, whatever the number of columns)."""
    if genre in GENRE_KEY:
        yield GENRE_KEY[genre]
    if column == "statutory":
        for code in art20 or ():
            yield f"statutory:{code}"
    elif column == "system":
        yield "system"
    if area:
        yield f"catalogue:{area}"


def column_items(agency: Agency, key: str, at: date):
    """The items behind a column's finding, as they stood on `at` (newest first)."""
    from gongkai.web.portal.selectors import with_statutory_code

    qs = _agency_items([agency.pk]).filter(public_at(at))
    kind, _, code = key.partition(":")
    if kind == "genre":
        genres = next((g for k, _, _, g in GENRE_COLUMNS if k == key), ())
        qs = qs.filter(genre__in=genres)
    elif kind == "statutory":
        qs = with_statutory_code(qs.filter(platform_column="statutory"), code)
    elif kind == "catalogue":
        qs = qs.filter(catalogue_entry__area=code)
    elif key == "system":
        qs = qs.filter(platform_column="system")
    elif key != "home":
        return qs.none()
    return qs.order_by("-published_on", "-id")


def _chunks(values: list, size: int = 10_000):
    """Long `__in` lists in pieces: SQLite refuses more than 32,766 parameters in one statement."""
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _agency_items(agency_ids):
    joint = Item.co_agencies.through.objects.filter(agency_id__in=agency_ids).values("item_id")
    return Item.objects.filter(Q(agency_id__in=agency_ids) | Q(pk__in=joint))


def region_checks(agency_ids: list[int], at: date, checklist: Checklist = DEFAULT) -> list[AgencyCheck]:
    """The check of every agency in `agency_ids` on `at`, in their order: at most fifteen queries, whatever
    their number."""
    ids = list(agency_ids)
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=ids)}
    by_id = {pk: (name, level, tier, parent) for pk, name, level, tier, parent in
             Agency.objects.values_list("pk", "name", "level", "tier", "parent_id")}
    areas: dict[int, set[str]] = defaultdict(set)
    for agency_id, area in CatalogueEntry.objects.filter(agency_id__in=ids).values_list("agency_id", "area").distinct():
        areas[agency_id].add(area)

    joint: dict[int, list[int]] = defaultdict(list)
    for item_id, agency_id in Item.co_agencies.through.objects.filter(agency_id__in=ids).values_list("item_id",
                                                                                                    "agency_id"):
        joint[item_id].append(agency_id)
    public = public_at(at)
    fields = ("agency_id", "genre", "platform_column", "art20", "catalogue_entry__area")
    counted: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(lambda: [None, 0]))
    home: dict[int, date] = {}
    undated: dict[int, dict[str, list[pc.ItemRef]]] = defaultdict(lambda: defaultdict(list))

    def count(owner, keys, last, n):
        for key in keys:
            g = counted[owner][key]
            g[0] = last if g[0] is None or last > g[0] else g[0]
            g[1] += n

    # The agencies' own dated, currently published items are counted in the database, three ways: by 体裁 (the
    # genre columns and the home page), by 平台栏目 and art. 20 codes, by catalogue area. Each reads an index
    # and comes back as a few rows per agency and column, however many items there are.
    dated = Item.objects.filter(agency_id__in=ids, state="published", published_on__lte=at)
    for agency_id, genre, last, n in (dated.values("agency_id", "genre").annotate(last=Max("published_on"),
                                                                                 n=Count("pk")).order_by()
                                      .values_list("agency_id", "genre", "last", "n")):
        count(agency_id, [GENRE_KEY[genre]] if genre in GENRE_KEY else [], last, n)
        if agency_id not in home or last > home[agency_id]:
            home[agency_id] = last
    for agency_id, column, art20, last, n in (
            dated.filter(platform_column__in=("statutory", "system")).values("agency_id", "platform_column", "art20")
            .annotate(last=Max("published_on"), n=Count("pk")).order_by()
            .values_list("agency_id", "platform_column", "art20", "last", "n")):
        count(agency_id, list(_column_keys("", column, art20, None)), last, n)
    for agency_id, area, last, n in (
            dated.filter(agency_id__in=list(areas), catalogue_entry__isnull=False)
            .values("agency_id", "catalogue_entry__area")
            .annotate(last=Max("published_on"), n=Count("pk")).order_by()
            .values_list("agency_id", "catalogue_entry__area", "last", "n")):
        count(agency_id, [f"catalogue:{area}"], last, n)
    # separately, so that each reads its index rather than one scan for an OR of the three
    parts = [Q(agency_id__in=ids, state="published", published_on__isnull=True),
             Q(agency_id__in=ids, state="withdrawn", withdrawn_on__gt=at, published_on__lte=at)]
    if joint:
        parts += [Q(pk__in=chunk) for chunk in _chunks(list(joint))]
    loose_rows = chain.from_iterable(
        Item.objects.filter(part).filter(public).order_by().values_list("pk", *fields, "published_on", "state")
        for part in parts)
    seen: set[int] = set()
    for pk, agency_id, genre, column, art20, area, on, state in loose_rows:
        if pk in seen:
            continue
        seen.add(pk)
        owners = set(joint.get(pk, ())) & agencies.keys()
        # the lead agency's dated, still published items are already counted above
        if agency_id in agencies and (on is None or state != "published"):
            owners.add(agency_id)
        keys = list(_column_keys(genre, column, art20, area))
        for owner in owners:
            if on is None:
                for key in keys:
                    undated[owner][key].append(pc.ItemRef(pk, None))
            else:
                count(owner, keys, on, 1)
                if owner not in home or on > home[owner]:
                    home[owner] = on
    policy: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for pk, agency_id, on in (Item.objects.filter(agency_id__in=ids, genre__in=POLICY_GENRES,
                                                  published_on__gt=pc.add_months(at, -12)).filter(public)
                              .values_list("pk", "agency_id", "published_on")):
        policy[agency_id].append((pk, on))
    policy_ids = [pk for docs in policy.values() for pk, _ in docs]
    interpreted = {}
    for chunk in _chunks(policy_ids):
        interpreted.update(Item.objects.filter(interprets_id__in=chunk).filter(public)
                           .values("interprets_id").annotate(first=Min("published_on")).order_by()
                           .values_list("interprets_id", "first"))

    broken = broken_attachments(ids, at)

    boxes: dict[int, list[int]] = defaultdict(list)
    for pk, agency_id in MessageBox.objects.filter(agency_id__in=ids, active=True).values_list("pk", "agency_id"):
        boxes[agency_id].append(pk)
    start = pc.add_months(at, -checklist.thresholds.message_window_months)
    messages: dict[int, list[pc.MessageRef]] = defaultdict(list)
    for pk, agency_id, received, replied, due, state in (
            Message.objects.filter(agency_id__in=ids, received_on__gt=start, received_on__lte=at)
            .values_list("pk", "agency_id", "received_on", "replied_on", "due_on", "state")):
        messages[agency_id].append(pc.MessageRef(pk, received, replied, due, state != "invalid"))

    accounts = newmedia_at(ids, at)

    out = []
    for agency_id in ids:
        agency = agencies.get(agency_id)
        if agency is None:
            continue
        defs = columns_for(agency_id, by_id, areas.get(agency_id, set()))
        mine, loose = counted.get(agency_id, {}), undated.get(agency_id, {})
        columns = tuple(pc.Column(d.key, d.label, d.kind, tuple(loose.get(d.key, ())), d.should_update, d.required,
                                  *mine.get(d.key, (None, 0)))
                        for d in defs)
        facts = pc.PlatformFacts(
            at=at, columns=columns, home_items=(), home_counted_last=home.get(agency_id),
            channels=tuple(f"box:{b}" for b in boxes.get(agency_id, ())),
            messages=tuple(messages.get(agency_id, ())),
            policy_docs=tuple(pc.PolicyDoc(pk, on, interpreted.get(pk)) for pk, on in policy.get(agency_id, ())),
            broken_attachments=tuple(broken.get(agency_id, ())))
        website = pc.check_platform(facts, checklist)
        checked = [(acc, pc.check_newmedia(f, at, checklist)) for acc, f in accounts.get(agency_id, [])]
        out.append(AgencyCheck(agency, at, website, {d.key: d for d in defs}, checked, len(boxes.get(agency_id, ()))))
    return out


def broken_attachments(agency_ids, at: date) -> dict[int, list[tuple[int, int, str]]]:
    """Attachments of the agencies' items on the platform at `at` whose stored file is missing or not the size
    recorded: a visitor's download would fail. The attachments are read first (their table is far smaller than
    the items'), then their items on the platform at `at`, then one stat per attachment."""
    root = Path(settings.MEDIA_ROOT)
    out: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    ids = list(agency_ids)
    attachments = ItemAttachment.objects.filter(removed_in_version__isnull=True).order_by()
    if len(ids) <= 50:  # a few agencies: only theirs, through the items' agency index
        attachments = attachments.filter(item__agency_id__in=ids)
    rows = list(attachments.values_list("pk", "item_id", "name", "size", "stored_path"))
    if not rows:
        return out
    owner = {}
    for chunk in _chunks(sorted({r[1] for r in rows})):
        owner.update(Item.objects.filter(pk__in=chunk, agency_id__in=ids).filter(public_at(at)).order_by()
                     .values_list("pk", "agency_id"))
    for pk, item_id, name, size, stored in rows:
        agency_id = owner.get(item_id)
        if agency_id is None:
            continue
        try:
            ok = (root / stored).stat().st_size == size
        except OSError:
            ok = False
        if not ok:
            out[agency_id].append((item_id, pk, name))
    return out


def region_platform_checks(region: Agency, at: date, checklist: Checklist = DEFAULT) -> list[AgencyCheck]:
    """Every agency of `region`'s subtree, depth-first, except 地区 nodes (they group agencies and have no
    platform of their own)."""
    from gongkai.web.agencies.selectors import subtree_ids

    ids = subtree_ids(region)
    platforms = set(Agency.objects.filter(pk__in=ids).exclude(level="region").values_list("pk", flat=True))
    return region_checks([i for i in ids if i in platforms], at, checklist)


def platform_check(agency: Agency, at: date, checklist: Checklist = DEFAULT) -> AgencyCheck:
    return region_checks([agency.pk], at, checklist)[0]


def newmedia_at(agency_ids, at: date) -> dict[int, list[tuple[NewMediaAccount, pc.AccountFacts]]]:
    """Each account as known on `at`: its newest observation on or before the date (an account first observed
    after the date did not exist for the check yet)."""
    accounts = {a.pk: a for a in NewMediaAccount.objects.filter(agency_id__in=list(agency_ids))}
    latest: dict[int, NewMediaObservation] = {}
    for o in NewMediaObservation.objects.filter(account_id__in=list(accounts), observed_on__lte=at).order_by(
            "account_id", "observed_on", "id"):
        latest[o.account_id] = o
    out: dict[int, list] = defaultdict(list)
    for pk, acc in accounts.items():
        o = latest.get(pk)
        if o is None:
            continue
        out[acc.agency_id].append((acc, pc.AccountFacts(pk, f"{acc.platform_label}“{acc.name}”",
                                                        o.status == "active", o.has_interaction, o.last_update_on)))
    return out


def as_json(check: AgencyCheck) -> dict:
    """The check as plain JSON, to freeze a recorded run."""
    def finding(f: pc.Finding) -> dict:
        return {"indicator": f.indicator, "label": f.label, "veto": f.veto, "text": f.text,
                "deduction": f.deduction, "refs": [[r.kind, r.key] for r in f.refs]}

    def result(r: pc.CheckResult) -> dict:
        return {"verdict": r.verdict, "passed": r.passed, "score": r.score, "bonus_eligible": r.bonus_eligible,
                "vetoes": [finding(f) for f in r.vetoes], "deductions": [finding(f) for f in r.deductions],
                "indicators": [{"code": i.code, "label": i.label, "points": i.points, "deducted": i.deducted,
                                "raw": i.raw} for i in r.indicators],
                "unchecked": list(r.unchecked),
                "home_last_update": r.home_last_update.isoformat() if r.home_last_update else None}

    web = result(check.website)
    web["columns"] = [{"key": s.key, "label": s.label, "kind": s.kind, "items": s.items, "undated": s.undated,
                       "last_update": s.last_update.isoformat() if s.last_update else None, "empty": s.empty,
                       "stale": s.stale, "long_stale": s.long_stale} for s in check.website.columns]
    return {"agency": check.agency.code, "at": check.at.isoformat(), "website": web,
            "newmedia": [{"account": acc.pk, "name": acc.name, "platform": acc.platform, **result(r)}
                         for acc, r in check.accounts]}
