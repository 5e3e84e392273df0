"""/healthz and /readyz for load balancers, and the HTTPS settings from the environment.

The production configuration of docs/deploy.md is checked in a subprocess (`gongkai manage check --deploy`),
since the settings module reads the environment once at import."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys

import pytest
from django.test import Client

from gongkai.core.privacy import new_key
from gongkai.web.common import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_for_any_host_and_is_not_cached():
    response = Client().get("/healthz", HTTP_HOST="10.0.0.7:8000")  # a load balancer probing by IP
    assert response.status_code == 200 and response.content == b"ok"
    assert response["Cache-Control"] == "no-store"


def test_readyz_reports_database_and_queue(settings):
    response = Client().get("/readyz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert json.loads(response.content) == {"database": "ok", "queue": "ok"}


def test_readyz_names_an_unreachable_redis(settings, monkeypatch):
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/3"
    monkeypatch.setattr(health, "_redis_client", None)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "queue": "unavailable"}
    assert response["Cache-Control"] == "no-store"


def test_health_checks_are_exempt_from_the_https_redirect(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    page = client.get("/")
    assert page.status_code == 301 and page["Location"].startswith("https://")


def test_security_headers_are_always_sent():
    response = Client().get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def _production_env(tmp_path, **extra) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL", "DJANGO_"))}
    return {
        **keep,
        "GONGKAI_DATA_DIR": str(tmp_path),
        "GONGKAI_DEBUG": "0",
        "GONGKAI_HTTPS": "1",
        "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50),
        "GONGKAI_DATA_KEYS": new_key(),
        "GONGKAI_ALLOWED_HOSTS": "gongkai.example.gov.cn",
        "GONGKAI_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        **extra,
    }


def test_the_documented_production_configuration_passes_check_deploy_without_a_warning(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(tmp_path), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_without_https_check_deploy_warns(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(tmp_path, GONGKAI_HTTPS="0"), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0 and "security.W008" in result.stderr + result.stdout


def test_https_settings_follow_the_environment(tmp_path):
    code = (
        "import json; from gongkai.commands import django_setup; django_setup(); from django.conf import settings as s;"
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, list(s.SECURE_PROXY_SSL_HEADER),"
        " s.CSRF_TRUSTED_ORIGINS, s.SECURE_REDIRECT_EXEMPT]))"
    )
    env = _production_env(tmp_path, GONGKAI_HSTS_SECONDS="600", GONGKAI_HSTS_PRELOAD="1",
                          GONGKAI_ALLOWED_HOSTS="gongkai.example.gov.cn,.gov.example")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        True, True, True, 600, True, True, ["HTTP_X_FORWARDED_PROTO", "https"],
        ["https://gongkai.example.gov.cn", "https://*.gov.example"], ["^healthz$", "^readyz$"],
    ]
