"""Metadata removal from attachments: real documents made by the libraries offices' files come from (WeasyPrint,
python-docx, openpyxl), given the metadata Word, Excel and Acrobat write, then scrubbed and read back."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import pikepdf
import pypdfium2
import pytest
from docx.oxml.ns import qn
from lxml import etree

from gongkai.core.registry.scrub import (
    AttachmentCorrupt,
    AttachmentEmpty,
    AttachmentEncrypted,
    AttachmentError,
    AttachmentMismatch,
    AttachmentTooLarge,
    AttachmentUnsafe,
    scrub,
)
from tests.core.reading.makers import pdf as make_pdf

AUTHOR = "张三丰"
EDITOR = "李四光"
COMPANY = "示例市某某局办公室"


# --- helpers ------------------------------------------------------------------------------------------------

def rezip(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    """The zip with members replaced, added (name -> bytes) or removed (name -> None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in changes:
                continue
            dst.writestr(info, src.read(info.filename))
        for name, content in changes.items():
            if content is not None:
                dst.writestr(name, content)
    return out.getvalue()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def assert_nowhere(data: bytes, *needles: str) -> None:
    """No member of the package (all XML decompressed) contains any of the strings."""
    for name, content in members(data).items():
        for needle in needles:
            assert needle.encode() not in content, f"{needle!r} still in {name}"


def pdf_text(data: bytes) -> list[str]:
    doc = pypdfium2.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()


def pdf_all_bytes(data: bytes) -> bytes:
    """Every object of the PDF, streams decoded: what anyone could dig out of the file."""
    chunks = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    chunks.append(obj.read_bytes())
                except pikepdf.PdfError:
                    chunks.append(obj.read_raw_bytes())
            chunks.append(repr(obj).encode("utf-8", "replace"))
        chunks.append(repr(pdf.trailer).encode("utf-8", "replace"))
    return b"\n".join(chunks)


# --- PDF ----------------------------------------------------------------------------------------------------

BODY = ["示例市人民政府关于印发某某管理办法的通知", "各县（区）人民政府，市政府各部门：", "现将《某某管理办法》印发给你们，请认真贯彻执行。"]


@pytest.fixture(scope="module")
def hostile_pdf() -> bytes:
    # The project's minimal PDF writer (tests/minipdf.py): Chinese text in the non-embedded STSong-Light CID
    # font, so no font files are needed; then the metadata Word, Acrobat and reviewers add.
    base = make_pdf([BODY, ["第二页：附件清单"]])
    with pikepdf.open(io.BytesIO(base)) as pdf:
        pdf.docinfo["/Title"] = "张三的草稿（第三稿）"
        pdf.docinfo["/Author"] = AUTHOR
        pdf.docinfo["/Keywords"] = "内部,草稿"
        pdf.docinfo["/Producer"] = "WeasyPrint 66.0"
        out = io.BytesIO()
        pdf.save(out)
        base = out.getvalue()
    with pikepdf.open(io.BytesIO(base)) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:creator"] = [AUTHOR]
            meta["xmp:CreatorTool"] = "Microsoft Word 2016"
            meta["pdf:Producer"] = "Adobe PDF Library 15.0"
        pdf.docinfo["/Creator"] = "Microsoft® Word 2016"
        pdf.docinfo["/Company"] = COMPANY
        page = pdf.pages[0]
        popup = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Popup,
                                                     Rect=[300, 600, 500, 700]))
        note = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[50, 700, 70, 720],
            T=pikepdf.String(EDITOR), Contents=pikepdf.String("这一段要删掉吗？"), Popup=popup,
            M=pikepdf.String("D:20261101090000+08'00'")))
        popup.Parent = note
        highlight = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Highlight, Rect=[50, 650, 300, 670],
            QuadPoints=[50, 670, 300, 670, 50, 650, 300, 650], T=pikepdf.String(EDITOR)))
        link = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[50, 600, 200, 620],
            T=pikepdf.String(EDITOR), A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://www.gov.cn/"))))
        page.obj.Annots = pdf.make_indirect(pikepdf.Array([note, popup, highlight, link]))
        page.obj.PieceInfo = pikepdf.Dictionary(Illustrator=pikepdf.Dictionary(Private=pikepdf.String(AUTHOR)))
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def test_hostile_pdf_really_carries_the_metadata(hostile_pdf):
    everything = pdf_all_bytes(hostile_pdf)
    assert AUTHOR.encode() in everything or AUTHOR.encode("utf-16-be") in everything
    assert b"Microsoft" in everything and b"/Popup" in everything


