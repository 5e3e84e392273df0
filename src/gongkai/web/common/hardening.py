"""Site-wide protections of the web layer (docs/settings.md, "Web hardening").

RequestBodyLimitMiddleware  refuses a request body larger than the cap of its path with a 413 page at once,
                            from the Content-Length header, before anything reads the body; a body without
                            Content-Length (chunked) is read only up to the cap. A refusal on the anonymous
                            forms counts toward their rate limit.
NoStoreMiddleware           `Cache-Control: no-store` and `Pragma: no-cache` on every response under the path
                            prefixes that carry personal data (staff pages and downloads, tracking, the
                            receipt, the admin).

Caps (MB = 1024 * 1024 bytes):
  /apply/, /track/ (anonymous applications and the online correction)
      GONGKAI_MAX_ATTACHMENT_MB x GONGKAI_MAX_ATTACHMENTS + 1 MB for the form fields
  /work/, /reports/upload/, /reports/batches/, /admin/ for a logged-in user (report uploads, bulk imports,
  staff attachments)
      GONGKAI_MAX_UPLOAD_MB + 1 MB
  everything else, and the paths above for an anonymous visitor
      GONGKAI_MAX_REQUEST_KB
"""

from __future__ import annotations

import logging
import tempfile

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from .clientip import client_ip

log = logging.getLogger(__name__)

MB = 1024 * 1024
FORM_MARGIN = 1 * MB
ANONYMOUS_UPLOAD_PREFIXES = ("/apply/", "/track/")
STAFF_UPLOAD_PREFIXES = ("/work/", "/reports/upload/", "/reports/batches/", "/admin/")
NO_STORE_PREFIXES = ("/work/", "/track/", "/apply/", "/admin/")
CHUNK = 64 * 1024


def body_cap(request) -> int:
    """The largest request body, in bytes, accepted for this request's path."""
    path = request.path_info
    if path.startswith(ANONYMOUS_UPLOAD_PREFIXES):
        return settings.GONGKAI_MAX_ATTACHMENT_MB * settings.GONGKAI_MAX_ATTACHMENTS * MB + FORM_MARGIN
    if path.startswith(STAFF_UPLOAD_PREFIXES) and request.user.is_authenticated:
        return settings.MAX_UPLOAD_MB * MB + FORM_MARGIN
    return settings.GONGKAI_MAX_REQUEST_KB * 1024


def _rate_scope(path: str) -> tuple[str, str, int] | None:
    """The rate limit a refused body counts toward: (scope, what, limit), as the view itself counts."""
    if path.startswith("/apply/") or path.startswith("/track/case/correction/"):
        return "submit", "提交", settings.GONGKAI_SUBMIT_RATE_PER_HOUR
    if path.startswith("/track/"):
        return "track", "查询", settings.GONGKAI_TRACK_RATE_PER_HOUR
    return None


def _mb(n: int) -> str:
    value = n / MB
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


class RequestBodyLimitMiddleware:
    """Sits after AuthenticationMiddleware (the cap depends on the login; request.user is lazy and reads no
    body) and before every middleware and view that reads the body (CSRF's process_view reads POST)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cap = body_cap(request)
        raw = request.META.get("CONTENT_LENGTH") or ""
        if raw.strip():
            try:
                length = int(raw)
            except ValueError:
                length = 0  # Django treats it as no body
            if length > cap:
                return self._refuse(request, cap, length)
        elif "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            refused = self._buffer_chunked(request, cap)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _buffer_chunked(self, request, cap: int):
        """A body without Content-Length: read at most cap + 1 bytes (spooled to disk past Django's in-memory
        upload size); refuse if there is more, else hand Django the body with its length, which it needs to
        read it at all (without CONTENT_LENGTH Django sees an empty body)."""
        source = request.META["wsgi.input"]
        spool = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)
        total = 0
        while total <= cap:
            chunk = source.read(min(CHUNK, cap + 1 - total))
            if not chunk:
                break
            spool.write(chunk)
            total += len(chunk)
        if total > cap:
            spool.close()
            return self._refuse(request, cap, None)
        spool.seek(0)
        request.META["CONTENT_LENGTH"] = str(total)
        request._stream = LimitedStream(spool, total)  # what WSGIRequest.__init__ builds from CONTENT_LENGTH
        request._read_started = False
        return None

    def _refuse(self, request, cap: int, length: int | None):
        log.warning("request body refused: %s bytes to %s (cap %d) from %s",
                    length if length is not None else "chunked, more than cap", request.path_info, cap,
                    client_ip(request))
        scope = _rate_scope(request.path_info)
        if scope is not None:
            from gongkai.web.applications import ratelimit  # the anonymous forms' limits live there

            name, what, per_hour = scope
            limit = ratelimit.hit(name, request, per_hour)
            if not limit.allowed:
                return ratelimit.refused(request, limit, what)
        return render(request, "413.html", {"limit_mb": _mb(cap)}, status=413)


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(NO_STORE_PREFIXES):
            add_never_cache_headers(response)
            response["Pragma"] = "no-cache"
        return response


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login (AXES_LOCKOUT_CALLABLE), for the staff and the admin login:
    what happened, when to retry, whom to ask."""
    from axes.helpers import get_cool_off, get_failure_limit

    limit = get_failure_limit(request, credentials)
    seconds = int(get_cool_off(request).total_seconds())
    response = render(request, "gongkai/locked_out.html",
                      {"failure_limit": limit, "minutes": max(1, -(-seconds // 60))}, status=429)
    response["Retry-After"] = str(seconds)
    log.warning("login locked out after %d failures from %s", limit, client_ip(request))
    return response


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check as the first authentication backend, for every login that comes with a
    request (the staff login, the admin login: Django's views always pass it). An authentication without a
    request has no client to lock out — code on the server, e.g. the test client's `login()` — and goes on
    to the password check, where axes itself would refuse it outright."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
