"""The public online application: choosing the agency, the art. 29 form, idempotency, attachments by content,
CSRF, rate limiting, the receipt page and PDF, and that no session sees another applicant's application."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from django.urls import NoReverseMatch, clear_url_caches, reverse

from gongkai.core.applications.identity import uscc_checksum
from gongkai.web.applications.models import Application, ApplicationEvent, Attachment

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"
USCC = "91350100M00010" + "0Y4"  # body of 17; the check character is computed below
USCC = USCC + uscc_checksum(USCC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


# --- URLconf: the project's, plus the public pages (and the staff pages) when the project does not mount them

def _urlpatterns():
    from django.urls import include, path

    from gongkai.web.urls import urlpatterns as project

    extra = []
    names = {getattr(p, "namespace", None) for p in project}
    if "public" not in names:
        extra.append(path("", include("gongkai.web.applications.urls_public")))
    if "work" not in names:
        extra.append(path("work/", include("gongkai.web.applications.urls_staff")))
    return [*project, *extra]


def __getattr__(name):  # lazily, so importing this module does not need the URLconf built
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


@pytest.fixture(autouse=True)
def _public_urls(settings):
    try:
        reverse("public:apply")
    except NoReverseMatch:
        settings.ROOT_URLCONF = "tests.web.applications.test_public"
        clear_url_caches()
    cache.clear()  # rate-limit counters
    yield
    cache.clear()
    clear_url_caches()


# --- helpers -----------------------------------------------------------------------------------------------

def form_url(agency) -> str:
    return reverse("public:apply_form", args=[agency.code])


def open_form(client: Client, agency) -> str:
    """GET the form; return the idempotency key it carries."""
    r = client.get(form_url(agency))
    assert r.status_code == 200
    m = re.search(r'name="idempotency_key" value="([^"]+)"', r.content.decode())
    assert m, "the form carries a hidden idempotency key"
    return m.group(1)


def fields(key: str, **extra) -> dict:
    data = {
        "idempotency_key": key, "applicant_type": "natural_person", "person_name": "张三丰",
        "id_kind": "resident_id", "id_number": ID_NUMBER, "phone": "13800138000", "email": "zhang@example.org",
        "address": "示例市人民路1号", "postcode": "100000", "title": "2025年某地块征收补偿方案",
        "doc_number": "示政发〔2025〕3号", "description": "2025年3月公布的补偿标准", "purpose": "",
        "delivery_form": "electronic", "delivery_method": "email",
    }
    data.update(extra)
    return data


def submit(client: Client, agency, **extra):
    key = open_form(client, agency)
    return client.post(form_url(agency), fields(key, **extra))


def media_files() -> set[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def pdf_text(data: bytes) -> str:
    doc = pdfium.PdfDocument(data)
    try:
        return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


# --- choosing the agency -------------------------------------------------------------------------------------

def test_agency_list_links_only_agencies_that_accept_applications(world):
    html = Client().get(reverse("public:apply")).content.decode()
    assert form_url(world.dept_a) in html and form_url(world.gov) in html
    assert "示例市" in html and form_url(world.region) not in html  # a region is a heading, not a recipient
    r = Client().get(form_url(world.region))
    assert r.status_code == 404


def test_agency_search_keeps_the_path_to_the_match(world):
    html = Client().get(reverse("public:apply"), {"q": "甲局"}).content.decode()
    assert form_url(world.dept_a) in html and form_url(world.dept_b) not in html
    assert "示例市人民政府" in html  # the government above the match stays, for orientation


# --- the form --------------------------------------------------------------------------------------------------

def test_form_shows_the_report_columns_and_marks_purpose_optional(world):
    html = Client().get(form_url(world.dept_a)).content.decode()
    for label in ("自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"):
        assert label in html
    assert "用途（选填）" in html and "不填写用途不影响申请" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_happy_path_creates_one_application_and_a_submit_event(world):
    client = Client()
    r = submit(client, world.dept_a, purpose="")  # no purpose: the 2019 revision removed the requirement
    assert r.status_code == 302 and r["Location"] == reverse("public:apply_done")
    app = Application.objects.get()
    assert (app.agency, app.channel, app.state) == (world.dept_a, "online", "awaiting_confirmation")
    assert app.received_on is None and app.applicant_name == "张三丰" and app.id_number == ID_NUMBER
    assert app.purpose == ""
    assert list(ApplicationEvent.objects.values_list("action", "actor_label")) == [("submit", "申请人")]

    done = client.get(r["Location"])
    html = done.content.decode()
    code = "-".join(app.tracking_code[i:i + 4] for i in range(0, 16, 4))
    assert done.status_code == 200 and code in html and "示例市甲局" in html
    assert "双方确认之日" in html and "20 个工作日" in html and "最后六位" in html
    assert reverse("public:apply_receipt") in html
    assert ID_NUMBER not in html and "13800138000" not in html and "张**" in html
    assert done["Cache-Control"].startswith("max-age=0") or "no-cache" in done["Cache-Control"]


def test_double_submit_with_the_same_key_makes_one_application(world):
    client = Client()
    key = open_form(client, world.dept_a)
    first = client.post(form_url(world.dept_a), fields(key))
    second = client.post(form_url(world.dept_a), fields(key))
    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1 and ApplicationEvent.objects.count() == 1
    # a new rendering of the form is a new application
    submit(client, world.dept_a)
    assert Application.objects.count() == 2


def test_a_key_this_session_never_received_is_not_reused(world):
    """Someone else's key must not hand back someone else's application."""
    owner = Client()
    key = open_form(owner, world.dept_a)
    owner.post(form_url(world.dept_a), fields(key))
    stranger = Client()
    open_form(stranger, world.dept_a)
    r = stranger.post(form_url(world.dept_a), fields(key, person_name="李四"))
    assert r.status_code == 400 and "页面已过期" in r.content.decode()
    assert "李四" in r.content.decode()  # input kept
    assert Application.objects.count() == 1
    assert stranger.get(reverse("public:apply_done")).status_code == 404


def test_invalid_resident_id_checksum_gets_the_specific_message_and_nothing_is_stored(world):
    r = submit(Client(), world.dept_a, id_number="110105194912310021")
    html = r.content.decode()
    assert r.status_code == 400
    assert "身份证号码校验位不正确" in html
    # the message sits in the id_number field's block, and the input is kept
    block = html[html.index('for="id_id_number"'):]
    assert block.index("身份证号码校验位不正确") < block.index("</div>")
    assert 'value="2025年某地块征收补偿方案"' in html and 'value="110105194912310021"' in html
    assert Application.objects.count() == 0 and ApplicationEvent.objects.count() == 0


def test_invalid_uscc_gets_the_specific_message_and_nothing_is_stored(world):
    bad = USCC[:-1] + ("0" if USCC[-1] != "0" else "1")
    r = submit(Client(), world.dept_a, applicant_type="commercial", org_name="示例科技有限公司", org_code=bad,
               contact_person="王五", person_name="", id_number="")
    html = r.content.decode()
    assert r.status_code == 400 and "统一社会信用代码校验位不正确" in html
    block = html[html.index('for="id_org_code"'):]
    assert block.index("统一社会信用代码校验位不正确") < block.index("</div>")
    assert Application.objects.count() == 0


def test_organisation_with_valid_uscc_is_accepted(world):
    r = submit(Client(), world.dept_a, applicant_type="legal_services", org_name="示例律师事务所", org_code=USCC,
               contact_person="王五", person_name="", id_number="")
    assert r.status_code == 302
    app = Application.objects.get()
    assert (app.applicant_type, app.applicant_name, app.id_kind, app.id_number, app.contact_person) == (
        "legal_services", "示例律师事务所", "uscc", USCC, "王五")


@pytest.mark.parametrize("missing, field, message", [
    ({"title": ""}, "id_title", "请填写所需政府信息的名称"),
    ({"phone": "", "email": "", "address": "", "delivery_method": "pickup"}, "id_phone", "至少填写一种联系方式"),
    ({"person_name": ""}, "id_person_name", "请填写姓名"),
])
def test_missing_required_items_are_named_at_their_field(world, missing, field, message):
    r = submit(Client(), world.dept_a, **missing)
    html = r.content.decode()
    assert r.status_code == 400
    block = html[html.index(f'for="{field}"'):]
    assert block.index(message) < block.index("</div>")
    assert Application.objects.count() == 0


def test_attachment_is_typed_by_content_not_by_name(world):
    client = Client()
    key = open_form(client, world.dept_a)
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [SimpleUploadedFile("scan.pdf", PNG, content_type="application/pdf"),
             SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")]
    r = client.post(form_url(world.dept_a), {**fields(key), "attachments": files})
    assert r.status_code == 302
    types = dict(Attachment.objects.values_list("name", "content_type"))
    assert types == {"scan.pdf": "image/png", "letter.pdf": "application/pdf"}


def test_every_problem_is_shown_after_one_submit(world):
    """Three problems in three fields, and a bad attachment: one submit shows all four."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    key = open_form(client, world.dept_a)
    bad = SimpleUploadedFile("scan.pdf", b"\x13\x37not a document" * 10, content_type="application/pdf")
    r = client.post(form_url(world.dept_a), {**fields(key, id_number="110105194912310021", title="",
                                                      postcode="12"), "attachments": [bad]})
    html = r.content.decode()
    assert r.status_code == 400
    for field, message in (("id_id_number", "校验"), ("id_title", "请填写所需政府信息的名称"),
                           ("id_postcode", "邮政编码为6位数字")):
        block = html[html.index(f'for="{field}"'):]
        assert block.index(message) < block.index("</div>"), field
    assert "scan.pdf" in html and "文件扩展名为 .pdf，但内容不是 PDF" in html
    assert Application.objects.count() == 0


