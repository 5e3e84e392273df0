"""Every write to the registry: keyword-only functions, one transaction each, each step audited.

    item_create / item_update          drafting (公开属性 set from the start; body sanitised)
    item_review                        保密审查 (art. 17): pass → reviewed, fail → stays a draft
    item_approve / item_return         the disclosure office head's release decision
    item_publish                       索引号 serial, version 1, art. 26 timeliness, search index
    item_file / item_reopen            information not for proactive disclosure (依申请公开 / 不予公开)
    item_withdraw                      撤回 with a reason: off the platform and out of search
    correction_propose/_review/_apply  更正: a reviewed correction becomes a new version
    item_set_validity                  有效/失效/废止/已修改, with the successor document
    attachment_add / attachment_remove files, scrubbed of embedded metadata and checked by content
    item_import                        already-published items moved from an old CMS (bulk import)
    gazette_issue_save / gazette_entry_add / gazette_issue_publish
    catalogue_entry_save

Roles are checked here, not only in views, so the CLI, the admin and the demo loader obey them too. The search
index is updated inside the same transaction (search_sync), so a rolled-back publication is never found and a
withdrawn item never again.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from gongkai.core.errors import GongkaiError
from gongkai.core.registry import index_no as index_numbers
from gongkai.core.registry import rules, timeliness, vocab, workflow
from gongkai.core.registry.doc_number import normalise_doc_number
from gongkai.core.roles import may_act, role_label
from gongkai.web.common import audit_trail

from . import bodies, search_sync
from .models import (
    CatalogueEntry,
    ConfidentialityReview,
    Correction,
    GazetteEntry,
    GazetteIssue,
    Item,
    ItemAttachment,
    ItemEvent,
    ItemVersion,
    RegistryChainHead,
    SerialCounter,
)


class RegistryRefused(GongkaiError):
    """A well-formed request the rules do not allow now (wrong role, wrong state, missing code)."""

    code = "registry_refused"
    default_message = "当前不能进行该操作。"


# Fields a draft form or an import may set, with their kinds (for corrections' JSON round trip).
EDITABLE_FIELDS = {
    "title": "str", "doc_number": "str", "written_on": "date", "formed_on": "date", "subject": "str",
    "genre": "str", "art20": "list", "platform_column": "str", "summary": "str", "body_html": "html",
    "channels": "list", "attribute": "str", "withholding_reason": "str", "withholding_basis": "str",
    "attribute_review_on": "date", "validity": "str", "validity_from": "date", "effective_from": "date",
}
# What a correction may change (the identity — 索引号, agency, genre, attribute — stays).
CORRECTABLE_FIELDS = ("title", "doc_number", "written_on", "subject", "art20", "summary", "body_html", "channels",
                      "effective_from")


# --- shared steps ---------------------------------------------------------------------------------------

def _today(on: date | None) -> date:
    return on or timezone.localdate()


def _require(actor, agency, role: str) -> None:
    from gongkai.web.agencies.selectors import user_roles

    if actor is None:
        return  # the system itself (imports by an administrator's command, the demo loader)
    if not may_act(user_roles(actor, agency), role):
        raise RegistryRefused(f"needs role {role}", message=f"只有本机关的{role_label(role)}可以进行该操作。")


def _lock(item: Item) -> Item:
    return Item.objects.select_for_update().select_related("agency").get(pk=item.pk)


def _event(item: Item, *, action: str, actor, from_state: str, on: date | None = None, reason: str = "",
           data: dict | None = None) -> ItemEvent:
    """Append one event to the registry's hash chain; the head row lock orders concurrent appends."""
    return audit_trail.append(RegistryChainHead, ItemEvent(
        item=item, at=timezone.now(), on=on, actor=actor, action=action, from_state=from_state, to_state=item.state,
        reason=reason, data=data or {}))


