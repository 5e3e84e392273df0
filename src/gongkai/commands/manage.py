"""`gongkai manage ARGS...`: Django's management commands (migrate, createsuperuser, ...)."""

from __future__ import annotations

import argparse


def register(sub) -> None:
    p = sub.add_parser("manage", help="run a Django management command (migrate, createsuperuser, ...)")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=run)


def run(args) -> int:
    from . import django_setup

    django_setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai manage", *args.rest])
    return 0
