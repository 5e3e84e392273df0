"""The measuring process's own peak memory, for the benchmarks' fresh worker processes."""

from __future__ import annotations

from pathlib import Path


def peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM). Not getrusage's ru_maxrss: Linux carries that over fork and exec
    from the parent, so a worker started by a benchmark that just generated its corpus would report the
    generator's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError("no VmHWM in /proc/self/status")