def _step(item: Item, action: str, *, actor, on: date | None = None, reason: str = "", data=None,
          check_role: bool = True, update_fields: list[str] | None = None) -> ItemEvent:
    """`update_fields`: the columns the caller changed besides the state (all of them by default)."""
    if check_role:
        _require(actor, item.agency, workflow.ROLE_FOR_ACTION[action])
    before = item.state
    item.state = workflow.transition(before, action)
    item.save(update_fields=None if update_fields is None else ["state", "updated_at", *update_fields])
    return _event(item, action=action, actor=actor, from_state=before, on=on, reason=reason, data=data)


def facts_of(item: Item, overrides: dict | None = None) -> rules.ItemFacts:
    values = {name: getattr(item, name) for name in (
        "title", "genre", "subject", "attribute", "withholding_reason", "withholding_basis", "attribute_review_on",
        "written_on", "formed_on", "published_on", "validity", "validity_from", "channels", "art20")}
    values.update(overrides or {})
    interprets = values.pop("interprets", item.interprets if item.interprets_id else None)
    return rules.ItemFacts(**values, interprets_genre=interprets.genre if interprets is not None else None)


def _assign(item: Item, fields: dict) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS) - {"interprets", "co_agencies", "catalogue_entry"}
    if unknown:
        raise ValueError(f"unknown item fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name == "co_agencies":
            continue
        if name == "body_html":
            item.body_html = bodies.clean(value or "")
            item.body_text = bodies.text_of(item.body_html)
        elif EDITABLE_FIELDS.get(name) == "str":
            setattr(item, name, (value or "").strip())
        else:
            setattr(item, name, value)
    if "doc_number" in fields:
        item.doc_number_key = normalise_doc_number(item.doc_number)
    if item.attribute == vocab.ACTIVE:
        item.withholding_reason, item.withholding_basis, item.attribute_review_on = "", "", None
    genre = vocab.genres().get(item.genre)
    if genre is not None and genre.has_validity and not item.validity:
        item.validity = "valid"


def _check_links(item: Item, fields: dict) -> None:
    policy = fields.get("interprets")
    if policy is not None and policy.state != "published":
        raise rules.InvalidItem({"interprets": "被解读的政策文件须是已公开的信息。"})
    entry = fields.get("catalogue_entry")
    if entry is not None and entry.agency_id != item.agency_id:
        raise rules.InvalidItem({"catalogue_entry": "只能选择本机关的标准目录事项。"})


def _set_co_agencies(item: Item, fields: dict) -> None:
    if "co_agencies" in fields:
        item.co_agencies.set([a for a in fields["co_agencies"] if a.pk != item.agency_id])


# --- drafting -------------------------------------------------------------------------------------------

def item_create(*, agency, actor, fields: dict, today: date | None = None) -> Item:
    """A new draft. `fields` are EDITABLE_FIELDS plus `interprets` (an Item), `catalogue_entry` and
    `co_agencies` (Agencies). InvalidItem (field → Chinese sentence) when the rules refuse it."""
    today = _today(today)
    with transaction.atomic():
        _require(actor, agency, "handler")
        item = Item(agency=agency, created_by=actor)
        _assign(item, fields)
        _check_links(item, fields)
        rules.check(facts_of(item, {"interprets": fields.get("interprets")}), today=today)
        item.save()
        _set_co_agencies(item, fields)
        _event(item, action="create", actor=actor, from_state="", on=today)
    return item


def item_update(*, item: Item, actor, fields: dict, today: date | None = None) -> Item:
    """Edit a draft; editing a reviewed or approved item sends it back to draft (its review no longer covers
    the text)."""
    today = _today(today)
    with transaction.atomic():
        item = _lock(item)
        _require(actor, item.agency, "handler")
        workflow.transition(item.state, "edit")
        changed = sorted(k for k in fields if k != "co_agencies")
        _assign(item, fields)
        _check_links(item, fields)
        rules.check(facts_of(item, {"interprets": fields.get("interprets", item.interprets)}), today=today)
        _set_co_agencies(item, fields)
        _step(item, "edit", actor=actor, on=today, data={"fields": changed}, check_role=False)
    return item


# --- review, approval, publication ----------------------------------------------------------------------

def item_review(*, item: Item, actor, passed: bool, opinion: str = "", referred_to: str = "",
                on: date | None = None) -> ConfidentialityReview:
    """Record the 保密审查 of a draft. A failed review needs an opinion saying why."""
    on = _today(on)
    if not passed and not opinion.strip():
        raise rules.InvalidItem({"opinion": "审查未通过的，请填写审查意见。"})
    with transaction.atomic():
        item = _lock(item)
        action = "review_pass" if passed else "review_fail"
        _require(actor, item.agency, "reviewer")
        workflow.transition(item.state, action)
        review = ConfidentialityReview.objects.create(item=item, reviewer=actor, reviewed_on=on, passed=passed,
                                                      opinion=opinion.strip(), referred_to=referred_to.strip())
        _step(item, action, actor=actor, on=on, reason=opinion.strip(), data={"review": review.pk},
              check_role=False)
    return review


def item_approve(*, item: Item, actor, on: date | None = None) -> Item:
    with transaction.atomic():
        item = _lock(item)
        _step(item, "approve", actor=actor, on=_today(on))
    return item


def item_return(*, item: Item, actor, reason: str, on: date | None = None) -> Item:
    if not reason.strip():
        raise rules.InvalidItem({"reason": "请说明退回原因。"})
    with transaction.atomic():
        item = _lock(item)
        _step(item, "return", actor=actor, on=_today(on), reason=reason.strip())
    return item


def _latest_review(item: Item, correction: Correction | None = None) -> ConfidentialityReview | None:
    return (ConfidentialityReview.objects.filter(item=item, correction=correction)
            .order_by("-recorded_at", "-id").first())


def next_serial(agency, year: int) -> int:
    """The next 索引号 serial of `agency` in `year`, from the locked counter row: call inside the publishing
    transaction. A rollback gives the number back, so serials have no gaps.

    One statement in the steady state: `UPDATE … SET value = value + 1 … RETURNING value` takes the row lock
    (held to the end of the transaction, so a concurrent publisher waits and then reads the committed value)
    and reads the new value at once. The agency's first publication of a year creates the row first."""
    value = _increment_counter(agency.pk, year)
    if value is None:
        SerialCounter.objects.get_or_create(agency=agency, year=year)  # a concurrent creator: the unique key
        value = _increment_counter(agency.pk, year)
    if value > index_numbers.MAX_SERIAL:
        raise RegistryRefused("serials exhausted", message=f"{agency.name}{year}年的索引号流水号已用完（99999）。")
    return value


def _has_returning() -> bool:
    return connection.features.can_return_columns_from_insert


def _increment_counter(agency_id: int, year: int) -> int | None:
    counters = SerialCounter.objects.filter(agency_id=agency_id, year=year)
    if not _has_returning():  # SQLite before 3.35
        if not counters.update(value=F("value") + 1):
            return None
        return counters.values_list("value", flat=True).get()
    table, value, agency, year_ = (connection.ops.quote_name(n) for n in (
        SerialCounter._meta.db_table, "value", "agency_id", "year"))
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {table} SET {value} = {value} + 1 WHERE {agency} = %s AND {year_} = %s RETURNING {value}",
                    [agency_id, year])
        row = cur.fetchone()
    return row[0] if row else None


