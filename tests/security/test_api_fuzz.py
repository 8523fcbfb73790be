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
