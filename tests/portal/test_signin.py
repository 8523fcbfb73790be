"""Clients' strong sign-in (issue 13, points 1 and 2) against the local OIDC provider that the
security tests start: the identity code claim finds the client by its keyed hash, the first
sign-in creates the person's user, and a person with no record registers in the portal."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from kohtaanto.accounts.models import Role, User
from kohtaanto.audit.models import AuditEvent
from kohtaanto.clients import identity
from kohtaanto.clients.models import Client, Meeting, MeetingKind
from kohtaanto.domain.hetu import make_hetu
from kohtaanto.domain.organisation import HELSINKI
from kohtaanto.domain.workdays import working_days_between
from kohtaanto.organisation.models import Team
from kohtaanto.organisation.services import organisation_install
from tests.factories import ClientFactory, UserFactory
from tests.security.oidc_provider import OIDCProvider, client_identification

pytestmark = pytest.mark.django_db

CLAIM = "national_identification_number"
BACKEND = "kohtaanto.portal.signin.ClientOIDCBackend"


@pytest.fixture(scope="module")
def provider():
    p = OIDCProvider(client_id="kohtaanto-clients").start()
    yield p
    p.stop()


@pytest.fixture
def suomifi(provider, settings, local_http):
    """Client identification configured for the test provider, as KOHTAANTO_CLIENT_OIDC_* would."""
    provider.reset()
    client_identification(settings, provider)
    return provider


@pytest.fixture
def org():
    organisation_install(org=HELSINKI)
    for team in Team.objects.all():
        UserFactory(team=team, unit=team.unit, languages=["fi", "en"])


def identify(client, provider, hetu: str, sub: str = "sub-1", **claims):
    """Run the authorization-code flow for a person; return Django's answer to the callback."""
    provider.identity = {"sub": sub, CLAIM: hetu, "given_name": "Aino", "family_name": "Testi", **claims}
    start = client.get(reverse("portal_signin_start"))
    assert start.status_code == 302 and start["Location"].startswith(provider.authorization_endpoint)
    assert parse_qs(urlparse(start["Location"]).query)["code_challenge_method"] == ["S256"]
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=5)
    back = urlparse(at_provider.headers["Location"])
    assert back.path == reverse("portal_signin_callback")
    return client.get(f"{back.path}?{back.query}")


def refused(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("portal_signin") + "?failed=1"


HETU = make_hetu(dt.date(1990, 5, 17), 123)


def test_off_when_not_configured(client):
    assert client.get(reverse("portal_signin_start")).status_code == 404
    page = client.get(reverse("portal_signin")).content.decode()
    assert "Testitunnistautuminen" not in page or reverse("test_identification") in page


def test_a_registered_client_signs_in_to_their_own_record(client, suomifi):
    record = ClientFactory(hetu=HETU)
    response = identify(client, suomifi, HETU)
    assert response.status_code == 302 and response["Location"] == reverse("portal_home")
    user = User.objects.get(pk=client.session[SESSION_KEY])
    record.refresh_from_db()
    assert user.role == Role.CLIENT and record.user == user and user.person_sub == "sub-1"
    assert client.session["_auth_user_backend"] == BACKEND
    assert client.get(reverse("portal_home")).status_code == 200
    assert AuditEvent.objects.filter(target_type="person.sign_in", subject_client_id=record.pk).exists()
    # The second sign-in finds the same user.
    client.logout()
    identify(client, suomifi, HETU)
    assert client.session[SESSION_KEY] == str(user.pk) and User.objects.filter(role=Role.CLIENT).count() == 1


def test_a_new_person_registers_and_gets_a_worker_and_an_interview(client, suomifi, org):
    response = identify(client, suomifi, HETU)
    assert response["Location"] == reverse("portal_home")
    assert client.get(reverse("portal_home"))["Location"] == reverse("portal_register")
    form = client.get(reverse("portal_register")).content.decode()
    assert 'value="Aino"' in form and HETU not in form
    answer = client.post(
        reverse("portal_register"),
        {
            "first_name": "Aino",
            "last_name": "Testi",
            "mother_tongue": "fi",
            "finnish_level": "native",
            "swedish_level": "A2",
            "education_level": "upper_secondary",
            "phone": "040 123 4567",
            "preferred_channel": "sms",
            "contact_language": "fi",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    record = Client.objects.get(hetu_hash=identity.lookup_hash(HETU))
    assert record.user_id == int(client.session[SESSION_KEY]) and record.responsible_worker is not None
    assert record.phone == "+358401234567" and record.preferred_channel == "sms"
    interview = Meeting.objects.get(client=record, kind=MeetingKind.INITIAL_INTERVIEW)
    assert working_days_between(record.registration_date, interview.planned_date) <= 5
    assert AuditEvent.objects.filter(subject_client_id=record.pk, purpose="self-registration").exists()
    # A second registration of the same person is refused and writes nothing.
    again = client.post(reverse("portal_register"), {"first_name": "Aino"})
    assert again.status_code == 302 and Client.objects.count() == 1


def test_a_malformed_identity_code_claim_signs_nobody_in(client, suomifi):
    assert refused(identify(client, suomifi, "170590-12X3"))
    assert SESSION_KEY not in client.session and not User.objects.filter(role=Role.CLIENT).exists()


def test_an_identity_code_of_a_staff_account_is_refused(client, suomifi):
    worker = UserFactory(role=Role.CASE_WORKER)
    worker.identity_hash = identity.lookup_hash(HETU)
    worker.save()
    assert refused(identify(client, suomifi, HETU))
    assert SESSION_KEY not in client.session


def test_the_staff_sign_in_never_acts_on_a_client_callback(client, suomifi, settings):
    """With both flows configured, the staff backend ignores the client flow's callback."""
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = ["kohtaanto.accounts.oidc.KohtaantoOIDCBackend", BACKEND]
    identify(client, suomifi, HETU)
    user = User.objects.get(pk=client.session[SESSION_KEY])
    assert user.role == Role.CLIENT and client.session["_auth_user_backend"] == BACKEND


def test_test_identification_exists_only_in_demo_installations(client, settings):
    settings.TEST_IDENTIFICATION = False
    assert client.get(reverse("test_identification")).status_code == 404
    assert client.post(reverse("test_identification"), {"hetu": HETU}).status_code == 404
    settings.TEST_IDENTIFICATION = True
    page = client.get(reverse("test_identification"))
    assert page.status_code == 200 and "Testitunnistautuminen" in page.content.decode()
    bad = client.post(reverse("test_identification"), {"hetu": "170590-12X3"})
    assert bad.status_code == 422 and SESSION_KEY not in client.session
    good = client.post(reverse("test_identification"), {"hetu": HETU})
    assert good.status_code == 302 and User.objects.get(pk=client.session[SESSION_KEY]).role == Role.CLIENT


def test_the_demo_codes_shown_are_read_on_the_record(client, settings):
    from kohtaanto.audit.models import AuditEvent

    settings.TEST_IDENTIFICATION = True
    record = ClientFactory(hetu=HETU, job_search_status="active")
    page = client.get(reverse("test_identification")).content.decode()
    assert HETU in page
    assert AuditEvent.objects.filter(subject_client_id=record.pk, target_type="client.hetu").exists()
