"""The `gongkai` command: one entry over the core and the web project.

Each subcommand lives in `gongkai.commands.<name>` with `register(subparsers)`; commands that need the
database call `gongkai.commands.django_setup()` first, so core-only commands (parse, check, deadline...)
start fast and never touch a database.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from .core.errors import GongkaiError

# Order = order in `gongkai --help`.
COMMANDS = ("parse", "check", "deadline", "fee", "import_reports", "agencies", "items", "search", "report", "sites",
            "corpus", "schema", "metrics", "assess", "demo", "pii", "serve", "worker", "backup", "restore", "audit",
            "manage")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongkai",
        description="Government information disclosure (政府信息公开) work: read, check and store annual reports.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"gongkai.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args) or 0)
    except GongkaiError as exc:
        print(f"gongkai {args.command}: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        # A missing or malformed setting (gongkai.web.env.SettingError, raised while Django loads the
        # settings): one line, no traceback. Matched by module so core-only commands never import the web.
        web_env = sys.modules.get("gongkai.web.env")
        if web_env is not None and isinstance(exc, web_env.SettingError):
            print(f"gongkai {args.command}: {exc}", file=sys.stderr)
            return 2
        # The database unreachable or not migrated yet: one line that says what to do, not a traceback.
        db_utils = sys.modules.get("django.db.utils")
        if db_utils is not None and isinstance(exc, db_utils.DatabaseError):
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            print(f"gongkai {args.command}: database error: {detail} (is DATABASE_URL reachable, and has "
                  "`gongkai manage migrate` run?)", file=sys.stderr)
            return 2
        raise
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
