"""`/healthz` and `/readyz` for a load balancer or an orchestrator.

    /healthz   the process answers: 200 "ok", touches nothing else
    /readyz    the database answers a query and the task queue is reachable (Redis PING, or the SQLite
               queue file): 200 {"database": "ok", "queue": "ok"}, else 503 naming the part that failed

Answered by a middleware placed first, before Django reads the Host header: a load balancer probing a
backend by its IP address is not refused by ALLOWED_HOSTS, nor redirected to https, nor asked to log in.
Neither response may be cached. Neither tells more than "ok" or "unavailable" (no error details to the
network; the reason is logged).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse

log = logging.getLogger(__name__)

REDIS_TIMEOUT_SECONDS = 2.0
_redis_client = None


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:
        log.warning("readyz: the database does not answer", exc_info=True)
        return False


def queue_ok() -> bool:
    global _redis_client
    try:
        if settings.REDIS_URL:
            if _redis_client is None:
                import redis

                # Its own client with short timeouts: a black-holed Redis must not hang the probe.
                _redis_client = redis.Redis.from_url(
                    settings.REDIS_URL, socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                    socket_timeout=REDIS_TIMEOUT_SECONDS,
                )
            return bool(_redis_client.ping())
        from huey.contrib.djhuey import HUEY

        HUEY.pending_count()  # reads the SQLite queue file (the immediate mode's memory queue in tests)
        return True
    except Exception:
        log.warning("readyz: the task queue is not reachable", exc_info=True)
        return False


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path in ("/healthz", "/healthz/"):
            return _no_store(HttpResponse("ok", content_type="text/plain; charset=utf-8"))
        if path in ("/readyz", "/readyz/"):
            parts = {
                "database": "ok" if database_ok() else "unavailable",
                "queue": "ok" if queue_ok() else "unavailable",
            }
            ready = all(v == "ok" for v in parts.values())
            return _no_store(JsonResponse(parts, status=200 if ready else 503))
        return self.get_response(request)
