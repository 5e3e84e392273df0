"""Writes to the report library. Views, the CLI, the demo loader and the admin call only these.

    report_import(data=..., name=..., agency=None, user=None) -> ImportResult
    report_delete(report=...)
    table2_split_choose(report=..., row=..., index=..., user=...)   # a person picks a flattened 表二 row's split
    import_batch_create(files=[(name, bytes), ...] | zip_bytes=..., user=None, agency=None) -> ImportBatch
    import_batch_process(batch_id=...)      # the background task's body: one transaction per file (claimed)
    import_batch_resume(batch=...)          # enqueue an unfinished batch again
    import_batches_resume_unfinished()      # what a starting worker does

Each is one transaction, except import_batch_process, which is one per file by design: a bad file never
undoes the others, and a crash leaves every finished file recorded, so running it again continues. A stored file is content-addressed (MEDIA_ROOT/reports/<sha[:2]>/<sha>) and is
written only after the document was read and parsed; if the database work fails afterwards the file is
removed again, so a failed import leaves neither a row nor a file behind.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from gongkai.core.annual.layout import format_figure
from gongkai.core.checks.labels import figure_label
from gongkai.core.errors import DocumentTooLarge, GongkaiError, ReadError
from gongkai.core.reading.script import to_simplified
from gongkai.core.reading.sniff import extension_mismatch
from gongkai.core.stats import AnnualStats
from gongkai.core.stats.identity import figure_differences, report_fingerprint
from gongkai.web.common.files import private_dirs, write_private

from .models import ImportBatch, ImportBatchItem, ReportFile, ReportStats
from .selectors import same_agency_and_year
from .splits import (
    SplitChoiceRejected as SplitChoiceRejected,  # the views' one entry point for library writes
)
from .splits import pending_from_parse, settle, settle_neighbours_of
from .splits import table2_split_choose as table2_split_choose
from .staging import BatchRejected, Member, display_name, zip_members

log = logging.getLogger(__name__)


class ReportRejected(GongkaiError):
    """A file that cannot enter the library. `message` (Chinese) is what the user sees."""

    code = "report_rejected"
    default_message = "无法导入该文件。"

    def __init__(self, detail: str = "", *, message: str | None = None, reason: str = "report_rejected"):
        super().__init__(detail, message=message)
        self.reason = reason  # the underlying error's code, e.g. "encrypted", "too_large"


SAME_FILE, SAME_REPORT = "same_file", "same_report"


@dataclass(frozen=True)
class ImportResult:
    """What importing one file gave. For a duplicate, `report` is the one already in the library."""

    created: bool
    report: ReportStats
    stats: AnnualStats
    duplicate_of: str | None = None  # SAME_FILE (identical bytes) or SAME_REPORT (another file of the report)
    # Created reports only: the library's other reports of the same agency and year (their figures differ,
    # e.g. a corrected version), and how many figures the first of them differs in.
    other_versions: tuple[ReportStats, ...] = ()
    differences: tuple[tuple[str, object, object], ...] = ()

    @property
    def duplicate(self) -> bool:
        return not self.created

    @property
    def message(self) -> str:
        """The outcome in Chinese, as the upload page, the batch page and `gongkai import` show it."""
        r = self.report
        if self.duplicate_of == SAME_REPORT:
            return (f"已存在：与已入库的“{r.file.original_name}”是同一份报告（机构、年度和全部数字相同，"
                    f"只是文件格式或编码不同），未重复导入")
        if self.duplicate_of == SAME_FILE:
            return f"已存在：与已入库的“{r.file.original_name}”内容相同"
        text = f"已导入：{r.agency_display} {r.year or '—'}年 · {r.template_label}"
        if r.error_count or r.warning_count:
            text += f"（{r.error_count} 个错误，{r.warning_count} 个提示）"
        if self.other_versions:
            text += "。" + _versions_note(self.other_versions[0], self.differences, self.stats.template)
        return text


def _versions_note(other: ReportStats, differences, template: str) -> str:
    if not differences:  # the same figures read in another national format: not provably one report
        return f"同一机构同一年度已有“{other.file.original_name}”（报告格式不同），两份均保留"
    pointer, before, now = differences[0]
    example = f"{figure_label(pointer, template)}：{format_figure(before)} → {format_figure(now)}"
    return (f"同一机构同一年度已有“{other.file.original_name}”，但有 {len(differences)} 个数字不同"
            f"（如{example}），不视为同一份报告（例如更正版），两份均保留")


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def stored_path_for(sha256: str) -> str:
    return f"reports/{sha256[:2]}/{sha256}"


def absolute_path(report_file: ReportFile) -> Path:
    return Path(settings.MEDIA_ROOT) / report_file.stored_path


def too_large_message() -> str:
    return f"文件超过 {settings.MAX_UPLOAD_MB} MB 上限。"


def report_import(*, data: bytes, name: str, agency: str | None = None, user=None) -> ImportResult:
    """Read, check and store one report file; the same bytes twice give the same record (duplicate).

    Raises ReportRejected (with a Chinese `.message`) when the file cannot be read or is too large.
    """
    name = Path(name or "").name[:255] or "未命名文件"
    sha = hashlib.sha256(data).hexdigest()

    existing = ReportStats.objects.select_related("file").filter(file__sha256=sha).first()
    if existing is not None:
        return ImportResult(False, existing, AnnualStats.from_json(existing.stats), duplicate_of=SAME_FILE)

    if not data:
        raise ReportRejected(f"{name}: empty", message="文件为空（0 字节）。", reason="empty")
    if len(data) > max_upload_bytes():
        err = DocumentTooLarge(f"{len(data)} bytes")
        raise ReportRejected(
            f"{name}: too large ({len(data)} bytes)",
            message=too_large_message(),
            reason=err.code,
        )
    try:
        doc, stats = _read(data, name)
    except ReportRejected as exc:
        # An HTML page saved as "年报.pdf" reads as a web page without a report in it: say first that the file
        # is not what its name says, then what reading it found.
        mismatch = extension_mismatch(name, data)
        if mismatch:
            raise ReportRejected(str(exc), message=f"{mismatch}。{exc.message}", reason=exc.reason) from exc
        raise
    from gongkai.core.parsing import PARSER_VERSION
    # Agency names typed by people may be traditional; the library files them in simplified script.
    given = to_simplified(agency.strip()) if agency and agency.strip() else None
    effective_agency = (given or stats.agency or "")[:200]
    fingerprint = report_fingerprint(stats, agency=effective_agency)
    same = _same_report(fingerprint)
    if same is not None:
        return same
    others = _other_versions(effective_agency, stats.year)
    splits = pending_from_parse(doc.text, stats)

    rel = stored_path_for(sha)
    path = Path(settings.MEDIA_ROOT) / rel
    wrote = False
    try:
        with transaction.atomic():
            wrote = _store_file(path, data)
            report_file = ReportFile.objects.create(
                sha256=sha,
                original_name=name,
                detected_format=doc.format,
                size=len(data),
                stored_path=rel,
                extracted_text=doc.text,
                uploaded_by=user if getattr(user, "is_authenticated", False) else None,
                parser_version=PARSER_VERSION,
            )
            report = ReportStats(
                file=report_file,
                agency=effective_agency,
                agency_overridden=given is not None,
                year=stats.year,
                template=stats.template,
                stats=stats.to_json(),
                figures_count=len(stats.figures()),
                fingerprint=fingerprint,
                table2_splits=splits,
            )
            # The fingerprint stays the file's own reading: another copy of this report is still recognised.
            if settle(report, stats):
                report.stats, report.figures_count = stats.to_json(), len(stats.figures())
            _apply_checks(report, stats)
            report.save()
            _refresh_following_year(report)
            settle_neighbours_of(report)
    except IntegrityError:
        # A concurrent import of the same bytes (or of another file of the same report) won the race: theirs
        # is the record.
        _discard_file(path, sha, wrote)
        existing = ReportStats.objects.select_related("file").filter(file__sha256=sha).first()
        if existing is not None:
            return ImportResult(False, existing, AnnualStats.from_json(existing.stats), duplicate_of=SAME_FILE)
        same = _same_report(fingerprint)
        if same is None:
            raise
        return same
    except BaseException:
        _discard_file(path, sha, wrote)
        raise
    differences = tuple(figure_differences(AnnualStats.from_json(others[0].stats), stats)) if others else ()
    return ImportResult(True, report, stats, other_versions=others, differences=differences)


def _same_report(fingerprint: str | None) -> ImportResult | None:
    """The library's report with this fingerprint, as a duplicate result; None when there is none."""
    if fingerprint is None:
        return None
    same = ReportStats.objects.select_related("file").filter(fingerprint=fingerprint).first()
    if same is None:
        return None
    return ImportResult(False, same, AnnualStats.from_json(same.stats), duplicate_of=SAME_REPORT)


