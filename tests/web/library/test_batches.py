"""Bulk imports (批量导入): staging a ZIP or many files, the huey task, resuming, the pages and the JSON.

Tests run with GONGKAI_TASKS_IMMEDIATE=1 (tests/settings.py): huey executes the real task where it is
enqueued. The batch is enqueued on commit, so tests inside the per-test transaction run the commit
callbacks with django_capture_on_commit_callbacks(execute=True). The last test drives a real SQLite queue
and a huey consumer.
"""

from __future__ import annotations

import html
import io
import stat
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse
from huey.contrib.djhuey import HUEY
from huey.signals import SIGNAL_COMPLETE, SIGNAL_ERROR

from gongkai.web.library.models import ImportBatch, ImportBatchItem, ReportFile, ReportStats
from gongkai.web.library.services import (
    BatchRejected,
    import_batch_create,
    incoming_dir,
    report_import,
)
from gongkai.web.library.tasks import import_batch_run

from .conftest import PRE2019_SEED, seed_bytes, stored_files, synthetic

pytestmark = pytest.mark.django_db

CJK = "\u4e00-\u9fff"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    return settings.DATA_DIR


def make_zip(members: dict[str, bytes], *, symlinks: dict[str, str] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)  # keeps the name exactly as given, "../" and all
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, target)
    return buf.getvalue()


def good_files() -> dict[str, tuple[str, bytes]]:
    return {t: synthetic(t)[:2] for t in ("2021", "2019")}


def items_of(batch: ImportBatch) -> dict[str, ImportBatchItem]:
    return {i.name: i for i in batch.items.select_related("report_file")}


BROKEN_PDF = b"%PDF-1.7\n%truncated"


def mixed_zip() -> bytes:
    """Two new reports in nested folders, the first again elsewhere, one already in the library, one broken
    PDF, and the entries a ZIP made on a Mac or Windows carries that must be skipped."""
    files = good_files()
    return make_zip({
        "年报/2021/" + files["2021"][0]: files["2021"][1],
        "年报/2019/深层/" + files["2019"][0]: files["2019"][1],
        "副本/" + files["2021"][0]: files["2021"][1],
        "旧/" + PRE2019_SEED: seed_bytes(),
        "坏/broken.pdf": BROKEN_PDF,
        "年报/": b"",
        "__MACOSX/年报/._a.txt": b"\x00\x05\x16\x07",
        ".DS_Store": b"\x00\x00\x00\x01Bud1",
        "年报/.~lock.docx#": b"lock",
        "年报/Thumbs.db": b"thumbs",
    })


# --- the service and the task ----------------------------------------------------------------------------

def test_zip_with_good_duplicate_and_bad_files(django_capture_on_commit_callbacks, media_root, staff):
    already = report_import(data=seed_bytes(), name=PRE2019_SEED).report
    with django_capture_on_commit_callbacks(execute=True):
        batch = import_batch_create(zip_bytes=mixed_zip(), zip_name="collection.zip", user=staff)

    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.created, batch.duplicate, batch.failed) == ("done", 5, 2, 2, 1)
    assert batch.finished_at is not None and batch.created_by == staff and batch.source_name == "collection.zip"
    files = good_files()
    items = items_of(batch)
    assert sorted(items) == sorted([
        "年报/2021/" + files["2021"][0], "年报/2019/深层/" + files["2019"][0], "副本/" + files["2021"][0],
        "旧/" + PRE2019_SEED, "坏/broken.pdf",
    ])  # skipped: the directory, __MACOSX, hidden files, Thumbs.db

    first = items["年报/2021/" + files["2021"][0]]
    assert first.status == "created" and first.message.startswith("已导入：")
    assert first.report_file.original_name == files["2021"][0]
    assert first.report_file.stats.year and f"{first.report_file.stats.year}年" in first.message
    assert items["年报/2019/深层/" + files["2019"][0]].status == "created"
    copy = items["副本/" + files["2021"][0]]
    assert copy.status == "duplicate" and copy.report_file == first.report_file and "已存在" in copy.message
    old = items["旧/" + PRE2019_SEED]
    assert old.status == "duplicate" and old.report_file == already.file

    bad = items["坏/broken.pdf"]
    assert bad.status == "failed" and bad.report_file is None and bad.reason
    assert any(CJK[0] <= ch <= CJK[-1] for ch in bad.message)

    # The bad file stored nothing; the good ones are in the library once each; the staging area is gone.
    assert ReportStats.objects.count() == 3 and ReportFile.objects.count() == 3
    assert len(stored_files(media_root)) == 3
    assert not ReportFile.objects.filter(original_name="broken.pdf").exists()
    assert not incoming_dir(batch).exists()


