"""Website monitor benchmark: 1,000 local fixture sites checked through the real fetcher
(`python -m bench.monitor [--sites 1000] [--hosts 50] [--workers 32] [--host-interval-ms 20]`).

A child process serves the fixture sites on loopback only: `--hosts` HTTP servers on 127.0.0.1, each on its
own port (a "host" for the per-host rate limit, whose key is host:port), each holding sites/hosts sites under
/s<k>/. Every site is one of the demo's fixture layouts (gongkai.web.supervision.sites.demo_web: a county
portal whose links work, an archive with six columns, a town whose item links are broken), rendered with its
dates shifted by the site's number, so some columns are fresh and others stale.

The parent checks every site with `gongkai.web.supervision.monitoring.run_check` — the same code as the CLI and
the scheduled tasks: home page, every column (automatic list detection), 5 links per column — through the safe
fetcher (GONGKAI_MONITOR_ALLOW_PRIVATE for loopback, robots.txt asked per host, the per-host minimum interval)
in a thread pool of `--workers`. The servers record each request's arrival per host, so the results show
the smallest gap seen between two requests to one host next to the configured interval.

Writes bench/results/monitor.json and bench/results/monitor.md. Target: 1,000 sites within 5 minutes.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import statistics
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_SECONDS = 300
LAYOUTS = ("county", "archives", "town")


def _site_layout(k: int) -> tuple[str, int]:
    """(layout, days its dates are shifted back): 0-39 days, so a news column is stale when > 14."""
    return LAYOUTS[k % len(LAYOUTS)], (k * 7) % 40


def _serve(sites_per_host: int, hosts: int, today: date, ports_out, stop_event) -> None:
    from gongkai.web.supervision.sites.demo import page_text

    arrivals: dict[int, list[float]] = {}
    lock = threading.Lock()

    def handler_for(host_index: int):
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802
                with lock:
                    arrivals.setdefault(host_index, []).append(time.monotonic())
                path = self.path.split("?", 1)[0]
                if path == "/__stats":
                    gaps = []
                    with lock:
                        for times in arrivals.values():
                            times = sorted(times)
                            gaps += [b - a for a, b in zip(times, times[1:], strict=False)]
                        total = sum(len(t) for t in arrivals.values())
                    body = json.dumps({"requests": total, "min_gap_ms": round(1000 * min(gaps), 2) if gaps else None,
                                       "p01_gap_ms": round(1000 * sorted(gaps)[len(gaps) // 100], 2) if gaps else None
                                       }).encode()
                    return self._send(200, body, "application/json")
                text = None
                parts = path.lstrip("/").split("/", 1)
                if len(parts) == 2 and parts[0].startswith("s") and parts[0][1:].isdigit():
                    k = host_index * sites_per_host + int(parts[0][1:])
                    layout, shift = _site_layout(k)
                    text = page_text(layout, parts[1], today=today - timedelta(days=shift))
                if text is None:
                    return self._send(404, b"<h1>404</h1>", "text/html")
                return self._send(200, text.encode("utf-8"), "text/html; charset=utf-8")

            def _send(self, status, body, ctype):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler

    servers = []
    for h in range(hosts):
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(h))
        httpd.daemon_threads = True
        httpd.request_queue_size = 256
        servers.append(httpd)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
    ports_out.put([s.server_address[1] for s in servers])
    stop_event.wait()
    for s in servers:
        s.shutdown()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sites", type=int, default=1000)
    ap.add_argument("--hosts", type=int, default=50)
    ap.add_argument("--workers", type=int, default=32)
    ap.add_argument("--host-interval-ms", type=int, default=20)
    ap.add_argument("--link-sample", type=int, default=5)
    args = ap.parse_args()
    if args.sites % args.hosts:
        ap.error("--sites must be a multiple of --hosts")

    from gongkai.web.supervision.fetcher import FetchPolicy, LocalLimiter, RobotsCache
    from gongkai.web.supervision.monitoring import ColumnSpec, Fetcher, run_check
    from gongkai.web.supervision.sites.demo import SITES

    today = date.today()
    per_host = args.sites // args.hosts
    ctx = mp.get_context("spawn")
    ports_q, stop = ctx.Queue(), ctx.Event()
    server = ctx.Process(target=_serve, args=(per_host, args.hosts, today, ports_q, stop), daemon=True)
    server.start()
    ports = ports_q.get(timeout=60)

    columns_of = {key: [(name, kind, path) for name, kind, path, _sel in cols] for key, _n, cols, _f in SITES}
    policy = FetchPolicy(allow_private=True, host_interval=args.host_interval_ms / 1000)
    class RecordingLimiter(LocalLimiter):
        """The real limiter, with the moment each request to a host was let go recorded."""

        def __init__(self):
            super().__init__()
            self.released: dict[str, list[float]] = {}
            self._rec = threading.Lock()

        def wait(self, host, interval):
            super().wait(host, interval)
            with self._rec:
                self.released.setdefault(host, []).append(self._next[host] - interval)  # the release time

    limiter = RecordingLimiter()
    fetcher = Fetcher(policy, limiter=limiter, robots=RobotsCache())

    def one(k: int):
        host, index = divmod(k, per_host)
        base = f"http://127.0.0.1:{ports[host]}/s{index}/"
        layout, _shift = _site_layout(k)
        specs = [ColumnSpec(url=base + path, kind=kind, name=name) for name, kind, path in columns_of[layout]]
        t0 = time.monotonic()
        run = run_check(base, specs, today=today, fetcher=fetcher, link_sample=args.link_sample)
        return k, time.monotonic() - t0, run.result

    cpu0 = time.process_time()
    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        outcomes = list(pool.map(one, range(args.sites)))
    wall = time.monotonic() - t0
    cpu = time.process_time() - cpu0

    import urllib.request
    with urllib.request.urlopen(f"http://127.0.0.1:{ports[0]}/__stats", timeout=10) as r:  # noqa: S310 (loopback)
        stats = json.load(r)
    stop.set()
    server.join(timeout=10)

    client_gaps = [b - a for times in limiter.released.values() for a, b in zip(sorted(times), sorted(times)[1:],
                                                                                   strict=False)]
    client_min_gap = round(1000 * min(client_gaps), 2) if client_gaps else None
    per_site = sorted(s for _k, s, _r in outcomes)
    unreachable = sum(1 for _k, _s, r in outcomes if not r.reachable)
    codes = Counter(f.code for _k, _s, r in outcomes for f in r.findings)
    stale = Counter(c.kind for _k, _s, r in outcomes for c, is_stale in r.columns if is_stale)
    column_errors = sum(1 for _k, _s, r in outcomes for c, _st in r.columns if not c.reachable)
    result = {
        "sites": args.sites, "hosts": args.hosts, "workers": args.workers, "host_interval_ms": args.host_interval_ms,
        "link_sample": args.link_sample, "seconds": round(wall, 2), "sites_per_second": round(args.sites / wall, 1),
        "cpu_seconds_client": round(cpu, 2), "requests_served": stats["requests"] - 1,
        "requests_per_second": round((stats["requests"] - 1) / wall, 1),
        "per_site_seconds": {"p50": round(statistics.median(per_site), 3),
                             "p95": round(per_site[int(len(per_site) * 0.95) - 1], 3), "max": round(per_site[-1], 3)},
        "min_gap_between_request_starts_to_one_host_ms": client_min_gap,
        "min_gap_between_arrivals_at_one_host_ms": stats["min_gap_ms"],
        "p01_arrival_gap_ms": stats["p01_gap_ms"],
        "unreachable_sites": unreachable, "unreachable_columns": column_errors,
        "stale_columns": dict(stale), "findings": dict(sorted(codes.items())),
        "target_seconds": TARGET_SECONDS, "met": wall <= TARGET_SECONDS and unreachable == 0 and column_errors == 0,
        "machine": {"cpu": platform.processor() or platform.machine(), "cpus": os.cpu_count(),
                    "python": platform.python_version(), "loadavg": [round(x, 2) for x in os.getloadavg()]},
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "monitor.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
    md = [
        "# Website monitor benchmark (`python -m bench.monitor`)", "",
        f"{args.sites} local fixture sites on {args.hosts} loopback hosts (ports), checked through the real safe "
        f"fetcher with {args.workers} threads, a per-host minimum interval of {args.host_interval_ms} ms and "
        f"{args.link_sample} links per column; home page, every column and the link sample of each site.", "",
        "| measure | value |", "|---|---|",
        f"| total time | **{wall:.1f} s** (target ≤ {TARGET_SECONDS} s: {'met' if result['met'] else 'NOT met'}) |",
        f"| sites per second | {result['sites_per_second']} |",
        f"| requests served | {result['requests_served']} ({result['requests_per_second']}/s) |",
        f"| per site p50 / p95 / max | {result['per_site_seconds']['p50']} / {result['per_site_seconds']['p95']} / "
        f"{result['per_site_seconds']['max']} s |",
        f"| smallest gap between two requests sent to one host (client side) | {client_min_gap} ms (interval "
        f"{args.host_interval_ms} ms) |",
        f"| smallest gap between two arrivals at one host (server side; 1st percentile) | {stats['min_gap_ms']} ms "
        f"({stats['p01_gap_ms']} ms): connection set-up jitter, not the limiter |",
        f"| client CPU | {cpu:.1f} s |",
        f"| unreachable sites / columns | {unreachable} / {column_errors} |",
        f"| stale columns by kind | {dict(stale)} |",
        f"| findings | {dict(sorted(codes.items()))} |",
        "",
        f"Machine: {result['machine']['cpus']} CPUs, Python {result['machine']['python']}, load average "
        f"{result['machine']['loadavg']}; {result['date']}. The fixture servers run in a child process on the "
        "same machine, so they share its cores with the checking threads.",
    ]
    (RESULTS / "monitor.md").write_text("\n".join(md) + "\n", "utf-8")
    print("\n".join(md))
    return 0 if result["met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