def test_a_spreadsheet_is_not_taken_for_a_word_document(world):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    client = Client()
    key = open_form(client, world.dept_a)
    sheet = SimpleUploadedFile("申请书.docx", out.getvalue())
    r = client.post(form_url(world.dept_a), {**fields(key), "attachments": [sheet]})
    html = r.content.decode()
    assert r.status_code == 400 and "Excel 表格" in html and Application.objects.count() == 0


@pytest.mark.parametrize("payload", [EXE, b"\x13\x37random bytes that are no document" * 10])
def test_disguised_or_unknown_attachment_is_refused_and_nothing_is_stored(world, payload):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = media_files()
    client = Client()
    key = open_form(client, world.dept_a)
    ok = SimpleUploadedFile("ok.png", PNG, content_type="image/png")  # a good file beside the bad one
    bad = SimpleUploadedFile("report.pdf", payload, content_type="application/pdf")
    r = client.post(form_url(world.dept_a), {**fields(key), "attachments": [ok, bad]})
    html = r.content.decode()
    assert r.status_code == 400 and "文件扩展名为 .pdf，但内容不是 PDF" in html and "report.pdf" in html
    assert 'value="2025年某地块征收补偿方案"' in html
    assert Application.objects.count() == 0 and Attachment.objects.count() == 0
    assert ApplicationEvent.objects.count() == 0
    assert media_files() == before


