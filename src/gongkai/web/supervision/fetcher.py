"""A safe fetcher for pages of other sites (the website monitor; new-media feeds reuse it).

    fetch(url, policy=..., limiter=..., robots=...) -> Fetched       raises FetchError (Chinese .message)

What makes it safe to point at URLs typed by users:
- http and https only, no credentials in the URL;
- the host is resolved here and every address checked: private, loopback, link-local, multicast, reserved
  and other non-global addresses are refused (unless GONGKAI_MONITOR_ALLOW_PRIVATE=1, for tests and intranet
  sites) — again after each redirect — and the connection goes to the very address that was checked, so a
  DNS answer that changes between check and connect (rebinding) cannot steer it elsewhere;
- at most `max_redirects` redirects, loops detected; one total deadline (15 s by default) over DNS, connect,
  headers and body; the body read in chunks and cut at `max_bytes` (also after gzip/deflate decompression,
  so a compressed bomb stops at the cap);
- robots.txt honoured (cached per origin); a disallowed URL is not fetched and raises RobotsDisallowed;
- a minimum interval between requests to one host, through a limiter that workers may share (the cache);
- a user agent that says who is asking.

Built on the standard library's http.client (maintained with Python itself) because pinning the connection to
the checked address is a few lines there. No Django import: the CLI uses it without a database.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from gongkai.core.errors import EmptyDocument, GongkaiError, UndecodableText
from gongkai.core.reading.html import declared_charset
from gongkai.core.reading.text import decode

# ASCII only (HTTP headers are latin-1): names the software and what it does, so a site operator knows who asks.
USER_AGENT = "gongkai-monitor/0.1 (government website monitor per GuoBanMiHan [2019] No. 19; open source gongkai)"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_TIMEOUT = 15.0
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_HOST_INTERVAL_MS = 1000
ROBOTS_TTL = 3600.0
ROBOTS_MAX_BYTES = 512 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024


# --- errors -------------------------------------------------------------------------------------------------

class FetchError(GongkaiError):
    code = "fetch"
    default_message = "无法抓取该网址。"


class MalformedUrl(FetchError):
    code = "url.malformed"
    default_message = "网址格式不正确。"


class RefusedAddress(FetchError):
    code = "address.refused"
    default_message = "出于安全考虑，不访问内网、本机或保留地址。"


class DnsFailure(FetchError):
    code = "dns.failed"
    default_message = "域名无法解析。"


class FetchTimeout(FetchError):
    code = "timeout"
    default_message = "在限定时间内未能打开页面。"


class TooLarge(FetchError):
    code = "too_large"
    default_message = "页面超过大小上限，已停止读取。"


class TooManyRedirects(FetchError):
    code = "redirects.too_many"
    default_message = "重定向次数过多。"


class RedirectLoop(FetchError):
    code = "redirects.loop"
    default_message = "重定向形成循环。"


class TlsError(FetchError):
    code = "tls"
    default_message = "HTTPS 加密连接或证书错误。"


class ConnectionFailed(FetchError):
    code = "connection"
    default_message = "无法连接服务器。"


class ProtocolError(FetchError):
    code = "protocol"
    default_message = "服务器的响应不符合 HTTP 协议。"


class RobotsDisallowed(FetchError):
    code = "robots.disallowed"
    default_message = "该网站的 robots.txt 不允许抓取此网址，未访问。"


# --- policy -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FetchPolicy:
    allow_private: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    host_interval: float = DEFAULT_HOST_INTERVAL_MS / 1000
    user_agent: str = USER_AGENT
    robots: bool = True

    @classmethod
    def from_env(cls) -> FetchPolicy:
        """The policy from GONGKAI_MONITOR_* (strict parsers: a bad value raises SettingError). settings.py
        calls this too, so a server with a bad value does not start."""
        from gongkai.web.env import env_bool, env_int

        return cls(
            allow_private=env_bool("GONGKAI_MONITOR_ALLOW_PRIVATE", False),
            max_bytes=env_int("GONGKAI_MONITOR_MAX_BYTES", DEFAULT_MAX_BYTES, minimum=1024),
            host_interval=env_int("GONGKAI_MONITOR_HOST_INTERVAL_MS", DEFAULT_HOST_INTERVAL_MS, minimum=0) / 1000,
        )


# --- per-host rate limit ------------------------------------------------------------------------------------

class LocalLimiter:
    """Minimum interval between requests to one host within this process (the CLI, the bench). Workers
    on several machines share a cache-backed limiter instead (services.monitor.CacheLimiter)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def wait(self, host: str, interval: float) -> None:
        """Return when a request to `host` may go: at least `interval` seconds after the previous one was let
        go (the release time is taken under the lock, so a thread that wakes late cannot crowd the next)."""
        if interval <= 0:
            return
        while True:
            with self._lock:
                now = time.monotonic()
                ready = self._next.get(host, 0.0)
                if now >= ready:
                    self._next[host] = now + interval
                    return
            time.sleep(ready - now)