def _index_code(agency) -> str:
    code = agency.index_code
    if not code:
        raise RegistryRefused(
            "agency has no code", message=f"{agency.name}尚未设置统一社会信用代码或组织机构代码，无法生成索引号。"
                                          "请机关管理员在机关设置中填写后再发布。")
    try:
        return index_numbers.canonical_agency_code(code)
    except index_numbers.InvalidAgencyCode as exc:
        raise RegistryRefused(str(exc), message=f"{agency.name}的机关代码校验位不正确，无法生成索引号。") from exc


def snapshot(item: Item, attachments: list[tuple[int, str]] | None = None) -> dict:
    """The item as published, JSON-native, for ItemVersion. `attachments`: search_sync.live_attachments(item)
    when the caller has read them already (publishing reads them once for the version and the index)."""
    values = {}
    for name, kind in EDITABLE_FIELDS.items():
        value = getattr(item, name)
        values[name] = value.isoformat() if kind == "date" and value else value
    values.update(index_no=item.index_no, agency=item.agency_id,
                  co_agencies=sorted(item.co_agencies.values_list("pk", flat=True)),
                  interprets=item.interprets_id, successor=item.successor_id,
                  attachments=[pk for pk, _text in (attachments if attachments is not None
                                                    else search_sync.live_attachments(item))])
    return values