def test_too_many_attachments_are_refused(world, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.GONGKAI_MAX_ATTACHMENTS = 1
    client = Client()
    key = open_form(client, world.dept_a)
    files = [SimpleUploadedFile(f"{i}.png", PNG) for i in range(2)]
    r = client.post(form_url(world.dept_a), {**fields(key), "attachments": files})
    assert r.status_code == 400 and "附件最多 1 个" in r.content.decode()
    assert Application.objects.count() == 0


def test_csrf_is_enforced(world):
    client = Client(enforce_csrf_checks=True)
    key = open_form(client, world.dept_a)
    r = client.post(form_url(world.dept_a), fields(key))
    assert r.status_code == 403
    assert Application.objects.count() == 0
    # with the token from the page it goes through
    token = client.cookies[django_settings.CSRF_COOKIE_NAME].value
    r = client.post(form_url(world.dept_a), {**fields(key), "csrfmiddlewaretoken": token})
    assert r.status_code == 302 and Application.objects.count() == 1


def test_submissions_are_rate_limited_per_address(world, settings):
    settings.GONGKAI_SUBMIT_RATE_PER_HOUR = 2
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert submit(client, world.dept_a).status_code == 302
    assert submit(client, world.dept_a).status_code == 302
    r = submit(client, world.dept_a)
    assert r.status_code == 429 and "次数已达上限" in r.content.decode() and int(r["Retry-After"]) > 0
    assert Application.objects.count() == 2
    # X-Forwarded-For is not trusted: a forged header does not open a new allowance
    r = submit(client, world.dept_a, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert r.status_code == 429
    # another address has its own allowance
    assert submit(Client(REMOTE_ADDR="203.0.113.8"), world.dept_a).status_code == 302
    assert Application.objects.count() == 3


def test_resending_an_accepted_form_does_not_count_against_the_limit(world, settings):
    settings.GONGKAI_SUBMIT_RATE_PER_HOUR = 1
    client = Client()
    key = open_form(client, world.dept_a)
    assert client.post(form_url(world.dept_a), fields(key)).status_code == 302
    assert client.post(form_url(world.dept_a), fields(key)).status_code == 302  # the same application
    assert Application.objects.count() == 1


# --- the receipt -------------------------------------------------------------------------------------------

def test_receipt_pdf_carries_the_tracking_code(world):
    client = Client()
    submit(client, world.dept_a)
    app = Application.objects.get()
    r = client.get(reverse("public:apply_receipt"))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    data = b"".join(r.streaming_content) if r.streaming else r.content
    assert data.startswith(b"%PDF")
    text = re.sub(r"\s+", "", pdf_text(data))
    assert "-".join(app.tracking_code[i:i + 4] for i in range(0, 16, 4)) in text
    assert "回执" in text and "20个工作日" in text
    assert "你提交的政府信息公开申请已收到" in text and "你（单位）" not in text  # a natural person
    assert ID_NUMBER not in r["Content-Disposition"] and "张三丰" not in r["Content-Disposition"]


def test_a_server_without_the_document_fonts_says_so_instead_of_failing(world, monkeypatch):
    from gongkai.core import pdf

    pdf._font_faces.cache_clear()
    monkeypatch.setattr(pdf, "FANDOL_DIRS", ("/nonexistent/fandol",))
    client = Client()
    submit(client, world.dept_a)
    r = client.get(reverse("public:apply_receipt"))
    html = r.content.decode()
    assert r.status_code == 503 and "texlive-lang-chinese" in html and "暂时无法生成 PDF" in html
    pdf._font_faces.cache_clear()


def test_another_session_cannot_open_someone_elses_receipt(world):
    owner = Client()
    submit(owner, world.dept_a)
    assert owner.get(reverse("public:apply_done")).status_code == 200
    stranger = Client()
    assert stranger.get(reverse("public:apply_done")).status_code == 404
    assert stranger.get(reverse("public:apply_receipt")).status_code == 404
    # having submitted one's own does not open the other's either
    submit(stranger, world.dept_b, person_name="李四")
    html = stranger.get(reverse("public:apply_done")).content.decode()
    # Names are encrypted at rest: compared after reading, not in SQL.
    mine, = (a for a in Application.objects.all() if a.applicant_name == "李四")
    other, = (a for a in Application.objects.all() if a.applicant_name == "张三丰")
    assert "示例市乙局" in html and mine.number in html
    assert other.tracking_code[:4] not in html.replace(mine.tracking_code[:4], "")


def test_no_personal_data_in_any_url(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    pii = [ID_NUMBER, ID_NUMBER[-6:], "张三丰", "13800138000", "zhang@example.org", "人民路1号"]
    urls = []

    def collect(response):
        if response.has_header("Location"):
            urls.append(response["Location"])
        if response.get("Content-Type", "").startswith("text/html"):
            urls.extend(re.findall(r'(?:href|action|src)="([^"]*)"', response.content.decode()))

    collect(client.get(reverse("public:apply")))
    key = open_form(client, world.dept_a)
    bad = client.post(form_url(world.dept_a), {**fields(key, id_number="110105194912310021")})
    collect(bad)
    r = client.post(form_url(world.dept_a), {**fields(key), "attachments": [SimpleUploadedFile("a.png", PNG)]})
    collect(r)
    collect(client.get(r["Location"]))
    app = Application.objects.get()
    r = client.post(reverse("public:track"), {"code": app.tracking_code, "verification": ID_NUMBER[-6:]})
    collect(r)
    collect(client.get(reverse("public:track_case")))
    assert len(urls) > 10
    from urllib.parse import unquote

    for url in urls:
        for value in pii:
            assert value not in unquote(url), (value, url)
