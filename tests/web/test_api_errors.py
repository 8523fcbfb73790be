"""Every refusal of /api/v1/ carries a stable `code` (issue 11, point 4), handled in one
place (kohtaanto/api.py), and the OpenAPI document declares the error schema and the codes
on every operation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from kohtaanto.api import api
from kohtaanto.web.api_errors import BY_STATUS, ErrorCode
from tests.factories import ClientFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def _code(response) -> str:
    return response.json()["code"]


def test_each_kind_of_refusal_has_its_code(client, worker, settings):
    own = ClientFactory(responsible_worker=worker)
    other = ClientFactory(responsible_worker=UserFactory(team=TeamFactory()))
    meetings = f"/api/v1/clients/{own.pk}/meetings"
    held = {"kind": "initial_interview", "status": "held", "channel": "phone"}
    held["held_date"] = dt.date.today().isoformat()

    assert _code(client.get("/api/v1/clients/caseloads")) == ErrorCode.FORBIDDEN
    assert _code(client.get(f"/api/v1/clients/{other.pk}")) == ErrorCode.NOT_FOUND
    r = client.post(meetings, {**held, "kind": "party"}, content_type="application/json")
    assert r.status_code == 422 and _code(r) == ErrorCode.INVALID_INPUT and "kind" in r.json()["errors"]
    r = client.post(meetings, {**held, "held_date": "yesterday"}, content_type="application/json")
    assert r.status_code == 422 and _code(r) == ErrorCode.INVALID_REQUEST
    r = client.post(meetings, "{not json", content_type="application/json")
    assert r.status_code == 400 and _code(r) == ErrorCode.BAD_REQUEST
    settings.API_RATE_PER_USER = "1/m"
    cache.clear()
    client.get("/api/v1/clients/worklist")
    r = client.get("/api/v1/clients/worklist")
    assert r.status_code == 429 and _code(r) == ErrorCode.TOO_MANY_REQUESTS
    cache.clear()
    client.logout()
    assert _code(client.get("/api/v1/clients/worklist")) == ErrorCode.UNAUTHENTICATED


def test_every_operation_declares_the_error_responses_and_codes():
    schema = api.get_openapi_schema()
    codes = schema["components"]["schemas"]["ErrorCode"]["enum"]
    assert set(codes) == {c.value for c in ErrorCode}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for status in (403, 404, 422):
                response = operation["responses"].get(str(status))
                assert response, f"{method.upper()} {path} lacks {status}"
                assert response["content"]["application/json"]["schema"]["$ref"].endswith("/ApiError")
                assert all(c.value in response["description"] for c in BY_STATUS[status])
