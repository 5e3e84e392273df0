"""The safe fetcher against fixture servers on loopback (allowed by the policy), and its refusals."""

from __future__ import annotations

import gzip
import time
from dataclasses import replace

import pytest

from gongkai.web.supervision import fetcher
from gongkai.web.supervision.fetcher import (
    FetchPolicy,
    LocalLimiter,
    RobotsCache,
    fetch,
    parse_url,
    refused_reason,
)

from .servers import page, redirect, serve

LOCAL = FetchPolicy(allow_private=True, host_interval=0)
PUBLIC_ONLY = FetchPolicy(allow_private=False, host_interval=0)


def get(url, policy=LOCAL, **kw):
    kw.setdefault("robots", RobotsCache())
    kw.setdefault("limiter", LocalLimiter())
    return fetch(url, policy=policy, **kw)


def test_fetches_and_decodes_gbk_from_meta_and_from_header():
    gbk = "<html><head><meta charset='gbk'></head><body>示例县人民政府 通知公告</body></html>".encode("gbk")
    with serve({"/meta": page(gbk, content_type="text/html"),
                "/header": page("示例县 2024年".encode("gb18030"), content_type="text/plain; charset=GB18030")}) as s:
        got = get(s.url("/meta"))
        assert got.ok and got.status == 200 and "示例县人民政府 通知公告" in got.text
        assert got.address == "127.0.0.1" and got.elapsed_ms >= 0
        assert get(s.url("/header")).text == "示例县 2024年"


def test_loopback_refused_without_allow_private():
    with serve({"/": page("x")}) as s:
        with pytest.raises(fetcher.RefusedAddress) as exc:
            get(s.url("/"), PUBLIC_ONLY)
        assert "本机回环地址" in exc.value.message and "GONGKAI_MONITOR_ALLOW_PRIVATE" in exc.value.message
        assert s.hits == []  # not even robots.txt was asked


@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "本机回环地址"), ("10.1.2.3", "内网地址"), ("192.168.0.1", "内网地址"), ("172.16.5.4", "内网地址"),
    ("169.254.169.254", "链路本地地址"), ("224.0.0.1", "组播地址"), ("0.0.0.0", "未指定地址"),
    ("::1", "本机回环地址"), ("fe80::1", "链路本地地址"), ("::ffff:10.0.0.1", "内网地址"), ("fc00::1", "内网地址"),
    ("100.64.0.1", "非公网地址"), ("240.0.0.1", "保留地址"),
])
def test_refused_addresses(address, reason):
    assert refused_reason(address) == reason


def test_public_addresses_pass():
    assert refused_reason("202.108.22.5") is None
    assert refused_reason("2400:da00::6666") is None


def test_localhost_name_and_private_literal_refused():
    for url in ("http://localhost:9/", "http://10.0.0.8/", "http://[::1]:8080/", "http://0x7f000001/"):
        with pytest.raises((fetcher.RefusedAddress, fetcher.DnsFailure)):
            get(url, PUBLIC_ONLY)


@pytest.mark.parametrize("url, words", [
    ("ftp://example.gov.cn/", "http"), ("file:///etc/passwd", "http"), ("javascript:alert(1)", "http"),
    ("http://", "域名"), ("http://exa mple.gov.cn/", "空格"), ("http://a:b@example.gov.cn/", "用户名"),
    ("http://example.gov.cn:99999/", "端口"), ("", "不能为空"), ("www.example.gov.cn", "http"),
])
def test_malformed_urls(url, words):
    with pytest.raises(fetcher.MalformedUrl) as exc:
        parse_url(url)
    assert words in exc.value.message


def test_dns_failure():
    with pytest.raises(fetcher.DnsFailure) as exc:
        get("http://no-such-host.invalid/")
    assert "无法解析" in exc.value.message