_default_limiter = LocalLimiter()


# --- robots.txt ---------------------------------------------------------------------------------------------

class RobotsCache:
    """robots.txt per origin, kept ROBOTS_TTL seconds. 4xx (none published) allows everything; a 5xx
    answer disallows everything (RFC 9309 §2.3.1.4: the server is unavailable)."""

    def __init__(self, ttl: float = ROBOTS_TTL) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[float, RobotFileParser | bool]] = {}

    def allowed(self, url: str, *, policy: FetchPolicy, limiter, deadline: float) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(origin)
        if hit is None or hit[0] < now:
            rules = self._load(origin, policy=policy, limiter=limiter, deadline=deadline)
            with self._lock:
                self._cache[origin] = (now + self.ttl, rules)
        else:
            rules = hit[1]
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(policy.user_agent, url)

    def _load(self, origin: str, *, policy: FetchPolicy, limiter, deadline: float) -> RobotFileParser | bool:
        robots_policy = replace(policy, max_bytes=ROBOTS_MAX_BYTES, robots=False)
        try:
            got = _fetch(origin + "/robots.txt", policy=robots_policy, limiter=limiter, robots=None,
                         deadline=deadline, read_body=True)
        except TooLarge:
            return True  # an absurd robots.txt is ignored, as crawlers do beyond their size limit
        if got.status >= 500:
            return False
        if got.status >= 400:
            return True
        parser = RobotFileParser()
        parser.parse(got.body.decode("utf-8", "replace").splitlines())
        return parser


_default_robots = RobotsCache()


# --- the result ---------------------------------------------------------------------------------------------

@dataclass
class Fetched:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed_ms: int
    address: str  # the IP address connected to
    redirects: list[str] = field(default_factory=list)
    _text: str | None = None
    _encoding: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400

    @property
    def text(self) -> str:
        """The body decoded: the header's charset, else the page's <meta>, else detected (GB18030/GBK/UTF-8,
        by the project's reader)."""
        if self._text is None:
            declared = _header_charset(self.headers.get("content-type", "")) or declared_charset(self.body)
            try:
                self._text, self._encoding, _notes = decode(self.body, declared)
            except (EmptyDocument, UndecodableText):
                self._text, self._encoding = "", ""
        return self._text

    @property
    def encoding(self) -> str:
        _ = self.text
        return self._encoding


def _header_charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


# --- URL and address checks ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    url: str
    scheme: str
    host: str
    port: int
    path: str  # path + query, for the request line


_HOST = re.compile(r"^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?$")


def parse_url(url: str) -> Target:
    """Check and split a URL: http(s), a host, a valid port, no credentials, no spaces or control characters."""
    raw = (url or "").strip()
    if not raw:
        raise MalformedUrl("empty URL", message="网址不能为空。")
    if any(c.isspace() or ord(c) < 32 for c in raw):
        raise MalformedUrl(f"whitespace in {raw!r}", message=f"网址“{raw}”中含有空格或控制字符。")
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise MalformedUrl(f"{raw!r}: {exc}", message=f"网址“{raw}”格式不正确（端口或主机名无效）。") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise MalformedUrl(f"scheme {parts.scheme!r} in {raw!r}",
                           message=f"网址“{raw}”不是 http 或 https 网址，只能监测网站页面。")
    host = parts.hostname
    if not host:
        raise MalformedUrl(f"no host in {raw!r}", message=f"网址“{raw}”缺少域名。")
    if parts.username is not None or parts.password is not None:
        raise MalformedUrl(f"credentials in {raw!r}", message=f"网址“{raw}”中不能包含用户名或密码。")
    try:
        # Chinese domain names (示例.政务) travel as IDNA (xn--...) in DNS and in the Host header.
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise MalformedUrl(f"bad host {host!r}", message=f"网址“{raw}”的域名无效。") from None
    if ":" not in host and not _HOST.match(host):
        raise MalformedUrl(f"bad host {host!r}", message=f"网址“{raw}”的域名无效。")
    if port == 0:
        raise MalformedUrl(f"port 0 in {raw!r}", message=f"网址“{raw}”的端口无效。")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    normalised = urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, ""))
    return Target(normalised, scheme, host, port or (443 if scheme == "https" else 80), path)


