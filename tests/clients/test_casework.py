"""Employment plan versions, reassignment with handover, network with consent, shared notes."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from kohtaanto.accounts.models import Role
from kohtaanto.clients import selectors, services
from kohtaanto.clients.models import Client, Handover
from tests.factories import ClientFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    t = TeamFactory()
    return {
        "team": t,
        "leader": UserFactory(team=t, role=Role.TEAM_LEADER),
        "a": UserFactory(team=t, languages=["fi"]),
        "b": UserFactory(team=t, languages=["fi", "en"]),
        "c": UserFactory(team=t, languages=["fi"]),
    }


def test_plan_versions_keep_history(team):
    c = ClientFactory(responsible_worker=team["a"])
    tasks = [{"title": "Update CV", "assignee": "client", "due_date": dt.date(2026, 12, 1)}]
    p1 = services.plan_save(
        actor=team["a"], client_id=c.pk, goals="Work in logistics", job_search_obligation=4, tasks=tasks
    )
    p2 = services.plan_save(
        actor=team["a"], client_id=c.pk, goals="Forklift licence first", job_search_obligation=2, tasks=[]
    )
    assert (p1.version, p2.version) == (1, 2)
    p1.refresh_from_db()
    assert p1.goals == "Work in logistics" and [t.title for t in p1.tasks.all()] == ["Update CV"]
    assert selectors.client_detail(actor=team["a"], client_id=c.pk).plan.pk == p2.pk


@pytest.mark.parametrize("obligation", [-1, 5])
def test_plan_obligation_is_zero_to_four(team, obligation):
    c = ClientFactory(responsible_worker=team["a"])
    with pytest.raises(ValidationError):
        services.plan_save(
            actor=team["a"], client_id=c.pk, goals="", job_search_obligation=obligation, tasks=[]
        )
    assert not c.plans.exists()


def test_plan_of_foreign_client_is_404_even_with_bad_input(team):
    stranger = ClientFactory(responsible_worker=UserFactory(team=TeamFactory()))
    with pytest.raises(Http404):
        services.plan_save(
            actor=team["a"], client_id=stranger.pk, goals="", job_search_obligation=9, tasks=[]
        )


def test_reassign_with_handover_note(team):
    c = ClientFactory(responsible_worker=team["a"])
    n = services.clients_reassign(
        actor=team["leader"],
        client_ids=[c.pk],
        to_worker_id=team["b"].pk,
        note="Knows Excel; wants part-time.",
    )
    c.refresh_from_db()
    assert n == 1 and c.responsible_worker == team["b"]
    h = Handover.objects.get(client=c)
    assert (h.from_worker, h.to_worker, h.note) == (team["a"], team["b"], "Knows Excel; wants part-time.")
    assert selectors.client_detail(actor=team["b"], client_id=c.pk).handover == h


def test_reassign_refuses_other_teams_and_workers(team):
    other = UserFactory(team=TeamFactory())
    c = ClientFactory(responsible_worker=team["a"])
    with pytest.raises(ValidationError):
        services.clients_reassign(actor=team["leader"], client_ids=[c.pk], to_worker_id=other.pk, note="x")
    outsider = ClientFactory(responsible_worker=other)
    with pytest.raises(ValidationError):
        services.clients_reassign(
            actor=team["leader"], client_ids=[outsider.pk], to_worker_id=team["b"].pk, note="x"
        )
    with pytest.raises(PermissionDenied):
        services.clients_reassign(actor=team["a"], client_ids=[c.pk], to_worker_id=team["b"].pk, note="x")


def test_offboarding_spreads_clients_evenly(team):
    ClientFactory.create_batch(10, responsible_worker=team["a"])
    moved = services.worker_offboard(
        actor=team["leader"], worker_id=team["a"].pk, note="Moved to another city."
    )
    assert moved == 10
    loads = [Client.objects.filter(responsible_worker=team[k]).count() for k in ("b", "c")]
    assert sum(loads) == 10 and abs(loads[0] - loads[1]) <= 1
    assert not Client.objects.filter(responsible_worker=team["a"]).exists()


def test_network_needs_consent_and_controls_access(team):
    c = ClientFactory(responsible_worker=team["a"])
    social = UserFactory(role=Role.SOCIAL_WORKER, team=None, unit=None)
    with pytest.raises(Http404):
        selectors.client_get(actor=social, client_id=c.pk)
    with pytest.raises(ValidationError):
        services.network_add(
            actor=team["a"],
            client_id=c.pk,
            member_id=social.pk,
            consent_given=dt.date.today() + dt.timedelta(days=1),
        )
    services.network_add(actor=team["a"], client_id=c.pk, member_id=social.pk, consent_given=dt.date.today())
    assert selectors.client_get(actor=social, client_id=c.pk) == c
    services.network_remove(actor=team["a"], client_id=c.pk, member_id=social.pk)
    with pytest.raises(Http404):
        selectors.client_get(actor=social, client_id=c.pk)


def test_only_network_roles_can_join_a_network(team):
    c = ClientFactory(responsible_worker=team["a"])
    with pytest.raises(ValidationError):
        services.network_add(
            actor=team["a"], client_id=c.pk, member_id=team["b"].pk, consent_given=dt.date.today()
        )


def test_shared_notes_are_visible_by_role(team):
    c = ClientFactory(responsible_worker=team["a"])
    psych = UserFactory(role=Role.PSYCHOLOGIST, team=None, unit=None)
    kela = UserFactory(role=Role.EXTERNAL_PROFESSIONAL, team=None, unit=None, organisation_name="Kela")
    for member in (psych, kela):
        services.network_add(
            actor=team["a"], client_id=c.pk, member_id=member.pk, consent_given=dt.date.today()
        )
    services.note_share(
        actor=psych,
        client_id=c.pk,
        text="Assessment done; fit for part-time work.",
        visible_to=["case_worker"],
    )
    services.note_share(
        actor=team["a"],
        client_id=c.pk,
        text="Rehabilitation plan agreed.",
        visible_to=["external_professional"],
    )
    seen = {
        u: [n.text for n in selectors.client_detail(actor=u, client_id=c.pk).notes]
        for u in (team["a"], psych, kela)
    }
    assert seen[team["a"]] == ["Rehabilitation plan agreed.", "Assessment done; fit for part-time work."]
    assert seen[psych] == ["Assessment done; fit for part-time work."]
    assert seen[kela] == ["Rehabilitation plan agreed."]
    assert selectors.client_detail(actor=kela, client_id=c.pk).identity_code is None


def test_plan_page_and_notes_render_escaped(client, team):
    c = ClientFactory(responsible_worker=team["a"])
    client.force_login(team["a"])
    r = client.post(
        f"/clients/{c.pk}/plan/",
        {"goals": "<script>x()</script>", "job_search_obligation": 3, "tasks-TOTAL_FORMS": 1, "tasks-INITIAL_FORMS": 0,
         "tasks-0-title": "Apply to 3 jobs", "tasks-0-assignee": "client"},
    )  # fmt: skip
    assert r.status_code == 302
    page = client.get(f"/clients/{c.pk}/").content.decode()
    assert "<script>x()</script>" not in page and "&lt;script&gt;" in page and "Apply to 3 jobs" in page


def test_caseload_page_warns_and_reassign_form_works(client, team, settings):
    settings.CASELOAD_NORM = 2
    clients = ClientFactory.create_batch(3, responsible_worker=team["a"])
    client.force_login(team["leader"])
    page = client.get("/team/caseloads/")
    assert page.context["over"] == 1 and 'role="alert"' in page.content.decode()
    r = client.post(
        "/team/reassign/",
        {
            "from_worker": team["a"].pk,
            "to_worker": team["b"].pk,
            "mode": "one",
            "client_numbers": clients[0].external_id,
            "note": "Hand over",
        },
    )
    assert r.status_code == 302
    assert Client.objects.get(pk=clients[0].pk).responsible_worker == team["b"]
