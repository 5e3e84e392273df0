"""`gongkai serve` as `make demo` runs it (GONGKAI_DEMO=1, DEBUG off): the pages are styled, because the
server serves the static files itself, and a missing page is gongkai's Chinese 404 page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


@pytest.fixture
def demo_server(tmp_path):
    port = _free_port()
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL", "DJANGO_"))}
    env = {**keep, "GONGKAI_DEMO": "1", "GONGKAI_DEBUG": "0", "GONGKAI_DATA_DIR": str(tmp_path)}
    server = subprocess.Popen([sys.executable, "-m", "gongkai.cli", "serve", f"127.0.0.1:{port}", "--no-worker"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"the server did not start: {server.stderr.read().decode()}") from None
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(20)


def test_the_demo_server_serves_static_files_and_the_chinese_404_page(demo_server):
    status, css = _get(demo_server + "/static/gongkai/site.css")
    assert status == 200 and ".site-header" in css
    status, page = _get(demo_server + "/no-such-page/")
    assert status == 404 and "页面不存在" in page and "/static/gongkai/site.css" in page
    assert "Page not found" not in page


def test_a_busy_port_stops_serve_before_any_worker_starts(tmp_path):
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL", "DJANGO_"))}
    env = {**keep, "GONGKAI_DEMO": "1", "GONGKAI_DATA_DIR": str(tmp_path)}
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "gongkai.cli", "serve", f"127.0.0.1:{port}"], env=env,
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "worker started" not in result.stdout  # runserver's os._exit would have orphaned it


def test_an_address_that_is_not_one_is_named():
    from gongkai.commands.serve import address_problem

    assert "not an address:port" in address_problem("somewhere:port")
    assert address_problem(f"127.0.0.1:{_free_port()}") is None
