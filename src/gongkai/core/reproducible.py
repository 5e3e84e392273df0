"""Same input, same bytes: helpers that take the clock out of generated documents.

DOCX and XLSX are zip packages, and zipfile stamps every member with the current time; `fixed_zip` rewrites a
package with one given timestamp (the document's own date), so a letter or report rendered twice — or once
today and once next year — gives identical files that can be compared and archived.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date


def fixed_zip(data: bytes, when: tuple[int, ...] | date,
              patch: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """Rewrite the package with one fixed timestamp on every member; `when` is a date (midnight) or a
    (year, month, day, hour, minute, second) tuple. `patch(name, content) -> content` may rewrite members."""
    if isinstance(when, date):
        when = (when.year, when.month, when.day, 0, 0, 0)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=when)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            content = src.read(info.filename)
            dst.writestr(fixed, patch(info.filename, content) if patch else content)
    return out.getvalue()
