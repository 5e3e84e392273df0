"""Peak-memory worker for bench.reading: imports only the reader, reads the given files, prints JSON.

Kept apart from bench/reading.py so its baseline does not include the corpus generator's libraries.
"""

from __future__ import annotations

import json
import resource
from pathlib import Path


def main(paths: list[str]) -> None:
    from gongkai.core.report import read_report

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for p in paths:
        path = Path(p)
        try:
            read_report(path.read_bytes(), path.name)
        except Exception:  # memory, not correctness, is measured here
            pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"after_imports_mb": round(before / 1024, 1), "peak_mb": round(peak / 1024, 1)}))