def test_huge_page_stops_at_the_cap():
    big = b"<p>" + b"x" * 300_000
    stream_route = {"/big": page(big), "/": page("ok")}

    def streamed(h):  # no Content-Length: the reader must stop by itself
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        for _ in range(100):
            h.wfile.write(b"y" * 10_000)

    stream_route["/stream"] = streamed
    small = replace(LOCAL, max_bytes=100_000)
    with serve(stream_route) as s:
        with pytest.raises(fetcher.TooLarge) as exc:
            get(s.url("/big"), small)
        assert "大小上限" in exc.value.message
        with pytest.raises(fetcher.TooLarge):
            get(s.url("/stream"), small)
        assert get(s.url("/"), small).body == b"ok"


def test_gzip_bomb_stops_at_the_decompressed_cap():
    bomb = gzip.compress(b"\0" * 20_000_000)  # ~20 kB on the wire, 20 MB inflated
    ok = gzip.compress("示例".encode())
    with serve({"/bomb": page(bomb, headers={"Content-Encoding": "gzip"}),
                "/ok": page(ok, headers={"Content-Encoding": "gzip"})}) as s:
        assert len(bomb) < 100_000
        with pytest.raises(fetcher.TooLarge):
            get(s.url("/bomb"), replace(LOCAL, max_bytes=1_000_000))
        assert get(s.url("/ok")).text == "示例"


def test_redirects_followed_counted_and_loops_detected():
    routes = {f"/r{i}": redirect(f"/r{i + 1}") for i in range(10)}
    routes["/r3"] = page("arrived")
    routes["/a"] = redirect("/b")
    routes["/b"] = redirect("/a")
    routes["/self"] = redirect("/self")
    with serve(routes) as s:
        got = get(s.url("/r0"))
        assert got.text == "arrived" and got.final_url == s.url("/r3") and len(got.redirects) == 3
        with pytest.raises(fetcher.RedirectLoop):
            get(s.url("/a"))
        with pytest.raises(fetcher.RedirectLoop):
            get(s.url("/self"))
        routes["/r3"] = redirect("/r4")
        with pytest.raises(fetcher.TooManyRedirects) as exc:
            get(s.url("/r0"))
        assert "5 次" in exc.value.message


def test_redirect_to_a_private_address_is_refused_at_the_hop():
    # The first hop is allowed (loopback permitted for the fixture), the second goes to a private address
    # that the public-only check refuses: checked again after the redirect.
    with serve({"/go": redirect("http://10.255.255.1/secret")}) as s:
        calls = []
        real_resolve = fetcher.resolve

        def resolve(target, policy):
            calls.append(target.host)
            return real_resolve(target, LOCAL if target.host == "127.0.0.1" else PUBLIC_ONLY)

        fetcher.resolve = resolve
        try:
            with pytest.raises(fetcher.RefusedAddress):
                get(s.url("/go"), LOCAL, robots=False)
        finally:
            fetcher.resolve = real_resolve
        assert calls == ["127.0.0.1", "10.255.255.1"]


def test_connects_to_the_checked_address_not_a_second_lookup(monkeypatch):
    # DNS rebinding: the name resolves once (to the checked address); the connection must not resolve again.
    with serve({"/": page("pinned")}) as s:
        import socket as _socket
        real = _socket.getaddrinfo
        answers = []

        def rebinding(host, *a, **kw):
            answers.append(host)
            if len(answers) == 1:
                return real("127.0.0.1", *a, **kw)
            return real("10.9.9.9", *a, **kw)

        monkeypatch.setattr(fetcher.socket, "getaddrinfo", rebinding)
        got = get(f"http://gongkai-test.localhost:{s.port}/", robots=False)
        assert got.text == "pinned" and got.address == "127.0.0.1"
        assert answers == ["gongkai-test.localhost"]


def test_slow_response_times_out():
    def slow(h):
        time.sleep(1.5)
        page("late")(h)

    def drip(h):
        h.send_response(200)
        h.send_header("Connection", "close")
        h.end_headers()
        for _ in range(30):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.1)

    with serve({"/slow": slow, "/drip": drip}) as s:
        t0 = time.monotonic()
        with pytest.raises(fetcher.FetchTimeout) as exc:
            get(s.url("/slow"), timeout=0.5)
        assert time.monotonic() - t0 < 1.4 and "0.5 秒" in exc.value.message
        t0 = time.monotonic()
        with pytest.raises(fetcher.FetchTimeout):
            get(s.url("/drip"), timeout=0.8)  # each byte arrives in time, the whole does not
        assert time.monotonic() - t0 < 1.6