def test_pdf_metadata_and_review_annotations_go_text_stays(hostile_pdf):
    result = scrub(hostile_pdf, "通知.pdf")
    everything = pdf_all_bytes(result.data)
    for needle in (AUTHOR, EDITOR, COMPANY, "Microsoft", "Adobe PDF Library", "WeasyPrint", "草稿", "这一段要删掉吗"):
        assert needle.encode() not in everything and needle.encode("utf-16-be") not in everything, needle
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        assert "/Info" not in pdf.trailer
        assert "/Metadata" not in pdf.Root
        annots = pdf.pages[0].obj.Annots
        assert [str(a.Subtype) for a in annots] == ["/Link"]  # the link stays, without its author
        assert "/T" not in annots[0] and str(annots[0].A.URI) == "https://www.gov.cn/"
        assert "/PieceInfo" not in pdf.pages[0].obj
    assert pdf_text(result.data) == pdf_text(hostile_pdf)
    assert all(line in "".join(pdf_text(result.data)).replace("\r\n", "") for line in BODY)
    joined = " ".join(result.removed)
    assert "作者" in joined and "XMP" in joined and "批注（3 个" in joined and "PieceInfo" in joined


def test_pdf_title_from_the_registry(hostile_pdf):
    result = scrub(hostile_pdf, "a.pdf", title="关于印发某某管理办法的通知")
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        assert dict(pdf.docinfo.items()) == {"/Title": "关于印发某某管理办法的通知"}


def test_a_clean_pdf_reports_nothing_removed_and_scrubbing_twice_is_stable(hostile_pdf):
    once = scrub(hostile_pdf, "a.pdf")
    twice = scrub(once.data, "a.pdf")
    assert twice.removed == []
    assert pdf_text(twice.data) == pdf_text(hostile_pdf)


def test_encrypted_pdfs_are_refused(hostile_pdf):
    for encryption in (pikepdf.Encryption(owner="owner", user="secret"), pikepdf.Encryption(owner="owner", user="")):
        with pikepdf.open(io.BytesIO(hostile_pdf)) as pdf:
            out = io.BytesIO()
            pdf.save(out, encryption=encryption)
        with pytest.raises(AttachmentEncrypted) as err:
            scrub(out.getvalue(), "a.pdf")
        assert "加密" in err.value.message


def test_broken_pdf_is_corrupt():
    with pytest.raises(AttachmentCorrupt) as err:
        scrub(b"%PDF-1.7\n" + b"\x00garbage" * 100, "a.pdf")
    assert "损坏" in err.value.message


# --- DOCX ---------------------------------------------------------------------------------------------------

def _w(tag: str, attrs: dict | None = None, text: str | None = None):
    el = etree.Element(qn(f"w:{tag}"), {qn(f"w:{k}"): v for k, v in (attrs or {}).items()})
    if text is not None:
        el.text = text
        el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return el


def _run(text: str, deleted: bool = False):
    r = _w("r")
    r.append(_w("delText" if deleted else "t", text=text))
    return r