def _other_versions(agency: str, year: int | None) -> tuple[ReportStats, ...]:
    if not agency or not year:
        return ()
    return tuple(same_agency_and_year(agency, year))


def report_delete(*, report: ReportStats) -> None:
    """Remove a report (rows and stored file); the following year's comparison is recomputed."""
    report_file = report.file
    path = absolute_path(report_file)
    agency, year = report.agency, report.year
    with transaction.atomic():
        report_file.delete()  # cascades to ReportStats
        if agency and year:
            for following in ReportStats.objects.filter(agency=agency, year=year + 1):
                _recheck(following)
        # The file goes only once the rows are gone for good.
        transaction.on_commit(lambda: path.unlink(missing_ok=True))


# --- steps -------------------------------------------------------------------------------------------------

def _read(data: bytes, name: str):
    # Imported here: the readers pull in PDF/DOCX/HTML libraries that pages and migrations never need.
    from gongkai.core.parsing import parse_document
    from gongkai.core.reading import read_bytes
    from gongkai.core.report import require_report

    try:
        doc = read_bytes(data, name=name)
        stats = require_report(parse_document(doc))
    except ReadError as exc:
        raise ReportRejected(f"{name}: {exc}", message=exc.message, reason=exc.code) from exc
    except Exception as exc:  # a parser bug must not become a traceback for the user
        log.exception("parsing %s failed", name)
        raise ReportRejected(
            f"{name}: internal error {type(exc).__name__}: {exc}",
            message="解析该文件时发生内部错误，已记录。请联系管理员。",
            reason="internal_error",
        ) from exc
    return doc, stats