def test_many_files_and_agency_given_for_the_batch(django_capture_on_commit_callbacks, staff):
    files = good_files()
    with django_capture_on_commit_callbacks(execute=True):
        batch = import_batch_create(files=list(files.values()), user=staff, agency="測試市人民政府")
    batch.refresh_from_db()
    assert (batch.status, batch.created, batch.failed) == ("done", 2, 0)
    # The agency given for the batch files every report, in simplified script like a single import.
    assert set(ReportStats.objects.values_list("agency", flat=True)) == {"测试市人民政府"}
    assert all(r.agency_overridden for r in ReportStats.objects.all())


def test_unsafe_members_are_refused_with_chinese_reasons_and_nothing_leaves_the_staging_dir(
    django_capture_on_commit_callbacks, data_dir, tmp_path
):
    name, data = good_files()["2021"]
    archive = make_zip(
        {
            "../../escaped.txt": data,
            "/etc/absolute.txt": data,
            "C:/windows/drive.txt": data,
            "ok/" + name: data,
        },
        symlinks={"ok/link.txt": "/etc/passwd"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        batch = import_batch_create(zip_bytes=archive, zip_name="evil.zip")
    batch.refresh_from_db()
    items = items_of(batch)
    for unsafe in ("../../escaped.txt", "/etc/absolute.txt", "C:/windows/drive.txt"):
        assert items[unsafe].status == "failed" and items[unsafe].reason == "unsafe_path"
        assert "路径不安全" in items[unsafe].message
    assert items["ok/link.txt"].status == "failed" and "符号链接" in items["ok/link.txt"].message
    assert items["ok/" + name].status == "created"  # the rest of the archive still goes in
    assert (batch.total, batch.created, batch.failed) == (5, 1, 4)
    assert not list(tmp_path.rglob("escaped.txt")) and not list(tmp_path.rglob("absolute.txt"))
    assert ReportStats.objects.count() == 1


def test_zip_bomb_is_refused_as_a_whole_before_anything_is_stored(settings, data_dir, media_root):
    settings.MAX_UPLOAD_MB = 1
    name, data = good_files()["2021"]
    # 3 MB of zeros compresses to a few KB: the archive is small, its contents are not.
    bomb = make_zip({"a/" + name: data, "a/zeros.txt": b"0" * (3 * 1024 * 1024)})
    assert len(bomb) < 64 * 1024

    with pytest.raises(BatchRejected) as exc:
        import_batch_create(zip_bytes=bomb, zip_name="bomb.zip")
    assert "压缩炸弹" in exc.value.message and "1 MB" in exc.value.message
    assert not ImportBatch.objects.exists() and not ReportStats.objects.exists()
    assert not any((data_dir / "incoming").iterdir())  # the member staged before the limit is removed
    assert stored_files(media_root) == []


def test_too_many_members_not_a_zip_and_an_empty_zip_are_refused(settings):
    settings.MAX_BATCH_FILES = 3
    with pytest.raises(BatchRejected) as exc:
        import_batch_create(zip_bytes=make_zip({f"{i}.txt": b"x" for i in range(4)}))
    assert "文件过多" in exc.value.message and "最多 3 个" in exc.value.message
    with pytest.raises(BatchRejected) as exc:
        import_batch_create(files=[(f"{i}.txt", b"x") for i in range(4)])
    assert "文件过多" in exc.value.message
    with pytest.raises(BatchRejected) as exc:
        import_batch_create(zip_bytes=b"PK\x03\x04 this is not really a zip")
    assert "不是有效的 ZIP" in exc.value.message
    with pytest.raises(BatchRejected) as exc:
        import_batch_create(zip_bytes=make_zip({"__MACOSX/._x": b"", ".hidden": b"x"}))
    assert "没有可导入的文件" in exc.value.message
    assert not ImportBatch.objects.exists()


def test_a_crash_mid_batch_leaves_it_resumable(django_capture_on_commit_callbacks, staff_client, media_root):
    files = good_files()
    pre = ("pre.txt", seed_bytes())
    seen = []

    def worker_dies_on_the_second_report(sender, instance, created, **kwargs):
        seen.append(instance.pk)
        if len(seen) == 2:
            raise KeyboardInterrupt  # what huey sees when the worker is stopped mid-task

    post_save.connect(worker_dies_on_the_second_report, sender=ReportStats)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            batch = import_batch_create(files=[files["2021"], files["2019"], pre])
    finally:
        post_save.disconnect(worker_dies_on_the_second_report, sender=ReportStats)

    batch.refresh_from_db()
    statuses = list(batch.items.order_by("position").values_list("status", flat=True))
    assert statuses == ["created", "pending", "pending"]
    assert (batch.status, batch.created, batch.failed) == ("running", 1, 0)
    assert ReportStats.objects.count() == 1  # the interrupted file's transaction was rolled back
    assert len(stored_files(media_root)) == 1
    staged = sorted(p.name for p in incoming_dir(batch).iterdir())
    assert staged == ["000000", "000001", "000002"]  # kept for the resumed run

    # The page offers to continue; continuing imports only what is left.
    page = html.unescape(staff_client.get(reverse("library:batch", args=[batch.public_id])).content.decode())
    assert "继续导入" in page and "导入中" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("library:batch_resume", args=[batch.public_id]))
    assert response.status_code == 302

    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.created, batch.duplicate, batch.failed) == ("done", 3, 3, 0, 0)
    assert ReportStats.objects.count() == 3 and len(stored_files(media_root)) == 3
    assert not incoming_dir(batch).exists()

    # Running the task again on a finished batch changes nothing.
    import_batch_run(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.created, batch.duplicate) == ("done", 3, 0)


