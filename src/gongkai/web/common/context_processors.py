"""Template context every page gets."""

from django.conf import settings


def site(request) -> dict:
    # The base layout tells a visitor of a demonstration that its data is generated and where to log in.
    return {"demo_mode": settings.DEMO}
