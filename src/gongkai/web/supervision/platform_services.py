"""Writes of the own-platform and new-media checks, each one transaction:

    account_create(*, agency, fields, actor, today) -> NewMediaAccount
    account_observe(*, account, fields, actor, today, source="manual") -> NewMediaObservation
    newmedia_import(data, filename, *, agency_ids, actor, today) -> int        all or nothing; NewMediaImportError
    newmedia_update_from_feed(account, content: bytes, at, *, actor=None) -> NewMediaObservation
    newmedia_refresh_feed(account, at, *, actor=None) -> NewMediaObservation    its feed URL, safely fetched
    newmedia_refresh_feeds(at) -> {"read", "failed"}                            every account's (daily task)
    check_record(*, agency, at, actor, note="") -> PlatformCheckRun

Every change of an account adds an observation (who, when, what was known), which is the account's history and
what the check of a past date reads. A feed is read from an uploaded document, or fetched from the account's
feed URL through the monitor's safe fetcher (gongkai.web.supervision.fetcher).
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.errors import GongkaiError
from gongkai.core.monitor import feeds, newmedia_rows
from gongkai.core.tabular import TableFileError

from .models import NewMediaAccount, NewMediaObservation, PlatformCheckRun

log = logging.getLogger(__name__)


class NewMediaError(GongkaiError):
    code = "newmedia"
    default_message = "政务新媒体账号保存失败。"


class NewMediaImportError(GongkaiError):
    code = "newmedia_import"
    default_message = "导入失败，未导入任何账号。"

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors), message=errors[0] if errors else None)
        self.errors = list(errors)


ACCOUNT_FIELDS = ("platform", "name", "account_id", "feed_url", "has_interaction", "status",
                  "last_update_on", "last_interaction_on")


def _observe(account: NewMediaAccount, *, source: str, actor, on: date, entries: int | None = None):
    return NewMediaObservation.objects.create(
        account=account, observed_on=on, source=source, last_update_on=account.last_update_on,
        last_interaction_on=account.last_interaction_on, has_interaction=account.has_interaction,
        status=account.status, entries=entries, recorded_by=actor, recorded_at=timezone.now())


def _check(fields: dict, today: date) -> None:
    for key, label in (("last_update_on", "最近更新日期"), ("last_interaction_on", "最近互动回应日期")):
        d = fields.get(key)
        if d is not None and d > today:
            raise NewMediaError(key, message=f"{label}不能晚于今天（{today.isoformat()}）。")
    if not (fields.get("name") or "").strip():
        raise NewMediaError("name", message="账号名称不能为空。")
    if fields.get("platform") not in newmedia_rows.PLATFORMS:
        raise NewMediaError("platform", message="请选择平台。")


@transaction.atomic
def account_create(*, agency, fields: dict, actor, today: date, source: str = "manual") -> NewMediaAccount:
    _check(fields, today)
    account = NewMediaAccount(agency=agency, **{k: fields[k] for k in ACCOUNT_FIELDS if k in fields})
    if account.status == "closed":
        account.closed_on = today
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError:
        raise NewMediaError("duplicate", message=f"本机关已登记{account.platform_label}账号“{account.name}”。") from None
    _observe(account, source=source, actor=actor, on=today)
    return account


@transaction.atomic
def account_observe(*, account: NewMediaAccount, fields: dict, actor, today: date, source: str = "manual"):
    account = NewMediaAccount.objects.select_for_update().get(pk=account.pk)
    merged = {k: getattr(account, k) for k in ACCOUNT_FIELDS} | {k: v for k, v in fields.items() if k in ACCOUNT_FIELDS}
    _check(merged, today)
    was = account.status
    for k, v in merged.items():
        setattr(account, k, v)
    if was != "closed" and account.status == "closed":
        account.closed_on = today
    elif account.status == "active":
        account.closed_on = None
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError:
        raise NewMediaError("duplicate", message=f"本机关已登记{account.platform_label}账号“{account.name}”。") from None
    return _observe(account, source=source, actor=actor, on=today)


def newmedia_import(data: bytes, filename: str = "", *, agency_ids, actor, today: date) -> int:
    """Accounts of the agencies in `agency_ids` (the importer's own): new ones created, known ones (same
    agency, platform and name) observed anew. Any error in any row and nothing is stored."""
    from gongkai.web.agencies.models import Agency

    try:
        table = newmedia_rows.read(data, filename)
    except TableFileError as exc:
        raise NewMediaImportError(exc.errors) from None
    rows = [newmedia_rows.parse_row(r, today=today) for r in table.rows]
    agencies = {a.code: a for a in Agency.objects.filter(code__in={r.agency_code for r in rows}, pk__in=list(agency_ids))}
    seen: dict[tuple, int] = {}
    for r in rows:
        at = newmedia_rows.ROW.format(n=r.number)
        if r.agency_code and r.agency_code not in agencies:
            r.errors.append(f"{at}机关代码“{r.agency_code}”不存在或不是您所在的机关")
        key = (r.agency_code, r.fields.get("platform"), r.fields.get("name"))
        if key in seen and r.fields.get("name"):
            r.errors.append(f"{at}与第{seen[key]}行是同一账号")
        seen.setdefault(key, r.number)
    errors = [e for r in rows for e in r.errors]
    if errors:
        raise NewMediaImportError(errors)
    with transaction.atomic():
        for r in rows:
            agency = agencies[r.agency_code]
            known = NewMediaAccount.objects.filter(agency=agency, platform=r.fields["platform"],
                                                   name=r.fields["name"]).first()
            try:
                if known:
                    account_observe(account=known, fields=r.fields, actor=actor, today=today, source="import")
                else:
                    account_create(agency=agency, fields=r.fields, actor=actor, today=today, source="import")
            except NewMediaError as exc:  # pragma: no cover - parse_row checks the same things first
                raise NewMediaImportError([newmedia_rows.ROW.format(n=r.number) + exc.message]) from None
    return len(rows)


def newmedia_update_from_feed(account: NewMediaAccount, content: bytes, at: date, *, actor=None):
    """Read the account's feed document as of `at`: its newest entry dated on or before `at` becomes the last
    update (never moved backwards by an older copy of the feed). FeedError, in Chinese, for a bad document."""
    feed = feeds.parse_feed(content)
    dates = [e.published_on for e in feed.entries if e.published_on and e.published_on <= at]
    newest = max(dates) if dates else None
    with transaction.atomic():
        locked = NewMediaAccount.objects.select_for_update().get(pk=account.pk)
        if newest and (locked.last_update_on is None or newest > locked.last_update_on):
            locked.last_update_on = newest
            locked.save(update_fields=["last_update_on"])
        obs = _observe(locked, source="feed", actor=actor, on=at, entries=len(feed.entries))
    account.refresh_from_db()
    return obs


def newmedia_refresh_feed(account: NewMediaAccount, at: date, *, actor=None, fetch=None):
    """Fetch the account's feed URL through the monitor's safe fetcher (no private addresses unless allowed,
    size, redirect and time caps, robots.txt, the per-host rate limit) and read it as of `at`. FetchError or
    FeedError, in Chinese, when the feed cannot be fetched or read; nothing is recorded then."""
    from . import fetcher

    if not account.feed_url:
        raise feeds.FeedError("该账号没有登记订阅源地址。")
    got = (fetch or fetcher.fetch)(account.feed_url)
    if not got.ok:
        raise fetcher.FetchError(f"feed answered HTTP {got.status}",
                                 message=f"订阅源 {account.feed_url} 返回 HTTP {got.status}，未能读取。")
    return newmedia_update_from_feed(account, got.body, at, actor=actor)


def newmedia_refresh_feeds(at: date) -> dict[str, int]:
    """Every active account with a feed URL, one after another (the fetcher's per-host limit paces them); a
    feed that fails is logged and skipped, the others are still read."""
    from .fetcher import FetchError

    done = {"read": 0, "failed": 0}
    for account in NewMediaAccount.objects.filter(status="active").exclude(feed_url="").order_by("pk"):
        try:
            newmedia_refresh_feed(account, at)
        except (FetchError, feeds.FeedError) as exc:
            log.warning("new-media feed of account %s (%s) not read: %s", account.pk, account.feed_url, exc)
            done["failed"] += 1
        else:
            done["read"] += 1
    return done


@transaction.atomic
def check_record(*, agency, at: date, actor, note: str = "") -> PlatformCheckRun:
    from .platform_selectors import as_json, platform_check

    check = platform_check(agency, at)
    web = check.website
    return PlatformCheckRun.objects.create(
        agency=agency, checked_on=at, verdict=web.verdict,
        score=None if web.score is None else Decimal(str(web.score)), vetoes=len(web.vetoes),
        snapshot=as_json(check), note=note[:200], recorded_by=actor, recorded_at=timezone.now())
