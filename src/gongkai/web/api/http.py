"""HTTP details shared by the API's views: JSON in UTF-8 (Chinese as is, not \\u escapes), strong ETags over
the body with If-None-Match → 304, Last-Modified, public caching, open CORS for GET, the errors' JSON shape
and the per-client rate limit.

    respond(request, payload, last_modified=None) -> HttpResponse (200 or 304)
    error(status, code, message, **extra) -> HttpResponse
    rate_limited(request) -> HttpResponse | None
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

CONTENT_TYPE = "application/json; charset=utf-8"
MAX_AGE = 60  # seconds: published data changes seldom, but a withdrawal should show within a minute


def _default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=_default).encode("utf-8")


def cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link, Retry-After"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def respond(request, payload, *, last_modified: datetime | None = None, link_next: str | None = None,
            max_age: int = MAX_AGE) -> HttpResponse:
    body = dumps(payload)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    modified = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=modified)
    if response is None:
        response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = f"public, max-age={max_age}"
    if link_next and response.status_code == 200:
        response["Link"] = f'<{link_next}>; rel="next"'
    return cors(response)


def error(status: int, code: str, message: str, **extra) -> HttpResponse:
    response = HttpResponse(dumps({"code": code, "message": message, **extra}), status=status,
                            content_type=CONTENT_TYPE)
    response["Cache-Control"] = "no-cache" if status != 410 else f"public, max-age={MAX_AGE}"
    return cors(response)


def rate_limited(request) -> HttpResponse | None:
    """Count one request of the client (GONGKAI_API_RATE_PER_MINUTE, the anonymous forms' counter); the 429
    response when over the limit."""
    from gongkai.web.applications import ratelimit

    limit = ratelimit.hit("api", request, settings.GONGKAI_API_RATE_PER_MINUTE, window=60)
    if limit.allowed:
        return None
    response = error(429, "rate_limited", f"请求过于频繁：每分钟最多 {limit.limit} 次，请 {limit.retry_after} 秒后再试。")
    response["Retry-After"] = str(limit.retry_after)
    return response
