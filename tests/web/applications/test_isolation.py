"""Three-user isolation over every staff route (namespace "work"), enumerated from the URLconf: a new route
without an entry in ROUTES fails `test_every_staff_route_is_covered`.

alice (agency A) reaches A's objects; bob (agency B), the supervisor and a superuser without agency roles get
404 for GET and POST on A's objects; anonymous users are sent to the login page. Lists never show another
agency's applications, names are masked in the queue, and A's applicant's identity number and phone never
appear in anything the others receive.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.web.applications import services
from gongkai.web.applications.actions import ACTIONS as ACTION_FORMS
from gongkai.web.applications.models import Application, ApplicationEvent, Letter, ReviewCase

from .conftest import ID_NUMBER, NAME, PHONE, at, make_app, person

pytestmark = pytest.mark.django_db

# url name → the object its pk names (None: a page without an object).
ROUTES = {
    "queue": None, "login": None, "logout": None, "register": None, "calendar": None, "supervision": None,
    "detail": "app", "act": "app", "fee_preview": "app", "attachment": "attachment", "letter": "letter",
    "letter_issue": "letter", "letter_delivery": "letter", "letter_docx": "letter", "letter_pdf": "letter",
    "case_update": "case",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def work_routes() -> dict[str, URLPattern]:
    def find(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "work":
                    return p
                found = find(p.url_patterns)
                if found:
                    return found
        return None

    resolver = find(get_resolver().url_patterns)
    assert resolver is not None, "the staff URLs (namespace 'work') are not mounted"
    return {p.name: p for p in resolver.url_patterns}


@pytest.fixture
def objects(world):
    """A's objects of every kind the routes name, and one application of B."""
    app = make_app(world, "with_case")
    draft_app = make_app(world, "correction_requested", received=date(2026, 3, 9))
    with_file = services.application_register(
        agency=world.dept_a, data=person(title="甲局附件申请"), channel="in_person", actor=world.alice,
        submitted_at=at(date(2026, 3, 3)), received_on=date(2026, 3, 3),
        attachments=[services.Upload("申请书.pdf", PDF)])
    b_app = make_app(world, "received", agency=world.dept_b, title="乙局专有信息XYZ")
    return {
        "app": app, "draft_app": draft_app, "b_app": b_app,
        "attachment": with_file.attachments.get(),
        "letter": app.letters.get(kind="reply"),
        "draft": draft_app.letters.get(kind="correction", issued=False),
        "case": app.review_cases.get(),
    }


def urls_for(name: str, objects: dict) -> list[str]:
    """Every URL of route `name` for A's objects (the action route: once per action)."""
    kind = ROUTES[name]
    if kind is None:
        return [reverse(f"work:{name}")]
    if name == "act":
        return [reverse("work:act", args=[objects["app"].pk, action]) for action in ACTION_FORMS]
    if name in ("letter", "letter_issue", "letter_delivery"):
        return [reverse(f"work:{name}", args=[objects["letter"].pk]),
                reverse(f"work:{name}", args=[objects["draft"].pk])]
    return [reverse(f"work:{name}", args=[objects[kind].pk])]


def client_for(user) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def test_every_staff_route_is_covered():
    assert set(work_routes()) == set(ROUTES)


def test_object_routes_take_numeric_ids_only():
    for name, pattern in work_routes().items():
        converters = pattern.pattern.converters
        for kwarg, conv in converters.items():
            assert kwarg == "action" or type(conv).__name__ == "IntConverter", (name, kwarg)


def test_alice_reaches_her_agencys_objects(world, objects):
    alice = client_for(world.alice)
    for name, kind in ROUTES.items():
        if kind is None:
            continue
        for url in urls_for(name, objects):
            if name == "fee_preview":
                url += "?method=per_page&units=50"
            response = alice.get(url)
            assert response.status_code in (200, 302), (url, response.status_code)


@pytest.mark.parametrize("who", ["bob", "sue", "root"])
def test_others_get_404_on_every_object_route(world, objects, who):
    other = client_for(world.users[who])
    events = ApplicationEvent.objects.count()
    letters = list(Letter.objects.values_list("pk", "content", "issued"))
    cases = list(ReviewCase.objects.values_list("pk", "result"))
    payload = {"on": "2026-03-20", "items": "x", "period_days": "10", "party": "某公司", "kind": "third_party",
               "days": "5", "reason": "复杂", "method": "per_page", "units": "80", "outcome": "disclosed",
               "note": "n", "result": "upheld", "decided_on": "2026-04-01", "body": "示例市人民政府",
               "filed_on": "2026-03-20", "paragraphs": "改写", "basis": "依据"}
    for name, kind in ROUTES.items():
        if kind is None:
            continue
        for url in urls_for(name, objects):
            for method in ("get", "post"):
                response = getattr(other, method)(url, payload if method == "post" else None)
                assert response.status_code == 404, (who, method, url, response.status_code)
                body = response.content.decode("utf-8", "replace")
                assert ID_NUMBER not in body and PHONE not in body and NAME not in body
    # Nothing was changed by any of those requests.
    assert ApplicationEvent.objects.count() == events
    assert list(Letter.objects.values_list("pk", "content", "issued")) == letters
    assert list(ReviewCase.objects.values_list("pk", "result")) == cases


