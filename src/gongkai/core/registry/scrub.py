"""Removing embedded metadata from attachments before they are published (privacy; docs/privacy.md).

    scrub(data, filename, *, title=None) -> Scrubbed(data, removed)

Office and PDF files carry who wrote them, on which computer, when, with which comments and earlier wordings.
A published attachment keeps its content and loses the rest:

* PDF (through pikepdf/qpdf, never by hand): the document information dictionary (Author, Creator, Producer,
  Title, Subject, Keywords, dates, custom keys), every XMP metadata stream (document, pages, images), private
  application data (/PieceInfo), embedded files, and review annotations (sticky notes and their popups,
  highlights, underlines, strike-outs, carets, file attachments), whose /T is the reviewer's name; the
  annotations that are part of the page (links, form fields, free text, stamps, shapes) stay, without their
  author (/T), dates and popups. The rewrite also drops earlier incremental revisions of the file.
  Encrypted PDFs are refused, also those with only an owner password: their protection would have to be
  removed silently to rewrite them.
* DOCX: docProps/core.xml emptied (creator, lastModifiedBy, revision, dates, title…), docProps/app.xml
  without Company, Manager, TotalTime, Template, Application, …, docProps/custom.xml and the thumbnail
  removed, customXml parts removed; comments (word/comments*.xml, people.xml and every comment marker in
  the text); tracked changes accepted (insertions and moves kept as text, deletions removed, formatting
  changes dropped, deleted table rows removed, paragraphs whose mark was deleted joined with the next); every w:rsid* attribute and the rsid table; the attached
  template's path and document variables in settings.xml.
* XLSX: the same docProps treatment; comments, threaded comments, persons and the legacy VML drawings that
  show comments, with their relationships and the sheets' <legacyDrawing>; the shared-workbook revision
  log and user names; the workbook's absolute path (x15ac:absPath) and file-sharing user name.
* JPEG and PNG (also the images inside DOCX and XLSX): EXIF, XMP, IPTC and comments (JPEG APP1, APP13, COM
  and other application segments except JFIF, ICC profiles and Adobe colour data); PNG text chunks,
  eXIf and tIME. The EXIF orientation goes too, so a phone photo may show rotated.
* Everything else passes through unchanged; `removed` then says it was not processed (text files have no
  embedded metadata and get an empty list).

`title`, when given, becomes the document title of the PDF, DOCX or XLSX (the registry's title instead of
whatever working title the file had); otherwise the title is removed like every other property.

Hostile input ends in a typed error (`AttachmentError` subclasses, Chinese `message`): content that does
not match the extension, empty files, damaged or encrypted files, ZIP bombs (member count and total
unpacked size are capped and counted while reading, not trusted from the headers) and XML that declares a
DTD or entities (refused before parsing; the parser additionally never resolves entities nor reaches the
network — lxml is already the project's parser, as it is python-docx's and openpyxl's).
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from lxml import etree

from ..errors import CorruptDocument, GongkaiError, UnsupportedFormat
from ..reading.sniff import extension_mismatch, identify

MAX_MEMBERS = 5_000
MAX_UNPACKED = 300 * 1024 * 1024  # total uncompressed bytes of an Office file's members


# --- errors ---------------------------------------------------------------------------------------------

class AttachmentError(GongkaiError):
    code = "attachment"
    default_message = "附件无法处理。"


class AttachmentEmpty(AttachmentError):
    code = "attachment_empty"
    default_message = "附件是空文件。"


class AttachmentMismatch(AttachmentError):
    code = "attachment_mismatch"
    default_message = "附件的扩展名与内容不符。"


class AttachmentCorrupt(AttachmentError):
    code = "attachment_corrupt"
    default_message = "附件已损坏或不完整，无法打开。请重新导出后上传。"


class AttachmentEncrypted(AttachmentError):
    code = "attachment_encrypted"
    default_message = "附件已加密（设置了打开密码或权限密码），无法清除其中的元数据。请上传未加密的版本。"


class AttachmentTooLarge(AttachmentError):
    code = "attachment_too_large"
    default_message = "附件解压后过大或包含的部件过多（可能是压缩炸弹），已拒绝。"


class AttachmentUnsafe(AttachmentError):
    code = "attachment_unsafe"
    default_message = "附件中的 XML 含有文档类型定义（DTD）或实体声明，可能是恶意文件，已拒绝。"


@dataclass(frozen=True)
class Scrubbed:
    data: bytes
    removed: list[str] = field(default_factory=list)  # Chinese, one entry per kind of thing removed


def scrub(data: bytes, filename: str, *, title: str | None = None,
          max_members: int = MAX_MEMBERS, max_unpacked: int = MAX_UNPACKED) -> Scrubbed:
    """The attachment without its embedded metadata (see the module docstring). Raises AttachmentError."""
    if not data:
        raise AttachmentEmpty("empty attachment")
    try:
        kind = identify(data)
    except CorruptDocument as exc:  # a damaged ZIP: say so rather than that its content is unknown
        raise AttachmentCorrupt(str(exc)) from None
    except UnsupportedFormat as exc:  # an encrypted Office file (an OLE container holding EncryptedPackage)
        raise AttachmentEncrypted(str(exc)) from None
    mismatch = extension_mismatch(filename, data)
    if mismatch:
        raise AttachmentMismatch(f"extension mismatch: {filename}", message=f"{mismatch}。请检查后重新上传。")
    title = (title or "").strip() or None
    if kind.key == "pdf":
        return _scrub_pdf(data, title)
    if kind.key in ("docx", "xlsx"):
        return _OfficeScrubber(data, kind.key, title, max_members, max_unpacked).run()
    if kind.key == "jpeg":
        out, removed = _scrub_jpeg(data)
        return Scrubbed(out, removed)
    if kind.key == "png":
        out, removed = _scrub_png(data)
        return Scrubbed(out, removed)
    if kind.key == "text":
        return Scrubbed(data, [])
    return Scrubbed(data, [f"未处理：{kind.label}不在清除元数据的范围内（支持 PDF、DOCX、XLSX、JPEG、PNG），原样保存"])


# --- PDF ------------------------------------------------------------------------------------------------

_INFO_LABELS = {
    "/Author": "作者", "/Creator": "创建程序", "/Producer": "生成程序", "/Title": "标题", "/Subject": "主题",
    "/Keywords": "关键词", "/CreationDate": "创建时间", "/ModDate": "修改时间", "/Trapped": "Trapped 标记",
}
# Review annotations: comments and marks of a reviewer, not part of the page.
_REVIEW_ANNOTS = {"/Text", "/Popup", "/Highlight", "/Underline", "/StrikeOut", "/Squiggly", "/Caret",
                  "/FileAttachment", "/Sound"}
_ANNOT_PRIVATE = ("/T", "/M", "/CreationDate", "/Popup", "/IRT", "/RT", "/NM")


def _scrub_pdf(data: bytes, title: str | None) -> Scrubbed:
    import pikepdf

    # A damaged file can fail anywhere in qpdf or in decoding its names and strings: every such failure is
    # "damaged", never a traceback.
    broken = (pikepdf.PdfError, UnicodeError, ValueError, TypeError, KeyError, AttributeError, RuntimeError)
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise AttachmentEncrypted("pdf needs a password") from None
    except broken as exc:
        raise AttachmentCorrupt(f"pdf: {exc}") from None
    removed: list[str] = []
    with pdf:
        if pdf.is_encrypted:
            raise AttachmentEncrypted("pdf is encrypted (owner password)")
        try:
            _pdf_metadata(pdf, title, removed)
            out = io.BytesIO()
            # Streams are copied as they are, not decoded and re-encoded: faster, page content byte-identical,
            # and a compressed "bomb" stream is never inflated.
            pdf.save(out, preserve_pdfa=False, fix_metadata_version=False,
                     stream_decode_level=pikepdf.StreamDecodeLevel.none)
        except broken as exc:
            raise AttachmentCorrupt(f"pdf: {exc}") from None
    return Scrubbed(out.getvalue(), removed)


def _pdf_metadata(pdf, title: str | None, removed: list[str]) -> None:
    import pikepdf

    info = pdf.trailer.get("/Info")
    if info is not None:
        keys = [str(k) for k in info.keys()]
        shown = [_INFO_LABELS.get(k, k.lstrip("/")) for k in keys if k != "/Title" or not title]
        if shown:
            removed.append("PDF 文档信息：" + "、".join(shown))
        del pdf.trailer["/Info"]
    if title:
        pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(title)))

    xmp = embedded = piece = 0
    for obj in pdf.objects:
        if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            continue
        if "/Metadata" in obj:
            del obj["/Metadata"]
            xmp += 1
        if "/PieceInfo" in obj:
            del obj["/PieceInfo"]
            piece += 1
    names = pdf.Root.get("/Names")
    if names is not None and "/EmbeddedFiles" in names:
        del names["/EmbeddedFiles"]
        embedded += 1
    if "/Metadata" in pdf.Root:
        del pdf.Root["/Metadata"]
        xmp += 1
    if "/PieceInfo" in pdf.Root:
        del pdf.Root["/PieceInfo"]
        piece += 1
    if xmp:
        removed.append(f"XMP 元数据（{xmp} 处）")
    if piece:
        removed.append("应用程序私有数据（PieceInfo）")
    if embedded:
        removed.append("PDF 内嵌的附件文件")

    dropped = stripped = 0
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if annots is None:
            continue
        keep = pikepdf.Array()
        for annot in annots:
            if not isinstance(annot, pikepdf.Dictionary):
                continue
            if str(annot.get("/Subtype", "")) in _REVIEW_ANNOTS:
                dropped += 1
                continue
            for key in _ANNOT_PRIVATE:
                if key in annot:
                    del annot[key]
                    stripped += 1
            keep.append(annot)
        if len(keep):
            page.obj.Annots = keep
        else:
            del page.obj["/Annots"]
    if dropped:
        removed.append(f"批注（{dropped} 个，含批注人姓名）")
    if stripped:
        removed.append("其他注释中的作者和时间")


# --- JPEG and PNG ---------------------------------------------------------------------------------------

_JPEG_KEEP_APP = {0xE0: (b"JFIF\x00", b"JFXX\x00"), 0xE2: (b"ICC_PROFILE\x00",), 0xEE: (b"Adobe",)}


def _scrub_jpeg(data: bytes) -> tuple[bytes, list[str]]:
    if not data.startswith(b"\xff\xd8"):
        raise AttachmentCorrupt("jpeg without SOI")
    out = bytearray(b"\xff\xd8")
    dropped: set[str] = set()
    i = 2
    while True:
        if i >= len(data) or data[i] != 0xFF:
            raise AttachmentCorrupt("jpeg: marker expected")
        while i < len(data) and data[i] == 0xFF:  # fill bytes
            i += 1
        if i >= len(data):
            raise AttachmentCorrupt("jpeg: truncated")
        marker = data[i]
        i += 1
        if marker == 0xD9:  # EOI before any scan
            out += b"\xff\xd9"
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += bytes((0xFF, marker))
            continue
        if i + 2 > len(data):
            raise AttachmentCorrupt("jpeg: truncated segment")
        (length,) = struct.unpack(">H", data[i:i + 2])
        if length < 2 or i + length > len(data):
            raise AttachmentCorrupt("jpeg: bad segment length")
        segment = data[i:i + length]
        body = segment[2:]
        if marker == 0xDA:  # start of scan: the rest is image data
            out += bytes((0xFF, marker)) + data[i:]
            break
        if marker == 0xFE:
            dropped.add("JPEG 注释")
        elif 0xE0 <= marker <= 0xEF and not any(body.startswith(p) for p in _JPEG_KEEP_APP.get(marker, ())):
            label = {0xE1: "EXIF/XMP 元数据（拍摄设备、时间、位置等）", 0xED: "IPTC 元数据"}.get(marker, "应用程序元数据")
            dropped.add(f"JPEG {label}")
        else:
            out += bytes((0xFF, marker)) + segment
        i += length
    return bytes(out), sorted(dropped)


_PNG_SIG = b"\x89PNG\r\n\x1a\n"
_PNG_DROP = {b"tEXt": "PNG 文本信息", b"zTXt": "PNG 文本信息", b"iTXt": "PNG 文本信息（含 XMP）",
             b"eXIf": "PNG EXIF 元数据", b"tIME": "PNG 修改时间"}


def _scrub_png(data: bytes) -> tuple[bytes, list[str]]:
    if not data.startswith(_PNG_SIG):
        raise AttachmentCorrupt("png without signature")
    out = bytearray(_PNG_SIG)
    dropped: set[str] = set()
    i = len(_PNG_SIG)
    while True:
        if i + 8 > len(data):
            raise AttachmentCorrupt("png: truncated chunk")
        (length,) = struct.unpack(">I", data[i:i + 4])
        ctype = data[i + 4:i + 8]
        end = i + 12 + length
        if end > len(data):
            raise AttachmentCorrupt("png: chunk past the end")
        if ctype in _PNG_DROP:
            dropped.add(_PNG_DROP[ctype])
        else:
            out += data[i:end]
        i = end
        if ctype == b"IEND":
            break
    return bytes(out), sorted(dropped)


# --- Office Open XML (DOCX, XLSX) -----------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
CORE_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entry times are save times: make them neutral

_APP_PRIVATE = {"Company": "单位", "Manager": "经理", "TotalTime": "编辑时长", "Template": "模板",
                "HyperlinkBase": "超链接基础地址", "Application": "应用程序", "AppVersion": "应用程序版本",
                "DocSecurity": "安全设置"}
_CORE_LABELS = {"creator": "作者", "lastModifiedBy": "最后修改者", "revision": "修订号", "created": "创建时间",
                "modified": "修改时间", "lastPrinted": "打印时间", "title": "标题", "subject": "主题",
                "keywords": "关键词", "description": "备注", "category": "类别", "contentStatus": "状态",
                "identifier": "标识", "language": "语言", "version": "版本"}

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                          huge_tree=False, remove_pis=False)
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"), "<!ENTITY".encode("utf-16-le"),
                "<!DOCTYPE".encode("utf-16-be"), "<!ENTITY".encode("utf-16-be"))

# Word story parts that hold text with revision and comment marks.
_WORD_STORY = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|glossary/document)\.xml$")
_TRACKED_PR_CHANGES = ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange",
                       "tblGridChange", "tblPrExChange", "numberingChange")
_COMMENT_MARKS = ("commentRangeStart", "commentRangeEnd", "commentReference")
_MOVE_RANGES = ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd")


def _parse(xml: bytes, name: str):
    if any(m in xml for m in _DTD_MARKERS):
        raise AttachmentUnsafe(f"DTD or entity declaration in {name}")
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise AttachmentCorrupt(f"{name}: {exc}") from None
    if root.getroottree().docinfo.doctype:
        raise AttachmentUnsafe(f"DTD in {name}")
    return root


def _dump(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _remove(el) -> None:
    """Remove an element, keeping the tail text (there is none in OOXML, but be exact)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _is_paragraph_mark(rpr) -> bool:
    """w:p/w:pPr/w:rPr: the run properties of the paragraph mark itself."""
    ppr = rpr.getparent()
    return ppr is not None and ppr.tag == _w("pPr") and ppr.getparent() is not None \
        and ppr.getparent().tag == _w("p")


