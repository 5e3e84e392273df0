"""Web hardening around the applications: request bodies capped before they are read, no-store on every page
and download with personal data, rate limits behind a trusted proxy, and upload errors that say what is wrong."""

from __future__ import annotations

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse

from gongkai.web.applications.models import Application, Attachment, Letter
from gongkai.web.common.hardening import body_cap
from tests.web.applications.test_public import (  # noqa: F401  (_public_urls: autouse fixture)
    PNG,
    _public_urls,
    fields,
    form_url,
    open_form,
    submit,
)
from tests.web.applications.test_tracking import login as track_login
from tests.web.applications.test_tracking import tracking

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
HTML_PAGE = "<!DOCTYPE html><html><head><title>登录</title></head><body><p>请先登录</p></body></html>".encode()
RAR = b"Rar!\x1a\x07\x00" + b"\x00" * 64


class UnreadableBeyond(io.RawIOBase):
    """A wsgi.input that fails the test if more than `allowed` bytes are read from it."""

    def __init__(self, allowed: int = 4096):
        self.allowed, self.read_bytes = allowed, 0

    def readable(self):
        return True

    def read(self, size=-1):
        size = 64 * 1024 if size is None or size < 0 else size
        self.read_bytes += size
        if self.read_bytes > self.allowed:
            raise AssertionError(f"the body was read ({self.read_bytes} bytes)")
        return b"x" * size

    readline = read


def oversized_post(client: Client, url: str, claimed: int = 300 * MB):
    body = UnreadableBeyond()
    started = time.monotonic()
    r = client.generic("POST", url, b"", CONTENT_TYPE="multipart/form-data; boundary=x", CONTENT_LENGTH=str(claimed),
                    **{"wsgi.input": body})
    return r, time.monotonic() - started, body


# --- request bodies ----------------------------------------------------------------------------------------

def test_a_300_mb_body_to_the_form_is_refused_at_once_without_reading_it(world):
    client = Client(REMOTE_ADDR="203.0.113.40")
    open_form(client, world.dept_a)
    r, seconds, body = oversized_post(client, form_url(world.dept_a))
    html = r.content.decode()
    assert r.status_code == 413 and "提交的内容过大" in html and "51 MB" in html  # 10 MB x 5 + 1 MB of fields
    assert body.read_bytes == 0 and seconds < 2
    assert Application.objects.count() == 0
    # the refusal is a page like the others: under the CSP, and not stored by caches on /apply/
    assert "default-src 'self'" in r["Content-Security-Policy"] and "no-store" in r["Cache-Control"]


def test_oversized_posts_count_toward_the_rate_limit(world, settings):
    settings.GONGKAI_SUBMIT_RATE_PER_HOUR = 2
    client = Client(REMOTE_ADDR="203.0.113.41")
    assert oversized_post(client, form_url(world.dept_a))[0].status_code == 413
    assert oversized_post(client, form_url(world.dept_a))[0].status_code == 413
    r, _, body = oversized_post(client, form_url(world.dept_a))
    assert r.status_code == 429 and "次数已达上限" in r.content.decode() and int(r["Retry-After"]) > 0
    assert body.read_bytes == 0
    # ... and they used up the allowance of real submissions from that address too
    assert submit(client, world.dept_a).status_code == 429
    assert submit(Client(REMOTE_ADDR="203.0.113.42"), world.dept_a).status_code == 302


def test_tracking_and_other_pages_have_their_caps(world, mkapp):
    r, _, body = oversized_post(Client(), reverse("public:track"), claimed=52 * MB)
    assert r.status_code == 413 and body.read_bytes == 0
    # a page without uploads takes the small default (GONGKAI_MAX_REQUEST_KB, 2 MB)
    r, _, body = oversized_post(Client(), reverse("work:login"), claimed=3 * MB)
    assert r.status_code == 413 and "2 MB" in r.content.decode() and body.read_bytes == 0


