"""API fuzzing: schemathesis against the served OpenAPI schema, in-process over WSGI.

The schema is read from /api/v1/openapi.json when this module is collected, and
`@schema.parametrize()` makes one test per operation, so operations that other apps add are
fuzzed without touching this file. Every generated request (valid and invalid input alike) is
sent with the session of each of several roles, with the CSRF token, so writes are exercised
too; half of the generated ids are pointed at records that exist, so the fuzzing gets past
the 404. The one check is schemathesis's `not_a_server_error`: no input may cause a 5xx.

Each request is sent as the case worker and as one other role (team leader, psychologist,
client or administrator, picked from the request's content), and the examples per operation
are bounded (KOHTAANTO_FUZZ_EXAMPLES, default 10), so that the run stays near a minute as
operations are added. Set KOHTAANTO_FUZZ_EXAMPLES=100 for a deeper run, e.g. nightly.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import zlib
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, note, settings
from schemathesis.checks import not_a_server_error

from kohtaanto.accounts.models import Role
from kohtaanto.clients.models import NetworkMember
from kohtaanto.wsgi import application
from tests.factories import ClientFactory, MeetingFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = int(os.environ.get("KOHTAANTO_FUZZ_EXAMPLES", "10"))

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# The coverage phase's boundary cases stay, but only valid ones: invalid input is refused by
# django-ninja's validation before our code runs, and the fuzzing phase still sends invalid
# input at random. This keeps large request bodies from multiplying the run time.
schema.config.phases.coverage.generation.update(modes=["positive"])


@dataclass
class World:
    sessions: dict[str, dict] = field(default_factory=dict)
    client_ids: list[int] = field(default_factory=list)
    user_ids: list[int] = field(default_factory=list)
    person_ids: list[str] = field(default_factory=list)


def _session(user) -> dict:
    browser = Client()
    browser.force_login(user)
    token = get_random_string(32)
    return {
        "cookies": {"sessionid": browser.cookies["sessionid"].value, "csrftoken": token},
        "headers": {"X-CSRFToken": token},
    }


@pytest.fixture
def world(db):
    """A team with a few clients, and signed-in users of the roles that reach the API most."""
    # Thousands of expected 4xx would each log a warning; 5xx are still logged as errors.
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    # Requests go straight to the WSGI app, not through Django's test client, so keep Django
    # from closing the test's database connection (and its transaction) after each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    team = TeamFactory()
    worker = UserFactory(team=team)
    users = {
        Role.CASE_WORKER: worker,
        Role.TEAM_LEADER: UserFactory(team=team, role=Role.TEAM_LEADER),
        Role.PSYCHOLOGIST: UserFactory(team=None, unit=team.unit, role=Role.PSYCHOLOGIST),
        Role.CLIENT: UserFactory(team=None, unit=None, role=Role.CLIENT),
        Role.ADMINISTRATOR: UserFactory(team=None, unit=None, role=Role.ADMINISTRATOR, is_staff=True),
    }
    clients = [ClientFactory(responsible_worker=worker) for _ in range(3)]
    clients.append(
        ClientFactory(
            responsible_worker=worker,
            user=users[Role.CLIENT],
            registration_date=dt.date(2014, 1, 1),
            job_search_status="ended",
            end_date=dt.date(2015, 1, 1),
        )
    )
    for c in clients:
        MeetingFactory(client=c)
    NetworkMember.objects.create(
        client=clients[0], member=users[Role.PSYCHOLOGIST], consent_given=clients[0].registration_date
    )
    yield World(
        sessions={str(role): _session(user) for role, user in users.items()},
        client_ids=[c.pk for c in clients],
        user_ids=[u.pk for u in users.values()],
        person_ids=[c.external_id for c in clients],
    )
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
    request_log.setLevel(level)


def _aim_at_known_records(case, world: World) -> None:
    """Point about half of the generated path ids at existing records, deterministically."""
    params = case.path_parameters or {}
    for name, value in params.items():
        if isinstance(value, bool):
            continue
        if isinstance(value, int) and value % 2 == 0:
            pool = world.user_ids if "worker" in name or "user" in name else world.client_ids
            params[name] = pool[(value // 2) % len(pool)]
        elif isinstance(value, str) and len(value) % 2 == 0:
            params[name] = world.person_ids[len(value) % len(world.person_ids)]


def _roles_for(case, world: World) -> list[str]:
    """The case worker, and one other role chosen by the request's content (stable on replay)."""
    others = [role for role in world.sessions if role != Role.CASE_WORKER]
    key = repr((case.path_parameters, case.query, case.body)).encode()
    return [str(Role.CASE_WORKER), others[zlib.crc32(key) % len(others)]]


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_input_causes_a_server_error(case, world):
    _aim_at_known_records(case, world)
    for role in _roles_for(case, world):
        auth = world.sessions[role]
        note(f"{case.operation.label}, signed in as {role}")
        response = case.call(headers=auth["headers"], cookies=auth["cookies"])
        case.validate_response(response, checks=[not_a_server_error])