def _join_with_next(paragraph) -> None:
    """Move the paragraph's content to the start of the next paragraph and drop it; the joined paragraph keeps
    the next one's properties (Word keeps paragraph formatting in the mark that survives). A paragraph with no
    following paragraph (the last in a cell or the body) is left alone."""
    following = paragraph.getnext()
    while following is not None and not isinstance(following.tag, str):
        following = following.getnext()
    if following is None or following.tag != _w("p"):
        return
    content = [c for c in paragraph if c.tag != _w("pPr")]
    at = 1 if len(following) and following[0].tag == _w("pPr") else 0
    for offset, child in enumerate(content):
        following.insert(at + offset, child)
    _remove(paragraph)


def _unwrap(el) -> None:
    """Replace an element by its children (accepting an insertion)."""
    parent = el.getparent()
    index = parent.index(el)
    for offset, child in enumerate(list(el)):
        parent.insert(index + offset, child)
    _remove(el)


class _OfficeScrubber:
    def __init__(self, data: bytes, kind: str, title: str | None, max_members: int, max_unpacked: int):
        self.kind, self.title = kind, title
        self.removed: list[str] = []
        self._notes: set[str] = set()
        self.parts: dict[str, bytes] = {}
        self.infos: list[zipfile.ZipInfo] = []
        self._read(data, max_members, max_unpacked)

    def note(self, text: str) -> None:
        if text not in self._notes:
            self._notes.add(text)
            self.removed.append(text)

    # reading, with the bomb caps counted on the bytes actually inflated
    def _read(self, data: bytes, max_members: int, max_unpacked: int) -> None:
        try:
            z = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
            raise AttachmentCorrupt(f"zip: {exc}") from None
        with z:
            infos = z.infolist()
            if len(infos) > max_members:
                raise AttachmentTooLarge(f"{len(infos)} members")
            total = 0
            for info in infos:
                if info.flag_bits & 0x1:
                    raise AttachmentEncrypted(f"encrypted zip member {info.filename}")
                if info.filename in self.parts:
                    raise AttachmentCorrupt(f"duplicate zip member {info.filename}")
                if info.is_dir():
                    continue
                chunks = []
                try:
                    with z.open(info) as f:
                        while chunk := f.read(1 << 20):
                            total += len(chunk)
                            if total > max_unpacked:
                                raise AttachmentTooLarge(f"more than {max_unpacked} bytes unpacked")
                            chunks.append(chunk)
                except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError,
                        RuntimeError) as exc:
                    raise AttachmentCorrupt(f"zip member {info.filename}: {exc}") from None
                self.parts[info.filename] = b"".join(chunks)
                self.infos.append(info)

    def run(self) -> Scrubbed:
        self._properties()
        if self.kind == "docx":
            self._word()
        else:
            self._excel()
        self._images()
        self._drop_dangling()
        return Scrubbed(self._write(), self.removed)

    # --- removing parts and their relationships ------------------------------------------------------------

    def drop_part(self, name: str, label: str | None) -> None:
        if self.parts.pop(name, None) is not None and label:
            self.note(label)
        self.parts.pop(_rels_of(name), None)

    def _drop_dangling(self) -> None:
        """Relationships and content-type overrides that point at removed parts go too."""
        for rels_name in [n for n in self.parts if n.endswith(".rels")]:
            root = _parse(self.parts[rels_name], rels_name)
            source_dir = _source_dir(rels_name)
            changed = False
            for rel in list(root):
                if rel.get("TargetMode") == "External":
                    continue
                target = _resolve(source_dir, rel.get("Target", ""))
                if target not in self.parts:
                    root.remove(rel)
                    changed = True
            if changed:
                self.parts[rels_name] = _dump(root)
        ct_name = "[Content_Types].xml"
        if ct_name in self.parts:
            root = _parse(self.parts[ct_name], ct_name)
            changed = False
            for override in root.findall(f"{{{CT_NS}}}Override"):
                if override.get("PartName", "").lstrip("/") not in self.parts:
                    root.remove(override)
                    changed = True
            if changed:
                self.parts[ct_name] = _dump(root)

    def _drop_relationships(self, source: str, rel_type_suffix: str) -> None:
        rels_name = _rels_of(source)
        if rels_name not in self.parts:
            return
        root = _parse(self.parts[rels_name], rels_name)
        gone = [rel for rel in root if rel.get("Type", "").endswith(rel_type_suffix)]
        for rel in gone:
            root.remove(rel)
        if gone:
            self.parts[rels_name] = _dump(root)

    def _targets(self, source: str, rel_type_suffix: str) -> dict[str, str]:
        """rId -> part name of `source`'s relationships whose type ends with `rel_type_suffix`."""
        rels_name = _rels_of(source)
        if rels_name not in self.parts:
            return {}
        root = _parse(self.parts[rels_name], rels_name)
        found = {}
        for rel in root:
            if rel.get("Type", "").endswith(rel_type_suffix) and rel.get("TargetMode") != "External":
                found[rel.get("Id")] = _resolve(_source_dir(rels_name), rel.get("Target", ""))
        return found

    # --- docProps --------------------------------------------------------------------------------------------

    def _properties(self) -> None:
        core = "docProps/core.xml"
        if core in self.parts:
            root = _parse(self.parts[core], core)
            present = [_CORE_LABELS.get(etree.QName(el).localname, etree.QName(el).localname)
                       for el in root if not (etree.QName(el).localname == "title" and self.title)
                       and ((el.text or "").strip() or len(el))]
            if present:
                self.note("文档属性：" + "、".join(present))
            new = etree.Element(f"{{{CORE_NS}}}coreProperties", nsmap={"cp": CORE_NS, "dc": DC_NS})
            if self.title:
                etree.SubElement(new, f"{{{DC_NS}}}title").text = self.title
            self.parts[core] = _dump(new)
        app = "docProps/app.xml"
        if app in self.parts:
            root = _parse(self.parts[app], app)
            gone = []
            for el in list(root):
                name = etree.QName(el).localname
                if name in _APP_PRIVATE:
                    if (el.text or "").strip():
                        gone.append(_APP_PRIVATE[name])
                    root.remove(el)
            if gone:
                self.note("扩展属性：" + "、".join(gone))
            self.parts[app] = _dump(root)
        self.drop_part("docProps/custom.xml", "自定义属性")
        for name in [n for n in self.parts if n.startswith("docProps/thumbnail")]:
            self.drop_part(name, "缩略图（可能显示旧版内容）")
        for name in [n for n in self.parts if n.startswith("customXml/")]:
            self.drop_part(name, "自定义 XML 数据（如文档库元数据）")

    # --- Word ------------------------------------------------------------------------------------------------

    def _word(self) -> None:
        for name in list(self.parts):
            base = PurePosixPath(name).name
            if name.startswith("word/") and (re.fullmatch(r"comments\w*\.xml", base) or base == "people.xml"):
                self.drop_part(name, "批注及批注人" if base != "people.xml" else "批注人和修订人名单")
        for name in sorted(self.parts):
            if not (name.startswith("word/") and name.endswith(".xml")):
                continue
            root = _parse(self.parts[name], name)
            changed = self._strip_rsid(root)
            if _WORD_STORY.match(name):
                changed |= self._word_story(root)
            if name == "word/styles.xml" or name == "word/numbering.xml":
                for tag in _TRACKED_PR_CHANGES:
                    for el in root.iter(_w(tag)):
                        _remove(el)
                        changed = True
            if name == "word/settings.xml":
                changed |= self._word_settings(root)
                self._drop_relationships(name, "/attachedTemplate")  # its target is a path on the author's PC
            if changed:
                self.parts[name] = _dump(root)

    def _strip_rsid(self, root) -> bool:
        changed = False
        for el in list(root.iter(_w("rsid"))):  # a style's or list's last editing session
            _remove(el)
            changed = True
        for el in root.iter():
            for attr in [a for a in el.attrib if a.startswith(f"{{{W}}}rsid")]:
                del el.attrib[attr]
                changed = True
        if changed:
            self.note("编辑会话标识（rsid）")
        return changed

    def _word_settings(self, root) -> bool:
        changed = False
        for tag, label in (("rsids", "编辑会话标识（rsid）"), ("attachedTemplate", "模板路径"),
                           ("docVars", "文档变量"), ("trackRevisions", None)):
            for el in list(root.iter(_w(tag))):
                _remove(el)
                changed = True
                if label:
                    self.note(label)
        return changed

    def _word_story(self, root) -> bool:
        # comments
        marks = [el for tag in _COMMENT_MARKS for el in root.iter(_w(tag))]
        for el in marks:
            parent = el.getparent()
            _remove(el)
            if parent is not None and parent.tag == _w("r") and all(c.tag == _w("rPr") for c in parent):
                _remove(parent)
        if marks:
            self.note("批注及批注人")
        tracked = False
        # deletions: whole runs, paragraphs' deleted rows, moved-away text
        for tag in ("del", "moveFrom"):
            for el in list(root.iter(_w(tag))):
                tracked = True
                parent = el.getparent()
                if parent is not None and parent.tag == _w("trPr"):  # a deleted table row
                    row = parent.getparent()
                    if row is not None and row.getparent() is not None:
                        _remove(row)
                    continue
                if parent is not None and parent.tag == _w("rPr") and _is_paragraph_mark(parent):
                    # A deleted paragraph mark: accepting it joins the paragraph with the next one.
                    paragraph = parent.getparent().getparent()
                    _remove(el)
                    _join_with_next(paragraph)
                    continue
                _remove(el)
        for tag in ("ins", "moveTo"):
            for el in list(root.iter(_w(tag))):
                tracked = True
                parent = el.getparent()
                if parent is None:
                    continue
                if parent.tag in (_w("rPr"), _w("pPr"), _w("trPr"), _w("tcPr")) or len(el) == 0:
                    _remove(el)  # a marker (inserted paragraph mark, row, cell), not a container
                else:
                    _unwrap(el)
        for tag in (*_TRACKED_PR_CHANGES, *_MOVE_RANGES, "cellIns", "cellDel", "cellMerge"):
            for el in list(root.iter(_w(tag))):
                tracked = True
                _remove(el)
        if tracked:
            self.note("修订记录（已接受修订：保留插入，删除已删除的内容）")
        return bool(marks) or tracked

    # --- Excel -----------------------------------------------------------------------------------------------

    def _excel(self) -> None:
        for name in list(self.parts):
            if re.fullmatch(r"xl/threadedComments/[^/]+\.xml", name):
                self.drop_part(name, "批注回复（线程批注）")
            elif re.fullmatch(r"xl/persons/[^/]+\.xml", name):
                self.drop_part(name, "批注人名单")
            elif name.startswith("xl/revisions/"):
                self.drop_part(name, "共享工作簿的修订记录和用户名")
        for sheet in [n for n in self.parts if re.fullmatch(r"xl/(work|chart|dialog)sheets/[^/]+\.xml", n)]:
            comments = self._targets(sheet, "/comments")
            if not comments:
                continue
            for part in comments.values():
                self.drop_part(part, "批注及批注人")
            legacy = self._targets(sheet, "/vmlDrawing")
            root = _parse(self.parts[sheet], sheet)
            for el in list(root.iter(f"{{{S_NS}}}legacyDrawing")):
                rid = el.get(f"{{{R_NS}}}id")
                if rid in legacy:
                    self.drop_part(legacy[rid], None)
                _remove(el)
            self.parts[sheet] = _dump(root)
        book = "xl/workbook.xml"
        if book in self.parts:
            root = _parse(self.parts[book], book)
            changed = False
            for el in list(root.iter()):
                if not isinstance(el.tag, str):
                    continue
                local = etree.QName(el).localname
                if local == "absPath":
                    holder = el.getparent()
                    if holder is not None and etree.QName(holder).localname in ("Choice", "Fallback"):
                        holder = holder.getparent()
                    _remove(holder if holder is not None and etree.QName(holder).localname == "AlternateContent"
                            else el)
                    self.note("工作簿的保存路径")
                    changed = True
                elif local == "fileSharing" and el.get("userName") is not None:
                    del el.attrib["userName"]
                    self.note("文件共享用户名")
                    changed = True
                elif local == "revisionPtr":
                    _remove(el)
                    changed = True
            if changed:
                self.parts[book] = _dump(root)

    # --- images inside the package ---------------------------------------------------------------------------

    def _images(self) -> None:
        for name, content in list(self.parts.items()):
            suffix = PurePosixPath(name).suffix.lower()
            try:
                if suffix in (".jpg", ".jpeg") and content.startswith(b"\xff\xd8"):
                    out, dropped = _scrub_jpeg(content)
                elif suffix == ".png" and content.startswith(_PNG_SIG):
                    out, dropped = _scrub_png(content)
                else:
                    continue
            except AttachmentCorrupt:
                continue  # a damaged embedded image is the author's problem; it is stored as it was
            if dropped:
                self.parts[name] = out
                self.note("内嵌图片的元数据（EXIF 等）")

    def _write(self) -> bytes:
        out = io.BytesIO()
        position = {info.filename: i for i, info in enumerate(self.infos)}
        order = sorted(self.parts, key=lambda n: (n != "[Content_Types].xml", position.get(n, len(position))))
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name in order:
                info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, self.parts[name])
        return out.getvalue()


def _rels_of(part: str) -> str:
    directory, base = posixpath.split(part)
    return posixpath.join(directory, "_rels", base + ".rels")


def _source_dir(rels_name: str) -> str:
    """The directory relative targets resolve against: the source part's directory."""
    return posixpath.dirname(posixpath.dirname(rels_name))


def _resolve(source_dir: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    if not target:
        return ""
    resolved = posixpath.normpath(posixpath.join(source_dir, target))
    return "" if resolved == "." else resolved