@pytest.fixture(scope="module")
def hostile_docx() -> bytes:
    import docx

    document = docx.Document()
    cp = document.core_properties
    cp.author, cp.last_modified_by, cp.revision = AUTHOR, EDITOR, 17
    cp.title, cp.comments, cp.keywords = "张三的草稿（第三稿）", "给领导看的版本", "内部"
    cp.created, cp.modified = datetime(2026, 10, 1, 9, 0), datetime(2026, 11, 1, 18, 30)
    document.add_heading("关于某某工作的通知", level=1)
    p = document.add_paragraph("各有关单位：")
    para = document.add_paragraph("现将有关事项通知如下，")
    document.add_comment(para.runs, text="这句话要改", author=EDITOR, initials="李")
    # Tracked changes as Word writes them: an insertion, a deletion, a formatting change, a moved sentence.
    body = para._p
    ins = _w("ins", {"id": "101", "author": EDITOR, "date": "2026-11-01T10:00:00Z"})
    ins.append(_run("请认真执行。"))
    body.append(ins)
    dele = _w("del", {"id": "102", "author": EDITOR, "date": "2026-11-01T10:01:00Z"})
    dele.append(_run("此稿不公开。", deleted=True))
    body.append(dele)
    run = _run("特此通知。")
    rpr = _w("rPr")
    rpr.append(_w("b"))
    change = _w("rPrChange", {"id": "103", "author": EDITOR, "date": "2026-11-01T10:02:00Z"})
    change.append(_w("rPr"))
    rpr.append(change)
    run.insert(0, rpr)
    body.append(run)
    for el in (p._p, body):
        el.set(qn("w:rsidR"), "00A1B2C3")
        el.set(qn("w:rsidRDefault"), "00A1B2C3")
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "保留的行"
    table.cell(1, 0).text = "删除的行"
    trpr = table.rows[1]._tr.get_or_add_trPr()
    trpr.append(_w("del", {"id": "104", "author": EDITOR, "date": "2026-11-01T10:03:00Z"}))
    buf = io.BytesIO()
    document.save(buf)
    data = buf.getvalue()

    parts = members(data)
    app = parts["docProps/app.xml"].decode()
    app = app.replace("</Properties>", f"<Company>{COMPANY}</Company><Manager>{AUTHOR}</Manager>"
                      "<TotalTime>312</TotalTime><Template>C:\\Users\\zhangsan\\模板.dotm</Template></Properties>")
    custom = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
              'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
              '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="审批人">'
              f'<vt:lpwstr>{AUTHOR}</vt:lpwstr></property></Properties>')
    rels = parts["_rels/.rels"].decode().replace("</Relationships>", (
        '<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'custom-properties" Target="docProps/custom.xml"/></Relationships>'))
    types = parts["[Content_Types].xml"].decode().replace("</Types>", (
        '<Override PartName="/docProps/custom.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
        '<Override PartName="/word/people.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/></Types>'))
    people = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
              f'<w15:person w15:author="{EDITOR}"><w15:presenceInfo w15:providerId="AD" '
              'w15:userId="S::lisiguang@example.gov.cn"/></w15:person></w15:people>')
    doc_rels = parts["word/_rels/document.xml.rels"].decode().replace("</Relationships>", (
        '<Relationship Id="rIdPeople" Type="http://schemas.microsoft.com/office/2011/relationships/people" '
        'Target="people.xml"/></Relationships>'))
    settings = parts["word/settings.xml"].decode()
    settings = re.sub(r"(<w:settings[^>]*>)", r'\1<w:attachedTemplate r:id="rIdTpl"/><w:trackRevisions/>'
                      r'<w:rsids><w:rsidRoot w:val="00A1B2C3"/><w:rsid w:val="00A1B2C3"/></w:rsids>', settings, count=1)
    if "xmlns:r=" not in settings.split(">", 2)[1]:
        settings = settings.replace("<w:settings ", '<w:settings xmlns:r="http://schemas.openxmlformats.org/'
                                    'officeDocument/2006/relationships" ', 1)
    settings_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas'
                     '.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdTpl" Type="http://schemas'
                     '.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
                     'Target="file:///C:/Users/zhangsan/AppData/Roaming/Microsoft/Templates/Normal.dotm" '
                     'TargetMode="External"/></Relationships>')
    return rezip(data, {"docProps/app.xml": app.encode(), "docProps/custom.xml": custom.encode(),
                        "_rels/.rels": rels.encode(), "[Content_Types].xml": types.encode(),
                        "word/people.xml": people.encode(), "word/_rels/document.xml.rels": doc_rels.encode(),
                        "word/settings.xml": settings.encode(), "word/_rels/settings.xml.rels": settings_rels.encode()})


def docx_text(data: bytes) -> list[str]:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return lines


def test_hostile_docx_opens_and_carries_the_metadata(hostile_docx):
    import docx

    document = docx.Document(io.BytesIO(hostile_docx))
    assert document.core_properties.author == AUTHOR
    assert any("comments" in n for n in members(hostile_docx))
    assert b"w:del " in members(hostile_docx)["word/document.xml"]


