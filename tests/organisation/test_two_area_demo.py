"""The demo's second area (issue 15): its own organisation, generated clients and demo users;
each area's worker sees only their own area's clients."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import client_scope
from kohtaanto.clients.loader import load_folder
from kohtaanto.clients.models import Client
from kohtaanto.clients.selectors import client_get
from kohtaanto.djcli import _second_area_demo
from kohtaanto.domain.organisation import HELSINKI
from kohtaanto.organisation.services import organisation_install
from kohtaanto.pages.demo_users import demo_users_install
from kohtaanto.synthetic import generate, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_areas(tmp_path):
    organisation_install(org=HELSINKI)
    write(tmp_path / "hki", generate(300, seed=3, as_of=date.today()))
    load_folder(tmp_path / "hki")
    demo_users_install()
    _second_area_demo(3)


def test_the_second_area_has_its_own_clients_and_demo_users(two_areas):
    area = Client.objects.filter(municipality__code="092")
    assert area.exists() and Client.objects.filter(municipality__code="091").exists()
    assert not area.exclude(team__unit__municipality__code="092").exists()
    assert not area.filter(external_id__startswith="K").exists()  # ids kept apart by the area code
    worker2, leader2 = User.objects.get(username="worker2"), User.objects.get(username="leader2")
    assert worker2.team.code == leader2.team.code == "VAN-A"
    assert area.filter(responsible_worker=worker2).exists()
    manager2 = User.objects.get(username="manager2")  # the dashboard of the second area
    assert manager2.team is None and manager2.unit == worker2.team.unit
    # Idempotent: a second run installs and loads nothing more.
    n = area.count()
    _second_area_demo(3)
    assert area.count() == n and User.objects.filter(username="worker2").count() == 1


def test_each_areas_worker_sees_only_their_own_areas_clients(two_areas):
    for username, own in (("worker", "091"), ("worker2", "092")):
        actor = User.objects.get(username=username)
        seen = Client.objects.filter(client_scope(actor))
        assert seen.exists(), username
        assert set(seen.values_list("municipality__code", flat=True)) == {own}, username
        other = Client.objects.exclude(municipality__code=own).first()
        with pytest.raises(Http404):
            client_get(actor=actor, client_id=other.pk)
