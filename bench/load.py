"""Load on the production server: public pages and the staff queue of an agency with 100,000 applications.

    python -m bench.load                                      # SQLite and PostgreSQL, 16 clients x 2,000 requests
    python -m bench.load --requests 200 --applications 20000  # a quick look
    python -m bench.load --databases sqlite --workers 3

For each database: a fresh data dir (SQLite) or database `gk_load` on the shared PostgreSQL (dropped after),
`migrate`, then bench/load_data.py fills one agency with `--applications` applications and a staff user. The
production server (bench/harness.py `server_command`) runs with `--workers` processes. `--clients` client
threads, in a separate process so the server's CPU is not shared with the client's interpreter, each send
`--requests` requests back to back (closed loop, no think time) over fresh connections, in these mixes, one
after the other:

* public: `/`, `/apply/`, `/annual/`, `/reports/`, `/agencies/` and a static file, in turn;
* staff: the staff queue of the 100,000-application agency, logged in through the login form (one session per
  client), on a random page of the open tab (7 in 10) or of the full register (3 in 10);
* mixed: 12 of the 16 clients public, 4 staff.

Per kind of request: count, errors (anything but 200, or no answer), p50/p95/p99/max in milliseconds as the
client sees them. The client process's own CPU time is reported too. Results: bench/results/load.json and
load.md. Targets: public p95 ≤ 100 ms, staff queue p95 ≤ 300 ms, no errors.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from bench.harness import Server, manage, server_command, server_env

RESULTS = Path(__file__).parent / "results"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DB = "gk_load"
STATIC = "/static/gongkai/site.css"
PUBLIC = ["/", "/apply/", "/annual/", "/reports/", "/agencies/", STATIC]
PASSWORD = "bench-load-password"
TARGETS = {"public": 100.0, "static": 100.0, "staff": 300.0}
PAGE_SIZE = 50


# --- the client (run as `python -m bench.load --client`, JSON on stdin and stdout) ---------------------------

def _get(port: int, path: str, cookie: str | None = None) -> tuple[int, bytes, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        r = conn.getresponse()
        return r.status, r.read(), dict(r.getheaders())
    finally:
        conn.close()


def _login(port: int, username: str, password: str) -> str:
    """Log in through the staff login form; return the Cookie header of the session."""
    status, body, headers = _get(port, "/work/login/")
    csrf_cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not csrf_cookie or not token:
        raise SystemExit(f"login page: HTTP {status}")
    form = urllib.parse.urlencode({"username": username, "password": password,
                                   "csrfmiddlewaretoken": token.group(1).decode()})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", "/work/login/", body=form, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf_cookie.group(1)}"})
        r = conn.getresponse()
        r.read()
        session = re.search(r"sessionid=([^;]+)", r.getheader("Set-Cookie") or "")
        if r.status != 302 or not session:
            raise SystemExit(f"login failed: HTTP {r.status}")
        return f"sessionid={session.group(1)}"
    finally:
        conn.close()


def client_main() -> int:
    spec = json.loads(sys.stdin.read())
    port, requests = spec["port"], spec["requests"]
    public_paths = spec["public_paths"]
    open_pages, all_pages = spec["open_pages"], spec["all_pages"]
    results: list[tuple[str, float, int]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(spec["public_clients"] + spec["staff_clients"])

    def public(n: int):
        mine = []
        barrier.wait()
        for i in range(requests):
            path = public_paths[(n + i) % len(public_paths)]
            mine.append(_timed("static" if path.startswith("/static/") else "public", path, None))
        with lock:
            results.extend(mine)

    def staff(n: int):
        rng = random.Random(n)
        cookie = _login(port, spec["username"], spec["password"])
        mine = []
        barrier.wait()
        for _ in range(requests):
            if rng.random() < 0.7:
                path = f"/work/?which=open&page={rng.randint(1, open_pages)}"
            else:
                path = f"/work/?which=all&page={rng.randint(1, all_pages)}"
            mine.append(_timed("staff", path, cookie))
        with lock:
            results.extend(mine)

    def _timed(kind: str, path: str, cookie: str | None) -> tuple[str, float, int]:
        start = time.perf_counter()
        try:
            status, _, _ = _get(port, path, cookie)
        except (OSError, http.client.HTTPException):
            status = 0
        return kind, (time.perf_counter() - start) * 1000, status

    threads = [threading.Thread(target=public, args=(n,)) for n in range(spec["public_clients"])]
    threads += [threading.Thread(target=staff, args=(n,)) for n in range(spec["staff_clients"])]
    cpu0, wall0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cpu1, wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter() - wall0
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    json.dump({"results": results, "wall_s": wall, "client_cpu_s": cpu}, sys.stdout)
    return 0


# --- the driver -----------------------------------------------------------------------------------------------

def _percentile(sorted_ms: list[float], p: float) -> float:
    if not sorted_ms:
        return 0.0
    k = min(len(sorted_ms) - 1, max(0, round(p / 100 * len(sorted_ms) + 0.5) - 1))
    return sorted_ms[k]


def summarise(results: list) -> dict:
    kinds: dict[str, dict] = {}
    for kind in sorted({r[0] for r in results}):
        ms = sorted(r[1] for r in results if r[0] == kind)
        errors = sum(1 for r in results if r[0] == kind and r[2] != 200)
        statuses = sorted({r[2] for r in results if r[0] == kind and r[2] != 200})
        kinds[kind] = {"requests": len(ms), "errors": errors, "error_statuses": statuses,
                       "p50": round(_percentile(ms, 50), 1), "p95": round(_percentile(ms, 95), 1),
                       "p99": round(_percentile(ms, 99), 1), "max": round(ms[-1], 1)}
    return kinds


def _server_cpu(pid: int) -> float:
    """CPU seconds of the server's process group so far (master and workers), from /proc."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pid:  # process group id
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def run_mix(server: Server, name: str, *, public_clients: int, staff_clients: int, requests: int,
            open_pages: int, all_pages: int, public_paths: list[str]) -> dict:
    spec = {"port": server.port, "requests": requests, "public_clients": public_clients,
            "staff_clients": staff_clients, "username": "bench-handler", "password": PASSWORD,
            "open_pages": open_pages, "all_pages": all_pages, "public_paths": public_paths}
    cpu_before = _server_cpu(server.process.pid)
    load_before = os.getloadavg()[0]
    done = subprocess.run([sys.executable, "-m", "bench.load", "--client"], input=json.dumps(spec),
                          capture_output=True, text=True, check=True, timeout=3600)
    out = json.loads(done.stdout)
    server_cpu = _server_cpu(server.process.pid) - cpu_before
    total = len(out["results"])
    return {"mix": name, "clients": public_clients + staff_clients, "public_clients": public_clients,
            "staff_clients": staff_clients, "requests_per_client": requests, "requests": total,
            "seconds": round(out["wall_s"], 1), "throughput_rps": round(total / out["wall_s"], 1),
            "client_cpu_s": round(out["client_cpu_s"], 1),
            "client_cpu_share": round(out["client_cpu_s"] / out["wall_s"] / (os.cpu_count() or 1), 3),
            "server_cpu_s": round(server_cpu, 1),
            "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],  # 1-min, before and after
            "kinds": summarise(out["results"])}


