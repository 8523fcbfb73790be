"""Who sees which client, and that every read lands in the audit log."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from kohtaanto.accounts.models import Role
from kohtaanto.audit.models import AuditEvent
from kohtaanto.clients import selectors
from kohtaanto.clients.models import NetworkMember
from kohtaanto.web.errors import ReasonRequired
from tests.factories import ClientFactory, TeamFactory, UserFactory, stated_reason

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    team_a, team_b = TeamFactory(), TeamFactory()
    worker_a = UserFactory(team=team_a)
    colleague_a = UserFactory(team=team_a)
    worker_b = UserFactory(team=team_b)
    own = ClientFactory(responsible_worker=worker_a)
    teammates = ClientFactory(responsible_worker=colleague_a)
    other_team = ClientFactory(responsible_worker=worker_b)
    return locals()


def visible(actor, client) -> bool:
    try:
        selectors.client_get(actor=actor, client_id=client.pk)
    except Http404:
        return False
    return True


def test_case_worker_sees_own_team_but_not_other_teams(world):
    w = world
    assert visible(w["worker_a"], w["own"])
    # A teammate's client opens with a stated reason (need to know); another team's never.
    with pytest.raises(ReasonRequired):
        visible(w["worker_a"], w["teammates"])
    stated_reason(w["worker_a"], w["teammates"])
    assert visible(w["worker_a"], w["teammates"])
    assert not visible(w["worker_a"], w["other_team"])
    stated_reason(w["worker_a"], w["other_team"])
    assert not visible(w["worker_a"], w["other_team"])


def test_worklist_holds_only_own_caseload(world):
    page = selectors.client_worklist(actor=world["worker_a"])
    assert [c.pk for c in page.rows] == [world["own"].pk]


def test_network_professional_sees_only_network_clients(world):
    psych = UserFactory(role=Role.PSYCHOLOGIST, team=None, unit=None)
    assert not visible(psych, world["own"])
    NetworkMember.objects.create(
        client=world["own"], member=psych, consent_given=world["own"].registration_date
    )
    assert visible(psych, world["own"])
    assert not visible(psych, world["teammates"])
    NetworkMember.objects.filter(member=psych).update(active=False)
    assert not visible(psych, world["own"])


@pytest.mark.parametrize("role", [Role.ANALYST, Role.SERVICE_PROVIDER])
def test_roles_without_client_access_see_nothing(world, role):
    actor = UserFactory(role=role, team=None, unit=None)
    assert not any(visible(actor, world[k]) for k in ("own", "teammates", "other_team"))


def test_client_sees_only_themself(world):
    me = UserFactory(role=Role.CLIENT, team=None, unit=None)
    world["own"].user = me
    world["own"].save()
    assert visible(me, world["own"])
    assert not visible(me, world["teammates"])


def test_administrator_needs_a_reason_and_it_is_logged(world):
    admin = UserFactory(role=Role.ADMINISTRATOR, team=None, unit=None)
    with pytest.raises(PermissionDenied):
        selectors.client_get(actor=admin, client_id=world["own"].pk)
    selectors.client_get(actor=admin, client_id=world["own"].pk, reason="ticket 42: wrong team")
    ev = AuditEvent.objects.get(actor_id=admin.pk)
    assert "ticket 42" in ev.purpose


def test_every_read_is_audited_with_subject(world):
    selectors.client_detail(actor=world["worker_a"], client_id=world["own"].pk, request_id="req-12345678")
    ev = AuditEvent.objects.get()
    assert (ev.action, ev.target_type, ev.subject_client_id, ev.request_id) == (
        "read",
        "client",
        world["own"].pk,
        "req-12345678",
    )
    assert ev.actor_role == Role.CASE_WORKER


def test_worklist_read_audits_each_listed_client(world):
    ClientFactory.create_batch(3, responsible_worker=world["worker_a"])
    page = selectors.client_worklist(actor=world["worker_a"])
    logged = set(
        AuditEvent.objects.filter(target_type="client.worklist").values_list("subject_client_id", flat=True)
    )
    assert logged == {c.pk for c in page.rows}


def test_identity_code_hidden_from_network_roles(world):
    psych = UserFactory(role=Role.PSYCHOLOGIST, team=None, unit=None)
    NetworkMember.objects.create(
        client=world["own"], member=psych, consent_given=world["own"].registration_date
    )
    assert selectors.client_detail(actor=psych, client_id=world["own"].pk).identity_code is None
    shown = selectors.client_detail(actor=world["worker_a"], client_id=world["own"].pk).identity_code
    assert shown and len(shown) == 11


def test_lookup_by_identity_code_uses_keyed_hash(world):
    from kohtaanto.clients import identity

    hetu = identity.decrypt(world["own"].hetu_encrypted)
    assert hetu not in world["own"].hetu_hash
    assert selectors.client_find_by_hetu(actor=world["worker_a"], hetu=hetu.lower()) == world["own"]
    assert selectors.client_find_by_hetu(actor=world["worker_b"], hetu=hetu) is None
