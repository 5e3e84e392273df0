"""One scenario, every entrance: a correction restarts the 20 working days (条例 art. 30).

Received Monday 2026-09-28, a correction requested on 09-29, the corrected application received on
Monday 2026-10-12. The count restarts on 10-13 and skips nothing else (National Day and Mid-Autumn,
10-01..10-08, fell before the restart; 10-10 was a make-up Saturday, also before it): 20 working days from
10-13 end on Monday 2026-11-09. The core, the CLI and the web (the applicant corrects online, then sees the
date on the tracking page) must all say so.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from gongkai.cli import main as cli
from gongkai.core.clock import WorkCalendar, compute_deadline

RECEIVED, CORRECTION_ASKED, CORRECTED = date(2026, 9, 28), date(2026, 9, 29), date(2026, 10, 12)
DUE = date(2026, 11, 9)


def test_core():
    deadline = compute_deadline(RECEIVED, correction_received=CORRECTED, calendar=WorkCalendar.official())
    assert deadline.due == DUE and not deadline.provisional


def test_cli(capsys):
    assert cli(["deadline", "--received", RECEIVED.isoformat(), "--correction-received", CORRECTED.isoformat(),
                "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["due"] == DUE.isoformat() and out["provisional"] is False


@pytest.mark.django_db
def test_web(client):
    from gongkai.web.applications import services
    from gongkai.web.applications.access import verification_value
    from gongkai.web.applications.models import Application
    from tests.web.agencies.world import make_world
    from tests.web.applications.test_services import at, person

    world = make_world()
    app = services.application_register(agency=world.dept_a, data=person(), channel="in_person",
                                        actor=world.alice, submitted_at=at(RECEIVED), received_on=RECEIVED)
    services.application_request_correction(application=app, actor=world.amy, items="请写明所需信息的文号",
                                            on=CORRECTION_ASKED)
    # The applicant finds the case and corrects it online (the service is told the date, as time is an
    # argument; the page itself would use today).
    response = client.post(reverse("public:track"), {"code": app.tracking_code,
                                                     "verification": verification_value(app)})
    assert response.status_code == 302
    services.application_receive_correction(application=app, text="文号：示府办〔2025〕12号", on=CORRECTED)
    assert Application.objects.get(pk=app.pk).due_date == DUE
    page = client.get(reverse("public:track_case")).content.decode()
    assert "2026年11月9日" in page or "2026-11-09" in page