def _pages(env: dict) -> tuple[int, int]:
    code = ("from gongkai.web.applications.models import Application as A; from gongkai.core.applications "
            "import workflow as w; q = A.objects.filter(agency__code='B-ZRZY'); "
            "print(q.filter(state__in=w.OPEN_STATES).count(), q.count())")
    open_n, all_n = (int(x) for x in manage(env, "shell", "-c", code).split()[-2:])
    return max(1, -(-open_n // PAGE_SIZE)), max(1, -(-all_n // PAGE_SIZE))


def run_database(vendor: str, args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"gongkai-load-{vendor}-"))
    url = None
    if vendor == "postgresql":
        import psycopg

        with psycopg.connect(args.pg_admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        url = args.pg_admin_url.rsplit("/", 1)[0] + f"/{PG_DB}"
    env = server_env(tmp, url)
    server = Server(env, workers=args.workers, log=tmp / "server.log")
    try:
        manage(env, "migrate", "--noinput")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bench.load_data", "--applications", str(args.applications),
                        "--password", PASSWORD], env=env, check=True, capture_output=True, timeout=1800)
        print(f"   {args.applications:,} applications loaded in {time.perf_counter() - started:.1f} s", flush=True)
        open_pages, all_pages = _pages(env)
        server.start()
        public_paths = list(PUBLIC)
        static_note = ""
        status, _, _ = _get(server.port, STATIC)
        if status != 200:
            public_paths.remove(STATIC)
            static_note = f"{STATIC} answered HTTP {status}: static files are not served by this server yet"
            print(f"   {static_note}", flush=True)
        for path in public_paths:  # warm every worker's caches a little
            for _ in range(args.workers):
                _get(server.port, path)
        mixes = []
        plan = [("public", args.clients, 0), ("staff", 0, args.clients),
                ("mixed", args.clients - args.clients // 4, args.clients // 4)]
        for name, pub, staff in plan:
            if args.mixes and name not in args.mixes:
                continue
            mix = run_mix(server, name, public_clients=pub, staff_clients=staff, requests=args.requests,
                          open_pages=open_pages, all_pages=all_pages, public_paths=public_paths)
            mixes.append(mix)
            line = ", ".join(f"{k} p50 {v['p50']} p95 {v['p95']} p99 {v['p99']} max {v['max']} err {v['errors']}"
                             for k, v in mix["kinds"].items())
            print(f"   {name}: {mix['throughput_rps']} req/s, client CPU {mix['client_cpu_share']:.0%}; {line}",
                  flush=True)
        return {"database": vendor, "applications": args.applications, "open_pages": open_pages,
                "all_pages": all_pages, "static_note": static_note, "mixes": mixes}
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
        if url:
            import psycopg

            with psycopg.connect(args.pg_admin_url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")


def _verdict(kind: str, k: dict) -> str:
    target = TARGETS[kind]
    ok = k["p95"] <= target and k["errors"] == 0
    return f"{'met' if ok else '**missed**'} (p95 ≤ {target:.0f} ms, 0 errors)"


def write_markdown(result: dict) -> None:
    cmd = " ".join(["python -m bench.load", *result["argv"]])
    lines = ["# Load on the production server", "",
             f"`{cmd}` — see bench/README.md.", "",
             f"Machine: {result['machine']['cpus']} CPUs ({result['machine']['cpu']}), {result['machine']['platform']}, "
             f"Python {result['machine']['python']}; shared with other work, so numbers vary between runs. Server: "
             f"`gongkai {' '.join(result['server_command'][3:]).replace(':0 ', ':PORT ')}` "
             f"({result['workers']} workers). Clients: threads of one separate Python process, closed loop (each "
             "sends its next request when the last is answered), a new connection per request, loopback.", ""]
    for db in result["databases"]:
        lines += [f"## {db['database']}: {db['applications']:,} applications in the queue's agency", ""]
        if db["static_note"]:
            lines += [f"Static file left out: {db['static_note']}.", ""]
        lines += ["| mix | clients | kind | requests | errors | p50 ms | p95 ms | p99 ms | max ms | target |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for mix in db["mixes"]:
            for kind, k in mix["kinds"].items():
                lines.append(f"| {mix['mix']} | {mix['clients']} | {kind} | {k['requests']:,} | {k['errors']}"
                             f"{' ' + str(k['error_statuses']) if k['error_statuses'] else ''} | {k['p50']} | "
                             f"{k['p95']} | {k['p99']} | {k['max']} | {_verdict(kind, k)} |")
        lines += ["", "| mix | seconds | requests/s | client CPU s (share of the machine) | server CPU s | "
                  "load average before → after |", "|---|---|---|---|---|---|"]
        for mix in db["mixes"]:
            lines.append(f"| {mix['mix']} | {mix['seconds']} | {mix['throughput_rps']} | {mix['client_cpu_s']} "
                         f"({mix['client_cpu_share']:.0%}) | {mix['server_cpu_s']} | "
                         f"{mix['load_average'][0]} → {mix['load_average'][1]} |")
        lines.append("")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.md").write_text("\n".join(lines) + "\n" + result.get("notes", ""))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--client"]:
        return client_main()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--mixes", nargs="+", choices=["public", "staff", "mixed"])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=2000, help="requests per client and mix")
    # Sync workers serve one request each: with 16 clients, 8 let the kernel share the 2 cores between short
    # public pages and 20-30 ms queue pages, where 4 made public pages wait behind queue pages (p95 248 ms
    # against 166 ms in one comparison on this machine).
    parser.add_argument("--workers", type=int, default=8, help="server worker processes")
    parser.add_argument("--pg-admin-url", default=PG_ADMIN_URL)
    parser.add_argument("--out", default=None, help="write results here instead of bench/results")
    args = parser.parse_args(argv)
    global RESULTS
    if args.out:
        RESULTS = Path(args.out)
    databases = []
    for vendor in args.databases:
        print(f"== {vendor}: {args.clients} clients x {args.requests} requests, {args.workers} workers", flush=True)
        databases.append(run_database(vendor, args))
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    result = {"argv": argv, "workers": args.workers, "server_command": server_command(0, args.workers),
              "machine": {"cpus": os.cpu_count(), "cpu": cpu, "platform": platform.platform(),
                          "python": platform.python_version()},
              "databases": databases}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    write_markdown(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
