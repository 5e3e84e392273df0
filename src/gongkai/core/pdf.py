"""The project's one PDF engine: HTML and CSS laid out by WeasyPrint (Pango for text, fonts embedded as subsets).

Letters, notices and receipts name their faces by file: FandolFang (仿宋) for the body and FandolSong Bold for
the title (the free substitute for 方正小标宋), shipped by Debian's texlive-lang-chinese and not registered with
fontconfig, so they are found here at run time and given to WeasyPrint as @font-face file URLs. Whatever a face
lacks (a rare character in a person's name outside GB 2312) falls back to Noto Serif CJK SC from fontconfig
(fonts-noto-cjk), a Song face, never to a sans face. The annual report and the synthetic corpus use Noto CJK
through fontconfig.

WeasyPrint is imported only when a PDF is asked for (Pango through cffi is a heavy import); a server without it
or without the font files gets a typed error with a Chinese message, never a traceback.
"""

from __future__ import annotations

import glob
import logging
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from gongkai.core.errors import GongkaiError

if TYPE_CHECKING:
    from weasyprint.document import Document

FANDOL_DIRS = (
    "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol",  # Debian/Ubuntu texlive-lang-chinese
    "/usr/share/fonts/opentype/fandol",
    "/usr/local/texlive/*/texmf-dist/fonts/opentype/public/fandol",  # an upstream TeX Live install
)
BODY_FACE = "FandolFang"          # 仿宋
TITLE_FACE = "FandolSongBold"     # 小标宋 substitute
FALLBACK_FAMILY = "Noto Serif CJK SC"
FACE_FILES = {BODY_FACE: "FandolFang-Regular.otf", TITLE_FACE: "FandolSong-Bold.otf"}


class PdfRenderingUnavailable(GongkaiError):
    code = "pdf_unavailable"
    default_message = "无法生成 PDF：服务器缺少排版组件（WeasyPrint 或其 Pango 库）。"


class FontsMissing(PdfRenderingUnavailable):
    code = "fonts_missing"
    default_message = ("无法生成 PDF：服务器缺少公文字体文件（FandolFang 仿宋、FandolSong 宋体，"
                       "由 Debian 软件包 texlive-lang-chinese 提供）。请系统管理员运行 scripts/install-system-deps.sh。")


def font_file(name: str) -> Path:
    """The installed font file `name` (e.g. FandolFang-Regular.otf), or FontsMissing."""
    for pattern in FANDOL_DIRS:
        for directory in sorted(glob.glob(pattern)):
            path = Path(directory) / name
            if path.is_file():
                return path
    raise FontsMissing(f"{name} not found in {', '.join(FANDOL_DIRS)}")


@cache
def _font_faces() -> str:
    rules = [f'@font-face {{ font-family: "{family}"; src: url("{font_file(name).as_uri()}"); }}'
             for family, name in FACE_FILES.items()]
    return "\n".join(rules) + "\n"


def font_faces_css() -> str:
    """@font-face rules for BODY_FACE and TITLE_FACE with the files' URLs (looked up once per process; a
    missing file is looked up again on the next call)."""
    return _font_faces()


def _weasyprint():
    try:
        import weasyprint  # heavy import: only when a PDF is asked for
    except (ImportError, OSError) as exc:
        raise PdfRenderingUnavailable(str(exc)) from exc
    # WeasyPrint subsets fonts with fontTools under a capture that lowers fontTools' logger to DEBUG; with
    # propagation on, every table it reads reaches the root handler (a thousand lines in `gongkai demo load`).
    # WeasyPrint re-logs the captured warnings under its own logger, so nothing useful is lost.
    logging.getLogger("fontTools").propagate = False
    return weasyprint


def layout(html: str) -> Document:
    """Lay out an HTML page (its CSS inline) into pages; `len(result.pages)` is known before writing."""
    return _weasyprint().HTML(string=html).render()


def write(document: Document, *, identifier: bytes) -> bytes:
    """The PDF bytes of a laid-out document. `identifier` fixes the PDF /ID, so the same input always gives
    the same bytes (dates come only from the page's <meta name=dcterms.created/modified>)."""
    return document.write_pdf(pdf_identifier=identifier)


def write_pdf(html: str, *, identifier: bytes) -> bytes:
    return write(layout(html), identifier=identifier)


__all__ = ["BODY_FACE", "FALLBACK_FAMILY", "FontsMissing", "PdfRenderingUnavailable", "TITLE_FACE", "font_faces_css",
           "font_file", "layout", "write", "write_pdf"]
