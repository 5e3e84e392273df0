"""Bulk import and export of registry items (how offices move from their old CMS, and open data).

    items_import(data, filename, today=None, actor=None) -> ImportSummary   all or nothing; ItemImportError
    export_values(agency) -> iterator of dicts                              an agency's published items
    export_csv(agency) / export_jsonl(agency) -> iterators of text chunks   for the CLI and the API

The file reading and per-row checks are gongkai.core.registry.import_rows; here the database checks (agency
code known and with a 统一社会信用代码 or 组织机构代码, 索引号 unused) and `services.item_import` for each row,
inside ONE transaction: any error and nothing is stored. The errors are the lines `第N行：…` in row order.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from gongkai.core.errors import GongkaiError
from gongkai.core.registry import import_rows
from gongkai.core.registry.rules import InvalidItem
from gongkai.core.tabular import TableFileError

from .models import Item


class ItemImportError(GongkaiError):
    code = "item_import"
    default_message = "导入失败，未导入任何内容。"

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors), message=errors[0] if errors else None)
        self.errors = list(errors)


@dataclass
class ImportSummary:
    imported: int
    agencies: dict[str, int]  # agency code -> items imported
    assigned: int  # items whose 索引号 was assigned here (the file left it empty)
    first_index_no: str
    last_index_no: str

    def to_json(self) -> dict:
        return {"imported": self.imported, "agencies": dict(sorted(self.agencies.items())),
                "assigned_index_no": self.assigned, "first_index_no": self.first_index_no,
                "last_index_no": self.last_index_no}

    def line(self) -> str:
        per = "，".join(f"{code} {n} 条" for code, n in sorted(self.agencies.items()))
        return f"导入 {self.imported} 条政府信息（{per}），其中 {self.assigned} 条新编索引号。"


class _Rollback(Exception):
    pass


def _agency_errors(row, agency) -> str | None:
    if agency is None:
        return f"发布机构代码“{row.agency_code}”不存在（应填写机关名录中的机关代码）。"
    if not agency.index_code:
        return (f"{agency.name}（{agency.code}）尚未设置统一社会信用代码或组织机构代码，无法编制索引号；"
                "请先在机关名录中补充。")
    return None


def _message(exc: GongkaiError) -> list[str]:
    if isinstance(exc, InvalidItem):
        return list(exc.problems.values())
    return [exc.message]


def items_import(data: bytes, filename: str = "", *, today: date | None = None, actor=None) -> ImportSummary:
    from gongkai.web.agencies.models import Agency

    from . import services

    today = today or timezone.localdate()
    try:
        table = import_rows.read(data, filename)
    except TableFileError as exc:
        raise ItemImportError(exc.errors) from None
    rows = [import_rows.parse_row(r, today=today) for r in table.rows]
    errors_by_row: dict[int, list[str]] = {r.number: list(r.errors) for r in rows}
    for number, line in import_rows.duplicate_index_numbers(rows):
        errors_by_row[number].append(line)
    codes = {r.agency_code for r in rows if r.agency_code}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=codes)}
    taken = set(Item.objects.filter(index_no__in=[r.index_no for r in rows if r.index_no])
                .values_list("index_no", flat=True))
    for r in rows:
        if r.agency_code:
            problem = _agency_errors(r, agencies.get(r.agency_code))
            if problem:
                errors_by_row[r.number].append(import_rows.ROW.format(n=r.number) + problem)
        if r.index_no in taken:
            errors_by_row[r.number].append(import_rows.ROW.format(n=r.number)
                                           + f"索引号“{r.index_no}”已被使用。")
    summary = ImportSummary(0, {}, 0, "", "")
    per_agency: Counter = Counter()
    try:
        with transaction.atomic():
            for r in rows:
                if errors_by_row[r.number]:
                    continue
                try:
                    with transaction.atomic():
                        item = services.item_import(agency=agencies[r.agency_code], fields=r.fields,
                                                    published_on=r.published_on, index_no=r.index_no,
                                                    actor=actor, today=today)
                except GongkaiError as exc:
                    errors_by_row[r.number].extend(import_rows.ROW.format(n=r.number) + m for m in _message(exc))
                    continue
                per_agency[r.agency_code] += 1
                summary.assigned += 0 if r.index_no else 1
                summary.first_index_no = summary.first_index_no or item.index_no
                summary.last_index_no = item.index_no
            if any(errors_by_row.values()):
                raise _Rollback
    except _Rollback:
        raise ItemImportError([e for n in sorted(errors_by_row) for e in errors_by_row[n]]) from None
    summary.imported = sum(per_agency.values())
    summary.agencies = dict(per_agency)
    return summary


# --- export ---------------------------------------------------------------------------------------------

def export_queryset(agency):
    return (Item.objects.filter(agency=agency, state="published").select_related("agency")
            .order_by("published_on", "id"))


def export_values(agency) -> Iterator[dict]:
    for item in export_queryset(agency).iterator(chunk_size=500):
        yield {"index_no": item.index_no or "", "title": item.title, "agency": item.agency.code,
               "doc_number": item.doc_number, "written": item.written_on, "published": item.published_on,
               "subject": item.subject, "genre": item.genre, "validity": item.validity, "body": item.body_html}


def export_csv(agency) -> Iterator[str]:
    """UTF-8 with a BOM (Excel opens it as UTF-8), Chinese headers, labels: what `items import` reads."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(import_rows.LABELS.values()), lineterminator="\r\n")
    writer.writeheader()
    yield "\ufeff" + buffer.getvalue()
    for values in export_values(agency):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(import_rows.export_row(values, fmt="csv"))
        yield buffer.getvalue()


def export_jsonl(agency) -> Iterator[str]:
    for values in export_values(agency):
        yield json.dumps(import_rows.export_row(values, fmt="jsonl"), ensure_ascii=False) + "\n"