def test_docx_metadata_comments_and_revisions_go(hostile_docx):
    import docx

    result = scrub(hostile_docx, "通知.docx")
    parts = members(result.data)
    assert not [n for n in parts if "comments" in n.lower() or n.endswith("people.xml") or "custom" in n]
    assert_nowhere(result.data, AUTHOR, EDITOR, COMPANY, "zhangsan", "草稿", "这句话要改", "此稿不公开", "rsid",
                   "commentRangeStart", "commentReference", "rPrChange", "TotalTime", "<w:ins ", "<w:del ",
                   "<w:ins>", "<w:del>", "attachedTemplate")
    document = docx.Document(io.BytesIO(result.data))  # still a valid package
    cp = document.core_properties
    assert (cp.author, cp.last_modified_by, cp.title, cp.comments, cp.created, cp.modified) == ("", "", "", "", None,
                                                                                                None)
    assert cp.revision in (0, 1)
    with zipfile.ZipFile(io.BytesIO(result.data)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    joined = " ".join(result.removed)
    for word in ("作者", "最后修改者", "单位", "自定义属性", "批注", "修订记录", "rsid", "模板路径"):
        assert word in joined, word


def test_docx_text_is_the_accepted_version(hostile_docx):
    result = scrub(hostile_docx, "通知.docx")
    lines = docx_text(result.data)
    assert "现将有关事项通知如下，请认真执行。特此通知。" in lines
    assert "关于某某工作的通知" in lines and "各有关单位：" in lines
    assert "保留的行" in lines and "删除的行" not in lines
    original = docx_text(hostile_docx)  # python-docx skips the runs inside w:ins and w:del
    assert "现将有关事项通知如下，特此通知。" in original
    assert [line for line in original if line != "删除的行"] == [
        line if line != "现将有关事项通知如下，请认真执行。特此通知。" else "现将有关事项通知如下，特此通知。" for line in lines]


def test_docx_deleted_paragraph_mark_joins_the_paragraphs():
    import docx

    document = docx.Document()
    first = document.add_paragraph("第一句，")
    document.add_paragraph("接着第二句。")
    document.add_paragraph("另起一段。")
    ppr = first._p.get_or_add_pPr()
    rpr = _w("rPr")
    rpr.append(_w("del", {"id": "7", "author": EDITOR, "date": "2026-11-01T10:00:00Z"}))
    ppr.append(rpr)
    buf = io.BytesIO()
    document.save(buf)
    result = scrub(buf.getvalue(), "a.docx")
    assert docx_text(result.data) == ["第一句，接着第二句。", "另起一段。"]
    assert_nowhere(result.data, EDITOR)


def test_docx_title_from_the_registry(hostile_docx):
    import docx

    result = scrub(hostile_docx, "a.docx", title="关于某某工作的通知")
    assert docx.Document(io.BytesIO(result.data)).core_properties.title == "关于某某工作的通知"


def test_docx_embedded_photo_loses_its_exif(hostile_docx):
    from PIL import Image

    photo = io.BytesIO()
    exif = Image.Exif()
    exif[0x013B] = AUTHOR.encode("utf-8").decode("latin-1")  # Artist
    exif[0x0110] = "iPhone 15"  # Model
    Image.new("RGB", (40, 30), (200, 30, 30)).save(photo, "JPEG", exif=exif)
    import docx

    document = docx.Document(io.BytesIO(hostile_docx))
    document.add_picture(io.BytesIO(photo.getvalue()))
    buf = io.BytesIO()
    document.save(buf)
    result = scrub(buf.getvalue(), "a.docx")
    media = [c for n, c in members(result.data).items() if n.startswith("word/media/")]
    assert media and all(b"iPhone" not in c and b"Exif" not in c for c in media)
    assert Image.open(io.BytesIO(media[0])).size == (40, 30)


# --- XLSX ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    wb = Workbook()
    ws = wb.active
    ws.title = "公开目录"
    ws.append(["索引号", "标题", "件数"])
    ws.append(["11350100M000100Y43/2026-00001", "关于某某的通知", 3])
    ws.append(["11350100M000100Y43/2026-00002", "某某工作动态", 12.5])
    ws["B2"].comment = Comment("这一条还没过保密审查", EDITOR)
    wb.create_sheet("第二页")["A1"] = "没有批注的页"
    wb.properties.creator, wb.properties.lastModifiedBy = AUTHOR, EDITOR
    wb.properties.title = "张三的草稿"
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    parts = members(data)
    app = parts["docProps/app.xml"].decode().replace(
        "</Properties>", f"<Company>{COMPANY}</Company><Manager>{AUTHOR}</Manager></Properties>")
    sheet_rels_name = next(n for n in parts if re.fullmatch(r"xl/worksheets/_rels/sheet\d+\.xml\.rels", n)
                           and b"comments" in parts[n])
    sheet_rels = parts[sheet_rels_name].decode().replace("</Relationships>", (
        '<Relationship Id="rIdTc" Type="http://schemas.microsoft.com/office/2017/10/relationships/threadedComment" '
        'Target="../threadedComments/threadedComment1.xml"/></Relationships>'))
    threaded = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ThreadedComments xmlns="http://schemas'
                '.microsoft.com/office/spreadsheetml/2018/threadedcomments"><threadedComment ref="B2" '
                'dT="2026-11-01T10:00:00.00" personId="{11111111-1111-1111-1111-111111111111}" '
                'id="{22222222-2222-2222-2222-222222222222}"><text>这一条还没过保密审查</text></threadedComment>'
                '</ThreadedComments>')
    persons = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><personList xmlns="http://schemas.microsoft'
               f'.com/office/spreadsheetml/2018/threadedcomments"><person displayName="{EDITOR}" '
               'id="{11111111-1111-1111-1111-111111111111}" userId="lisiguang@example.gov.cn" providerId="AD"/>'
               '</personList>')
    book_rels = parts["xl/_rels/workbook.xml.rels"].decode().replace("</Relationships>", (
        '<Relationship Id="rIdPersons" Type="http://schemas.microsoft.com/office/2017/10/relationships/person" '
        'Target="persons/person.xml"/></Relationships>'))
    book = parts["xl/workbook.xml"].decode()
    extra = ('<fileSharing userName="' + AUTHOR + '"/><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
        'markup-compatibility/2006"><mc:Choice Requires="x15"><x15ac:absPath xmlns:x15ac="http://schemas.microsoft'
        '.com/office/spreadsheetml/2010/11/ac" url="C:\\Users\\zhangsan\\Desktop\\"/></mc:Choice>'
        '</mc:AlternateContent>')
    book = re.sub(r"(<workbook[^>]*>)", lambda m: m.group(1) + extra, book, count=1)
    types = parts["[Content_Types].xml"].decode().replace("</Types>", (
        '<Override PartName="/xl/threadedComments/threadedComment1.xml" '
        'ContentType="application/vnd.ms-excel.threadedcomments+xml"/><Override PartName="/xl/persons/person.xml" '
        'ContentType="application/vnd.ms-excel.person+xml"/></Types>'))
    return rezip(data, {"docProps/app.xml": app.encode(), sheet_rels_name: sheet_rels.encode(),
                        "xl/threadedComments/threadedComment1.xml": threaded.encode(),
                        "xl/persons/person.xml": persons.encode(), "xl/_rels/workbook.xml.rels": book_rels.encode(),
                        "xl/workbook.xml": book.encode(), "[Content_Types].xml": types.encode()})