def test_a_missing_staged_file_fails_that_item_only(django_capture_on_commit_callbacks):
    files = good_files()
    batch = import_batch_create(files=list(files.values()))  # committed callbacks not run: still queued
    assert batch.status == "queued" and batch.processed == 0
    (incoming_dir(batch) / "000000").unlink()
    import_batch_run(batch.pk)
    batch.refresh_from_db()
    first, second = batch.items.order_by("position")
    assert first.status == "failed" and "暂存的文件已不存在" in first.message
    assert second.status == "created" and (batch.status, batch.failed, batch.created) == ("done", 1, 1)


# --- pages and JSON ----------------------------------------------------------------------------------------

def test_upload_a_zip_on_the_page_then_follow_the_batch(django_capture_on_commit_callbacks, staff_client):
    new_url = reverse("library:batch_new")
    page = html.unescape(staff_client.get(new_url).content.decode())
    assert "批量导入" in page and 'name="csrfmiddlewaretoken"' in page and "还没有批量导入记录" in page

    upload = SimpleUploadedFile("全部年报.zip", mixed_zip(), content_type="application/zip")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(new_url, {"files": [upload], "agency": ""})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("library:batch", args=[batch.public_id])

    page = html.unescape(staff_client.get(response["Location"]).content.decode())
    assert "全部年报.zip" in page and "已完成" in page
    for item in batch.items.all():
        assert item.name in page
    created = batch.items.filter(status="created").select_related("report_file__stats").first()
    assert reverse("library:detail", args=[created.report_file.stats.pk]) in page
    assert "失败：" in page and "继续导入" not in page

    data = staff_client.get(reverse("library:batch_status", args=[batch.public_id])).json()
    assert data["finished"] is True and data["status"] == "done" and data["status_label"] == "已完成"
    assert (data["total"], data["created"], data["duplicate"], data["failed"], data["percent"]) == (5, 3, 1, 1, 100)  # nothing was in the library before
    by_name = {i["name"]: i for i in data["items"]}
    assert by_name["坏/broken.pdf"]["status"] == "failed" and by_name["坏/broken.pdf"]["url"] is None
    assert all(i["url"] for i in data["items"] if i["status"] != "failed")

    for url in (reverse("library:batches"), new_url):
        assert "全部年报.zip" in html.unescape(staff_client.get(url).content.decode())