def test_the_schema_lists_operations():
    """Guard against fuzzing nothing, e.g. if the schema stopped being served."""
    operations = [op for op in schema.get_all_operations()]
    assert len(operations) >= 4


# --- Nested and oversized documents at every import endpoint (issue 18) ------------------
# Random generation never builds these, so every import operation in the schema (found by
# its path) and the client import page get them deterministically, in every format they
# take: a document nested 3,000 deep (RecursionError, a 500, before the limits) and one over
# the size limit. Each must answer 400 with the reason and import nothing.

NESTED = "[" * 3000 + "]" * 3000
NESTED_OBJECT = '{"a":' * 3000 + "1" + "}" * 3000
SMALL_LIMIT = 20_000


def _import_operations() -> list[tuple[str, str, dict]]:
    doc = Client().get("/api/v1/openapi.json").json()
    return [
        (method.upper(), path, op.get("requestBody", {}).get("content", {}))
        for path, ops in doc["paths"].items()
        for method, op in ops.items()
        if path.rstrip("/").endswith("/import")
    ]


def _formats(content: dict) -> list[str]:
    described = content.get("application/json", {}).get("schema", {})
    if "$ref" not in described:
        return []
    from kohtaanto.catalogue.formats import FORMATS_IN

    return list(FORMATS_IN)


def _import_requests(path: str, content: dict) -> list[tuple[str, dict]]:
    """(what, request kwargs) for the nested and oversized documents this operation takes."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    sends = []
    if "multipart/form-data" in content:
        big = b"hetu,first_name\n" + b"x" * (SMALL_LIMIT + 1)
        for name, data in (("nested.json", NESTED), ("nested.jsonl", NESTED_OBJECT)):
            sends.append((name, {"data": {"file": SimpleUploadedFile(name, data.encode())}}))
        sends.append(("oversized.csv", {"data": {"file": SimpleUploadedFile("big.csv", big)}}))
    if "application/json" in content:
        sends.append(("nested body", {"data": NESTED, "content_type": "application/json"}))
        sends.append(
            ("oversized body", {"data": "[" + "1," * SMALL_LIMIT + "1]", "content_type": "application/json"})
        )
        for fmt in _formats(content):
            for what, text in (("nested", NESTED), ("nested object", NESTED_OBJECT)):
                body = {"format": fmt, "content": text}
                sends.append((f"{fmt} {what}", {"data": body, "content_type": "application/json"}))
    return sends


def test_import_endpoints_refuse_nested_and_oversized_documents(client, settings):
    from kohtaanto.catalogue.models import Service
    from kohtaanto.clients.models import Client as ClientRecord

    settings.UPLOAD_MAX_BYTES = SMALL_LIMIT
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = SMALL_LIMIT
    client.force_login(UserFactory(team=None, unit=None, role=Role.ADMINISTRATOR, is_staff=True))
    operations = _import_operations()
    assert {path for _, path, _ in operations} >= {"/api/v1/intake/import", "/api/v1/catalogue/import"}
    sent = 0
    for method, path, content in operations:
        for what, kwargs in _import_requests(path, content):
            response = (
                client.generic(method, path, **kwargs)
                if "content_type" in kwargs
                else client.post(path, kwargs["data"])
            )
            assert response.status_code == 400, f"{method} {path} {what}: {response.status_code}"
            detail = response.json()["detail"]
            assert any(word in detail for word in ("nest", "larger", "bytes")), f"{path} {what}: {detail}"
            sent += 1
    assert sent >= 10
    # The client import page, the same documents.
    for name, data in (
        ("nested.json", NESTED),
        ("nested.jsonl", NESTED_OBJECT),
        ("big.csv", "x" * (SMALL_LIMIT + 1)),
    ):
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = client.post("/clients/import/", {"file": SimpleUploadedFile(name, data.encode())})
        assert response.status_code == 400, f"/clients/import/ {name}: {response.status_code}"
        page = response.content.decode()
        assert "liian suuri" in page or "sisäkkäistä" in page, page[-400:]
    assert not ClientRecord.objects.exists() and not Service.objects.exists()
