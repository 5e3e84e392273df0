"""`gongkai serve [ADDR:PORT]`: serve the web site (development server with static files)."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve the web site (default 127.0.0.1:8000)")
    p.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
    p.set_defaults(func=run)


def run(args) -> int:
    from . import django_setup

    django_setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("runserver", args.addrport, "--noreload")
    return 0