def test_the_cap_follows_the_path_and_the_login(world, settings):
    rf = RequestFactory()

    def cap(path, user=None):
        from django.contrib.auth.models import AnonymousUser

        request = rf.post(path)
        request.user = user or AnonymousUser()
        return body_cap(request)

    settings.GONGKAI_MAX_ATTACHMENT_MB, settings.GONGKAI_MAX_ATTACHMENTS = 4, 3
    settings.MAX_UPLOAD_MB, settings.GONGKAI_MAX_REQUEST_KB = 50, 512
    assert cap("/apply/GK-1/") == cap("/track/case/correction/") == 13 * MB
    assert cap("/reports/upload/api/", world.alice) == cap("/work/a/1/act/register/", world.alice) == 51 * MB
    assert cap("/admin/agencies/agency/import/", world.root) == 51 * MB
    # anonymous visitors cannot send staff-sized bodies to staff pages
    assert cap("/reports/upload/api/") == cap("/work/login/") == cap("/admin/login/") == 512 * 1024
    assert cap("/annual/") == 512 * 1024


def test_a_chunked_body_is_read_only_up_to_the_cap(settings):
    settings.GONGKAI_MAX_REQUEST_KB = 64
    source = io.BytesIO(b"a=" + b"x" * (200 * 1024))
    r = Client().generic("POST", "/work/login/", b"", CONTENT_TYPE="application/x-www-form-urlencoded", CONTENT_LENGTH="",
                      HTTP_TRANSFER_ENCODING="chunked", **{"wsgi.input": source})
    assert r.status_code == 413 and "0.1 MB" in r.content.decode()
    assert source.tell() <= 64 * 1024 + 1  # stopped one byte past the cap


def test_a_chunked_body_under_the_cap_reaches_the_view(mkapp):
    from tests.web.applications.test_tracking import VERIFY

    app = mkapp("received")
    body = f"code={app.tracking_code}&verification={VERIFY}".encode()
    client = Client()
    r = client.generic("POST", reverse("public:track"), b"", CONTENT_TYPE="application/x-www-form-urlencoded",
                    CONTENT_LENGTH="", HTTP_TRANSFER_ENCODING="chunked", **{"wsgi.input": io.BytesIO(body)})
    assert r.status_code == 302 and client.get(reverse("public:track_case")).status_code == 200


# --- no-store on personal data ----------------------------------------------------------------------------

def assert_no_store(response):
    assert "no-store" in response["Cache-Control"], response.get("Cache-Control")
    assert response["Pragma"] == "no-cache"


