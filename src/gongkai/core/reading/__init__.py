"""Reading documents of any supported format into a `Document`.

    read_bytes(data, name="") -> Document
    read_path(path) -> Document

The format is decided by content, never by the file extension. Every failure is a `ReadError` subclass.
"""

from .document import Cell, Document, Table

__all__ = ["Cell", "Document", "Table"]
