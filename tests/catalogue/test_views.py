"""Catalogue screens: search, detail, my services, edit form, moderation, fi/sv/en."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kohtaanto.accounts.models import Role
from kohtaanto.catalogue.models import Service
from tests.catalogue.factories import ProviderFactory, ServiceFactory, provider_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return user


def test_list_search_and_htmx_partial(client):
    _login(client, UserFactory())
    ServiceFactory(name={"fi": "Työkokeilu", "sv": "Arbetsprövning"}, kind="work_trial")
    ServiceFactory(name={"fi": "Palkkatuki"}, kind="pay_subsidy")
    ServiceFactory(name={"fi": "Piilotettu luonnos"}, state="draft")
    body = client.get(reverse("catalogue_list")).content.decode()
    assert "Työkokeilu" in body and "Palkkatuki" in body and "Piilotettu" not in body
    r = client.get(reverse("catalogue_list"), {"q": "arbetspröv"}, headers={"HX-Request": "true"})
    body = r.content.decode()
    assert "Työkokeilu" in body and "Palkkatuki" not in body and "<html" not in body
    body = client.get(reverse("catalogue_list"), {"kind": "pay_subsidy"}).content.decode()
    assert "Palkkatuki" in body and "Työkokeilu" not in body


@pytest.mark.parametrize(
    ("lang", "title", "name"),
    [
        ("fi", "Palvelukatalogi", "Työkokeilu"),
        ("sv", "Tjänstekatalog", "Arbetsprövning"),
        ("en", "Service catalogue", "Work trial"),
    ],
)
def test_screens_in_three_languages(client, lang, title, name):
    _login(client, UserFactory())
    s = ServiceFactory(
        name={"fi": "Työkokeilu", "sv": "Arbetsprövning", "en": "Work trial"},
        target_groups=["youth"],
        benefit_effect="benefit_paid_with_allowance",
        locations=[{"name": "Pasila", "address": "Ratapihantie 11", "lat": 60.2, "lon": 24.93}],
    )
    client.post(reverse("set_language"), {"language": lang, "next": "/"})
    body = client.get(reverse("catalogue_list")).content.decode()
    assert title in body and name in body and f'lang="{lang}"' in body
    detail = client.get(reverse("catalogue_service", args=[s.pk])).content.decode()
    assert name in detail and "Ratapihantie 11" in detail
    expected_group = {
        "fi": "alle 30-vuotiaat nuoret",
        "sv": "unga under 30 år",
        "en": "young people under 30",
    }[lang]
    assert expected_group in detail


def test_text_falls_back_to_finnish_with_its_lang_attribute(client):
    _login(client, UserFactory())
    s = ServiceFactory(name={"fi": "Vain suomeksi"})
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    body = client.get(reverse("catalogue_service", args=[s.pk])).content.decode()
    assert '<span lang="fi">Vain suomeksi</span>' in body


def test_provider_my_services_and_edit_form(client):
    provider = ProviderFactory()
    user = _login(client, provider_user(provider))
    s = ServiceFactory(provider=provider, state="published", capacity=20)
    ServiceFactory()  # someone else's
    body = client.get(reverse("catalogue_mine")).content.decode()
    assert s.name["fi"] in body and body.count(reverse("catalogue_edit", args=[s.pk])) == 1
    form = client.get(reverse("catalogue_edit", args=[s.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, [])}
    data.update({"available_places": "5", "start_dates": "2027-01-04, 2027-02-01"})
    r = client.post(reverse("catalogue_edit", args=[s.pk]), data)
    assert r.status_code == 302
    s.refresh_from_db()
    assert (
        s.state == "published" and s.available_places == 5 and s.start_dates == ["2027-01-04", "2027-02-01"]
    )
    data["description_fi"] = "Uusi kuvaus"
    client.post(reverse("catalogue_edit", args=[s.pk]), data)
    s.refresh_from_db()
    assert s.state == "ready" and s.updated_by == user


def test_edit_form_shows_record_errors_on_fields(client):
    provider = ProviderFactory()
    _login(client, provider_user(provider))
    s = ServiceFactory(provider=provider, state="draft")
    r = client.post(
        reverse("catalogue_edit", args=[s.pk]),
        {
            "name_fi": "X",
            "kind": "other",
            "service_type": "service",
            "locations": "Pasila | Katu 1 | 00520 | 95 | 24.9",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert r.status_code == 422
    assert r.context["form"].errors["locations"] == [
        "Location 1, latitude: Enter a value between -90 and 90."
    ]
    assert 'role="alert"' in r.content.decode()
    r = client.post(
        reverse("catalogue_edit", args=[s.pk]),
        {"name_fi": "X", "kind": "other", "service_type": "service", "contact_email": "not-an-email"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert r.context["form"].errors["contact_email"] == ["Enter a valid email address."]
    s.refresh_from_db()
    assert s.name_fi != "X"


def test_provider_creates_and_submits(client):
    provider = ProviderFactory()
    _login(client, provider_user(provider))
    r = client.post(
        reverse("catalogue_new"),
        {"name_fi": "Uusi valmennus", "kind": "career_coaching", "service_type": "service"},
    )
    s = Service.objects.get(name_fi="Uusi valmennus")
    assert r.status_code == 302 and s.provider == provider and s.state == "draft"
    r = client.post(
        reverse("catalogue_transition", args=[s.pk]), {"to": "ready"}, headers={"HX-Request": "true"}
    )
    assert r.status_code == 200 and 'id="moderation"' in r.content.decode()
    s.refresh_from_db()
    assert s.state == "ready"
    r = client.post(reverse("catalogue_transition", args=[s.pk]), {"to": "published"})
    assert r.status_code == 403


def test_moderator_sees_all_states_and_publishes(client):
    _login(client, UserFactory(role=Role.SERVICE_MANAGER, team=None, unit=None))
    s = ServiceFactory(state="ready")
    body = client.get(reverse("catalogue_list"), {"state": "ready"}).content.decode()
    assert s.name["fi"] in body
    detail = client.get(reverse("catalogue_service", args=[s.pk])).content.decode()
    assert 'name="to" value="published"' in detail
    r = client.post(reverse("catalogue_transition", args=[s.pk]), {"to": "published"})
    assert r.status_code == 302
    r = client.post(
        reverse("catalogue_transition", args=[s.pk]), {"to": "ready"}, headers={"HX-Request": "true"}
    )
    assert r.status_code == 422 and 'role="alert"' in r.content.decode()


def test_review_button(client):
    provider = ProviderFactory()
    _login(client, provider_user(provider))
    s = ServiceFactory(provider=provider, reviewed_at=None)
    assert client.post(reverse("catalogue_review", args=[s.pk])).status_code == 302
    s.refresh_from_db()
    assert s.reviewed_at is not None


def test_admin_change_page_validates_json(admin_client):
    s = ServiceFactory()
    url = reverse("admin:catalogue_service_change", args=[s.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(reverse("admin:catalogue_service_changelist")).status_code == 200


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fi", "Vapaita paikkoja ei voi olla enemmän kuin paikkoja yhteensä."),
        ("sv", "Det kan inte finnas fler lediga platser än platser totalt."),
    ],
)
def test_edit_form_errors_are_sentences_in_the_page_language(client, lang, expected):
    provider = ProviderFactory()
    _login(client, provider_user(provider))
    s = ServiceFactory(provider=provider, state="draft")
    data = {"name_fi": "X", "kind": "other", "service_type": "service", "capacity": 2, "available_places": 5}
    r = client.post(reverse("catalogue_edit", args=[s.pk]), data, HTTP_ACCEPT_LANGUAGE=lang)
    assert r.status_code == 422
    assert r.context["form"].errors["available_places"] == [expected]
    assert "exceeds capacity" not in r.content.decode()