_REASONS = (
    # Most specific first: 169.254/16, 0.0.0.0 and 240/4 are also "private" to the ipaddress module.
    ("is_unspecified", "未指定地址"),
    ("is_loopback", "本机回环地址"),
    ("is_link_local", "链路本地地址"),
    ("is_multicast", "组播地址"),
    ("is_reserved", "保留地址"),
    ("is_private", "内网地址"),
)


def refused_reason(address: str) -> str | None:
    """Why an address is not for the monitor to reach (Chinese), None when it is a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
    for attr, reason in _REASONS:
        if getattr(ip, attr):
            return reason
    if not ip.is_global:
        return "非公网地址"
    return None


def resolve(target: Target, policy: FetchPolicy) -> str:
    """The address to connect to. Every address the name resolves to is checked: a name that resolves to
    both a public and a private address is refused (the private one could be chosen on a retry)."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise DnsFailure(f"{target.host}: {exc}", message=f"域名“{target.host}”无法解析。") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise DnsFailure(f"{target.host}: no address", message=f"域名“{target.host}”没有可用的地址。")
    if not policy.allow_private:
        for address in addresses:
            reason = refused_reason(address)
            if reason:
                raise RefusedAddress(
                    f"{target.host} -> {address} ({reason})",
                    message=f"出于安全考虑，不访问{reason}：{target.host} 解析为 {address}。"
                    "监测内网网站需设置 GONGKAI_MONITOR_ALLOW_PRIVATE=1。")
    return addresses[0]


def check_url(url: str, *, policy: FetchPolicy | None = None) -> Target:
    """parse_url + resolve: raises MalformedUrl, DnsFailure or RefusedAddress; for forms and the CLI."""
    policy = policy or FetchPolicy.from_env()
    target = parse_url(url)
    resolve(target, policy)
    return target


# --- connections pinned to the checked address --------------------------------------------------------------

class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        # A raw socket to the literal address: socket.create_connection would call getaddrinfo again.
        family = socket.AF_INET6 if ":" in self._address else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(self.timeout)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.connect((self._address, self.port))
        except BaseException:
            sock.close()
            raise
        self.sock = sock


class _PinnedHTTPS(_PinnedHTTP):
    _context = ssl.create_default_context()

    def connect(self) -> None:
        super().connect()
        self.sock = self._context.wrap_socket(self.sock, server_hostname=self.host)


