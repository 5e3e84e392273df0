"""Peak-memory worker for bench.reading: imports only the reader, reads the given files, prints JSON.

Kept apart from bench/reading.py so its baseline does not include the corpus generator's libraries.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.memory import peak_rss_mb


def main(paths: list[str]) -> None:
    from gongkai.core.report import read_report

    before = peak_rss_mb()
    for p in paths:
        path = Path(p)
        try:
            read_report(path.read_bytes(), path.name)
        except Exception:  # memory, not correctness, is measured here
            pass
    print(json.dumps({"after_imports_mb": before, "peak_mb": peak_rss_mb()}))
