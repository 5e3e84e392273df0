"""Subcommands of the `gongkai` CLI. Each module exposes `register(subparsers)`."""

from __future__ import annotations

import os


def django_setup() -> None:
    """Configure Django for commands that use the database (idempotent)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django

    django.setup()
