"""The one-call entry point: a file's bytes in, statistics with evidence out."""

from __future__ import annotations

from pathlib import Path

from .parsing import parse_document
from .reading import read_bytes
from .stats import AnnualStats


def read_report(data: bytes, name: str = "") -> AnnualStats:
    """Raises a `gongkai.core.errors.ReadError` subclass when the file cannot be read."""
    return parse_document(read_bytes(data, name=name))


def read_report_file(path: str | Path) -> AnnualStats:
    p = Path(path)
    return read_report(p.read_bytes(), name=p.name)