def _art26(item: Item, published_on: date) -> timeliness.Timeliness | None:
    from gongkai.web.applications.clock import current_calendar

    formed = item.formed_on or item.written_on
    if formed is None:
        return None
    return timeliness.art26_status(formed, published_on, today=published_on, calendar=current_calendar())


def _art26_data(status: timeliness.Timeliness | None) -> dict | None:
    if status is None:
        return None
    return {**asdict(status), "due": status.due.isoformat()}


def item_publish(*, item: Item, actor, on: date | None = None) -> Item:
    """Publish an approved item: its 索引号 (next serial of the agency's year), version 1, the art. 26 check
    and the search index, all in one transaction. Refused without a passed 保密审查 and for information
    whose 公开属性 is not 主动公开."""
    on = _today(on)
    with transaction.atomic():
        item = _lock(item)
        _require(actor, item.agency, "handler")
        workflow.transition(item.state, "publish")
        review = _latest_review(item)
        if review is None or not review.passed:
            raise RegistryRefused("no passed review", message="未经保密审查或保密审查未通过的信息不得公开（条例第十七条）。")
        facts = facts_of(item)
        facts.published_on = on
        rules.check(facts, today=on)
        rules.check_publishable(facts)
        code = _index_code(item.agency)
        serial = next_serial(item.agency, on.year)
        item.index_no = index_numbers.format_index_no(code, on.year, serial)
        item.index_year, item.index_serial = on.year, serial
        item.published_on, item.published_at, item.version = on, timezone.now(), 1
        status = _art26(item, on)
        item.published_late = bool(status and status.status == "late")
        _step(item, "publish", actor=actor, on=on, check_role=False,
              data={"index_no": item.index_no, "art26": _art26_data(status)},
              update_fields=["index_no", "index_year", "index_serial", "published_on", "published_at", "version",
                             "published_late"])
        attachments = search_sync.live_attachments(item)
        ItemVersion.objects.create(item=item, number=1, snapshot=snapshot(item, attachments), published_on=on,
                                   published_at=item.published_at, published_by=actor, review=review)
        search_sync.item_changed(item, attachments=attachments)
    return item


def item_file(*, item: Item, actor, on: date | None = None) -> Item:
    """Close a reviewed item that is not for proactive disclosure (依申请公开 / 不予公开), keeping its reason,
    basis and re-evaluation date (art. 18)."""
    with transaction.atomic():
        item = _lock(item)
        if item.attribute == vocab.ACTIVE:
            raise RegistryRefused("active item", message="公开属性为“主动公开”的信息应当发布，不能作不主动公开处理。")
        _step(item, "file", actor=actor, on=_today(on))
    return item


def item_reopen(*, item: Item, actor, on: date | None = None) -> Item:
    with transaction.atomic():
        item = _lock(item)
        _step(item, "reopen", actor=actor, on=_today(on))
    return item


def item_withdraw(*, item: Item, actor, reason: str, on: date | None = None) -> Item:
    """撤回: the item leaves the platform, the feeds and the search in this transaction; its page then says it
    was withdrawn, when and why. The 索引号 is never reused."""
    on = _today(on)
    if not reason.strip():
        raise rules.InvalidItem({"reason": "请填写撤回原因。"})
    with transaction.atomic():
        item = _lock(item)
        item.withdrawn_on, item.withdrawn_reason = on, reason.strip()
        _step(item, "withdraw", actor=actor, on=on, reason=reason.strip())
        search_sync.item_changed(item)
    return item


# --- corrections ----------------------------------------------------------------------------------------

def _decode_changes(changes: dict) -> dict:
    out = {}
    for name, value in changes.items():
        if EDITABLE_FIELDS.get(name) == "date" and isinstance(value, str):
            out[name] = date.fromisoformat(value) if value else None
        else:
            out[name] = value
    return out