def test_every_page_and_download_with_personal_data_is_no_store(world, mkapp):
    # the applicant: receipt page and PDF after /apply/, the form itself
    client = Client()
    key = open_form(client, world.dept_a)
    r = client.post(form_url(world.dept_a), {**fields(key), "attachments": [SimpleUploadedFile("a.png", PNG)]})
    assert r.status_code == 302
    for url in (reverse("public:apply_done"), reverse("public:apply_receipt"), form_url(world.dept_a)):
        r = client.get(url)
        assert r.status_code == 200, url
        assert_no_store(r)
    # tracking: the case page and an issued letter
    app = mkapp("replied")
    tracker = tracking(app)
    r = tracker.get(reverse("public:track_case"))
    assert r.status_code == 200 and app.tracking_code[-4:] in r.content.decode().replace(" ", "")
    assert_no_store(r)
    letter = Letter.objects.filter(application=app, issued=True).first()
    r = tracker.get(reverse("public:track_letter", args=[letter.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert_no_store(r)
    # staff: queue, detail, attachment and letter downloads
    staff = Client()
    staff.force_login(world.alice)
    attachment = Attachment.objects.first()
    for url in (reverse("work:queue"), reverse("work:detail", args=[app.pk]),
                reverse("work:attachment", args=[attachment.pk]), reverse("work:letter_docx", args=[letter.pk]),
                reverse("work:letter_pdf", args=[letter.pk])):
        r = staff.get(url)
        assert r.status_code == 200, url
        assert_no_store(r)
    # the admin's pages (people's accounts)
    admin = Client()
    admin.force_login(world.root)
    r = admin.get(f"/admin/auth/user/{world.alice.pk}/change/")
    assert r.status_code == 200
    assert_no_store(r)
    # a public page without personal data may be cached
    assert "no-store" not in Client().get("/agencies/").get("Cache-Control", "")


# --- rate limits behind a trusted proxy ---------------------------------------------------------------------

def test_rate_limit_counts_the_client_behind_a_trusted_proxy(world, settings):
    from gongkai.web.common.clientip import parse_trusted_proxies

    settings.GONGKAI_SUBMIT_RATE_PER_HOUR = 1
    settings.GONGKAI_TRUSTED_PROXIES = parse_trusted_proxies(["10.0.0.1"])
    one = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert submit(one, world.dept_a).status_code == 302
    assert submit(one, world.dept_a).status_code == 429
    # a forged entry left of the proxy's own does not give a new allowance ...
    forged = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1")
    assert submit(forged, world.dept_a).status_code == 429
    # ... but another client behind the same proxy has its own
    assert submit(Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2"), world.dept_a).status_code == 302


def test_tracking_limit_counts_track_attempts(mkapp, settings):
    settings.GONGKAI_TRACK_RATE_PER_HOUR = 1
    app = mkapp("received")
    client = Client(REMOTE_ADDR="203.0.113.50")
    assert track_login(client, app, "000000").status_code == 400
    assert track_login(client, app).status_code == 429


# --- upload errors ------------------------------------------------------------------------------------------

def attach(world, *files):
    client = Client()
    key = open_form(client, world.dept_a)
    r = client.post(form_url(world.dept_a), {**fields(key), "attachments": list(files)})
    assert r.status_code == 400 and Application.objects.count() == 0
    return r.content.decode()


def test_attachment_errors_say_what_is_wrong(world, settings):
    html = attach(world, SimpleUploadedFile("扫描件.pdf", HTML_PAGE))
    assert "附件“扫描件.pdf”：文件扩展名为 .pdf，但内容不是 PDF（看起来是HTML 网页）" in html
    assert "文件为空（0 字节）" in attach(world, SimpleUploadedFile("空.pdf", b""))
    assert "不支持的文件类型（看起来是RAR 压缩包）" in attach(world, SimpleUploadedFile("材料", RAR))
    settings.GONGKAI_MAX_ATTACHMENT_MB = 1
    big = SimpleUploadedFile("大.pdf", b"%PDF-1.4\n" + b"0" * MB)
    assert "附件“大.pdf”：文件超过 1 MB 上限" in attach(world, big)


def report_upload(client: Client, name: str, data: bytes) -> dict:
    r = client.post(reverse("library:upload_api"), {"file": SimpleUploadedFile(name, data)})
    assert r.status_code in (413, 422), r.status_code
    return r.json()


def test_report_upload_errors_say_what_is_wrong(world, settings):
    client = Client()
    client.force_login(world.root)
    result = report_upload(client, "2025年报.pdf", HTML_PAGE)
    assert result["message"].startswith("文件扩展名为 .pdf，但内容不是 PDF（看起来是HTML 网页）。")
    assert result["reason"] == "not_a_report"  # what reading found stays the reason
    assert report_upload(client, "年报.docx", b"")["message"] == "文件为空（0 字节）。"
    assert report_upload(client, "年报.rar", RAR)["message"].startswith("不支持的文件类型：RAR 压缩包")
    settings.MAX_UPLOAD_MB = 1
    result = report_upload(client, "年报.txt", b"x" * (MB + 1))
    assert result["message"] == "文件超过 1 MB 上限。" and result["reason"] == "too_large"