def _previous(report: ReportStats) -> ReportStats | None:
    if not report.agency or not report.year:
        return None
    qs = ReportStats.objects.filter(agency=report.agency, year=report.year - 1)
    if report.pk:
        qs = qs.exclude(pk=report.pk)
    return qs.order_by("-file__uploaded_at", "-id").first()


def _apply_checks(report: ReportStats, stats: AnnualStats) -> None:
    from gongkai.core.checks import run_checks

    previous = _previous(report)
    prev_stats = _as_filed(previous) if previous else None
    # The checks decide "same agency" by name; the library's name (possibly given at import) is the one that
    # says two reports belong together. The stored JSON keeps the parsed name.
    current = AnnualStats.from_json(stats.to_json())
    current.agency = report.agency or None
    findings = [f.to_json() for f in run_checks(current, previous=prev_stats)]
    report.findings = findings
    report.compared_with = previous
    report.error_count = sum(1 for f in findings if f["severity"] == "error")
    report.warning_count = sum(1 for f in findings if f["severity"] == "warning")  # "info" is not counted


def _as_filed(report: ReportStats) -> AnnualStats:
    stats = AnnualStats.from_json(report.stats)
    stats.agency = report.agency or None
    return stats


def _recheck(report: ReportStats) -> None:
    _apply_checks(report, AnnualStats.from_json(report.stats))
    report.save(update_fields=["findings", "compared_with", "error_count", "warning_count"])


