"""Issue 18, defect 5: validation gaps a new user found (each failed before its fix)."""

from __future__ import annotations

import datetime as dt

import pytest

from kohtaanto.clients.models import Client
from kohtaanto.domain.hetu import make_hetu
from kohtaanto.domain.organisation import HELSINKI
from kohtaanto.organisation.models import Team
from kohtaanto.organisation.services import organisation_install
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrar():
    organisation_install(org=HELSINKI)
    team = Team.objects.get(code="OSU-N")
    return UserFactory(team=team, unit=team.unit)


def _registration(hetu: str) -> dict:
    return {
        "hetu": hetu,
        "first_name": "Tuleva",
        "last_name": "Syntyvä",
        "mother_tongue": "fi",
        "finnish_level": "native",
        "swedish_level": "none",
        "education_level": "basic",
    }


@pytest.mark.parametrize(
    ("lang", "words"),
    [("fi", "on tulevaisuudessa"), ("sv", "ligger i framtiden"), ("en", "is in the future")],
)
def test_identity_code_born_in_the_future_is_refused_in_the_users_language(client, registrar, lang, words):
    client.force_login(registrar)
    hetu = make_hetu(dt.date(dt.date.today().year + 5, 5, 1), 902)
    r = client.post("/clients/register/", _registration(hetu), HTTP_ACCEPT_LANGUAGE=lang)
    assert r.status_code == 422
    assert words in r.content.decode()
    assert not Client.objects.exists()


def test_identity_code_check_error_is_in_finnish_on_the_finnish_page(client, registrar):
    client.force_login(registrar)
    r = client.post("/clients/register/", _registration("131052-308U"), HTTP_ACCEPT_LANGUAGE="fi")
    assert r.status_code == 422
    page = r.content.decode()
    assert "Tarkistusmerkki ei täsmää" in page
    assert "check character" not in page


def test_identity_code_error_is_translated_in_the_api(client, registrar):
    client.force_login(registrar)
    hetu = make_hetu(dt.date(dt.date.today().year + 5, 5, 1), 902)
    body = {k: v for k, v in _registration(hetu).items()}
    r = client.post(
        "/api/v1/intake/clients", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="fi"
    )
    assert r.status_code in (400, 422)
    assert "tulevaisuudessa" in r.content.decode()
    assert not Client.objects.exists()
