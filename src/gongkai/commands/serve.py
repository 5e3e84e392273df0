"""`gongkai serve [ADDR:PORT] [--workers N] [--no-worker] [--dev]`: serve the web site.

By default the production server: gunicorn's arbiter runs in this process and forks N web worker processes
(--workers, else GONGKAI_WEB_WORKERS, else 2 x CPUs + 1) that load the already configured Django project
(preload). Before it starts, `serve` applies migrations and collects the static files into STATIC_ROOT, which
WhiteNoise serves with hashed names and gzip; so with DEBUG off the pages look as in development. The access
log (stdout) has the time, method, path without query string, status, size and duration: no client address,
no query string, no Referer, nothing personal. One line says when the server listens.

`--dev` runs Django's development server instead (one process, for development).

Unless --no-worker is given (or GONGKAI_TASKS_IMMEDIATE=1, where tasks need no worker), a `gongkai worker`
runs beside the server as a child process, so bulk imports work with this one command. It stops when the
server stops, and dies with it even when the server is SIGKILLed (see gongkai.commands.lifeline); so do the
web workers. In production run `gongkai worker` as its own service instead (docs/deploy.md).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

from gongkai.core.errors import GongkaiError

WORKER_STOP_SECONDS = 10
# A request may take this long (a large report uploaded and parsed); behind a reverse proxy that buffers
# request bodies, slow clients do not hold a worker.
REQUEST_TIMEOUT_SECONDS = 120
ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve the web site (default 127.0.0.1:8000) with a background worker")
    p.add_argument("addrport", nargs="?", default="127.0.0.1:8000", metavar="ADDR:PORT")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="web worker processes (default GONGKAI_WEB_WORKERS, else 2 x CPUs + 1)")
    p.add_argument("--no-worker", action="store_true", help="do not start `gongkai worker` beside the server")
    p.add_argument("--dev", action="store_true", help="Django's development server instead of gunicorn")
    p.set_defaults(func=run)


def web_workers(flag: int | None) -> int:
    from gongkai.web.env import env_int

    count = flag if flag is not None else env_int("GONGKAI_WEB_WORKERS", 2 * (os.cpu_count() or 1) + 1, minimum=1)
    if count < 1:
        raise GongkaiError("--workers must be at least 1")
    return count


def start_worker() -> subprocess.Popen:
    # The same interpreter and environment: the worker reads the same settings (data dir, database, queue).
    # --parent-pid: it arms the parent-death signal and checks it is still our child (lifeline).
    return subprocess.Popen([sys.executable, "-m", "gongkai.cli", "worker", "--parent-pid", str(os.getpid())])


def stop_worker(worker: subprocess.Popen) -> None:
    """SIGTERM (huey stops at once; an interrupted batch is resumed by the next worker), then SIGKILL."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(WORKER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def parse_addrport(addrport: str) -> tuple[str, int, bool] | None:
    """(host, port, ipv6) of "ADDR:PORT", "[::1]:PORT" or "PORT"; None when it is none of these."""
    from django.core.management.commands.runserver import naiveip_re

    match = naiveip_re.match(addrport)
    if match is None:
        return None
    return (match["addr"] or "127.0.0.1").strip("[]"), int(match["port"]), bool(match["ipv6"])


def address_problem(addrport: str) -> str | None:
    """Why the server could not listen on ADDR:PORT, or None. Checked before anything starts: gunicorn would
    retry for seconds and runserver ends the process with os._exit, which would leave the worker running."""
    parsed = parse_addrport(addrport)
    if parsed is None:
        return f"{addrport!r} is not an address:port or a port number"
    host, port, ipv6 = parsed
    family = socket.AF_INET6 if ipv6 else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as both servers do
        try:
            probe.bind((host, port))
        except OSError as exc:
            return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
    return None


def _raise_exit(signum, frame):
    raise SystemExit(128 + signum)


def run(args) -> int:
    from . import django_setup

    django_setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    workers = web_workers(args.workers)
    problem = address_problem(args.addrport)
    if problem:
        print(f"gongkai serve: {problem}", file=sys.stderr)
        return 2
    call_command("migrate", interactive=False, verbosity=0)
    if not (args.dev and settings.DEBUG):
        call_command("collectstatic", interactive=False, verbosity=0)
    connections.close_all()  # no connection may be shared with the forked web workers
    worker = None
    if not args.no_worker and not settings.TASKS_IMMEDIATE:
        worker = start_worker()
        print(f"Background worker started (pid {worker.pid}); bulk imports run there.", flush=True)
    try:
        if args.dev:
            _run_dev(args.addrport)
        else:
            _run_gunicorn(args.addrport, workers)
    finally:
        if worker is not None:
            stop_worker(worker)
    return 0


def _run_dev(addrport: str) -> None:
    # SIGTERM would end this process without running `finally`, leaving the worker behind. With DEBUG off
    # the collected files are served by WhiteNoise (--nostatic); with DEBUG on runserver finds them itself.
    previous = signal.signal(signal.SIGTERM, _raise_exit)
    try:
        from django.conf import settings
        from django.core.management import call_command

        options = ["--noreload"] + ([] if settings.DEBUG else ["--nostatic"])
        call_command("runserver", addrport, *options)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run_gunicorn(addrport: str, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    from gongkai.web.wsgi import application

    host, port, ipv6 = parse_addrport(addrport)
    bind = f"[{host}]:{port}" if ipv6 else f"{host}:{port}"

    def when_ready(server) -> None:
        print(f"gongkai serve: listening on http://{bind}/ ({workers} web worker(s), pid {os.getpid()})",
              flush=True)

    def post_fork(server, worker) -> None:
        from .lifeline import die_with_parent

        die_with_parent(server.pid)

    options = {
        "bind": [bind],
        "workers": workers,
        "worker_class": "sync",
        "preload_app": True,
        "timeout": REQUEST_TIMEOUT_SECONDS,
        "graceful_timeout": 20,
        "accesslog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "loglevel": "warning",
        "control_socket_disable": True,  # one per user by default: two servers would share it
        "proc_name": "gongkai-web",
        "when_ready": when_ready,
        "post_fork": post_fork,
    }

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    Server().run()