def correction_propose(*, item: Item, actor, changes: dict, reason: str, today: date | None = None) -> Correction:
    """Propose a correction of a published item. `changes` maps CORRECTABLE_FIELDS to new values."""
    today = _today(today)
    if not reason.strip():
        raise rules.InvalidItem({"reason": "请填写更正原因。"})
    bad = sorted(set(changes) - set(CORRECTABLE_FIELDS))
    if bad:
        raise rules.InvalidItem({"changes": f"以下内容不能通过更正修改：{'、'.join(bad)}（索引号、发布机构、体裁和公开属性不变）。"})
    if not changes:
        raise rules.InvalidItem({"changes": "没有需要更正的内容。"})
    with transaction.atomic():
        item = _lock(item)
        _require(actor, item.agency, "handler")
        if item.state != "published":
            raise RegistryRefused("not published", message="只有已公开的信息才能更正；草稿请直接修改。")
        probe = Item(**{f.attname: getattr(item, f.attname) for f in Item._meta.concrete_fields})
        _assign(probe, _decode_changes(changes))
        rules.check(facts_of(probe), today=today)
        stored = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in changes.items()}
        if "body_html" in stored:
            stored["body_html"] = bodies.clean(stored["body_html"] or "")
        correction = Correction.objects.create(item=item, changes=stored, reason=reason.strip(), proposed_by=actor)
        _event(item, action="correct_propose", actor=actor, from_state=item.state, on=today, reason=reason.strip(),
               data={"correction": correction.pk, "fields": sorted(stored)})
    return correction


def correction_review(*, correction: Correction, actor, passed: bool, opinion: str = "",
                      on: date | None = None) -> ConfidentialityReview:
    on = _today(on)
    if not passed and not opinion.strip():
        raise rules.InvalidItem({"opinion": "审查未通过的，请填写审查意见。"})
    with transaction.atomic():
        item = _lock(correction.item)
        correction = Correction.objects.select_for_update().get(pk=correction.pk)
        _require(actor, item.agency, "reviewer")
        if correction.state != "proposed":
            raise RegistryRefused("correction not proposed", message="该更正已审查或已发布。")
        review = ConfidentialityReview.objects.create(item=item, correction=correction, reviewer=actor,
                                                      reviewed_on=on, passed=passed, opinion=opinion.strip())
        correction.state = "reviewed" if passed else "rejected"
        correction.save(update_fields=["state"])
        _event(item, action="correct_review_pass" if passed else "correct_review_fail", actor=actor,
               from_state=item.state, on=on, reason=opinion.strip(),
               data={"correction": correction.pk, "review": review.pk})
    return review


def correction_apply(*, correction: Correction, actor, on: date | None = None) -> ItemVersion:
    """Publish a reviewed correction as the item's next version; earlier versions stay viewable."""
    on = _today(on)
    with transaction.atomic():
        item = _lock(correction.item)
        correction = Correction.objects.select_for_update().get(pk=correction.pk)
        _require(actor, item.agency, "handler")
        if correction.state != "reviewed":
            raise RegistryRefused("correction not reviewed",
                                  message="更正内容未经保密审查或审查未通过，不得发布（条例第十七条）。")
        if item.state != "published":
            raise RegistryRefused("item not published", message="该信息已不在公开状态，不能发布更正。")
        _assign(item, _decode_changes(correction.changes))
        item.version += 1
        item.save()
        version = ItemVersion.objects.create(item=item, number=item.version, snapshot=snapshot(item),
                                             reason=correction.reason, published_on=on, published_at=timezone.now(),
                                             published_by=actor, review=_latest_review(item, correction))
        correction.state, correction.applied_version = "applied", item.version
        correction.save(update_fields=["state", "applied_version"])
        _event(item, action="correct_apply", actor=actor, from_state=item.state, on=on, reason=correction.reason,
               data={"correction": correction.pk, "version": item.version})
        search_sync.item_changed(item)
    return version


# --- validity and links ---------------------------------------------------------------------------------

def item_set_validity(*, item: Item, actor, validity: str, on: date | None = None, successor: Item | None = None,
                      reason: str = "") -> Item:
    """有效 → 失效 / 废止 / 已修改 (with the amending document), dated; published 规章 and 规范性文件 only."""
    on = _today(on)
    with transaction.atomic():
        item = _lock(item)
        _require(actor, item.agency, "handler")
        genre = vocab.genres().get(item.genre)
        if genre is None or not genre.has_validity:
            raise rules.InvalidItem({"validity": f"{item.genre_label}不标注有效性。"})
        if item.state != "published":
            raise RegistryRefused("not published", message="只有已公开的规章、规范性文件才能变更有效性。")
        rules.check_validity_change(item.validity, validity, has_successor=successor is not None)
        if successor is not None and (successor.pk == item.pk or successor.state != "published"):
            raise rules.InvalidItem({"successor": "修改或替代文件须是另一件已公开的信息。"})
        if item.published_on and on < item.published_on:
            raise rules.InvalidItem({"validity_from": "有效性变更日期不能早于发布日期。"})
        before = item.validity
        item.validity, item.validity_from = validity, on
        if successor is not None:
            item.successor = successor
        item.save()
        _event(item, action="set_validity", actor=actor, from_state=item.state, on=on, reason=reason.strip(),
               data={"from": before, "to": validity, "successor": successor.pk if successor else None})
        search_sync.item_changed(item)
    return item


# --- attachments ----------------------------------------------------------------------------------------

def attachment_add(*, item: Item, actor, name: str, data: bytes) -> ItemAttachment:
    """Attach a file to a draft: checked by content, its embedded metadata removed before it is stored, its
    text read for search."""
    from . import files

    with transaction.atomic():
        item = _lock(item)
        _require(actor, item.agency, "handler")
        if item.state not in ("draft", "reviewed", "approved"):
            raise RegistryRefused("not a draft", message="只能为未公开的信息添加附件；已公开的信息请通过更正处理。")
        stored = files.store(name=name, data=data)
        attachment = ItemAttachment.objects.create(
            item=item, name=stored.name, content_type=stored.content_type, size=len(stored.data),
            sha256=hashlib.sha256(stored.data).hexdigest(), stored_path=stored.path, text=stored.text,
            scrubbed=stored.removed, sort=item.attachments.count())
        if item.state != "draft":
            _step(item, "edit", actor=actor, data={"attachment": attachment.pk}, check_role=False)
        else:
            _event(item, action="edit", actor=actor, from_state=item.state, data={"attachment": attachment.pk})
    return attachment


# --- imports --------------------------------------------------------------------------------------------

def item_import(*, agency, fields: dict, published_on: date, index_no: str = "", actor=None,
                today: date | None = None) -> Item:
    """An item already published elsewhere (an old CMS): stored as published version 1 with its own 索引号,
    or the next serial of its publication year when it has none. The caller wraps a whole file in one
    transaction (all or nothing)."""
    today = _today(today)
    item = Item(agency=agency, created_by=actor, imported=True)
    _assign(item, fields)
    facts = facts_of(item, {"interprets": fields.get("interprets")})
    facts.published_on = published_on
    rules.check(facts, today=today)
    rules.check_publishable(facts)
    code = _index_code(agency)
    if index_no:
        number = index_numbers.parse(index_no)
        if number.agency_code != code:
            raise rules.InvalidItem({"index_no": f"索引号“{index_no}”的机关代码与发布机构（{code}）不一致。"})
        if Item.objects.filter(index_no=str(number)).exists():
            raise rules.InvalidItem({"index_no": f"索引号“{index_no}”已被使用。"})
        counter, _ = SerialCounter.objects.get_or_create(agency=agency, year=number.year)
        counter = SerialCounter.objects.select_for_update().get(pk=counter.pk)
        if number.serial > counter.value:
            counter.value = number.serial
            counter.save(update_fields=["value"])
        item.index_no, item.index_year, item.index_serial = str(number), number.year, number.serial
    else:
        serial = next_serial(agency, published_on.year)
        item.index_no = index_numbers.format_index_no(code, published_on.year, serial)
        item.index_year, item.index_serial = published_on.year, serial
    item.state, item.published_on, item.version = "published", published_on, 1
    item.published_at = timezone.now()
    status = _art26(item, published_on)
    item.published_late = bool(status and status.status == "late")
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:
        raise rules.InvalidItem({"index_no": f"索引号“{item.index_no}”已被使用。"}) from exc
    _set_co_agencies(item, fields)
    if fields.get("interprets") is not None:
        item.interprets = fields["interprets"]
        item.save(update_fields=["interprets"])
    _event(item, action="import", actor=actor, from_state="", on=published_on, data={"index_no": item.index_no})
    ItemVersion.objects.create(item=item, number=1, snapshot=snapshot(item), published_on=published_on,
                               published_at=item.published_at, published_by=actor)
    search_sync.item_changed(item)
    return item


