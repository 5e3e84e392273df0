"""Every write to the engagement records (回应关切、新闻发布会、在线访谈、工作会议、培训). Views and the demo call only these.

    record_create(*, agency, actor, values, item_ids=(), today=None) -> EngagementRecord
    record_update(*, record, actor, values, item_ids=(), today=None) -> EngagementRecord
    record_delete(*, record, actor) -> None
    records_import(*, agency, actor, data, filename="", today=None) -> int      all or nothing; RecordImportError

`values` holds kind, held_on, topic, speakers, participants, channel, url, summary (the rules are
gongkai.core.engagement_records.problems). Linked items must be the agency's published registry items. Each
write is one transaction with its insert-only `RecordEvent` (who, when, what the record held). Only the
agency's staff write (`access.may_edit`); `actor=None` is the system (demo loader).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from gongkai.core import engagement_records as rules
from gongkai.core.errors import GongkaiError
from gongkai.core.registry import index_no as index_numbers
from gongkai.core.tabular import TableFileError
from gongkai.web.registry.models import Item

from .access_records import may_edit
from .models import EngagementRecord
from .models_records import RecordEvent

FIELDS = ("kind", "held_on", "topic", "speakers", "participants", "channel", "url", "summary")


class RecordRefused(GongkaiError):
    code = "record_refused"
    default_message = "只有本机关的工作人员可以登记、修改或删除本机关的记录。"


class InvalidRecord(GongkaiError):
    """`problems` maps a field name to its Chinese sentence (shown beside the field)."""

    code = "invalid_record"
    default_message = "记录填写不完整或有误。"

    def __init__(self, problems: dict[str, str]):
        self.problems = dict(problems)
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()), message="；".join(problems.values()))


class RecordImportError(GongkaiError):
    code = "record_import"
    default_message = "导入失败，未导入任何记录。"

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors), message=errors[0] if errors else None)
        self.errors = list(errors)


def _require(actor, agency) -> None:
    if actor is not None and not may_edit(actor, agency):
        raise RecordRefused("role")


def _clean(values: dict) -> dict:
    out = {k: values.get(k) for k in FIELDS}
    for k in ("topic", "speakers", "channel", "url", "summary"):
        out[k] = (out[k] or "").strip()
    if out["kind"] != "training" and out["participants"] == 0:
        out["participants"] = None
    return out


def _items(agency, item_ids: Iterable[int]) -> list[Item]:
    ids = sorted({int(i) for i in item_ids})
    found = list(Item.objects.filter(pk__in=ids, agency=agency, state="published"))
    if len(found) != len(ids):
        raise InvalidRecord({"items": "相关政府信息只能选择本机关已发布的政府信息。"})
    return found


def _snapshot(record: EngagementRecord) -> dict:
    data = {k: getattr(record, k) for k in FIELDS}
    data["held_on"] = record.held_on.isoformat() if record.held_on else None
    data["items"] = sorted(record.items.values_list("pk", flat=True)) if record.pk else []
    return data


def _event(record, actor, action: str, data: dict) -> None:
    RecordEvent(agency_id=record.agency_id, record_id=record.pk, at=timezone.now(), actor=actor, action=action,
                data=data).save()


def _validate(values: dict, today: date) -> dict:
    clean = _clean(values)
    problems = rules.problems(clean, today=today)
    if problems:
        raise InvalidRecord(problems)
    return clean


def record_create(*, agency, actor, values: dict, item_ids: Iterable[int] = (), today: date | None = None,
                  action: str = "created") -> EngagementRecord:
    _require(actor, agency)
    clean = _validate(values, today or timezone.localdate())
    with transaction.atomic():
        items = _items(agency, item_ids)
        record = EngagementRecord.objects.create(agency=agency, created_by=actor, **clean)
        if items:
            record.items.set(items)
        _event(record, actor, action, _snapshot(record))
    return record


def record_update(*, record: EngagementRecord, actor, values: dict, item_ids: Iterable[int] = (),
                  today: date | None = None) -> EngagementRecord:
    _require(actor, record.agency)
    clean = _validate(values, today or timezone.localdate())
    with transaction.atomic():
        record = EngagementRecord.objects.select_for_update().get(pk=record.pk)
        items = _items(record.agency, item_ids)
        for k, v in clean.items():
            setattr(record, k, v)
        record.save()
        record.items.set(items)
        _event(record, actor, "changed", _snapshot(record))
    return record


def record_delete(*, record: EngagementRecord, actor) -> None:
    _require(actor, record.agency)
    with transaction.atomic():
        record = EngagementRecord.objects.select_for_update().get(pk=record.pk)
        _event(record, actor, "deleted", _snapshot(record))
        record.items.clear()
        record.delete()


class _Rollback(Exception):
    pass


def records_import(*, agency, actor, data: bytes, filename: str = "", today: date | None = None) -> int:
    """Import a CSV/XLSX of records for the agency: every row stored, or none (every row's errors listed as
    `第N行：…` in row order)."""
    _require(actor, agency)
    today = today or timezone.localdate()
    try:
        table = rules.read(data, filename)
    except TableFileError as exc:
        raise RecordImportError(exc.errors) from None
    rows = [rules.parse_row(r, today=today) for r in table.rows]
    wanted: dict[str, str] = {}
    for r in rows:
        for text in r.index_nos:
            try:
                wanted[text] = str(index_numbers.parse(text))
            except index_numbers.InvalidIndexNumber:
                r.error(f"索引号“{text}”格式不正确。")
    items = {i.index_no: i.pk for i in Item.objects.filter(index_no__in=set(wanted.values()), agency=agency,
                                                         state="published")}
    for r in rows:
        for text in r.index_nos:
            canonical = wanted.get(text)
            if canonical is not None and canonical not in items:
                r.error(f"索引号“{text}”不是本机关已发布的政府信息。")
    if any(r.errors for r in rows):
        raise RecordImportError([e for r in rows for e in r.errors])
    try:
        with transaction.atomic():
            for r in rows:
                ids = [items[wanted[t]] for t in r.index_nos]
                try:
                    with transaction.atomic():
                        record_create(agency=agency, actor=actor, values=r.values, item_ids=ids, today=today,
                                      action="imported")
                except GongkaiError as exc:
                    r.errors.extend(rules.ROW.format(n=r.number) + m
                                    for m in (exc.problems.values() if isinstance(exc, InvalidRecord) else [exc.message]))
            if any(r.errors for r in rows):
                raise _Rollback
    except _Rollback:
        raise RecordImportError([e for r in rows for e in r.errors]) from None
    return len(rows)
