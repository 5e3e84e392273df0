"""Whole process against whole process: wall and CPU time of `gongkai parse FILE...` as a user runs it.

Python's start, the imports and the reading all count, as they do for any peer tool run from the shell.
Measured on the realistic documents of the test suite (hand-written reports of every text format), as
one process for all files and as one process per file, next to the bare costs (an empty Python, the
imports alone).

    .venv/bin/python -m bench.parse_process                 # 26 files, best of 5
    .venv/bin/python -m bench.parse_process --files 10 --repeats 3

Writes bench/results/parse-process.json and parse-process.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALISTIC = ROOT / "tests" / "documents" / "realistic"
RESULTS = ROOT / "bench" / "results"


def pick_files(count: int) -> list[Path]:
    """`count` documents, formats mixed: every non-txt one first (there are few), then txt in name order."""
    docs = sorted(p for p in REALISTIC.iterdir() if not p.name.endswith(".expected.json"))
    others = [p for p in docs if p.suffix != ".txt"]
    txt = [p for p in docs if p.suffix == ".txt"]
    return (others + txt)[:count]


def gongkai_command() -> list[str]:
    exe = Path(sys.executable).with_name("gongkai")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "gongkai.cli"]


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run of `cmd` as a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd[:3])}… exited {done.returncode}: {done.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def best_of(repeats: int, run) -> dict:
    samples = [run() for _ in range(repeats)]
    walls = [w for w, _ in samples]
    cpus = [c for _, c in samples]
    return {
        "wall_s_best": round(min(walls), 4),
        "wall_s_median": round(statistics.median(walls), 4),
        "cpu_s_best": round(min(cpus), 4),
        "cpu_s_median": round(statistics.median(cpus), 4),
    }


def per_file_run(cmd: list[str], files: list[Path]) -> tuple[float, float]:
    wall = cpu = 0.0
    for f in files:
        w, c = timed([*cmd, "parse", str(f)])
        wall += w
        cpu += c
    return wall, cpu


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=26, help="how many realistic documents (default 26)")
    ap.add_argument("--repeats", type=int, default=5, help="runs of each measurement; best and median kept")
    ap.add_argument("--out", type=Path, default=RESULTS, help="directory for parse-process.json/.md")
    args = ap.parse_args(argv)

    files = pick_files(args.files)
    cmd = gongkai_command()
    # Warm the bytecode caches so the first run does not pay for compiling.
    timed([*cmd, "parse", str(files[0])])

    py = [sys.executable]
    rows = {
        "python_empty": best_of(args.repeats, lambda: timed([*py, "-c", "pass"])),
        "import_reader": best_of(args.repeats, lambda: timed([*py, "-c", "import gongkai.core.report"])),
        "gongkai_help": best_of(args.repeats, lambda: timed([*cmd, "--help"])),
        "parse_one_file": best_of(args.repeats, lambda: timed([*cmd, "parse", str(files[0])])),
        "parse_all_one_process": best_of(args.repeats, lambda: timed([*cmd, "parse", *map(str, files)])),
        "parse_all_process_per_file": best_of(max(1, args.repeats // 2), lambda: per_file_run(cmd, files)),
    }
    formats: dict[str, int] = {}
    for f in files:
        formats[f.suffix.lstrip(".")] = formats.get(f.suffix.lstrip("."), 0) + 1
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "files": [f.name for f in files],
        "formats": formats,
        "repeats": args.repeats,
        "rows": rows,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "parse-process.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    labels = {
        "python_empty": "`python -c pass` (interpreter start)",
        "import_reader": "`python -c 'import gongkai.core.report'` (start + reader imports)",
        "gongkai_help": "`gongkai --help`",
        "parse_one_file": f"`gongkai parse` one file ({files[0].name})",
        "parse_all_one_process": f"`gongkai parse` {len(files)} files, one process",
        "parse_all_process_per_file": f"`gongkai parse` {len(files)} files, one process each (sum)",
    }
    lines = [
        "# `gongkai parse` as a whole process",
        "",
        f"{result['date']} · Python {result['python']} · {result['cpus']} CPUs · load average "
        f"{result['load_average'][0]} (the machine is shared: CPU seconds are the process's own)",
        "",
        f"Files: {len(files)} realistic documents ({', '.join(f'{n} {k}' for k, n in sorted(formats.items()))}); "
        f"best and median of {args.repeats} runs (process-per-file: of {max(1, args.repeats // 2)}).",
        "",
        "| run | wall s (best) | wall s (median) | CPU s (best) | CPU s (median) |",
        "|---|---|---|---|---|",
    ]
    for key, row in rows.items():
        lines.append(
            f"| {labels[key]} | {row['wall_s_best']:.3f} | {row['wall_s_median']:.3f} | "
            f"{row['cpu_s_best']:.3f} | {row['cpu_s_median']:.3f} |"
        )
    (args.out / "parse-process.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
