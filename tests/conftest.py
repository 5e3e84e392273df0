"""Shared test fixtures. Core tests need no database; web tests use pytest-django's `db` fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOCUMENTS = REPO / "tests" / "documents"
SEEDS = DOCUMENTS / "seeds"



@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS
