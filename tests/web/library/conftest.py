"""The library's test world: a throwaway MEDIA_ROOT, staff and non-staff users, and real report files
(the seed reports and synthetic reports rendered by gongkai.corpus)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from tests.conftest import SEEDS

PRE2019_SEED = "000_2a62d5a1a2eb557a.txt"  # 兴安盟 2017, narrative (pre-2019) report


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


def seed_bytes(name: str = PRE2019_SEED) -> bytes:
    return (SEEDS / name).read_bytes()


@cache
def synthetic(template: str, index: int = 0, fmt: str = "txt") -> tuple[str, bytes, object]:
    """(file name, bytes, SyntheticReport) for the index-th synthetic report of `template`."""
    from gongkai.corpus import file_name, generate, render

    report = [r for r in generate(9, seed=11) if r.template == template][index]
    return file_name(report, fmt), render(report, fmt), report


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("staff", password="pw", is_staff=True)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def stored_files(media_root: Path) -> list[Path]:
    root = media_root / "reports"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
