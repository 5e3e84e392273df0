"""Rate limits of the public (anonymous) pages, counted by django-ratelimit in Django's cache.

    hit(scope, request, limit, window=3600) -> Limit   count one attempt; .allowed / .retry_after

The count lives in the default cache: shared between processes through Redis in production
(GONGKAI_REDIS_URL), per process with the local-memory cache otherwise. The client is the address from
`gongkai.web.common.clientip.client_ip` (REMOTE_ADDR, or X-Forwarded-For only behind a configured trusted
proxy). The address is never stored in clear: the counting key is a keyed hash of it.

django_ratelimit is deliberately not in INSTALLED_APPS: its system check refuses the local-memory cache of
development and the demo, where a per-process count is all that is needed.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage

from gongkai.web.common.clientip import client_ip


@dataclass(frozen=True)
class Limit:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the window ends


def _client_key(group: str, request) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), client_ip(request).encode(), hashlib.sha256).hexdigest()[:32]


def _usage(scope: str, request, limit: int, window: int, increment: bool) -> Limit:
    usage = get_usage(request, group=f"gongkai:{scope}", key=_client_key, rate=(limit, window),
                      increment=increment)
    if usage is None:  # RATELIMIT_ENABLE = False
        return Limit(allowed=True, count=0, limit=limit, retry_after=0)
    retry_after = usage["time_left"] if usage["time_left"] > 0 else window
    return Limit(allowed=not usage["should_limit"], count=usage["count"], limit=limit, retry_after=retry_after)


def hit(scope: str, request, limit: int, window: int = 3600) -> Limit:
    """Count one attempt from the request's client in the current window. `allowed` is False once the
    count exceeds `limit` (the limit-th attempt is still allowed). A cache that cannot count refuses
    (django-ratelimit fails closed)."""
    return _usage(scope, request, limit, window, increment=True)


def refused(request, limit: Limit, what: str):
    """The 429 page: what was limited and when to try again."""
    response = render(request, "applications/public/rate_limited.html",
                      {"what": what, "minutes": max(1, limit.retry_after // 60)}, status=429)
    response["Retry-After"] = str(limit.retry_after)
    return response
