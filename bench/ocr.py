"""OCR benchmark: seconds per scanned page on one core, and the share of figures read right.

    OMP_NUM_THREADS=1 .venv/bin/python -m bench.ocr [--repeats 1] [--out bench/results]

Reads the committed scanned report tests/documents/scanned/r80_*.pdf (five A4 pages, 150 dpi, rotated,
noisy, JPEG) with `read_path` + `parse_document`, one ONNX Runtime thread (GONGKAI_OCR_THREADS=1, the
default), after loading the engine once (model load is timed separately). Scores every figure of
r80_*.expected.json and writes bench/results/ocr.{json,md}.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
SCANNED = REPO / "tests" / "documents" / "scanned"
NAME = "r80_county_bureau_2021_scanned"
TARGET_S_PER_PAGE = 5.0
TARGET_SHARE = 0.95


def _value(stats, pointer):
    if pointer in ("/agency", "/year", "/template"):
        return getattr(stats, pointer[1:])
    return stats.get(pointer)


def run(repeats: int) -> dict:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("GONGKAI_OCR_THREADS", "1")
    from gongkai.core.parsing import parse_document
    from gongkai.core.reading import read_path
    from gongkai.core.reading.ocr import DPI, engine

    t0 = time.perf_counter()
    engine()
    load_s = time.perf_counter() - t0
    path = SCANNED / f"{NAME}.pdf"
    expected = json.loads((SCANNED / f"{NAME}.expected.json").read_text("utf-8"))["figures"]
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        cpu0 = time.process_time()
        doc = read_path(path)
        stats = parse_document(doc)
        times.append((time.perf_counter() - t0, time.process_time() - cpu0))
    pages = doc.pages or 1
    wrong = {p: {"expected": v, "got": _value(stats, p)} for p, v in expected.items() if _value(stats, p) != v}
    missing = sum(1 for w in wrong.values() if w["got"] is None)
    best_wall = min(t for t, _ in times)
    best_cpu = min(c for _, c in times)
    codes: dict[str, int] = {}
    for w in stats.warnings:
        codes[w.code] = codes.get(w.code, 0) + 1
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {"cpu": platform.processor() or platform.machine(), "cpus": os.cpu_count(),
                    "load_avg": os.getloadavg(), "python": sys.version.split()[0]},
        "engine": "rapidocr-onnxruntime 1.4.4 (PP-OCRv4 det+rec, ONNX Runtime CPU, 1 thread)",
        "dpi": DPI,
        "pages": pages,
        "model_load_s": round(load_s, 2),
        "wall_s_per_page": round(best_wall / pages, 2),
        "cpu_s_per_page": round(best_cpu / pages, 2),
        "figures": len(expected),
        "right": len(expected) - len(wrong),
        "share_right": round((len(expected) - len(wrong)) / len(expected), 4),
        "missing": missing,
        "wrong_value": len(wrong) - missing,
        "warnings": codes,
        "mismatches": wrong,
    }


def write(result: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "ocr.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
    lines = [
        "# OCR of scanned reports (bench/ocr.py)",
        "",
        f"{result['date']}; {result['machine']['cpus']} CPUs ({result['machine']['cpu']}), load average "
        f"{', '.join(f'{x:.2f}' for x in result['machine']['load_avg'])} at the end of the run (the machine is "
        f"shared with other jobs); Python {result['machine']['python']}.",
        f"Engine: {result['engine']}, pages rendered at {result['dpi']} dpi.",
        "",
        "| measure | value | target |",
        "| --- | --- | --- |",
        f"| wall seconds per page (one thread) | {result['wall_s_per_page']} | ≤ {TARGET_S_PER_PAGE} |",
        f"| CPU seconds per page | {result['cpu_s_per_page']} | |",
        f"| model load (once per process) | {result['model_load_s']} s | |",
        f"| figures read right | {result['right']}/{result['figures']} ({result['share_right']:.1%}) "
        f"| ≥ {TARGET_SHARE:.0%} |",
        f"| figures missing (None) / wrong value | {result['missing']} / {result['wrong_value']} | 0 wrong |",
        "",
        "Warnings raised: " + ", ".join(f"{k} ×{v}" for k, v in sorted(result["warnings"].items())),
        "",
    ]
    (out / "ocr.md").write_text("\n".join(lines), "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "results")
    args = parser.parse_args(argv)
    result = run(args.repeats)
    write(result, args.out)
    print((args.out / "ocr.md").read_text("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
