"""A small fixed-window rate limiter over Django's cache, for the public (anonymous) pages.

    client_ip(request) -> str                    REMOTE_ADDR only (see below)
    hit(scope, request, limit, window=3600) -> Limit   count one attempt; .allowed / .retry_after

The count lives in the default cache: shared between processes through Redis in production
(GONGKAI_REDIS_URL), per process with the local-memory cache otherwise. The client address is never stored
in clear: the cache key holds a keyed hash of it.

Only REMOTE_ADDR is trusted. X-Forwarded-For is set by whoever sends the request, so honouring it would let
anyone pick a fresh address per request; a deployment behind a reverse proxy must have the proxy set
REMOTE_ADDR (e.g. uWSGI/gunicorn behind nginx with the real-IP module), not this code.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    return (request.META.get("REMOTE_ADDR") or "unknown").strip()


@dataclass(frozen=True)
class Limit:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the window ends


def _key(scope: str, ip: str, window_no: int) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()[:32]
    return f"gongkai:rl:{scope}:{digest}:{window_no}"


def peek(scope: str, request, limit: int, window: int = 3600) -> Limit:
    """The current count without adding an attempt."""
    now = time.time()
    window_no = int(now // window)
    count = cache.get(_key(scope, client_ip(request), window_no), 0)
    return Limit(allowed=count < limit, count=count, limit=limit, retry_after=int((window_no + 1) * window - now) + 1)


def hit(scope: str, request, limit: int, window: int = 3600) -> Limit:
    """Count one attempt from the request's client in the current window. `allowed` is False once the
    count exceeds `limit` (the limit-th attempt is still allowed)."""
    now = time.time()
    window_no = int(now // window)
    key = _key(scope, client_ip(request), window_no)
    cache.add(key, 0, timeout=window + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 60)
        count = 1
    return Limit(allowed=count <= limit, count=count, limit=limit, retry_after=int((window_no + 1) * window - now) + 1)
