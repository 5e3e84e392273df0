"""Upload errors that say what is wrong: an extension that promises a kind the content is not."""

import io
import zipfile

from gongkai.core.reading.sniff import describe, extension_mismatch

HTML = "<!DOCTYPE html><html><head><title>x</title></head><body><p>登录</p></body></html>".encode()


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def test_html_named_pdf_is_named_for_what_it_is():
    assert extension_mismatch("年报.pdf", HTML) == "文件扩展名为 .pdf，但内容不是 PDF（看起来是HTML 网页）"
    assert extension_mismatch("C:\\scans\\SCAN.PDF", b"plain words") == "文件扩展名为 .pdf，但内容不是 PDF（看起来是纯文本）"


def test_agreeing_or_unknown_extensions_are_not_a_mismatch():
    assert extension_mismatch("a.pdf", b"%PDF-1.7\n...") is None
    assert extension_mismatch("a.docx", _docx()) is None
    assert extension_mismatch("report.html", HTML) is None  # .html is not in the table: text is read as text
    assert extension_mismatch("no-extension", HTML) is None
    assert extension_mismatch("dir.v2/file", HTML) is None
    assert extension_mismatch("a.pdf", b"") is None  # empty is its own message


def test_other_mismatches():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    assert extension_mismatch("photo.jpg", png) == "文件扩展名为 .jpg，但内容不是 JPEG 图片（看起来是PNG 图片）"
    assert "看起来是PDF 文档" in extension_mismatch("a.docx", b"%PDF-1.4")
    assert "损坏" in extension_mismatch("a.docx", b"PK\x03\x04 not a zip")


def test_describe():
    assert describe(b"") == "空文件"
    assert describe(HTML) == "HTML 网页"
    assert describe(b"# T\n\n## U\n") == "Markdown 文本"
    assert describe(b"\x00\x01\x02garbage") == "无法识别的二进制数据"
