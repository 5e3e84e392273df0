"""Bounded versions of bench/faults.py: applicants submit through the real public form of the production server
while it is SIGKILLed, or while its PostgreSQL restarts; every acknowledged application must be stored exactly
once, under the tracking code its applicant was shown, and the site must come back by itself."""

from __future__ import annotations

import os

import pytest

from bench import faults
from bench.harness import private_postgres_problem


def _assert_every_acknowledged_once(result: dict) -> None:
    assert result["acknowledged"] == result["submissions"], result["unacknowledged"]
    assert result["missing"] == []
    assert result["wrong_key"] == []
    assert result["stored_twice"] == []
    assert result["rows"] == result["submissions"]


def test_sigkill_of_the_server_loses_no_acknowledged_application_and_stores_none_twice(tmp_path):
    result = faults.run_sigkill(submissions=150, kills=2, clients=4, workers=2, seed=11, deadline=60,
                                data_dir=tmp_path)
    assert result["kills"] == 2 and result["server_starts"] == 3
    assert result["retries"] > 0  # the kills did hit requests in flight
    _assert_every_acknowledged_once(result)


def test_a_postgresql_restart_is_survived_without_restarting_the_server():
    problem = private_postgres_problem()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the PostgreSQL restart test: {problem}")
        pytest.skip(problem)
    result = faults.run_pg_restart(submissions=60, restarts=2, clients=4, workers=2, seed=12, deadline=60)
    assert result["restarts"] == 2
    assert result["server_restarted"] is False
    # After a restart with no client about, each worker's first request is served (connection health checks),
    # not a 500 on a dead kept connection.
    assert result["status_after"] == [200, 200, 200, 200]
    _assert_every_acknowledged_once(result)
