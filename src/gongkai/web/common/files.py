"""Stored files are for the service's own user only: directories 0700, files 0600, whatever the process umask
(a server or worker started with a permissive umask must not leave applicants' attachments readable)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dirs(path: Path) -> Path:
    """Create `path` and any missing parents owner-only (existing parents are left as they are)."""
    missing = []
    p = path
    while not p.exists():
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=DIR_MODE)
        except FileExistsError:
            pass
        os.chmod(d, DIR_MODE)  # mkdir's mode is masked by the umask; chmod is not
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically (temporary file, then rename), mode 0600, parents 0700."""
    private_dirs(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")  # mkstemp creates 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
