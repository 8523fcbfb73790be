"""Service matching on the client page, referrals with snapshots, feedback, lifecycle."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from kohtaanto.audit.models import AuditEvent
from kohtaanto.clients.models import ClientEvent
from kohtaanto.referrals import services
from kohtaanto.referrals.matching import refer_from_suggestions, suggest_services
from kohtaanto.referrals.models import MatchFeedback, Referral
from kohtaanto.referrals.selectors import provider_referrals
from tests.catalogue.factories import ServiceFactory, provider_user
from tests.factories import ClientFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    worker = UserFactory()
    today = dt.date.today()
    client = ClientFactory(responsible_worker=worker, birth_date=today.replace(year=today.year - 25))
    trial = ServiceFactory(
        name={"fi": "Työkokeilu", "sv": "Arbetsprövning", "en": "Work trial"},
        summary={
            "fi": "Työkokeilussa asiakas kokeilee työtä työpaikalla ja selvittää soveltuvuuttaan alalle."
        },
        description={
            "fi": "Työkokeilu sopii työttömälle, joka haluaa selvittää uravaihtoehtoja tai palata työelämään."
        },
        kind="work_trial",
        available_places=5,
    )
    seniors = ServiceFactory(
        name={"fi": "Työkokeilu ikääntyneille"},
        summary={"fi": "Työkokeilu yli 55-vuotiaille työttömille työnhakijoille työpaikalla."},
        min_age=55,
    )
    draft = ServiceFactory(
        name={"fi": "Työkokeilu luonnos"}, summary={"fi": "Työkokeilu työpaikalla."}, state="draft"
    )
    full = ServiceFactory(
        name={"fi": "Täysi työkokeilu"},
        summary={"fi": "Työkokeilu työpaikalla, ei paikkoja."},
        available_places=0,
    )
    other = ServiceFactory(
        name={"fi": "Velkaneuvonta"}, summary={"fi": "Neuvontaa velkojen ja talouden hoitoon."}
    )
    return {
        "worker": worker,
        "client": client,
        "trial": trial,
        "seniors": seniors,
        "draft": draft,
        "full": full,
        "other": other,
    }


NEED = "Nuori asiakas haluaa kokeilla työtä työpaikalla ja tarvitsee työkokeilun."


def test_suggestions_respect_eligibility_capacity_and_state(world):
    rows = suggest_services(actor=world["worker"], client_id=world["client"].pk, need=NEED)
    ids = [s.service.pk for s in rows]
    assert ids[0] == world["trial"].pk
    assert world["seniors"].pk not in ids and world["draft"].pk not in ids and world["full"].pk not in ids
    top = rows[0].explanation
    assert top["matched_terms"] and any(
        f["name"] == "capacity" and f["state"] == "passed" for f in top["filters"]
    )


def test_refer_keeps_need_ranking_and_explanation(world):
    r = refer_from_suggestions(
        actor=world["worker"],
        client_id=world["client"].pk,
        service_id=world["trial"].pk,
        need=NEED,
        note="Mornings only",
    )
    assert (r.state, r.need_text, r.rank, r.note_to_provider) == ("referred", NEED, 1, "Mornings only")
    assert r.ranking[0]["id"] == world["trial"].external_id and r.explanation["matched_terms"]
    assert MatchFeedback.objects.get(service=world["trial"]).action == "referred"
    assert AuditEvent.objects.filter(target_type="referral", subject_client_id=world["client"].pk).exists()
    with pytest.raises(ValidationError):  # a second open referral to the same service
        refer_from_suggestions(
            actor=world["worker"], client_id=world["client"].pk, service_id=world["trial"].pk, need=NEED
        )


def test_cannot_refer_to_unpublished_service(world):
    with pytest.raises(ValidationError):
        services.referral_create(
            actor=world["worker"], client_id=world["client"].pk, service_id=world["draft"].pk
        )
    assert not Referral.objects.exists()


def test_dismiss_with_reason_is_feedback_and_marked_next_time(world):
    with pytest.raises(ValidationError):
        services.suggestion_dismiss(
            actor=world["worker"], client_id=world["client"].pk, service_id=world["other"].pk, reason="meh"
        )
    services.suggestion_dismiss(
        actor=world["worker"],
        client_id=world["client"].pk,
        service_id=world["trial"].pk,
        reason="already_done",
        need_text=NEED,
        rank=1,
    )
    fb = MatchFeedback.objects.get()
    assert (fb.action, fb.reason, fb.rank) == ("dismissed", "already_done", 1)
    rows = suggest_services(actor=world["worker"], client_id=world["client"].pk, need=NEED)
    assert next(s for s in rows if s.service.pk == world["trial"].pk).dismissed


def test_provider_lifecycle_events_and_waiting_time(world):
    r = services.referral_create(
        actor=world["worker"], client_id=world["client"].pk, service_id=world["trial"].pk, need_text=NEED
    )
    prov = provider_user(world["trial"].provider)
    stranger = provider_user(world["other"].provider)
    with pytest.raises(Http404):
        services.referral_step(actor=stranger, referral_id=r.pk, to="accepted")
    with pytest.raises(ValidationError):
        services.referral_step(actor=prov, referral_id=r.pk, to="completed")
    services.referral_step(actor=prov, referral_id=r.pk, to="accepted")
    services.referral_step(actor=prov, referral_id=r.pk, to="started")
    r = services.referral_step(actor=prov, referral_id=r.pk, to="completed")
    assert (r.state, r.start_date, r.end_date, r.waiting_days) == (
        "completed",
        dt.date.today(),
        dt.date.today(),
        0,
    )
    kinds = set(ClientEvent.objects.filter(client=world["client"]).values_list("kind", flat=True))
    assert {"service_start", "service_end"} <= kinds


def test_provider_sees_only_what_it_needs(world):
    services.referral_create(
        actor=world["worker"],
        client_id=world["client"].pk,
        service_id=world["trial"].pk,
        need_text="private need text",
    )
    prov = provider_user(world["trial"].provider)
    (row,) = provider_referrals(actor=prov)
    assert row.client_name == world["client"].full_name
    assert not any("hetu" in k or "need" in k for k in row.__dict__)
    assert provider_referrals(actor=provider_user(world["other"].provider)) == []


def test_worker_cancels_with_reason_and_other_team_cannot(world):
    r = services.referral_create(
        actor=world["worker"], client_id=world["client"].pk, service_id=world["trial"].pk
    )
    with pytest.raises(ValidationError):
        services.referral_step(actor=world["worker"], referral_id=r.pk, to="cancelled")
    with pytest.raises(Http404):
        services.referral_step(
            actor=UserFactory(team=TeamFactory()), referral_id=r.pk, to="cancelled", reason="x"
        )
    assert (
        services.referral_step(
            actor=world["worker"], referral_id=r.pk, to="cancelled", reason="Client moved"
        ).state
        == "cancelled"
    )


def test_client_page_matching_panel_and_refer_flow(client, world):
    client.force_login(world["worker"])
    c = world["client"]
    page = client.get(f"/clients/{c.pk}/").content.decode()
    assert 'id="need"' in page
    part = client.post(f"/clients/{c.pk}/match/", {"need": NEED}, HTTP_HX_REQUEST="true").content.decode()
    assert "Työkokeilu" in part and "<html" not in part
    r = client.post(f"/clients/{c.pk}/refer/", {"service_id": world["trial"].pk, "need": NEED})
    assert r.status_code == 302 and Referral.objects.filter(client=c, service=world["trial"]).exists()


def test_api_suggest_refer_and_step(client, world):
    client.force_login(world["worker"])
    c = world["client"]
    rows = client.post(
        f"/api/v1/referrals/clients/{c.pk}/suggestions", {"need": NEED}, content_type="application/json"
    ).json()
    assert rows[0]["service_id"] == world["trial"].pk and rows[0]["explanation"]["matched_terms"]
    made = client.post(
        f"/api/v1/referrals/clients/{c.pk}",
        {"service_id": world["trial"].pk, "need": NEED},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["rank"] == 1
    bad = client.post(
        f"/api/v1/referrals/{made.json()['id']}/step", {"to": "flying"}, content_type="application/json"
    )
    assert bad.status_code == 422


def test_need_box_and_api_share_one_limit(client, world):
    """Issue 18: the page took 120 kB and echoed it 20 times while the API capped at 2,000."""
    from kohtaanto.referrals.models import NEED_MAX_LENGTH

    client.force_login(world["worker"])
    c = world["client"]
    page = client.get(f"/clients/{c.pk}/").content.decode()
    assert f'maxlength="{NEED_MAX_LENGTH}"' in page
    too_long = "työkokeilu " * (NEED_MAX_LENGTH // 11 + 1)
    assert len(too_long.strip()) > NEED_MAX_LENGTH
    r = client.post(f"/clients/{c.pk}/match/", {"need": too_long}, HTTP_HX_REQUEST="true")
    assert r.status_code == 400
    assert str(NEED_MAX_LENGTH) in r.content.decode() and "työkokeilu työkokeilu" not in r.content.decode()
    api = client.post(
        f"/api/v1/referrals/clients/{c.pk}/suggestions", {"need": too_long}, content_type="application/json"
    )
    assert api.status_code in (400, 422)
    client.post(f"/clients/{c.pk}/refer/", {"service_id": world["trial"].pk, "need": too_long})
    assert not Referral.objects.filter(client=c).exists()


def test_worker_step_without_client_id_is_400_not_a_redirect_to_client_zero(client, world):
    c = world["client"]
    r = services.referral_create(actor=world["worker"], client_id=c.pk, service_id=world["trial"].pk)
    client.force_login(world["worker"])
    resp = client.post(f"/referrals/{r.pk}/step/", {"to": "cancelled", "reason": "moved"})
    assert resp.status_code == 400
    assert Referral.objects.get(pk=r.pk).state == "referred"
    resp = client.post(f"/referrals/{r.pk}/step/", {"to": "nonsense", "client_id": c.pk})
    assert resp.status_code == 302 and resp["Location"] == f"/clients/{c.pk}/"
    resp = client.post(f"/referrals/{r.pk}/step/", {"to": "cancelled", "reason": "moved", "client_id": c.pk})
    assert resp.status_code == 302 and Referral.objects.get(pk=r.pk).state == "cancelled"