def _recheck_after_figures_changed(report: ReportStats, stats: AnnualStats) -> None:
    """A stored report's figures changed (a 表二 split settled): store them, check again, and compare the
    following year against them."""
    report.stats, report.figures_count = stats.to_json(), len(stats.figures())
    _apply_checks(report, stats)
    report.save(update_fields=[
        "stats", "figures_count", "table2_splits", "findings", "compared_with", "error_count", "warning_count",
    ])
    _refresh_following_year(report)


def _refresh_following_year(report: ReportStats) -> None:
    """The same agency's next year was compared against nothing (or an older import): compare it again."""
    if not report.agency or not report.year:
        return
    for following in ReportStats.objects.filter(agency=report.agency, year=report.year + 1):
        _recheck(following)


def _store_file(path: Path, data: bytes) -> bool:
    """Write atomically; False when the content-addressed file already exists (then it is not ours to remove)."""
    if path.exists() and path.stat().st_size == len(data):
        return False
    write_private(path, data)
    return True


def _discard_file(path: Path, sha: str, wrote: bool) -> None:
    if not wrote:
        return
    try:
        still_referenced = ReportFile.objects.filter(sha256=sha).exists()
    except Exception:  # the database itself failed: nothing committed by us can reference the file
        still_referenced = False
    if not still_referenced:
        path.unlink(missing_ok=True)


# --- bulk imports (批量导入) ---------------------------------------------------------------------------------
#
# import_batch_create stages every file under DATA_DIR/incoming/<batch uuid>/<position> and enqueues the
# task (gongkai.web.library.tasks.import_batch_run) once the batch rows are committed. The task calls
# import_batch_process, which imports the pending items in order, each in its own transaction together with
# its item row and the batch's counts. Staged files go when no item is pending any more.

_STAGED_SUFFIX_WIDTH = 6


def incoming_dir(batch: ImportBatch) -> Path:
    return Path(settings.DATA_DIR) / "incoming" / str(batch.public_id)


def _staged_path(directory: Path, position: int) -> Path:
    return directory / f"{position:0{_STAGED_SUFFIX_WIDTH}d}"


def _file_members(files: Iterable[tuple[str, bytes]], *, max_files: int, max_bytes: int) -> Iterator[Member]:
    files = list(files)
    if len(files) > max_files:
        raise BatchRejected(
            f"{len(files)} files, limit {max_files}",
            message=f"文件过多：共 {len(files)} 个，一次最多 {max_files} 个。请分几批导入。",
        )
    total = sum(len(data) for _name, data in files)
    if total > max_bytes:
        raise BatchRejected(
            f"{total} bytes in total, limit {max_bytes}",
            message=f"这批文件合计超过 {settings.MAX_UPLOAD_MB} MB 上限。请分几批导入。",
        )
    for name, data in files:
        yield Member(str(name or "未命名文件")[:500], data)


