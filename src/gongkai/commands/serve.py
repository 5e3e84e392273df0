"""`gongkai serve [ADDR:PORT] [--no-worker]`: serve the web site (development server with static files).

This is Django's development server, for development and the demo, not for production. It serves the static
files itself whether DEBUG is on or off (runserver's --insecure), so the demo, which runs with DEBUG off to
show gongkai's own error pages, still has its stylesheet and scripts.

Unless --no-worker is given (or GONGKAI_TASKS_IMMEDIATE=1, where tasks need no worker), a `gongkai worker`
runs beside the server as a child process, so bulk imports work with this one command; it is stopped when
the server stops, however the server stops.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys

WORKER_STOP_SECONDS = 10


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve the web site (default 127.0.0.1:8000) with a background worker")
    p.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
    p.add_argument("--no-worker", action="store_true", help="do not start `gongkai worker` beside the server")
    p.set_defaults(func=run)


def start_worker() -> subprocess.Popen:
    # The same interpreter and environment: the worker reads the same settings (data dir, database, queue).
    return subprocess.Popen([sys.executable, "-m", "gongkai.cli", "worker"])


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


def address_problem(addrport: str) -> str | None:
    """Why the server could not listen on ADDR:PORT, or None. Checked before the worker starts: runserver
    ends the process with os._exit when it cannot bind, which would leave the worker running."""
    from django.core.management.commands.runserver import naiveip_re

    match = naiveip_re.match(addrport)
    if match is None:
        return f"{addrport!r} is not an address:port or a port number"
    host = (match["addr"] or "127.0.0.1").strip("[]")
    port = int(match["port"])
    family = socket.AF_INET6 if match["ipv6"] else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as runserver does
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

    problem = address_problem(args.addrport)
    if problem:
        print(f"gongkai serve: {problem}", file=sys.stderr)
        return 2
    call_command("migrate", interactive=False, verbosity=0)
    worker = None
    if not args.no_worker and not settings.TASKS_IMMEDIATE:
        worker = start_worker()
        print(f"Background worker started (pid {worker.pid}); bulk imports run there.", flush=True)
    # SIGTERM would end this process without running `finally`, leaving the worker behind.
    previous = signal.signal(signal.SIGTERM, _raise_exit)
    try:
        call_command("runserver", args.addrport, "--noreload", "--insecure")
    finally:
        signal.signal(signal.SIGTERM, previous)
        if worker is not None:
            stop_worker(worker)
    return 0