def test_connection_refused():
    with serve({}) as s:
        port = s.port
    with pytest.raises(fetcher.ConnectionFailed) as exc:
        get(f"http://127.0.0.1:{port}/")
    assert "拒绝连接" in exc.value.message


def test_robots_disallow_is_honoured_and_cached():
    robots = "User-agent: *\nDisallow: /private/\n"
    with serve({"/robots.txt": page(robots, content_type="text/plain"), "/private/a.html": page("secret"),
                "/public.html": page("hello")}) as s:
        cache = RobotsCache()
        with pytest.raises(fetcher.RobotsDisallowed) as exc:
            get(s.url("/private/a.html"), robots=cache)
        assert "robots.txt" in exc.value.message
        assert get(s.url("/public.html"), robots=cache).text == "hello"
        assert s.hits == ["/robots.txt", "/public.html"]  # fetched once, the disallowed page never


def test_robots_server_error_disallows_and_missing_allows():
    with serve({"/robots.txt": page("oops", status=503), "/x": page("x")}) as s:
        with pytest.raises(fetcher.RobotsDisallowed):
            get(s.url("/x"))
    with serve({"/x": page("x")}) as s:
        assert get(s.url("/x")).text == "x"


def test_http_errors_are_results_not_exceptions():
    with serve({"/gone": page("gone", status=410)}) as s:
        got = get(s.url("/gone"))
        assert got.status == 410 and not got.ok
        assert get(s.url("/missing")).status == 404


def test_per_host_interval():
    with serve({"/": page("x")}) as s:
        limiter = LocalLimiter()
        policy = replace(LOCAL, host_interval=0.2)
        t0 = time.monotonic()
        for _ in range(4):
            get(s.url("/"), policy, limiter=limiter, robots=False)
        assert time.monotonic() - t0 >= 0.6


def test_policy_from_env(monkeypatch):
    monkeypatch.setenv("GONGKAI_MONITOR_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("GONGKAI_MONITOR_MAX_BYTES", "2048")
    monkeypatch.setenv("GONGKAI_MONITOR_HOST_INTERVAL_MS", "250")
    p = FetchPolicy.from_env()
    assert (p.allow_private, p.max_bytes, p.host_interval, p.timeout) == (True, 2048, 0.25, 15.0)
    from gongkai.web.env import SettingError
    monkeypatch.setenv("GONGKAI_MONITOR_MAX_BYTES", "lots")
    with pytest.raises(SettingError):
        FetchPolicy.from_env()


def _self_signed(tmp_path):
    """A throwaway self-signed certificate for 127.0.0.1 (the cryptography package, already pinned)."""
    import datetime as dt
    import ipaddress as ipa

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=36500))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipa.ip_address("127.0.0.1"))]), False)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "c.pem", tmp_path / "k.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def test_untrusted_certificate_is_a_tls_error(tmp_path):
    import ssl
    import threading
    from http.server import ThreadingHTTPServer

    from .servers import Server

    cert_file, key_file = _self_signed(tmp_path)
    server = Server({"/": page("secret")})
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert_file, key_file)
    server.httpd.socket = ctx.wrap_socket(server.httpd.socket, server_side=True)
    assert isinstance(server.httpd, ThreadingHTTPServer)
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(fetcher.TlsError) as exc:
            get(f"https://127.0.0.1:{server.port}/", robots=False)
        assert "HTTPS" in exc.value.message
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


def test_chinese_domain_names_travel_as_idna():
    target = parse_url("http://示例县.政务/zwdt/?page=2")
    labels = ["xn--" + label.encode("punycode").decode("ascii") for label in ("示例县", "政务")]
    assert target.host == ".".join(labels) and target.host.isascii()
    assert target.path == "/zwdt/?page=2" and target.port == 80
    with pytest.raises(fetcher.MalformedUrl):
        parse_url("http://a..b/")