def import_batch_create(
    *,
    files: Iterable[tuple[str, bytes]] | None = None,
    zip_bytes: bytes | None = None,
    zip_name: str = "",
    user=None,
    agency: str | None = None,
) -> ImportBatch:
    """Stage a ZIP archive's members or a list of (name, bytes) and queue their import; returns the batch.

    Raises BatchRejected (Chinese `.message`) when the batch as a whole is refused: not a ZIP, too many
    files, more than MAX_UPLOAD_MB in total (counted while decompressing), or nothing importable in it.
    Members refused one by one (unsafe paths, links, encrypted or too large files) become failed items.
    With GONGKAI_TASKS_IMMEDIATE the import has already run when this returns.
    """
    if (files is None) == (zip_bytes is None):
        raise TypeError("give exactly one of files= or zip_bytes=")
    limit = max_upload_bytes()
    if zip_bytes is not None:
        if len(zip_bytes) > limit:
            raise BatchRejected(f"archive of {len(zip_bytes)} bytes", message=f"压缩包过大：上限为 {settings.MAX_UPLOAD_MB} MB。")
        members = zip_members(zip_bytes, max_files=settings.MAX_BATCH_FILES, max_bytes=limit)
    else:
        members = _file_members(files, max_files=settings.MAX_BATCH_FILES, max_bytes=limit)

    public_id = uuid.uuid4()
    directory = Path(settings.DATA_DIR) / "incoming" / str(public_id)
    private_dirs(directory.parent)
    directory.mkdir(mode=0o700)
    try:
        items = []
        for position, member in enumerate(members):
            item = ImportBatchItem(position=position, name=member.name[:500], size=len(member.data))
            if member.error:
                item.status, item.reason, item.message = ImportBatchItem.FAILED, member.reason, member.error
            else:
                write_private(_staged_path(directory, position), member.data)
            items.append(item)
        if not items:
            raise BatchRejected("nothing to import", message="没有可导入的文件（压缩包为空，或只有文件夹和隐藏文件）。")
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                public_id=public_id,
                created_by=user if getattr(user, "is_authenticated", False) else None,
                source_name=Path(zip_name or "").name[:255],
                agency=(agency or "").strip()[:200],
                total=len(items),
            )
            for item in items:
                item.batch = batch
            ImportBatchItem.objects.bulk_create(items)
            _recount(batch)
            transaction.on_commit(lambda: _enqueue(batch.pk))
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    batch.refresh_from_db()
    return batch


def import_batch_process(*, batch_id: int) -> None:
    """Import a batch's pending items (the background task's body; see the module docstring).

    Several runs may work on one batch at once (several workers): each item is claimed under a row lock in
    the transaction that imports it, so no item is imported twice. A file that fails stores nothing and is
    recorded with its Chinese reason; the batch goes on. A database error stops this run and marks the batch
    "failed" with a message (import_batch_resume continues it); an interruption (the worker stopped) leaves
    it "running" with its remaining items pending, for the same. The run that finds no item pending any more
    marks the batch done.
    """
    batch = ImportBatch.objects.filter(pk=batch_id).select_related("created_by").first()
    if batch is None:
        log.warning("import batch %s no longer exists", batch_id)
        return
    directory = incoming_dir(batch)
    if batch.items.filter(status=ImportBatchItem.PENDING).exists():
        ImportBatch.objects.filter(pk=batch.pk).exclude(status=ImportBatch.DONE).update(
            status=ImportBatch.RUNNING, message="", finished_at=None
        )
    try:
        while _import_next_item(batch, directory):
            pass
    except Exception as exc:
        log.exception("import batch %s stopped", batch.public_id)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.FAILED,
            message=f"导入中途出错（{type(exc).__name__}），已完成的文件均已保存。可点击“继续导入”处理剩余文件。",
        )
        raise
    with transaction.atomic():
        if batch.items.filter(status=ImportBatchItem.PENDING).exists():
            return  # another run holds the last items; it finishes the batch
        _recount(batch)
        ImportBatch.objects.filter(pk=batch.pk).exclude(status=ImportBatch.DONE).update(
            status=ImportBatch.DONE, message="", finished_at=timezone.now()
        )
    shutil.rmtree(directory, ignore_errors=True)


def _import_next_item(batch: ImportBatch, directory: Path) -> bool:
    """Claim the first pending item no other run holds and import it, in one transaction; False when there
    is none. On PostgreSQL the claim is a row lock (SKIP LOCKED: parallel runs take different items); SQLite
    starts every write transaction IMMEDIATE, so runs take turns, and each sees the others' results."""
    with transaction.atomic():
        item = (
            ImportBatchItem.objects.select_for_update(skip_locked=True)
            .filter(batch=batch, status=ImportBatchItem.PENDING).order_by("position").first()
        )
        if item is None:
            return False
        _import_item(batch, item, directory)
        log.info("import batch %s: item %d done by process %d", batch.public_id, item.position, os.getpid())
    return True


