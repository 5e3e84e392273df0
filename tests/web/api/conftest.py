"""Fixtures of the open data API tests: the registry world (agency codes) with published, withdrawn, draft
and filed items, and `openapi`, a validator of real responses against the served OpenAPI document."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.web.agencies.world import make_world
from tests.web.registry.conftest import POLICY, publish_item, with_codes  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """Each test starts a new count of the per-client API limit (the local-memory cache outlives a test)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    return with_codes(make_world())


@pytest.fixture
def client():
    return Client()


class OpenAPI:
    """Checks a response against the operation's documented response in the served document."""

    def __init__(self, doc: dict):
        self.doc = doc
        self.registry = Registry().with_resource("urn:gongkai-api", Resource(doc, DRAFT202012))

    def schema_for(self, path: str, status: int) -> dict:
        responses = self.doc["paths"][path]["get"]["responses"]
        return responses[str(status)]["content"]["application/json"]["schema"]

    def check(self, path: str, response) -> dict:
        assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
        data = json.loads(response.content.decode("utf-8"))
        schema = self.schema_for(path, response.status_code)
        if "$ref" in schema:
            schema = {"$ref": "urn:gongkai-api" + schema["$ref"]}
        validator = Draft202012Validator(schema, registry=self.registry, format_checker=Draft202012Validator.FORMAT_CHECKER)
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
        return data


@pytest.fixture
def openapi(db, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return OpenAPI(json.loads(response.content))