def test_anonymous_is_sent_to_the_login_page(world, objects):
    anon = client_for(None)
    login = reverse("work:login")
    for name in ROUTES:
        if name == "login":
            assert anon.get(login).status_code == 200
            continue
        for url in urls_for(name, objects):
            for method in ("get", "post"):
                response = getattr(anon, method)(url)
                if name == "logout":
                    if method == "get":
                        assert response.status_code == 405
                        continue
                    assert response.status_code == 302 and response["Location"].startswith(login)
                    continue
                assert response.status_code == 302, (method, url)
                assert response["Location"].startswith(f"{login}?next="), (method, url)
                assert str(objects["app"].pk) not in response["Location"].split("next=")[0]


def test_queue_shows_only_own_agency_masked(world, objects):
    alice = client_for(world.alice)
    b_app = objects["b_app"]
    for which in ("open", "all", "closed", "unassigned", "mine", "confirm", "review"):
        for extra in ("", f"&agency={world.dept_b.pk}"):
            body = alice.get(f"{reverse('work:queue')}?which={which}{extra}").content.decode()
            assert reverse("work:detail", args=[b_app.pk]) not in body
            assert "乙局专有信息XYZ" not in body
            assert NAME not in body and ID_NUMBER not in body and PHONE not in body
    body = alice.get(f"{reverse('work:queue')}?which=all").content.decode()
    assert "张**" in body
    assert reverse("work:detail", args=[objects["app"].pk]) in body
    # bob's queue shows B's application, never A's.
    body = client_for(world.bob).get(f"{reverse('work:queue')}?which=all").content.decode()
    assert reverse("work:detail", args=[b_app.pk]) in body
    assert reverse("work:detail", args=[objects["app"].pk]) not in body


def test_list_pages_reveal_nothing_of_a_to_others(world, objects):
    for who in ("bob", "sue", "root"):
        c = client_for(world.users[who])
        for name, kind in ROUTES.items():
            if kind is not None or name in ("logout",):
                continue
            response = c.get(reverse(f"work:{name}"))
            assert response.status_code in (200, 302, 404), (who, name, response.status_code)
            body = response.content.decode()
            assert ID_NUMBER not in body and PHONE not in body and NAME not in body, (who, name)
            assert reverse("work:detail", args=[objects["app"].pk]) not in body


def test_supervisor_sees_aggregates_only(world, objects):
    sue = client_for(world.sue)
    response = sue.get(reverse("work:supervision"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "示例市甲局" in body and "示例市乙局" in body
    assert "/work/a/" not in body and "/work/letters/" not in body
    rows = {r["agency"].pk: r for r in response.context["rows"]}
    # A: one received (overdue by now) and one awaiting correction are open; B: one received, overdue.
    assert (rows[world.dept_a.pk]["open"], rows[world.dept_a.pk]["overdue"]) == (2, 1)
    assert (rows[world.dept_b.pk]["open"], rows[world.dept_b.pk]["overdue"]) == (1, 1)
    assert rows[world.gov.pk]["open"] == 0 and response.context["totals"]["open"] == 3
    assert sue.get(reverse("work:queue")).status_code == 200  # an empty queue, with a pointer to the figures
    assert client_for(world.alice).get(reverse("work:supervision")).status_code == 404


def test_registering_for_another_agency_is_refused(world):
    bob = client_for(world.bob)
    page = bob.get(reverse("work:register"))
    assert page.status_code == 200
    key = page.context["form"].initial["idempotency_key"]
    data = {"agency": world.dept_a.pk, "channel": "in_person", "submitted_at": "2026-03-02T09:00",
            "applicant_type": "natural_person", "applicant_name": "李四", "id_kind": "resident_id",
            "id_number": ID_NUMBER, "phone": PHONE, "title": "某信息", "delivery_form": "paper",
            "delivery_method": "pickup", "idempotency_key": key}
    response = bob.post(reverse("work:register"), data)
    assert response.status_code == 400
    assert not Application.objects.filter(agency=world.dept_a).exists()
    # amy (handler only) may not register at all.
    assert client_for(world.amy).get(reverse("work:register")).status_code == 404


def test_calendar_page_only_for_admins(world):
    assert client_for(world.alice).get(reverse("work:calendar")).status_code == 404
    assert client_for(world.bob).get(reverse("work:calendar")).status_code == 200  # agency_admin in B
    assert client_for(world.root).get(reverse("work:calendar")).status_code == 200
