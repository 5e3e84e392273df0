"""A small PDF writer for reader test fixtures: the kinds of PDF that the product's engine (WeasyPrint) never
makes but that arrive from other offices' software.

* Chinese text in the non-embedded CID font STSong-Light (Adobe-GB1, CMap UniGB-UCS2-H): what many office
  PDF printers produce; every reader supplies the font, and text extracts through the CMap.
* Ruled tables drawn as plain line segments, images (a scan), and the standard security handler (RC4, 40-bit,
  revision 2) with a user password, so a reader must ask for the password.

Output is deterministic (fixed /ID, no dates).
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from dataclasses import dataclass, field

FONT = "STSong-Light"
# 32-byte padding string of the standard security handler (PDF 1.7, 7.6.3.3, Algorithm 2).
_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")
_ID = hashlib.md5(b"gongkai test fixture").digest()


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _pad(password: str) -> bytes:
    return (password.encode("latin-1") + _PAD)[:32]


@dataclass
class _Image:
    width: int
    height: int
    rgb: bytes


@dataclass
class _Page:
    ops: list[str] = field(default_factory=list)
    images: list[_Image] = field(default_factory=list)


class Canvas:
    """Points from the bottom-left corner of an A4 page, as in PDF itself."""

    width, height = 595.28, 841.89

    def __init__(self) -> None:
        self._pages: list[_Page] = [_Page()]

    def text(self, x: float, y: float, text: str, size: float = 11) -> None:
        codes = "".join(f"{ord(ch):04X}" for ch in text)
        self._pages[-1].ops.append(f"BT /F1 {size} Tf {x:.2f} {y:.2f} Td <{codes}> Tj ET")

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self._pages[-1].ops.append(f"0.5 w {x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S")

    def image(self, width: int, height: int, rgb: bytes, x: float, y: float, w: float, h: float) -> None:
        page = self._pages[-1]
        page.images.append(_Image(width, height, rgb))
        page.ops.append(f"q {w:.2f} 0 0 {h:.2f} {x:.2f} {y:.2f} cm /Im{len(page.images)} Do Q")

    def show_page(self) -> None:
        self._pages.append(_Page())

    def save(self, *, user_password: str | None = None) -> bytes:
        pages = self._pages[:-1] if not self._pages[-1].ops and len(self._pages) > 1 else self._pages
        objects: list[bytes | None] = [None, None]  # 1: catalog, 2: page tree; then appended in order
        font = self._add(objects, (
            f"<< /Type /Font /Subtype /Type0 /BaseFont /{FONT} /Encoding /UniGB-UCS2-H /DescendantFonts ["
            f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /{FONT} "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
            f"/FontDescriptor << /Type /FontDescriptor /FontName /{FONT} /Flags 6 /FontBBox [-25 -254 1000 880] "
            "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> "
            "/DW 1000 /W [1 95 500] >> ] >>").encode())
        kids = []
        streams: list[int] = []  # objects whose stream data the security handler encrypts
        for page in pages:
            xobjects = []
            for n, img in enumerate(page.images, 1):
                data = zlib.compress(img.rgb)
                ref = self._add(objects, (
                    f"<< /Type /XObject /Subtype /Image /Width {img.width} /Height {img.height} "
                    f"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length {len(data)} >>"
                ).encode(), data)
                streams.append(ref)
                xobjects.append(f"/Im{n} {ref} 0 R")
            content = zlib.compress("\n".join(page.ops).encode())
            ref = self._add(objects, f"<< /Filter /FlateDecode /Length {len(content)} >>".encode(), content)
            streams.append(ref)
            resources = f"<< /Font << /F1 {font} 0 R >> /XObject << {' '.join(xobjects)} >> >>"
            kids.append(self._add(objects, (
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {self.width} {self.height}] "
                f"/Resources {resources} /Contents {ref} 0 R >>").encode()))
        objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
        objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()

        encrypt = ""
        if user_password is not None:
            key, o_entry, u_entry, permissions = self._security(user_password)
            for ref in streams:
                head, data = objects[ref - 1].split(b"\nstream\n", 1)
                plain = data[: -len(b"\nendstream")]
                object_key = hashlib.md5(key + struct.pack("<I", ref)[:3] + b"\x00\x00").digest()[:10]
                cipher = _rc4(object_key, plain)
                head = head.replace(f"/Length {len(plain)}".encode(), f"/Length {len(cipher)}".encode())
                objects[ref - 1] = head + b"\nstream\n" + cipher + b"\nendstream"
            ref = self._add(objects, (f"<< /Filter /Standard /V 1 /R 2 /O <{o_entry.hex()}> /U <{u_entry.hex()}> "
                                      f"/P {permissions} >>").encode())
            encrypt = f" /Encrypt {ref} 0 R"

        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for n, body in enumerate(objects, 1):
            offsets.append(len(out))
            out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
        out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
        out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /ID [<{_ID.hex()}> <{_ID.hex()}>]{encrypt} >>\n"
                f"startxref\n{xref}\n%%EOF\n").encode()
        return bytes(out)

    @staticmethod
    def _add(objects: list, head: bytes, stream: bytes | None = None) -> int:
        objects.append(head if stream is None else head + b"\nstream\n" + stream + b"\nendstream")
        return len(objects)

    @staticmethod
    def _security(user_password: str) -> tuple[bytes, bytes, bytes, int]:
        """Algorithms 2, 3 and 4 (revision 2): the file key, /O, /U and /P (print only)."""
        permissions = -3904 | 4
        owner_key = hashlib.md5(_pad(user_password)).digest()[:5]  # no owner password: the user password
        o_entry = _rc4(owner_key, _pad(user_password))
        key = hashlib.md5(_pad(user_password) + o_entry + struct.pack("<i", permissions) + _ID).digest()[:5]
        return key, o_entry, _rc4(key, _PAD), permissions
