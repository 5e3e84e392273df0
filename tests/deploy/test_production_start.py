"""The production start of docs/deploy.md, on loopback: PostgreSQL, Redis, GONGKAI_DEBUG=0, a secret key, HTTPS
behind a proxy (the test sends the proxy's headers), `gongkai serve` with two web workers and its worker.
Waits for /readyz, fetches public pages and a hashed, compressed static file, and stops it with SIGTERM."""

from __future__ import annotations

import gzip
import json
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

from gongkai.core.privacy import new_key

from .conftest import clean_env, free_port, wait_for

HOST = "gongkai.example.gov.cn"
PROXY = {"Host": HOST, "X-Forwarded-Proto": "https"}  # what nginx sends (docs/deploy.md)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is the answer to check, not something to follow


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, headers: dict) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with _opener.open(request, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()
    except (urllib.error.URLError, ConnectionError):
        return 0, {}, b""


def test_the_documented_production_start_serves_pages_static_files_and_readyz(tmp_path, pg_url, redis_url):
    port = free_port()
    env = clean_env(
        GONGKAI_DATA_DIR=str(tmp_path / "data"), DATABASE_URL=pg_url, GONGKAI_REDIS_URL=redis_url,
        GONGKAI_DEBUG="0", GONGKAI_SECRET_KEY=secrets.token_urlsafe(50), GONGKAI_ALLOWED_HOSTS=HOST,
        GONGKAI_DATA_KEYS=new_key(),
        GONGKAI_HTTPS="1", GONGKAI_PROXY_SSL_HEADER="X-Forwarded-Proto", GONGKAI_WEB_WORKERS="2",
    )
    server = subprocess.Popen([sys.executable, "-m", "gongkai.cli", "serve", f"127.0.0.1:{port}"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        # A load balancer's probe: by IP address, plain HTTP, no proxy headers.
        def ready():
            status, _, body = fetch(base + "/readyz", {})
            assert server.poll() is None, server.stderr.read()
            return status == 200 and json.loads(body)

        assert wait_for(ready, timeout=90, what="/readyz") == {"database": "ok", "queue": "ok"}

        for path in ("/", "/apply/", "/annual/", "/reports/"):
            status, headers, body = fetch(base + path, PROXY)
            assert status == 200, (path, status, body[:300])
            assert "Strict-Transport-Security" in headers and headers["X-Frame-Options"] == "DENY"
        page = body.decode()
        css = re.search(r'href="(/static/gongkai/site\.[0-9a-f]{12}\.css)"', page)
        assert css, "a page links its stylesheet by a content-hashed name"
        status, headers, body = fetch(base + css[1], {**PROXY, "Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("Content-Encoding") == "gzip"
        assert ".site-header" in gzip.decompress(body).decode()

        # Without the proxy's https header a page redirects to https; a foreign Host is refused.
        assert fetch(base + "/", {"Host": HOST})[0] == 301
        assert fetch(base + "/", {"Host": "evil.example", "X-Forwarded-Proto": "https"})[0] == 400
        assert fetch(base + "/readyz", {})[0] == 200
        assert fetch(base + "/track/?code=s3cret-query", PROXY)[0] in (200, 302)
    finally:
        server.send_signal(signal.SIGTERM)
        started = time.monotonic()
        try:
            code = server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
            raise
        out, err = server.communicate()
    assert code == 0 and time.monotonic() - started < 30, err
    assert "gongkai serve: listening on" in out and "Background worker started" in out
    assert "Worker failed" not in err and "Exception in worker" not in err
    # The access log has paths, never query strings or client addresses.
    assert '"GET /apply/ HTTP/1.1" 200' in out and '"GET /track/ HTTP/1.1"' in out
    assert "s3cret-query" not in out + err and "127.0.0.1 -" not in out