def _remaining(deadline: float, timeout: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchTimeout("deadline passed", message=f"{timeout:g} 秒内未能打开页面。")
    return left


def _decoder(encoding: str):
    encoding = encoding.strip().lower()
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj()
    return None


def _too_large(policy: FetchPolicy) -> TooLarge:
    mb = policy.max_bytes / (1024 * 1024)
    size = f"{mb:.1f} MB" if mb >= 0.1 else f"{policy.max_bytes} 字节"
    return TooLarge(f"over {policy.max_bytes} bytes", message=f"页面超过 {size} 的大小上限，已停止读取。")


def _request(target: Target, address: str, *, policy: FetchPolicy, deadline: float, read_body: bool):
    cls = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
    conn = cls(target.host, target.port, address, timeout=_remaining(deadline, policy.timeout))
    try:
        conn.putrequest("GET", target.path, skip_accept_encoding=True)
        conn.putheader("User-Agent", policy.user_agent)
        conn.putheader("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5")
        conn.putheader("Accept-Encoding", "gzip, deflate")
        conn.putheader("Accept-Language", "zh-CN,zh;q=0.9")
        conn.putheader("Connection", "close")
        conn.endheaders()
        conn.sock.settimeout(_remaining(deadline, policy.timeout))
        resp = conn.getresponse()
        headers = {k.lower(): v for k, v in resp.getheaders()}
        body = b""
        if read_body and resp.status not in _REDIRECTS:
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > policy.max_bytes:
                raise _too_large(policy)
            decoder = _decoder(headers.get("content-encoding", ""))
            parts: list[bytes] = []
            raw_total = size = 0
            while True:
                conn.sock.settimeout(_remaining(deadline, policy.timeout)) if conn.sock else None
                chunk = resp.read1(_CHUNK) if hasattr(resp, "read1") else resp.read(_CHUNK)
                if not chunk:
                    break
                raw_total += len(chunk)
                if raw_total > policy.max_bytes:
                    raise _too_large(policy)
                if decoder is not None:
                    try:
                        chunk = decoder.decompress(chunk, policy.max_bytes - size + 1)
                    except zlib.error:
                        raise ProtocolError("bad compressed body", message="页面的压缩数据损坏，无法解压。") from None
                    if decoder.unconsumed_tail:
                        raise _too_large(policy)
                size += len(chunk)
                if size > policy.max_bytes:
                    raise _too_large(policy)
                parts.append(chunk)
                _remaining(deadline, policy.timeout)
            body = b"".join(parts)
        return resp.status, headers, body
    finally:
        conn.close()


def _fetch(url: str, *, policy: FetchPolicy, limiter, robots: RobotsCache | None, deadline: float,
           read_body: bool) -> Fetched:
    started = time.monotonic()
    current = url
    seen: set[str] = set()
    redirects: list[str] = []
    while True:
        target = parse_url(current)
        if target.url in seen:
            raise RedirectLoop(f"loop at {target.url}", message=f"重定向形成循环（回到 {target.url}）。")
        seen.add(target.url)
        if robots is not None and policy.robots:
            if not robots.allowed(target.url, policy=policy, limiter=limiter, deadline=deadline):
                raise RobotsDisallowed(f"robots.txt disallows {target.url}",
                                       message=f"该网站的 robots.txt 不允许抓取 {target.url}，未访问。")
        address = resolve(target, policy)
        _remaining(deadline, policy.timeout)
        limiter.wait(f"{target.host}:{target.port}", policy.host_interval)
        try:
            status, headers, body = _request(target, address, policy=policy, deadline=deadline, read_body=read_body)
        except FetchError:
            raise
        except TimeoutError:
            raise FetchTimeout(f"{target.url}: timed out",
                               message=f"{policy.timeout:g} 秒内未能打开页面 {target.url}。") from None
        except ssl.SSLError as exc:
            raise TlsError(f"{target.url}: {exc}", message=f"{target.host} 的 HTTPS 证书或加密连接有误：{exc.reason or exc}。") from None
        except ssl.CertificateError as exc:
            raise TlsError(f"{target.url}: {exc}", message=f"{target.host} 的 HTTPS 证书无效。") from None
        except http.client.HTTPException as exc:
            raise ProtocolError(f"{target.url}: {exc!r}", message=f"{target.host} 的响应不符合 HTTP 协议。") from None
        except ConnectionRefusedError:
            raise ConnectionFailed(f"{target.url}: refused", message=f"{target.host} 拒绝连接（端口 {target.port}）。") from None
        except OSError as exc:
            raise ConnectionFailed(f"{target.url}: {exc}", message=f"无法连接 {target.host}：{exc.strerror or exc}。") from None
        location = headers.get("location")
        if status in _REDIRECTS and location:
            if len(redirects) >= policy.max_redirects:
                raise TooManyRedirects(f"more than {policy.max_redirects} redirects",
                                       message=f"重定向超过 {policy.max_redirects} 次，已停止。")
            redirects.append(target.url)
            current = urljoin(target.url, location.strip())
            continue
        return Fetched(url=url, final_url=target.url, status=status, headers=headers, body=body,
                       elapsed_ms=int((time.monotonic() - started) * 1000), address=address, redirects=redirects)


def fetch(url: str, *, policy: FetchPolicy | None = None, limiter=None, robots: RobotsCache | None | bool = True,
          timeout: float | None = None, read_body: bool = True) -> Fetched:
    """Fetch `url` safely (see the module doc). `robots=True` uses the process's robots cache, False skips
    robots.txt (for robots.txt itself). `timeout` overrides the policy's total time (tests use short ones).
    `read_body=False` stops after the status line and headers (link checks)."""
    policy = policy or FetchPolicy.from_env()
    if timeout is not None:
        policy = replace(policy, timeout=timeout)
    robots_cache = _default_robots if robots is True else (robots or None)
    deadline = time.monotonic() + policy.timeout
    return _fetch(url, policy=policy, limiter=limiter or _default_limiter, robots=robots_cache,
                  deadline=deadline, read_body=read_body)
