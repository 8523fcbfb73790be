"""Demo users: the network roles join the networks of the demo worker's active clients."""

from __future__ import annotations

import datetime as dt

import pytest

from kohtaanto.clients.models import NetworkMember
from kohtaanto.pages.demo_users import demo_users_install
from tests.factories import ClientFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_network_roles_join_active_clients_not_ended_ones():
    team = TeamFactory(code="OSU-N")
    worker = UserFactory(team=team, staff_code="S0001")
    # Ended clients come first by id, as in a generated demo with a long history.
    for i in range(6):
        ClientFactory(
            responsible_worker=worker,
            registration_date=dt.date(2015, 1, 1),
            job_search_status="ended",
            end_date=dt.date(2016, 1, 1 + i),
        )
    active = [ClientFactory(responsible_worker=worker) for _ in range(3)]
    made = demo_users_install(team_code="OSU-N")
    assert made["worker"] == worker
    for username in ("psychologist", "socialworker", "coordinator", "kela"):
        clients = {m.client for m in NetworkMember.objects.filter(member=made[username])}
        assert clients == set(active), username
