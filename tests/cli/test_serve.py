"""`gongkai serve`: the production server (gunicorn, WhiteNoise) as `make demo` runs it (GONGKAI_DEMO=1, DEBUG
off), its web workers and background worker dying with it even on SIGKILL, a busy port, and the one-line
refusal to start without a secret key in production."""

from __future__ import annotations

import gzip
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

GONE_WITHIN_SECONDS = 10


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def clean_env(**extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL", "DJANGO_"))}
    return {**keep, **extra}


def children(pid: int) -> list[int]:
    """Live child processes of `pid` (from /proc; zombies count as gone)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_serve(tmp_path, *args: str, ready_timeout: float = 120, ready_line: str = "gongkai serve: listening on",
                **env: str):
    """Start `gongkai serve 127.0.0.1:PORT ARGS` and wait for its ready line; (process, base URL, output)."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gongkai.cli", "serve", f"127.0.0.1:{port}", *args],
        env=clean_env(GONGKAI_DATA_DIR=str(tmp_path), **env),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    lines = []
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        line = server.stdout.readline()
        if not line:
            raise AssertionError(f"serve ended before it was ready: {''.join(lines)} {server.stderr.read()}")
        lines.append(line)
        if ready_line in line:
            return server, f"http://127.0.0.1:{port}", "".join(lines)
    server.kill()
    raise AssertionError(f"serve not ready in {ready_timeout} s: {''.join(lines)}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def demo_server(tmp_path):
    server, base, _ = start_serve(tmp_path, "--no-worker", "--workers", "2", GONGKAI_DEMO="1", GONGKAI_DEBUG="0")
    try:
        yield base
    finally:
        stop(server)
        server.stdout.close()
        server.stderr.close()


def test_the_demo_server_serves_hashed_compressed_static_files_and_the_chinese_404_page(demo_server):
    status, headers, page = _get(demo_server + "/no-such-page/")
    page = page.decode()
    assert status == 404 and "页面不存在" in page and "Page not found" not in page
    css_url = re.search(r'href="(/static/gongkai/site\.[0-9a-f]{12}\.css)"', page)
    assert css_url, "the page links its stylesheet by a content-hashed name"
    status, headers, body = _get(demo_server + css_url[1], {"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert ".site-header" in gzip.decompress(body).decode()
    assert "immutable" in headers.get("Cache-Control", "")  # hashed names may be cached for ever
    status, _, ok = _get(demo_server + "/healthz")
    assert (status, ok) == (200, b"ok")


def test_serve_dev_is_the_development_server_with_the_same_static_files(tmp_path):
    server, base, _ = start_serve(tmp_path, "--dev", "--no-worker", ready_line="Starting development server",
                                  GONGKAI_DEMO="1", GONGKAI_DEBUG="0", PYTHONUNBUFFERED="1")
    try:
        status, headers, page = fetch_when_up(base + "/")
        assert status == 200 and "WSGIServer" in headers.get("Server", "")
        css_url = re.search(r'href="(/static/gongkai/site\.[0-9a-f]{12}\.css)"', page.decode())
        assert css_url and _get(base + css_url[1])[0] == 200
    finally:
        stop(server)
        server.stdout.close()
        server.stderr.close()


def fetch_when_up(url: str):
    deadline = time.monotonic() + 20
    while True:
        try:
            return _get(url)
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_sigkill_of_serve_leaves_no_worker_and_no_web_worker_behind(tmp_path):
    server, base, out = start_serve(tmp_path, "--workers", "2", GONGKAI_DEMO="1", GONGKAI_DEBUG="0")
    spawned = []
    try:
        worker_pid = int(re.search(r"Background worker started \(pid (\d+)\)", out)[1])
        deadline = time.monotonic() + 30
        while len(children(server.pid)) < 3 and time.monotonic() < deadline:  # 2 web workers + the worker
            time.sleep(0.2)
        spawned = children(server.pid)
        assert worker_pid in spawned and len(spawned) == 3, spawned
        assert _get(base + "/healthz")[0] == 200
        os.kill(server.pid, signal.SIGKILL)
        server.wait(10)
        deadline = time.monotonic() + GONE_WITHIN_SECONDS
        while any(alive(p) for p in spawned) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [p for p in spawned if alive(p)], "orphans left after SIGKILL of serve"
    finally:
        for pid in set(spawned) | set(children(server.pid)):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        stop(server)
        server.stdout.close()
        server.stderr.close()


def test_a_busy_port_stops_serve_before_any_worker_starts(tmp_path):
    env = clean_env(GONGKAI_DEMO="1", GONGKAI_DATA_DIR=str(tmp_path))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "gongkai.cli", "serve", f"127.0.0.1:{port}"], env=env,
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "worker started" not in result.stdout


def test_an_address_that_is_not_one_is_named():
    from gongkai.commands.serve import address_problem

    assert "not an address:port" in address_problem("somewhere:port")
    assert address_problem(f"127.0.0.1:{_free_port()}") is None


@pytest.mark.parametrize("argv", [
    ["-m", "gongkai.cli", "serve", "127.0.0.1:0", "--no-worker"],
    ["-m", "gongkai.cli", "manage", "check"],
    ["-m", "gongkai.cli", "worker"],
    ["-m", "gunicorn", "--bind", "127.0.0.1:0", "--workers", "1", "gongkai.web.wsgi:application"],
])
def test_production_without_a_secret_key_stops_with_one_line(tmp_path, argv):
    env = clean_env(GONGKAI_DATA_DIR=str(tmp_path), GONGKAI_DEBUG="0")
    result = subprocess.run([sys.executable, *argv], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "GONGKAI_SECRET_KEY is required" in result.stderr
    assert "Traceback" not in result.stderr
    assert len([line for line in result.stderr.splitlines() if "GONGKAI_SECRET_KEY" in line]) == 1