def xlsx_values(data: bytes) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in wb.worksheets}


def test_hostile_xlsx_carries_the_metadata(hostile_xlsx):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(hostile_xlsx))
    assert wb["公开目录"]["B2"].comment is not None
    assert wb.properties.creator == AUTHOR


def test_xlsx_metadata_and_comments_go_values_stay(hostile_xlsx):
    from openpyxl import load_workbook

    result = scrub(hostile_xlsx, "目录.xlsx")
    parts = members(result.data)
    assert not [n for n in parts if re.search(r"comment|person|vmlDrawing", n, re.I)]
    assert_nowhere(result.data, AUTHOR, EDITOR, COMPANY, "zhangsan", "保密审查", "草稿", "legacyDrawing")
    assert xlsx_values(result.data) == xlsx_values(hostile_xlsx)
    wb = load_workbook(io.BytesIO(result.data))
    assert wb["公开目录"]["B2"].comment is None
    # openpyxl fills in its own name when core.xml names no creator
    assert (wb.properties.creator, wb.properties.lastModifiedBy, wb.properties.title) == ("openpyxl", None, None)
    joined = " ".join(result.removed)
    for word in ("作者", "最后修改者", "单位", "批注", "线程批注", "批注人名单", "保存路径", "文件共享用户名"):
        assert word in joined, word


