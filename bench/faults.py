"""Faults during submissions: the production server SIGKILLed, or PostgreSQL restarted, while applicants submit.

    python -m bench.faults --submissions 1000                 # SIGKILLs on SQLite, then a PostgreSQL restart
    python -m bench.faults --submissions 200 --kills 3 --only sigkill
    python -m bench.faults --submissions 300 --only pg-restart

Applicants submit through the real public form: GET `/apply/<agency>/` (session cookie, CSRF token, the form's
idempotency key), POST the fields, follow the redirect to the receipt page and read the tracking code there.
An application is *acknowledged* when its receipt page with a tracking code has been read. A client whose
request fails (refused connection, reset, timeout, a 5xx) retries the same POST — same session, same key —
until it is acknowledged (bounded by `--deadline` seconds per submission).

* sigkill: at random points of the run (seeded) the server's whole process group gets SIGKILL and the server
  is started again; the clients keep retrying meanwhile.
* pg-restart: the server runs on a private PostgreSQL cluster (initdb'd in a temp dir as the postgres user;
  the machine's shared PostgreSQL is never touched), which is restarted (`pg_ctl restart -m fast`) at random
  points. The server is *not* restarted: its kept connections must recover on their own (CONN_HEALTH_CHECKS).

Afterwards the database is read: every acknowledged application must be there exactly once with the tracking
code its applicant was shown and its idempotency key, and no key may be stored twice. Results:
bench/results/faults.json and faults.md.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import json
import os
import platform
import random
import re
import shutil
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from bench.harness import (
    PrivatePostgres,
    Server,
    manage,
    private_postgres_problem,
    server_command,
    server_env,
)

RESULTS = Path(__file__).parent / "results"
AGENCY = "F-GOV"
SETUP = """
from gongkai.web.agencies.services import agency_upsert
region, _ = agency_upsert(code="F", name="故障市", level="region")
agency_upsert(code="F-GOV", name="故障市人民政府", level="government", parent=region)
"""
READ_BACK = """
import json
from gongkai.web.applications.models import Application
rows = list(Application.objects.filter(agency__code="F-GOV").values_list("tracking_code", "idempotency_key"))
print(json.dumps(rows))
"""
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(i: int) -> str:
    """A valid resident ID number (checksum included), distinct for each i < 365 * 40 * 1000."""
    born = date(1960, 1, 1) + timedelta(days=i % (365 * 40))
    body = f"110105{born:%Y%m%d}{(i // (365 * 40)) % 1000:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def form_fields(i: int) -> dict[str, str]:
    surname, given = "赵钱孙李周吴郑王冯陈"[i % 10], "伟芳娜敏静丽强磊洋艳"[(i // 10) % 10]
    return {
        "applicant_type": "natural_person", "person_name": f"{surname}{given}", "id_kind": "resident_id",
        "id_number": resident_id(i), "phone": f"138{i:08d}"[-11:], "email": f"applicant{i}@example.org",
        "address": f"故障市人民路{i % 500 + 1}号", "postcode": "100000",
        "title": f"{2020 + i % 6}年第{i}号地块征收补偿方案", "doc_number": f"故政发〔{2020 + i % 6}〕{i % 90 + 1}号",
        "description": "公布的补偿标准及附件", "purpose": "", "delivery_form": "electronic",
        "delivery_method": "email",
    }


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')
CODE = re.compile(r'class="tracking-code">([0-9A-Z-]+)<')


class Retry(Exception):
    """A failure the client retries: the server was unreachable or answered 5xx."""


@dataclass
class Outcome:
    index: int
    key: str = ""
    code: str = ""  # normalised (no dashes) once acknowledged
    attempts: int = 0
    retries: int = 0
    server_errors: int = 0
    interrupted: int = 0  # 400 SessionInterrupted: the session could not be saved
    error: str = ""


@dataclass
class Run:
    base: str
    submissions: int
    clients: int
    deadline: float
    outcomes: list[Outcome] = field(default_factory=list)
    acknowledged: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)


def _request(opener, url: str, data: dict | None = None) -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with opener.open(url, data=body, timeout=15) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        status, page = e.code, e.read().decode(errors="replace")
        e.close()
        if status >= 500:
            raise Retry(f"HTTP {status}") from None
        return status, page
    except (urllib.error.URLError, OSError, http.client.HTTPException) as e:
        # Refused, reset, timed out, or cut mid-answer (IncompleteRead) by the kill: send again.
        raise Retry(type(e).__name__) from None


def submit_one(run: Run, i: int) -> Outcome:
    """One applicant: open the form until it is served, then send it until the receipt is read."""
    out = Outcome(index=i)
    url = f"{run.base}/apply/{AGENCY}/"
    end = time.monotonic() + run.deadline
    opener = None
    form: dict[str, str] | None = None
    while time.monotonic() < end and not run.stop.is_set():
        out.attempts += 1
        try:
            if form is None:  # a fresh session (cookie jar) for a fresh form
                opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
                status, page = _request(opener, url)
                token, key = TOKEN.search(page), KEY.search(page)
                if status != 200 or not token or not key:
                    out.error = f"form page: HTTP {status}"
                    return out
                out.key = key.group(1)
                form = {**form_fields(i), "csrfmiddlewaretoken": token.group(1), "idempotency_key": out.key}
            status, page = _request(opener, url, form)  # follows the redirect to the receipt page
            code = CODE.search(page)
            if status == 200 and code:
                out.code = code.group(1).replace("-", "")
                with run.lock:
                    run.acknowledged += 1
                return out
            if status == 400 and not KEY.search(page):
                # Not the form with its messages but Django's bare 400: the session could not be saved
                # because the database went away mid-request (SessionInterrupted). Safe to send again.
                raise Retry("HTTP 400 (session not saved)")
            problems = re.findall(r'class="(?:errorlist|alert)[^"]*"[^>]*>\s*(?:<li>)?([^<]+)', page)
            out.error = f"POST answered HTTP {status} without a receipt: {problems[:3]}"
            return out
        except Retry as e:
            out.retries += 1
            out.server_errors += str(e).startswith("HTTP 5")
            out.interrupted += str(e).startswith("HTTP 400")
            time.sleep(0.1)
    out.error = out.error or f"not acknowledged within {run.deadline:.0f} s"
    return out


def _clients(run: Run) -> list[threading.Thread]:
    counter = iter(range(run.submissions))
    lock = threading.Lock()

    def work():
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            try:
                outcome = submit_one(run, i)
            except Exception as e:  # a client bug must show as a failed submission, not a lost thread
                outcome = Outcome(index=i, error=f"client error: {e!r}")
            with run.lock:
                run.outcomes.append(outcome)

    return [threading.Thread(target=work, daemon=True) for _ in range(run.clients)]


def _fault_points(submissions: int, faults: int, rng: random.Random) -> list[int]:
    """Acknowledgement counts at which to strike: random, inside the run, apart from each other."""
    low, high = submissions // 10, submissions * 9 // 10
    return sorted(rng.sample(range(low, high), faults)) if faults else []


def drive(run: Run, points: list[int], strike, *, timeout: float) -> list[dict]:
    """Run the clients; when the acknowledged count reaches each point (plus a random 0-300 ms), call strike().
    Returns what each strike reported."""
    threads = _clients(run)
    for t in threads:
        t.start()
    events = []
    end = time.monotonic() + timeout
    pending = list(points)
    rng = random.Random(len(points))
    while any(t.is_alive() for t in threads) and time.monotonic() < end:
        if pending and run.acknowledged >= pending[0]:
            pending.pop(0)
            time.sleep(rng.uniform(0, 0.3))  # not always just after a receipt
            started = time.monotonic()
            info = strike()
            events.append({"at_acknowledged": run.acknowledged, "seconds": round(time.monotonic() - started, 2),
                           **(info or {})})
        time.sleep(0.01)
    run.stop.set()
    for t in threads:
        t.join(30)
    return events


def verify(env: dict[str, str], run: Run) -> dict:
    """Read the database back and compare with what the applicants were shown."""
    rows = json.loads(manage(env, "shell", "-c", READ_BACK).strip().splitlines()[-1])
    by_code: dict[str, list[str]] = {}
    by_key: dict[str, int] = {}
    for code, key in rows:
        by_code.setdefault(code, []).append(key)
        by_key[key] = by_key.get(key, 0) + 1
    acked = [o for o in run.outcomes if o.code]
    missing = [o.code for o in acked if o.code not in by_code]
    wrong_key = [o.code for o in acked if o.code in by_code and by_code[o.code] != [o.key]]
    twice = [k for k, n in by_key.items() if n > 1]
    return {
        "submissions": run.submissions, "acknowledged": len(acked), "rows": len(rows),
        "missing": missing, "wrong_key": wrong_key, "stored_twice": twice,
        "unacknowledged": [{"index": o.index, "error": o.error} for o in run.outcomes if not o.code][:20],
        "retries": sum(o.retries for o in run.outcomes),
        "server_errors": sum(o.server_errors for o in run.outcomes),
        "sessions_interrupted": sum(o.interrupted for o in run.outcomes),
        "ok": len(acked) == run.submissions and not missing and not wrong_key and not twice,
    }


def _prepare(env: dict[str, str]) -> None:
    manage(env, "migrate", "--noinput")
    manage(env, "shell", "-c", SETUP)


def run_sigkill(*, submissions: int, kills: int, clients: int = 8, workers: int = 2, seed: int = 1,
                deadline: float = 120, database_url: str | None = None, data_dir: Path | None = None) -> dict:
    tmp = data_dir or Path(tempfile.mkdtemp(prefix="gongkai-faults-"))
    env = server_env(tmp, database_url, GONGKAI_SUBMIT_RATE_PER_HOUR="1000000")
    _prepare(env)
    server = Server(env, workers=workers, log=tmp / "server.log")
    server.start()
    run = Run(base=server.base, submissions=submissions, clients=clients, deadline=deadline)
    rng = random.Random(seed)

    def strike():
        server.kill()
        down = time.monotonic()
        server.start()
        return {"restart_seconds": round(time.monotonic() - down, 2)}

    started = time.monotonic()
    try:
        events = drive(run, _fault_points(submissions, kills, rng), strike, timeout=deadline * 4 + 60 * kills)
    finally:
        elapsed = time.monotonic() - started
        server.stop()
    result = {"fault": "sigkill", "database": "postgresql" if database_url else "sqlite", "kills": len(events),
              "clients": clients, "workers": workers, "seconds": round(elapsed, 1), "events": events,
              "server_starts": server.starts, **verify(env, run)}
    if data_dir is None:
        shutil.rmtree(tmp, ignore_errors=True)
    return result


def run_pg_restart(*, submissions: int, restarts: int, clients: int = 8, workers: int = 2, seed: int = 2,
                   deadline: float = 120) -> dict:
    problem = private_postgres_problem()
    if problem:
        raise RuntimeError(f"cannot start a private PostgreSQL: {problem}")
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-faults-pg-"))
    pg = PrivatePostgres()
    server = None
    try:
        pg.start()
        env = server_env(tmp, pg.url, GONGKAI_SUBMIT_RATE_PER_HOUR="1000000")
        _prepare(env)
        server = Server(env, workers=workers, log=tmp / "server.log")
        server.start()
        pid = server.process.pid
        run = Run(base=server.base, submissions=submissions, clients=clients, deadline=deadline)
        rng = random.Random(seed)

        def strike():
            pg.restart()
            return {"server_alive": server.alive()}

        started = time.monotonic()
        events = drive(run, _fault_points(submissions, restarts, rng), strike, timeout=deadline * 4 + 60 * restarts)
        elapsed = time.monotonic() - started
        # One more restart with no client about, then as many pages as there are workers, twice: each worker's
        # kept connection is now dead, and every one of these first requests must still be served, without a
        # retry and by the same server.
        pg.restart()
        after = []
        for _ in range(2 * workers):
            try:
                with urllib.request.urlopen(f"{server.base}/apply/{AGENCY}/", timeout=10) as r:
                    after.append(r.status)
            except urllib.error.HTTPError as e:
                after.append(e.code)
        same_server = server.alive() and server.process.pid == pid and server.starts == 1
        result = {"fault": "pg-restart", "database": "postgresql (private cluster)", "restarts": len(events),
                  "clients": clients, "workers": workers, "seconds": round(elapsed, 1), "events": events,
                  "server_restarted": not same_server, "status_after": after, **verify(env, run)}
        result["ok"] = result["ok"] and same_server and all(s == 200 for s in after)
        return result
    finally:
        if server is not None:
            server.stop()
        pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def _write_markdown(results: list[dict], argv: list[str]) -> None:
    lines = ["# Faults during submissions", "",
             f"`python -m bench.faults {' '.join(argv)}` — see bench/README.md. Machine: {os.cpu_count()} CPUs, "
             f"{platform.platform()}, Python {platform.python_version()}. Server: the production server, "
             f"`gongkai {' '.join(server_command(0, results[0]['workers'])[3:]).replace(':0 ', ':PORT ')}`, "
             "clients are threads of the benchmark process, on loopback.", ""]
    for r in results:
        faults = r.get("kills", r.get("restarts"))
        lines += [f"## {r['fault']} on {r['database']}", "",
                  "| submissions | acknowledged | rows in DB | missing | stored twice | wrong key | faults | "
                  "client retries | 5xx seen | 400 session interrupted | seconds |",
                  "|---|---|---|---|---|---|---|---|---|---|---|",
                  f"| {r['submissions']} | {r['acknowledged']} | {r['rows']} | {len(r['missing'])} | "
                  f"{len(r['stored_twice'])} | {len(r['wrong_key'])} | {faults} | {r['retries']} | "
                  f"{r['server_errors']} | {r['sessions_interrupted']} | {r['seconds']} |", ""]
        if r["fault"] == "sigkill":
            secs = [e["restart_seconds"] for e in r["events"]]
            if secs:
                lines.append(f"Each kill took the whole server down (SIGKILL to master and workers); the restart "
                             f"answered again after {min(secs)}–{max(secs)} s. "
                             f"Kills fell at acknowledged counts {[e['at_acknowledged'] for e in r['events']]}.")
        else:
            lines.append(f"PostgreSQL restarted (fast) at acknowledged counts "
                         f"{[e['at_acknowledged'] for e in r['events']]}, "
                         f"{min(e['seconds'] for e in r['events'])}–{max(e['seconds'] for e in r['events'])} s each; "
                         f"server restarted: {'yes' if r['server_restarted'] else 'no'}; "
                         f"after one more restart with no client about, the next {len(r['status_after'])} form "
                         f"pages (every worker's kept connection dead) answered {r['status_after']}.")
        lines += ["", f"Result: **{'every acknowledged application stored exactly once' if r['ok'] else 'FAILED'}**."
                  + (f" Unacknowledged: {r['unacknowledged']}" if r["unacknowledged"] else ""), ""]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "faults.md").write_text("\n".join(lines))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=7, help="SIGKILLs of the server during the run")
    parser.add_argument("--restarts", type=int, default=3, help="PostgreSQL restarts during the run")
    parser.add_argument("--clients", type=int, default=8, help="concurrent applicants")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=["sigkill", "pg-restart"])
    parser.add_argument("--out", default=None, help="write results here instead of bench/results")
    args = parser.parse_args(argv)
    global RESULTS
    if args.out:
        RESULTS = Path(args.out)
    results = []
    if args.only in (None, "sigkill"):
        print(f"== SIGKILL x{args.kills} during {args.submissions} submissions (SQLite)", flush=True)
        results.append(run_sigkill(submissions=args.submissions, kills=args.kills, clients=args.clients,
                                   workers=args.workers, seed=args.seed))
        _report(results[-1])
    if args.only in (None, "pg-restart"):
        print(f"== PostgreSQL restart x{args.restarts} during {args.submissions} submissions", flush=True)
        results.append(run_pg_restart(submissions=args.submissions, restarts=args.restarts, clients=args.clients,
                                      workers=args.workers, seed=args.seed + 1))
        _report(results[-1])
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "faults.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    _write_markdown(results, argv)
    return 0 if all(r["ok"] for r in results) else 1


def _report(r: dict) -> None:
    print(f"   {r['acknowledged']}/{r['submissions']} acknowledged, {r['rows']} rows, missing {len(r['missing'])}, "
          f"twice {len(r['stored_twice'])}, retries {r['retries']}, 5xx {r['server_errors']}, {r['seconds']} s: "
          f"{'ok' if r['ok'] else 'FAILED'}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
