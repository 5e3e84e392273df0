"""Subcommands of the `gongkai` CLI. Each module exposes `register(subparsers)`."""

from __future__ import annotations

import os

from gongkai.core.errors import GongkaiError


def django_setup() -> None:
    """Configure Django for commands that use the database (idempotent)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django

    django.setup()


class DatabaseNotReady(GongkaiError):
    code = "database_not_ready"

    def __str__(self) -> str:  # the CLI prints "gongkai COMMAND: <detail>"
        return self.detail


def require_database(*tables: str) -> None:
    """Set Django up and make sure the database opens and holds `tables`; else one line for the CLI
    (DatabaseNotReady, exit 2) instead of a traceback from the first query."""
    django_setup()
    from django.db import DatabaseError, connection

    try:
        present = set(connection.introspection.table_names())
    except DatabaseError as exc:
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]  # psycopg adds hint lines
        raise DatabaseNotReady(f"cannot open the database ({first_line})") from None
    if not set(tables) <= present:
        raise DatabaseNotReady("the database is not migrated; run `gongkai manage migrate` first")