def import_batch_resume(*, batch: ImportBatch) -> bool:
    """Queue an unfinished batch again; False when it has nothing left to do. Safe to repeat and safe while
    the batch runs: a run skips the items already done and the items another run holds."""
    if not batch.items.filter(status=ImportBatchItem.PENDING).exists() and batch.status == ImportBatch.DONE:
        return False
    with transaction.atomic():
        ImportBatch.objects.filter(pk=batch.pk).exclude(status__in=[ImportBatch.DONE, ImportBatch.RUNNING]).update(
            status=ImportBatch.QUEUED, message=""
        )
        transaction.on_commit(lambda: _enqueue(batch.pk))
    return True


def import_batches_resume_unfinished() -> int:
    """Queue every batch that is not done (after a crash or a restart); returns how many."""
    batches = list(ImportBatch.objects.exclude(status=ImportBatch.DONE))
    for batch in batches:
        import_batch_resume(batch=batch)
    return len(batches)


# Runs queued per batch on PostgreSQL, so that several workers share a large batch. SQLite serialises every
# write anyway, and tasks run immediately (GONGKAI_TASKS_IMMEDIATE) would only run one after the other: one.
PARALLEL_RUNS_PER_BATCH = 4


def parallel_runs(pending: int) -> int:
    from django.db import connection
    from huey.contrib.djhuey import HUEY

    if HUEY.immediate or connection.vendor != "postgresql":
        return 1
    return min(max(pending, 1), PARALLEL_RUNS_PER_BATCH)


def _enqueue(batch_id: int) -> None:
    from .tasks import import_batch_run

    runs = parallel_runs(ImportBatchItem.objects.filter(batch_id=batch_id, status=ImportBatchItem.PENDING).count())
    for _ in range(runs):
        import_batch_run(batch_id)


def _import_item(batch: ImportBatch, item: ImportBatchItem, directory: Path) -> None:
    """Import one claimed item; runs inside the claiming transaction (the report in a savepoint of it)."""
    try:
        data = _staged_path(directory, item.position).read_bytes()
    except FileNotFoundError:
        _finish_item(batch, item, ImportBatchItem.FAILED, reason="staged_missing",
                     message="暂存的文件已不存在，无法导入。请重新上传该文件。")
        return
    try:
        # The report and its item row commit together: a crash between them cannot leave a file imported but
        # still pending (which a resumed run would then count as a duplicate).
        with transaction.atomic():
            result = report_import(
                data=data, name=display_name(item.name), agency=batch.agency or None, user=batch.created_by,
            )
        status = ImportBatchItem.CREATED if result.created else ImportBatchItem.DUPLICATE
        _finish_item(batch, item, status, message=result.message, reason=result.duplicate_of or "",
                     report_file=result.report.file)
    except ReportRejected as exc:
        _finish_item(batch, item, ImportBatchItem.FAILED, reason=exc.reason, message=exc.message)
    except DatabaseError:
        raise  # not the file's fault: stop the batch, keep the item pending
    except Exception:
        log.exception("importing %s of batch %s failed", item.name, batch.public_id)
        _finish_item(batch, item, ImportBatchItem.FAILED, reason="internal_error",
                     message="导入该文件时发生内部错误，已记录。请联系管理员。")


def _finish_item(batch: ImportBatch, item: ImportBatchItem, status: str, *, message: str, reason: str = "",
                 report_file: ReportFile | None = None) -> None:
    item.status, item.message, item.reason, item.report_file = status, message[:500], reason[:32], report_file
    with transaction.atomic():
        item.save(update_fields=["status", "message", "reason", "report_file"])
        _recount(batch)


def _recount(batch: ImportBatch) -> None:
    counts = dict(
        ImportBatchItem.objects.filter(batch=batch).order_by().values_list("status").annotate(n=Count("id"))
    )
    ImportBatch.objects.filter(pk=batch.pk).update(
        total=sum(counts.values()),
        created=counts.get(ImportBatchItem.CREATED, 0),
        duplicate=counts.get(ImportBatchItem.DUPLICATE, 0),
        failed=counts.get(ImportBatchItem.FAILED, 0),
    )