def test_upload_many_files_at_once_on_the_page(django_capture_on_commit_callbacks, staff_client):
    uploads = [SimpleUploadedFile(name, data) for name, data in good_files().values()]
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("library:batch_new"), {"files": uploads, "agency": "某某局"})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.total, batch.created, batch.source_name, batch.agency) == (2, 2, "", "某某局")


def test_page_errors_in_chinese(staff_client, settings):
    url = reverse("library:batch_new")
    page = html.unescape(staff_client.post(url, {}).content.decode())
    assert "请选择一个 ZIP 压缩包或多个年报文件" in page
    mixed = [SimpleUploadedFile("a.zip", make_zip({"x.txt": b"x"})), SimpleUploadedFile("b.txt", b"b")]
    assert "一次只能导入一个压缩包" in html.unescape(staff_client.post(url, {"files": mixed}).content.decode())
    settings.MAX_UPLOAD_MB = 1
    bomb = SimpleUploadedFile("bomb.zip", make_zip({"zeros.txt": b"0" * (2 * 1024 * 1024)}))
    assert "压缩炸弹" in html.unescape(staff_client.post(url, {"files": [bomb]}).content.decode())
    assert not ImportBatch.objects.exists()


def test_batch_pages_need_a_staff_login(client, django_user_model, django_capture_on_commit_callbacks):
    batch = import_batch_create(files=[good_files()["2021"]])
    pages = [reverse("library:batch_new"), reverse("library:batches"), reverse("library:batch", args=[batch.public_id])]
    status = reverse("library:batch_status", args=[batch.public_id])

    for url in pages:
        assert client.get(url).status_code == 302 and client.get(url)["Location"].startswith("/work/login/?next=")
    assert client.get(status).status_code == 401 and "登录" in client.get(status).json()["message"]
    assert client.post(reverse("library:batch_resume", args=[batch.public_id])).status_code == 302

    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    for url in pages:
        assert client.get(url).status_code == 403
    assert client.get(status).status_code == 403

    # Any staff member sees any batch (batches are shared work, like the library itself).
    client.force_login(django_user_model.objects.create_user("colleague", password="pw", is_staff=True))
    assert client.get(pages[2]).status_code == 200 and client.get(status).json()["status"] == "queued"
    missing = reverse("library:batch", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(missing).status_code == 404


def test_upload_needs_the_csrf_token(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    upload = SimpleUploadedFile("a.zip", make_zip({"x.txt": b"x"}))
    assert client.post(reverse("library:batch_new"), {"files": [upload]}).status_code == 403
    assert not ImportBatch.objects.exists()


def test_upload_page_links_to_bulk_import(staff_client):
    page = staff_client.get(reverse("library:upload")).content.decode()
    assert f'href="{reverse("library:batch_new")}"' in page  # the upload page offers the bulk import


# --- a real queue ------------------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_a_real_sqlite_queue_and_consumer_process_a_batch(settings, media_root):
    """The configured SqliteHuey (tasks.sqlite3 in the test data dir) with a huey consumer in this process:
    enqueueing stores the task in SQLite, and the consumer's worker thread imports the batch."""
    assert HUEY.immediate and settings.HUEY["huey_class"] == "huey.SqliteHuey"
    HUEY.immediate = False  # back to the configured SqliteStorage
    # The worker thread's database connection must close after its task (db_task closes expired ones), or
    # it would outlive the test and keep PostgreSQL from dropping the test database.
    max_age = connections.settings["default"].get("CONN_MAX_AGE", 0)
    connections.settings["default"]["CONN_MAX_AGE"] = 0
    try:
        HUEY.flush()
        batch = import_batch_create(files=list(good_files().values()))
        # One run per batch; on PostgreSQL one per file up to PARALLEL_RUNS_PER_BATCH, for several workers.
        runs = 2 if connections["default"].vendor == "postgresql" else 1
        assert type(HUEY.storage).__name__ == "SqliteStorage" and HUEY.pending_count() == runs
        assert ImportBatch.objects.get().status == "queued" and not ReportStats.objects.exists()

        # Wait on huey's own signals, not by polling the batch row: the SQLite test database is a shared-cache
        # in-memory one whose table locks make a read here fail ("database table is locked") whenever it meets
        # the worker's write.
        finished = []

        def on_finished(signal, task, *args, **kwargs):
            finished.append(signal)

        HUEY.signal(SIGNAL_COMPLETE, SIGNAL_ERROR)(on_finished)
        consumer = HUEY.create_consumer(workers=1, worker_type="thread", periodic=False, initial_delay=0.05,
                                        max_delay=0.2, check_worker_health=False)
        consumer.start()
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not (len(finished) >= runs and HUEY.pending_count() == 0):
                time.sleep(0.1)
        finally:
            consumer.stop(graceful=True)
            HUEY.disconnect_signal(on_finished, SIGNAL_COMPLETE, SIGNAL_ERROR)
        assert finished == [SIGNAL_COMPLETE] * runs
        batch.refresh_from_db()
        assert (batch.status, batch.created, batch.failed) == ("done", 2, 0)
        assert ReportStats.objects.count() == 2 and HUEY.pending_count() == 0
        assert not incoming_dir(batch).exists()
    finally:
        connections.settings["default"]["CONN_MAX_AGE"] = max_age
        HUEY.flush()
        HUEY.immediate = True


# --- the CLI -----------------------------------------------------------------------------------------------

def test_cli_import_opens_a_zip_and_prints_a_line_per_member(tmp_path, capsys, settings):
    from gongkai.cli import main

    files = good_files()
    archive = tmp_path / "年报.zip"
    archive.write_bytes(make_zip({
        "a/" + files["2021"][0]: files["2021"][1],
        "b/" + files["2021"][0]: files["2021"][1],
        "../up.txt": files["2019"][1],
        "c/broken.pdf": BROKEN_PDF,
        "__MACOSX/a/._x": b"",
    }))
    code = main(["import", str(archive)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 2
    assert [line.split()[0] for line in lines] == ["created", "duplicate", "failed", "failed"]
    assert lines[0].split()[1] == f"{archive}/a/{files['2021'][0]}:"
    assert "路径不安全" in lines[2] and "[unsafe_path]" in lines[2]
    assert ReportStats.objects.count() == 1  # the unsafe member was not imported, the broken one stored nothing

    settings.MAX_UPLOAD_MB = 1
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(make_zip({"zeros.txt": b"0" * (2 * 1024 * 1024)}))
    assert main(["import", str(bomb)]) == 2
    out = capsys.readouterr().out
    assert out.startswith("failed") and "压缩炸弹" in out


def test_worker_refuses_to_start_when_tasks_run_in_process(capsys):
    from gongkai.cli import main

    assert main(["worker"]) == 2
    assert "GONGKAI_TASKS_IMMEDIATE" in capsys.readouterr().err
