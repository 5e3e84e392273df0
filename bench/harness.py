"""What the load and fault benchmarks (and their bounded tests) share: the production server as a child
process, a private PostgreSQL cluster, and `gongkai manage` run against the same environment.

    server_command(port, workers)        the one place that says how the production server is started
    server_env(data_dir, database_url)   a clean environment for the server and `gongkai manage`
    Server(env, workers).start() / .kill() / .stop()
    PrivatePostgres(port).start() / .restart() / .stop()   initdb'd in a temp dir, run as the postgres user
    manage(env, *args)                   `gongkai manage ...`, output returned

Everything listens on 127.0.0.1 at a free port. The server runs in its own process group, so a kill reaches the
`gongkai serve` process, gunicorn's master and its workers at once, like a crash of the machine would.
"""

from __future__ import annotations

import base64
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
SECRET_KEY = "bench-only-secret-key-not-for-production-0123456789"
# A Fernet key (32 bytes, url-safe base64) for the applicants' data the benchmarks write; public on purpose.
DATA_KEY = base64.urlsafe_b64encode(b"bench-only-data-key-not-secret!!").decode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_command(port: int, workers: int) -> list[str]:
    """The production server as documented: `gongkai serve ADDR:PORT --workers N --no-worker` (gunicorn with
    WhiteNoise; it migrates and collects static files first, so a restart takes what a real one takes)."""
    return [sys.executable, "-m", "gongkai.cli", "serve", f"127.0.0.1:{port}", "--workers", str(workers),
            "--no-worker"]


def server_env(data_dir: Path, database_url: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a production start: DEBUG off, a secret key, the given data dir and database, and
    nothing inherited from the caller's gongkai settings (a test run's DATABASE_URL must not leak in)."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL", "DJANGO_"))}
    env = {**keep, "GONGKAI_DEBUG": "0", "GONGKAI_SECRET_KEY": SECRET_KEY, "GONGKAI_DATA_KEYS": DATA_KEY,
           "GONGKAI_DATA_DIR": str(data_dir),
           "GONGKAI_LOG_LEVEL": "ERROR", "GONGKAI_TASKS_IMMEDIATE": "1", **extra}
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    result = subprocess.run([sys.executable, "-m", "gongkai.cli", "manage", *args], env=env, capture_output=True,
                            text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"gongkai manage {args[0]} failed: {result.stderr.strip()[-2000:]}")
    return result.stdout


def wait_http(url: str, *, timeout: float, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"the server exited with status {process.returncode}") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer within {timeout:.0f} s") from None
            time.sleep(0.1)


class Server:
    """The production server as a child process in its own process group."""

    def __init__(self, env: dict[str, str], *, workers: int = 2, port: int | None = None, log: Path | None = None):
        self.env = env
        self.workers = workers
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self, timeout: float = 60) -> None:
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115 - the child keeps it
        self.process = subprocess.Popen(server_command(self.port, self.workers), env=self.env, stdout=out,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        self.starts += 1
        wait_http(self.base + "/", timeout=timeout, process=self.process)

    def kill(self) -> None:
        """SIGKILL to the whole process group (master and workers), no chance to clean up."""
        assert self.process is not None
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(10)
        _wait_port_free(self.port)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


def _wait_port_free(port: int, timeout: float = 10) -> None:
    """Until nothing listens on the port any more (killed workers go away a moment after their master)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return
        time.sleep(0.05)


def private_postgres_problem() -> str | None:
    """Why a private PostgreSQL cluster cannot be started here, or None."""
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        return f"PostgreSQL server binaries not found in {PG_BIN}"
    if shutil.which("runuser") is None:
        return "runuser is not available (initdb refuses to run as root)"
    if os.geteuid() != 0:
        return "not root: cannot run initdb as the postgres user"
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        return "no postgres user"
    return None


class PrivatePostgres:
    """A PostgreSQL cluster of our own in a temp dir (the machine's shared server is never restarted)."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="gongkai-pg-", dir="/tmp"))
        self.data = self.dir / "data"
        shutil.chown(self.dir, "postgres", "postgres")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/gongkai"

    def _as_postgres(self, *args: str, timeout: float = 120) -> None:
        result = subprocess.run(["runuser", "-u", "postgres", "--", *args], capture_output=True, text=True,
                                timeout=timeout, cwd=self.dir)
        if result.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed: {(result.stderr or result.stdout).strip()[-1500:]}")

    def _ctl(self, *args: str) -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60",
                          "-l", str(self.dir / "server.log"), *args)

    def start(self) -> None:
        self._as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                          "-E", "UTF8", "--locale=C.UTF-8")
        self._ctl("-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=on", "start")
        self._as_postgres(str(PG_BIN.parent / "bin" / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                          "-U", "postgres", "gongkai")

    def restart(self) -> None:
        """A fast restart: open connections are cut, the server is back when pg_ctl returns."""
        self._ctl("-m", "fast", "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1", "restart")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self._ctl("-m", "immediate", "stop")
            except RuntimeError:
                pass
        shutil.rmtree(self.dir, ignore_errors=True)
