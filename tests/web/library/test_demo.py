"""`gongkai demo load`: imports the seeds and a synthetic corpus through report_import; twice adds nothing."""

from __future__ import annotations

import argparse

import pytest

from gongkai.commands import demo
from gongkai.web.library.models import ReportFile, ReportStats

from .conftest import stored_files

pytestmark = pytest.mark.django_db


def test_demo_load_is_idempotent(media_root):
    args = argparse.Namespace(count=5, seed=3, region_scale=0.02)  # 5 = one report per corpus format
    lines: list[str] = []

    assert demo.run_load(args, out=lines.append) == 0
    seeds = len(list(demo.seeds_dir().glob("*.txt")))
    assert ReportStats.objects.count() == seeds + 5
    formats = set(ReportFile.objects.values_list("detected_format", flat=True))
    assert {"txt", "html", "pdf", "docx"} <= formats
    assert f"   {seeds} new, 0 already present" in lines

    again: list[str] = []
    assert demo.run_load(args, out=again.append) == 0
    assert ReportStats.objects.count() == seeds + 5
    assert len(stored_files(media_root)) == seeds + 5
    assert "   0 new, 5 already present" in again
    from gongkai.web.applications.models import Application

    apps = Application.objects.count()
    assert apps > 0 and f"   0 new, {apps} already present" in again  # the region, loaded once


def test_demo_steps_are_an_extensible_list():
    runs = [s.run for s in demo.STEPS]
    assert runs[:3] == [demo.load_demo_account, demo.load_seed_reports, demo.load_corpus_reports]
    assert all(isinstance(s.title, str) and s.title for s in demo.STEPS)


def test_demo_without_the_repository_skips_the_seeds(monkeypatch):
    monkeypatch.setattr(demo, "seeds_dir", lambda: None)
    summary = demo.load_seed_reports(argparse.Namespace(count=0, seed=0), print)
    assert summary.skipped and "skipped" in summary.line()
    assert not ReportStats.objects.exists()


def test_demo_account_only_in_demo_mode_whatever_debug_says(settings):
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    login = RequestFactory().post("/work/login/")  # as the login views pass it (django-axes needs the request)

    settings.DEBUG, settings.DEMO = True, False  # development alone publishes no password
    assert "GONGKAI_DEMO" in demo.load_demo_account(argparse.Namespace(), print).skipped
    assert authenticate(login, username=demo.DEMO_USERNAME, password=demo.DEMO_PASSWORD) is None

    settings.DEBUG, settings.DEMO = False, True  # what `make demo` runs
    assert demo.load_demo_account(argparse.Namespace(), print).created == 1
    user = authenticate(login, username=demo.DEMO_USERNAME, password=demo.DEMO_PASSWORD)
    assert user is not None and user.is_staff
    assert demo.load_demo_account(argparse.Namespace(), print).existing == 1


def test_demo_rejects_a_negative_count(capsys):
    assert demo.run_load(argparse.Namespace(count=-2, seed=0, region_scale=1.0), print) == 2
    assert "--count must be >= 0" in capsys.readouterr().err
    assert not ReportStats.objects.exists()


@pytest.mark.parametrize("scale", [0, -1, 20.5])
def test_demo_rejects_a_region_scale_the_generator_cannot_use(capsys, scale):
    assert demo.run_load(argparse.Namespace(count=0, seed=0, region_scale=scale), print) == 2
    assert "--region-scale must be greater than 0 and at most 20" in capsys.readouterr().err
    assert not ReportStats.objects.exists()


def test_demo_passwords_are_one_password():
    from gongkai.web.applications.demo import DEMO_STAFF_PASSWORD

    assert demo.DEMO_PASSWORD == DEMO_STAFF_PASSWORD  # the login page names a single password for all


def test_demo_refuses_an_unmigrated_database(monkeypatch, capsys):
    monkeypatch.setattr(demo, "_unapplied_migrations", lambda: 3)
    assert demo.run_load(argparse.Namespace(count=1, seed=0, region_scale=1.0), print) == 2
    assert "gongkai manage migrate" in capsys.readouterr().err
    assert not ReportStats.objects.exists()
