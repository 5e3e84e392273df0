"""`gongkai parse FILE... [--json]`: read annual reports and print their statistics; never touches the database.

With --json the output is the contract: a JSON array with one gongkai.annual-stats/1 object per readable file
(`source` = the file's name), in the order given. A file that cannot be read gets one line on stderr and makes
the exit status 2, after the other files have been printed.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from ..core.errors import GongkaiError

log = logging.getLogger(__name__)


def register(sub) -> None:
    p = sub.add_parser(
        "parse",
        help="read annual reports and print their statistics (never writes the database)",
        description="Read annual reports (text, HTML, PDF, DOCX, Markdown) and print their statistics.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="report files to read")
    p.add_argument(
        "--json", action="store_true", help="print a JSON array of gongkai.annual-stats/1 objects (the contract)"
    )
    p.set_defaults(func=run)


def _read(path: str):
    """The statistics of one file, or the one-line reason it could not be read."""
    # Imported here so the other commands keep working while the reader cannot be imported.
    from ..core.report import read_report_file

    try:
        stats = read_report_file(path)
    except GongkaiError as exc:
        return None, f"{exc.code}: {exc.detail or exc.message}"
    except FileNotFoundError:
        return None, "not_found: no such file"
    except IsADirectoryError:
        return None, "not_a_file: is a directory"
    except OSError as exc:
        return None, f"not_readable: {exc.strerror or exc}"
    except Exception as exc:  # a reader bug must not cost the user the other files of the batch
        log.debug("reading %s failed", path, exc_info=True)
        return None, f"internal_error: {type(exc).__name__}: {exc} (please report this file)"
    stats.source = Path(path).name
    return stats, None


def _summary(stats) -> str:
    head = (
        f"{stats.source}: agency={stats.agency or '?'} year={stats.year or '?'} template={stats.template} "
        f"figures={len(stats.figures())} warnings={len(stats.warnings)}"
    )
    lines = [head] + [f"  {'info' if w.is_note else 'warning'} {w.code}: {w.message}" for w in stats.warnings]
    return "\n".join(lines)


def run(args) -> int:
    results = []
    failed = False
    for path in args.files:
        stats, reason = _read(path)
        if stats is None:
            failed = True
            print(f"gongkai parse: {path}: {reason}", file=sys.stderr)
            continue
        if args.json:
            results.append(stats.to_json())
        else:
            print(_summary(stats))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return 2 if failed else 0