# --- images -------------------------------------------------------------------------------------------------

def test_jpeg_exif_and_comment_go_pixels_stay():
    from PIL import Image

    exif = Image.Exif()
    exif[0x013B] = "Zhang San"
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 27.0)}  # GPS
    buf = io.BytesIO()
    image = Image.new("RGB", (64, 48), (10, 120, 200))
    image.save(buf, "JPEG", exif=exif, comment=b"taken at the office", quality=90)
    original = buf.getvalue()
    result = scrub(original, "现场.jpg")
    assert b"Zhang San" not in result.data and b"office" not in result.data and b"Exif" not in result.data
    assert any("EXIF" in r for r in result.removed) and any("注释" in r for r in result.removed)
    before, after = Image.open(io.BytesIO(original)), Image.open(io.BytesIO(result.data))
    assert after.size == (64, 48) and after.tobytes() == before.tobytes()


def test_png_text_chunks_go():
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Zhang San")
    info.add_itxt("Comment", "张三的截图", lang="zh")
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(buf, "PNG", pnginfo=info)
    result = scrub(buf.getvalue(), "截图.png")
    assert b"Zhang San" not in result.data and "张三".encode() not in result.data
    assert Image.open(io.BytesIO(result.data)).getpixel((3, 3)) == (1, 2, 3)
    assert result.removed


def test_other_types_pass_through_and_say_so():
    text = "公开内容\n".encode()
    assert scrub(text, "说明.txt").data == text and scrub(text, "说明.txt").removed == []
    gif = b"GIF89a" + b"\x01\x00\x01\x00\x00\x00\x00;"
    result = scrub(gif, "图.gif")
    assert result.data == gif and result.removed and result.removed[0].startswith("未处理")


# --- hostile input ------------------------------------------------------------------------------------------

def test_empty_file():
    with pytest.raises(AttachmentEmpty):
        scrub(b"", "a.pdf")


@pytest.mark.parametrize("name,data,looks", [
    ("通知.pdf", b"<html><body><p>not a pdf</p></body></html>", "HTML"),
    ("通知.docx", b"%PDF-1.4\n1 0 obj<<>>endobj\n", "PDF"),
    ("目录.xlsx", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "JPEG"),
])
def test_extension_and_content_must_agree(name, data, looks):
    with pytest.raises(AttachmentMismatch) as err:
        scrub(data, name)
    assert "扩展名" in err.value.message and looks in err.value.message


def test_a_docx_named_xlsx_is_a_mismatch(hostile_docx):
    with pytest.raises(AttachmentMismatch) as err:
        scrub(hostile_docx, "表.xlsx")
    assert "Word" in err.value.message


def test_broken_zip_is_corrupt(hostile_docx):
    with pytest.raises(AttachmentCorrupt) as err:
        scrub(hostile_docx[:400], "通知.docx")
    assert isinstance(err.value, AttachmentError) and err.value.message


def _bomb(hostile_docx: bytes, size: int) -> bytes:
    return rezip(hostile_docx, {"word/media/zeros.bin": b"\x00" * size})


def test_zip_bomb_is_stopped_by_the_unpacked_size_counted_while_reading(hostile_docx):
    bomb = _bomb(hostile_docx, 5 * 1024 * 1024)  # 5 MB of zeros pack into a few kilobytes
    assert len(bomb) < 100_000
    with pytest.raises(AttachmentTooLarge) as err:
        scrub(bomb, "通知.docx", max_unpacked=2 * 1024 * 1024)
    assert "压缩炸弹" in err.value.message


