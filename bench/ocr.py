"""OCR benchmark: seconds per scanned page on one core, and the share of figures read right.

    OMP_NUM_THREADS=1 .venv/bin/python -m bench.ocr [--repeats 1] [--out bench/results] [--compare-tesseract]

Reads the committed scanned report tests/documents/scanned/r80_*.pdf (five A4 pages, 150 dpi, rotated,
noisy, JPEG) with `read_path` + `parse_document`, one ONNX Runtime thread (GONGKAI_OCR_THREADS=1, the
default), after loading the engine once (model load is timed separately). Scores every figure of
r80_*.expected.json and writes bench/results/ocr.{json,md}.

Per page it also times the two OCR stages apart (process CPU seconds of detection and of recognition, the
number of text boxes, and the recognition input width in units of its 48-pixel height: a crop is resized to
48 px high and padded to at least 320 px wide), the measurement that says where the time goes.

--compare-tesseract (needs Debian's tesseract-ocr and tesseract-ocr-chi-sim on PATH; not a project
dependency) also reads the 表三 page with `tesseract -l chi_sim --psm 6` on one thread and with RapidOCR, and
counts how many of the table's 175 figures each gets in order (difflib matching blocks over the sequence of
numbers): the measurement behind choosing RapidOCR.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
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
        "peak_rss_mb": _peak_rss_mb(),
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


def stages() -> list[dict]:
    """Per page: CPU seconds of detection and of recognition, boxes, and recognition width in 48-px units."""
    import pypdfium2 as pdfium

    from gongkai.core.reading.ocr import DPI, engine

    eng = engine()
    out = []
    pdf = pdfium.PdfDocument(str(SCANNED / f"{NAME}.pdf"))
    try:
        for index in range(len(pdf)):
            bitmap = pdf[index].render(scale=DPI / 72)
            image = bitmap.to_numpy()[:, :, :3]
            cpu0 = time.process_time()
            boxes, _ = eng.auto_text_det(image)
            cpu1 = time.process_time()
            crops = eng.get_crop_img_list(image, boxes) if boxes is not None else []
            eng.text_rec(crops)
            cpu2 = time.process_time()
            bitmap.close()
            # Width the recogniser runs on: 48 px high, at least 320 px (6.67 units), one crop per batch.
            units = sum(max(320 / 48, c.shape[1] / c.shape[0]) for c in crops)
            out.append({"page": index + 1, "boxes": len(crops), "det_cpu_s": round(cpu1 - cpu0, 2),
                        "rec_cpu_s": round(cpu2 - cpu1, 2), "rec_units": round(units)})
    finally:
        pdf.close()
    return out


def _peak_rss_mb() -> float | None:
    """This process's peak resident memory (VmHWM), models and page images included."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _numbers_in_order(expected: list[str], text: str) -> int:
    got = re.findall(r"(?<![\d.])\d+(?![\d.])", text)
    return sum(b.size for b in difflib.SequenceMatcher(None, expected, got, autojunk=False).get_matching_blocks())


def compare_tesseract(page_index: int = 2) -> dict:
    """The 表三 page read by Tesseract and by RapidOCR: CPU seconds and figures matched in order."""
    import pypdfium2 as pdfium

    from gongkai.core.reading.ocr import DPI, ocr_page

    source = (SCANNED / f"{NAME}.source.html").read_text("utf-8")
    table3 = source[source.index("三、收到和处理") : source.index("四、政府信息公开行政复议")]
    expected = re.findall(r"<td>(\d+)</td>", table3)
    pdf = pdfium.PdfDocument(str(SCANNED / f"{NAME}.pdf"))
    try:
        page = pdf[page_index]
        with tempfile.TemporaryDirectory() as tmp:
            image = Path(tmp) / "page.png"
            page.render(scale=DPI / 72).to_pil().convert("L").save(image)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            out = subprocess.run(["tesseract", str(image), "stdout", "-l", "chi_sim", "--psm", "6"],
                                 capture_output=True, text=True, check=True,
                                 env={**os.environ, "OMP_THREAD_LIMIT": "1"})
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
        cpu0 = time.process_time()
        rapid_text, _ = ocr_page(page, page_index + 1)
        rapid_cpu = time.process_time() - cpu0
    finally:
        pdf.close()
    return {
        "page": page_index + 1,
        "figures": len(expected),
        "tesseract": {"version": version, "cpu_s": round(after.ru_utime + after.ru_stime
                                                         - before.ru_utime - before.ru_stime, 2),
                      "figures_in_order": _numbers_in_order(expected, out.stdout)},
        "rapidocr": {"cpu_s": round(rapid_cpu, 2), "figures_in_order": _numbers_in_order(expected, rapid_text)},
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
        f"| peak memory of the process (VmHWM) | {result['peak_rss_mb']} MB | |",
        f"| figures read right | {result['right']}/{result['figures']} ({result['share_right']:.1%}) "
        f"| ≥ {TARGET_SHARE:.0%} |",
        f"| figures missing (None) / wrong value | {result['missing']} / {result['wrong_value']} | 0 wrong |",
        "",
        "Where the time goes (process CPU seconds per page, detection and recognition timed apart):",
        "",
        "| page | text boxes | detection CPU s | recognition CPU s | recognition width (48-px units) |",
        "| --- | --- | --- | --- | --- |",
        *(f"| {p['page']} | {p['boxes']} | {p['det_cpu_s']} | {p['rec_cpu_s']} | {p['rec_units']} |"
          for p in result.get("stages", [])),
        "",
        "Warnings raised: " + ", ".join(f"{k} ×{v}" for k, v in sorted(result["warnings"].items())),
        "",
    ]
    if "tesseract" in result:
        c = result["tesseract"]
        lines += [
            f"Tesseract vs RapidOCR on the 表三 page (page {c['page']}, {c['figures']} figures, counted in order "
            "before any table parsing):",
            "",
            "| engine | CPU s | figures matched |",
            "| --- | --- | --- |",
            f"| {c['tesseract']['version']} (chi_sim, psm 6, 1 thread) | {c['tesseract']['cpu_s']} "
            f"| {c['tesseract']['figures_in_order']}/{c['figures']} |",
            f"| RapidOCR (as used by the reader) | {c['rapidocr']['cpu_s']} "
            f"| {c['rapidocr']['figures_in_order']}/{c['figures']} |",
            "",
        ]
    (out / "ocr.md").write_text("\n".join(lines), "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "results")
    parser.add_argument("--compare-tesseract", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.repeats)
    result["stages"] = stages()
    if args.compare_tesseract:
        if shutil.which("tesseract") is None:
            parser.error("--compare-tesseract: tesseract is not on PATH (apt-get install tesseract-ocr "
                         "tesseract-ocr-chi-sim)")
        result["tesseract"] = compare_tesseract()
    write(result, args.out)
    print((args.out / "ocr.md").read_text("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
