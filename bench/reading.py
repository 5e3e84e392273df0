"""Reading benchmark: speed, memory and accuracy of `read_report` on the synthetic corpus.

    python -m bench.reading --count 200 [--formats txt,html,md,docx,pdf] [--seed 0] [--cache DIR]

Generates `count` reports per format once (cached under a temp dir keyed by seed and count), times
read_report per file in this process, measures peak memory per format in a fresh subprocess
(VmHWM, bench/memory.py), reads one ~50-page PDF in its own subprocess for the single-report memory
target, scores accuracy against the known figures, and writes bench/results/reading.{json,md}.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gongkai.corpus import FORMATS, expected_figures, file_name, generate, render
from gongkai.corpus.layout import Heading, Paragraph
from gongkai.corpus.scoring import score

ROOT = Path(__file__).resolve().parent
# Per core: the timing loop runs in one process, one file after another.
TARGET_FILES_PER_S = {"txt": 200, "html": 200, "md": 200, "docx": 80, "pdf": 15}
TARGET_PEAK_MB = 150
LONG_PDF_PAGES = 50


def _pdf_pages(data: bytes) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def build_cache(cache: Path, count: int, seed: int, formats: list[str]) -> None:
    """Write the corpus once; a marker file per format makes reruns skip generation."""
    reports = None
    for fmt in formats:
        d = cache / fmt
        if (d / "done.json").exists():
            continue
        reports = reports or generate(count, seed=seed)
        d.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        pages = {}
        for r in reports:
            data = render(r, fmt)
            (d / file_name(r, fmt)).write_bytes(data)
            if fmt == "pdf":
                pages[file_name(r, fmt)] = _pdf_pages(data)
        (d / "done.json").write_text(json.dumps({"count": count, "seed": seed, "pages": pages,
                                                 "generation_s": time.perf_counter() - t0}))
        print(f"generated {count} {fmt} files in {time.perf_counter() - t0:.1f}s", flush=True)
    long_pdf = cache / "long.pdf"
    if "pdf" in formats and not long_pdf.exists():
        long_pdf.write_bytes(_long_pdf(seed))


def _long_pdf(seed: int) -> bytes:
    """One report whose narrative is repeated until the PDF has about 50 pages."""
    report = copy.deepcopy(generate(1, seed=seed, templates=("2021",))[0])
    narrative = [b for b in report.blocks[2:14] if isinstance(b, Heading | Paragraph)]
    data = b""
    for _ in range(10):
        data = render(report, "pdf")
        pages = _pdf_pages(data)
        if pages >= LONG_PDF_PAGES:
            break
        extra = int((LONG_PDF_PAGES - pages) / 1.5) + 1  # ~1.5 pages per copy of the overview
        for _ in range(extra):
            report.blocks[14:14] = copy.deepcopy(narrative)
    return data


def files_of(cache: Path, fmt: str) -> list[Path]:
    return sorted(p for p in (cache / fmt).iterdir() if p.suffix == "." + fmt)


def time_format(cache: Path, fmt: str, count: int, seed: int) -> dict:
    from gongkai.core.report import read_report

    reports = {file_name(r, fmt): r for r in generate(count, seed=seed)}
    paths = files_of(cache, fmt)
    blobs = [(p.name, p.read_bytes()) for p in paths]
    read_report(*reversed(blobs[0]))  # warm imports and caches outside the timing
    times, expected_n, right, errors, mismatches = [], 0, 0, 0, []
    results = {}
    t_all = time.perf_counter()
    cpu_all = time.process_time()
    for name, data in blobs:
        t0 = time.perf_counter()
        try:
            results[name] = read_report(data, name)
        except Exception as exc:  # counted as an error; the benchmark keeps going
            results[name] = exc
        times.append(time.perf_counter() - t0)
    wall = time.perf_counter() - t_all
    cpu = time.process_time() - cpu_all
    for name, stats in results.items():
        report = reports[name]
        exp = expected_figures(report)
        if isinstance(stats, Exception):
            errors += 1
            expected_n += len(exp)
            mismatches.append(f"{name}: {type(stats).__name__}: {stats}")
            continue
        s = score(name, report, exp, stats)
        expected_n += s.expected
        right += s.right
        mismatches += s.mismatches
    pages = json.loads((cache / fmt / "done.json").read_text()).get("pages") or {}
    ms = sorted(t * 1000 for t in times)
    out = {
        "files": len(blobs),
        "seconds": round(wall, 3),
        "files_per_s": round(len(blobs) / wall, 1),
        # CPU time of this process: on a machine shared with other work, wall time also counts the waits for
        # a core, CPU time only the reading itself (what one core of its own would give).
        "cpu_seconds": round(cpu, 3),
        "cpu_files_per_s": round(len(blobs) / cpu, 1) if cpu else None,
        "mean_ms": round(statistics.fmean(ms), 2),
        "p95_ms": round(ms[max(0, int(len(ms) * 0.95) - 1)], 2),
        "max_ms": round(ms[-1], 2),
        "errors": errors,
        "expected_figures": expected_n,
        "right_figures": right,
        "accuracy": round(right / expected_n, 4) if expected_n else None,
        "invented_or_wrong": len(mismatches),
        "sample_mismatches": mismatches[:15],
        "target_files_per_s": TARGET_FILES_PER_S[fmt],
    }
    if pages:
        total_pages = sum(pages.values())
        out["pages"] = total_pages
        out["pages_per_s"] = round(total_pages / wall, 1)
        out["mean_pages"] = round(total_pages / len(pages), 2)
    return out


_WORKER = "import sys; from bench.reading_worker import main; main(sys.argv[1:])"


def measure_memory(paths: list[Path]) -> dict:
    # A separate tiny module, so the worker's baseline holds only gongkai's reader, not this benchmark's
    # corpus generator (WeasyPrint, python-docx, opencc), which would inflate the peak by tens of MB.
    proc = subprocess.run(
        [sys.executable, "-c", _WORKER, *map(str, paths)],
        capture_output=True, text=True, cwd=ROOT.parent, check=False,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _pct(x: float | None) -> str:
    return "" if x is None else f"{x * 100:.2f}%"


def write_markdown(path: Path, result: dict) -> None:
    m = result["machine"]
    lines = [
        "# Reading benchmark",
        "",
        f"{m['date']} · Python {m['python']} · {m['cpu_count']} CPUs ({m['cpu']}) · {m['platform']}"
        + (f" · load average {m['load_average'][0]}" if m.get("load_average") else ""),
        "",
        f"Corpus: {result['count']} synthetic reports per format, seed {result['seed']} "
        "(templates 2021/2019/pre2019 in turn). Single process, one file at a time. files/s is wall time; "
        "CPU files/s counts this process's CPU time only, what one core of its own gives on a shared machine "
        "(targets are per core, checked against it).",
        "",
        "| format | files/s | CPU files/s | target | pages/s | mean ms | p95 ms | peak MB | accuracy | errors | wrong/invented |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for fmt, r in result["formats"].items():
        mem = r.get("memory", {})
        per_core = r.get("cpu_files_per_s") or r["files_per_s"]
        ok = "✓" if per_core >= r["target_files_per_s"] else "✗"
        lines.append(
            f"| {fmt} | {r['files_per_s']} | {r.get('cpu_files_per_s', '')} | ≥{r['target_files_per_s']} {ok} | "
            f"{r.get('pages_per_s', '')} | "
            f"{r['mean_ms']} | {r['p95_ms']} | {mem.get('peak_mb', mem.get('error', ''))} | "
            f"{_pct(r['accuracy'])} | "
            f"{r['errors']} | {r['invented_or_wrong']} |"
        )
    long = result.get("long_pdf")
    if long:
        lines += ["", f"Single {long['pages']}-page PDF: {long['seconds']} s to read, peak {long['memory'].get('peak_mb')} MB "
                  f"(target ≤ {TARGET_PEAK_MB} MB)."]
    lines += ["", f"Peak memory target: ≤ {TARGET_PEAK_MB} MB per process. Accuracy = share of expected figures read "
              "right; 'wrong/invented' counts every expected figure missed or wrong plus every figure reported that the "
              "report does not state.", ""]
    for fmt, r in result["formats"].items():
        if r["sample_mismatches"]:
            lines += [f"### {fmt}: sample mismatches", "", *(f"- {x}" for x in r["sample_mismatches"]), ""]
    path.write_text("\n".join(lines) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.reading", description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cache", type=Path, default=None, help="corpus cache dir (default: a temp dir per seed/count)")
    ap.add_argument("--out", type=Path, default=ROOT / "results")
    ap.add_argument("--generate-only", action="store_true", help="write the corpus cache and stop")
    args = ap.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    cache = args.cache or Path(tempfile.gettempdir()) / f"gongkai-bench-seed{args.seed}-n{args.count}"
    build_cache(cache, args.count, args.seed, formats)
    if args.generate_only:
        print(f"corpus in {cache}")
        return 0
    result = {"machine": machine(), "count": args.count, "seed": args.seed, "cache": str(cache), "formats": {},
              "targets": {"files_per_s": TARGET_FILES_PER_S, "peak_mb": TARGET_PEAK_MB}}
    for fmt in formats:
        r = time_format(cache, fmt, args.count, args.seed)
        r["memory"] = measure_memory(files_of(cache, fmt))
        result["formats"][fmt] = r
        print(f"{fmt:5} {r['files_per_s']:8.1f} files/s, {r['cpu_files_per_s']} per CPU second "
              f"(target ≥{r['target_files_per_s']})  mean {r['mean_ms']} ms  "
              f"p95 {r['p95_ms']} ms  peak {r['memory'].get('peak_mb')} MB  accuracy {r['accuracy']}  "
              f"errors {r['errors']}", flush=True)
    if "pdf" in formats:
        from gongkai.core.report import read_report

        data = (cache / "long.pdf").read_bytes()
        t0 = time.perf_counter()
        try:
            read_report(data, "long.pdf")
            err = None
        except Exception as exc:  # reported, not fatal
            err = f"{type(exc).__name__}: {exc}"
        result["long_pdf"] = {"pages": _pdf_pages(data), "seconds": round(time.perf_counter() - t0, 2), "error": err,
                              "memory": measure_memory([cache / "long.pdf"])}
        lp = result["long_pdf"]
        print(f"long pdf: {lp['pages']} pages in {lp['seconds']} s, peak {lp['memory'].get('peak_mb')} MB "
              f"(target ≤ {TARGET_PEAK_MB} MB)")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "reading.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", "utf-8")
    write_markdown(args.out / "reading.md", result)
    print(f"wrote {args.out / 'reading.json'} and {args.out / 'reading.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