def test_zip_bomb_lying_about_its_sizes_is_still_stopped(hostile_docx):
    bomb = bytearray(_bomb(hostile_docx, 3 * 1024 * 1024))
    # Rewrite the declared uncompressed size of the member (local header and central directory) to 1 byte.
    name = b"word/media/zeros.bin"
    for signature, size_offset, name_offset in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = 0
        while (at := bomb.find(signature, at)) >= 0:
            name_len = int.from_bytes(bomb[at + name_offset - 4 - (2 if signature == b"PK\x01\x02" else 0):][:2],
                                      "little")
            if bomb[at + name_offset:at + name_offset + name_len] == name:
                bomb[at + size_offset:at + size_offset + 4] = (1).to_bytes(4, "little")
            at += 4
    with pytest.raises((AttachmentTooLarge, AttachmentCorrupt)):
        scrub(bytes(bomb), "通知.docx", max_unpacked=1024 * 1024)


def test_too_many_members(hostile_docx):
    many = rezip(hostile_docx, {f"word/media/x{i}.bin": b"x" for i in range(60)})
    with pytest.raises(AttachmentTooLarge):
        scrub(many, "通知.docx", max_members=50)
    assert scrub(many, "通知.docx").data  # the default cap allows it


def test_xml_with_entities_is_refused(hostile_docx):
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
              '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
              ' xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>&lol2;</dc:creator></cp:coreProperties>')
    with pytest.raises(AttachmentUnsafe) as err:
        scrub(rezip(hostile_docx, {"docProps/core.xml": laughs.encode()}), "通知.docx")
    assert "DTD" in err.value.message
    external = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&x;</w:document>')
    with pytest.raises(AttachmentUnsafe):
        scrub(rezip(hostile_docx, {"word/document.xml": external.encode("utf-16")}), "通知.docx")


def test_malformed_xml_is_corrupt(hostile_docx):
    with pytest.raises(AttachmentCorrupt):
        scrub(rezip(hostile_docx, {"word/document.xml": b"<w:document><unclosed>"}), "通知.docx")


def test_a_long_document_is_handled(hostile_docx):
    """Sanity, not a benchmark: a 3,000-paragraph report with tracked changes everywhere."""
    import docx

    document = docx.Document(io.BytesIO(hostile_docx))
    for i in range(3000):
        p = document.add_paragraph(f"第{i}段：政府信息公开工作情况。")
        ins = _w("ins", {"id": str(1000 + i), "author": EDITOR, "date": "2026-11-01T10:00:00Z"})
        ins.append(_run("补充。"))
        p._p.append(ins)
    buf = io.BytesIO()
    document.save(buf)
    result = scrub(buf.getvalue(), "长文.docx")
    lines = docx_text(result.data)
    assert "第2999段：政府信息公开工作情况。补充。" in lines
    assert_nowhere(result.data, EDITOR)


# --- damaged files never escape as anything but an AttachmentError ------------------------------------------

def _mutations(data: bytes, seed: int, count: int = 60) -> list[bytes]:
    import random

    rng = random.Random(seed)
    out = []
    for _ in range(count):
        b = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(b))
            b[at:at + rng.randint(1, 16)] = bytes(rng.randrange(256) for _ in range(rng.randint(0, 16)))
        out.append(bytes(b))
    return out


@pytest.mark.parametrize("fixture,name", [("hostile_docx", "a.docx"), ("hostile_xlsx", "a.xlsx"),
                                          ("hostile_pdf", "a.pdf")])
def test_damaged_files_end_in_typed_errors(fixture, name, request):
    data = request.getfixturevalue(fixture)
    outcomes = set()
    for mutated in _mutations(data, seed=len(name) + len(fixture)):
        try:
            scrub(mutated, name)
            outcomes.add("ok")
        except AttachmentError as exc:
            assert exc.message
            outcomes.add(type(exc).__name__)
    assert outcomes  # every mutation ended in a result or a typed error (anything else fails the test)


def test_jpeg_and_png_truncated_are_corrupt():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, "PNG")
    with pytest.raises(AttachmentCorrupt):
        scrub(buf.getvalue()[:30], "a.png")
    with pytest.raises(AttachmentCorrupt):
        scrub(b"\xff\xd8\xff\xe1\x00", "a.jpg")


def test_pdf_page_content_streams_are_copied_byte_for_byte(hostile_pdf):
    result = scrub(hostile_pdf, "a.pdf")
    with pikepdf.open(io.BytesIO(hostile_pdf)) as before, pikepdf.open(io.BytesIO(result.data)) as after:
        assert [p.Contents.read_raw_bytes() for p in before.pages] == [p.Contents.read_raw_bytes() for p in after.pages]
