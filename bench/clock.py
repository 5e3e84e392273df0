"""Clock benchmark: due dates per second on one core (`python -m bench.clock`).

A deterministic, realistic mix of cases over 2023–2027 (received dates spread over the years; plain cases,
corrections, consultations and fee pauses, open pauses, extensions; some cross into 2027, which has no
calendar data and gives provisional dates), computed with `compute_deadline` on the official calendar in a
single process. The calendar's per-year indexes are warmed first (as in a long-running server). Writes
bench/results/clock.json and bench/results/clock.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from gongkai.core.clock import Pause, WorkCalendar, compute_deadline, package_years

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_PER_SECOND = 20_000
FIRST, LAST = date(2023, 1, 1), date(2027, 6, 30)

# Share of each kind of case (roughly an office's mix: most applications are answered in the plain period).
MIX = (
    ("plain", 55),
    ("correction", 15),
    ("pause", 12),
    ("extension", 10),
    ("pause+extension", 5),
    ("open_pause", 3),
)


def make_cases(n: int, seed: int) -> list[tuple[str, date, dict]]:
    rng = random.Random(seed)
    kinds = [k for k, w in MIX for _ in range(w)]
    span = (LAST - FIRST).days
    cases = []
    for _ in range(n):
        kind = rng.choice(kinds)
        received = FIRST + timedelta(days=rng.randrange(span))
        kw: dict = {}
        if kind == "correction":
            kw["correction_received"] = received + timedelta(days=rng.randint(3, 30))
        if "pause" in kind:
            pauses = []
            for _ in range(rng.choice((1, 1, 1, 2))):
                start = received + timedelta(days=rng.randint(2, 25))
                kind_ = rng.choice(("third_party", "consultation", "fee"))
                if kind == "open_pause":
                    pauses.append(Pause(start, None, kind_))
                    kw["as_of"] = start + timedelta(days=rng.randint(0, 20))
                    break
                pauses.append(Pause(start, start + timedelta(days=rng.randint(0, 20)), kind_))
            kw["pauses"] = pauses
        if "extension" in kind:
            kw["extension_days"] = rng.randint(1, 20)
        cases.append((kind, received, kw))
    return cases


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
    }


def run(n: int, seed: int, repeats: int) -> dict:
    cases = make_cases(n, seed)
    # Cold start: a new calendar (package data already loaded) and the first due date over five years.
    package_years()
    t0 = time.perf_counter()
    cold = WorkCalendar(package_years())
    compute_deadline(date(2026, 9, 28), calendar=cold, extension_days=5)
    cold_ms = (time.perf_counter() - t0) * 1000
    cal = WorkCalendar.official()
    # Warm the per-year indexes and explanation tables (a server computes many due dates per process).
    for _, received, kw in cases[:200]:
        compute_deadline(received, calendar=cal, **kw)
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _, received, kw in cases:
            compute_deadline(received, calendar=cal, **kw)
        rates.append(n / (time.perf_counter() - t0))
    per_kind = {}
    for kind, _ in MIX:
        subset = [c for c in cases if c[0] == kind]
        t0 = time.perf_counter()
        for _, received, kw in subset:
            compute_deadline(received, calendar=cal, **kw)
        per_kind[kind] = {"cases": len(subset), "per_second": round(len(subset) / (time.perf_counter() - t0))}
    results = [compute_deadline(r, calendar=cal, **kw) for _, r, kw in cases]
    return {
        "machine": machine(),
        "cases": n,
        "seed": seed,
        "repeats": repeats,
        "mix": dict(Counter(kind for kind, _, _ in cases)),
        "provisional": sum(d.provisional for d in results),
        "paused": sum(d.paused for d in results),
        "per_second_median": round(statistics.median(rates)),
        "per_second_runs": [round(r) for r in rates],
        "per_kind": per_kind,
        "target_per_second": TARGET_PER_SECOND,
        "met": statistics.median(rates) >= TARGET_PER_SECOND,
        "cold_start_ms": round(cold_ms, 2),
        "mean_explanation_lines": round(statistics.mean(len(d.explanation) for d in results), 2),
    }


def write_markdown(path: Path, r: dict) -> None:
    m = r["machine"]
    lines = [
        "# Clock benchmark",
        "",
        f"{m['date']} · Python {m['python']} · {m['cpu_count']} CPUs ({m['cpu']}) · {m['platform']}",
        "",
        f"`compute_deadline` on the official calendar, one process (one core): {r['cases']} cases received "
        f"{FIRST}–{LAST} (seed {r['seed']}), {r['repeats']} timed passes after a warm-up, explanation included.",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| due dates per second (median of passes) | {r['per_second_median']:,} | "
        f"≥{TARGET_PER_SECOND:,} {'✓' if r['met'] else '✗'} |",
        f"| passes | {', '.join(f'{x:,}' for x in r['per_second_runs'])} | |",
        f"| provisional results (span reaches 2027) | {r['provisional']} | |",
        f"| open pauses (paused) | {r['paused']} | |",
        f"| mean explanation lines | {r['mean_explanation_lines']} | |",
        f"| cold start: new calendar + first due date (ms) | {r['cold_start_ms']} | |",
        "",
        "| case kind | cases | due dates/s |",
        "|---|---|---|",
        *(f"| {k} | {v['cases']} | {v['per_second']:,} |" for k, v in r["per_kind"].items()),
        "",
    ]
    path.write_text("\n".join(lines), "utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.clock", description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    result = run(args.cases, args.seed, args.repeats)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "clock.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
    write_markdown(args.out / "clock.md", result)
    print(
        f"{result['per_second_median']:,} due dates/s (target ≥{TARGET_PER_SECOND:,}: "
        f"{'met' if result['met'] else 'NOT met'}); results in {args.out}/clock.{{json,md}}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