# --- gazette and catalogues -----------------------------------------------------------------------------

def gazette_issue_save(*, agency, actor, year: int, number: int, published_on: date,
                       total_number: int | None = None) -> GazetteIssue:
    with transaction.atomic():
        _require(actor, agency, "handler")
        if published_on.year != year:
            raise rules.InvalidItem({"published_on": "出版日期应在该期公报的年份内。"})
        issue, _ = GazetteIssue.objects.update_or_create(
            agency=agency, year=year, number=number,
            defaults={"published_on": published_on, "total_number": total_number})
    return issue


def gazette_entry_add(*, issue: GazetteIssue, item: Item, actor, section: str = "") -> GazetteEntry:
    """Put a published item in an issue (in order); the item gains the 政府公报 channel."""
    with transaction.atomic():
        _require(actor, issue.agency, "handler")
        item = _lock(item)
        if item.state != "published":
            raise RegistryRefused("not published", message="只有已公开的信息才能编入政府公报。")
        if GazetteEntry.objects.filter(issue=issue, item=item).exists():
            raise RegistryRefused("already in issue", message="该信息已在本期公报中。")
        entry = GazetteEntry.objects.create(issue=issue, item=item, section=section.strip(),
                                            sort=issue.entries.count() + 1)
        if "gazette" not in item.channels:
            item.channels = [*item.channels, "gazette"]
            item.save(update_fields=["channels"])
            search_sync.item_changed(item)
        _event(item, action="gazette", actor=actor, from_state=item.state, data={"issue": issue.pk})
    return entry


def gazette_issue_publish(*, issue: GazetteIssue, actor) -> GazetteIssue:
    with transaction.atomic():
        _require(actor, issue.agency, "office_head")
        if not issue.entries.exists():
            raise RegistryRefused("empty issue", message="本期公报还没有目录条目，不能发布。")
        issue.published = True
        issue.save(update_fields=["published"])
    return issue


def catalogue_entry_save(*, agency, actor, area: str, first_level: str, content: str, basis: str,
                         responsible: str, entry: CatalogueEntry | None = None, **extra) -> CatalogueEntry:
    """Create or edit a line of the agency's 基层政务公开标准目录 (county and township agencies)."""
    problems = {}
    if area not in vocab.KEY_AREAS:
        problems["area"] = "请选择试点领域。"
    for name, value, label in (("first_level", first_level, "一级事项"), ("content", content, "公开内容"),
                               ("basis", basis, "公开依据"), ("responsible", responsible, "公开主体")):
        if not (value or "").strip():
            problems[name] = f"请填写{label}。"
    bad = [c for c in extra.get("channels", []) if c not in vocab.CATALOGUE_CHANNEL_OPTIONS]
    if bad:
        problems["channels"] = f"未知的公开渠道和载体：{'、'.join(bad)}。"
    if problems:
        raise rules.InvalidItem(problems)
    with transaction.atomic():
        _require(actor, agency, "handler")
        entry = entry or CatalogueEntry(agency=agency)
        entry.area, entry.first_level, entry.content = area, first_level.strip(), content.strip()
        entry.basis, entry.responsible = basis.strip(), responsible.strip()
        for key, value in extra.items():
            setattr(entry, key, value)
        if entry.pk is None and not entry.sort:
            entry.sort = CatalogueEntry.objects.filter(agency=agency, area=area).count() + 1
        entry.save()
    return entry
