"""Real services for the deployment tests: a PostgreSQL database of their own and a Redis database number.

    GONGKAI_TEST_PG_ADMIN_URL   a PostgreSQL server where the tests may create and drop a database
                                (default postgres://postgres@127.0.0.1:5432/postgres)
    GONGKAI_TEST_REDIS_URL      a Redis database these tests may flush (default redis://127.0.0.1:6379/3)

When either is unreachable the tests are skipped with the reason, except with CI=true, where they fail.
The processes under test get a clean environment (no GONGKAI_* of the test run) plus what each test sets.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid

import pytest

PG_ADMIN_URL = os.environ.get("GONGKAI_TEST_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("GONGKAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true requires it)")
    pytest.skip(reason)


@pytest.fixture
def pg_url():
    """The URL of a fresh, empty PostgreSQL database, dropped afterwards."""
    import psycopg

    admin = PG_ADMIN_URL.replace("postgres://", "postgresql://", 1)
    try:
        conn = psycopg.connect(admin, connect_timeout=3, autocommit=True)
    except Exception as exc:
        _unavailable(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}")
    name = f"gk_deploy_{uuid.uuid4().hex[:10]}"
    with conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        try:
            yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
        finally:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_url():
    """GONGKAI_TEST_REDIS_URL, flushed before and after (that database only)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3, socket_timeout=3)
    try:
        client.ping()
    except Exception as exc:
        _unavailable(f"Redis not reachable at {REDIS_URL}: {exc}")
    client.flushdb()
    try:
        yield REDIS_URL
    finally:
        client.flushdb()
        client.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(**extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL", "DJANGO_"))}
    return {**keep, **extra}


def gongkai(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "gongkai.cli", *args], env=env, capture_output=True,
                            text=True, timeout=timeout)
    assert result.returncode == 0, f"gongkai {' '.join(args)}: {result.stdout}{result.stderr}"
    return result


def wait_for(predicate, *, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(interval)
