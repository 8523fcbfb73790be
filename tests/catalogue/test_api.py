"""/api/v1/catalogue/: same rules as the services, 4xx with reasons, never 500."""

from __future__ import annotations

import json

import pytest

from kohtaanto.accounts.models import Role
from kohtaanto.catalogue.models import Service
from tests.catalogue.factories import ProviderFactory, ServiceFactory, provider_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/catalogue"


def _json(client, method, url, body):
    return client.generic(
        method, url, json.dumps(body) if not isinstance(body, str) else body, content_type="application/json"
    )


@pytest.fixture
def provider(client):
    user = provider_user(ProviderFactory(name="Oma Oy"))
    client.force_login(user)
    return user


def test_list_filters_and_search(client):
    client.force_login(UserFactory())
    ServiceFactory(name={"fi": "Työkokeilu"}, kind="work_trial")
    ServiceFactory(name={"fi": "Palkkatuki", "sv": "Lönesubvention"}, kind="pay_subsidy")
    ServiceFactory(name={"fi": "Luonnos"}, state="draft")
    data = client.get(f"{API}/services").json()
    assert data["total"] == 2
    assert [i["name"]["fi"] for i in client.get(f"{API}/services?q=lönesub").json()["items"]] == [
        "Palkkatuki"
    ]
    assert client.get(f"{API}/services?kind=work_trial").json()["total"] == 1
    assert client.get(f"{API}/services?state=draft").json()["total"] == 0  # not in a worker's scope
    assert client.get(f"{API}/services?page=999").json()["page"] == 1


def test_provider_create_update_transition(client, provider):
    r = _json(
        client,
        "POST",
        f"{API}/services",
        {
            "name": {"fi": "Työnhakuvalmennus", "sv": "Jobbsökarträning"},
            "kind": "job_search_coaching",
            "target_groups": ["unemployed"],
            "locations": [{"name": "Pasila", "lat": 60.1993, "lon": 24.9332}],
            "contact": {"email": "info@example.org"},
            "required_finnish_level": "B1",
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (
        body["state"] == "draft" and body["provider"] == "Oma Oy" and body["allowed_transitions"] == ["ready"]
    )
    sid = body["id"]
    r = _json(client, "PATCH", f"{API}/services/{sid}", {"capacity": 10, "available_places": 3})
    assert (
        r.status_code == 200 and r.json()["name"]["sv"] == "Jobbsökarträning" and r.json()["capacity"] == 10
    )
    r = _json(client, "PUT", f"{API}/services/{sid}", {"name": {"fi": "Uusi nimi"}})
    assert r.status_code == 200 and r.json()["capacity"] is None and r.json()["name"] == {"fi": "Uusi nimi"}
    r = _json(client, "POST", f"{API}/services/{sid}/transition", {"to": "ready"})
    assert r.status_code == 200 and r.json()["state"] == "ready"
    r = _json(client, "POST", f"{API}/services/{sid}/transition", {"to": "published"})
    assert r.status_code == 403
    assert [i["id"] for i in client.get(f"{API}/mine").json()] == [sid]


def test_moderator_publishes(client):
    service = ServiceFactory(state="ready")
    client.force_login(UserFactory(role=Role.SERVICE_MANAGER, team=None, unit=None))
    r = _json(client, "POST", f"{API}/services/{service.pk}/transition", {"to": "published"})
    assert r.status_code == 200 and r.json()["reviewed_at"]
    r = _json(client, "POST", f"{API}/services/{service.pk}/transition", {"to": "draft"})
    assert r.status_code == 422 and "to" in r.json()["errors"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": {"sv": "Bara svenska"}}, "name.fi"),
        ({"name": {"fi": "A"}, "kind": "party"}, "kind"),
        ({"name": {"fi": "A"}, "min_age": 40, "max_age": 20}, "max_age"),
        ({"name": {"fi": "A"}, "locations": [{"name": "X", "lat": 91, "lon": 0}]}, "locations[0].lat"),
        ({"name": {"fi": "A"}, "contact": {"url": "javascript:alert(1)"}}, "contact.url"),
        ({"name": {"fi": "A"}, "start_dates": ["tomorrow"]}, "start_dates[0]"),
        ({"name": {"fi": "A"}, "required_finnish_level": "B3"}, "required_finnish_level"),
    ],
)
def test_bad_input_is_422_with_the_field(client, provider, body, field):
    r = _json(client, "POST", f"{API}/services", body)
    assert r.status_code == 422, r.content
    assert field in r.json()["errors"]
    assert not Service.objects.exists()


@pytest.mark.parametrize(
    "body",
    ["{not json", '{"name": "just text"}', '{"capacity": "many"}', '{"locations": [{"name": "x"}]}', "[]"],
)
def test_malformed_bodies_are_4xx_not_500(client, provider, body):
    r = _json(client, "POST", f"{API}/services", body)
    assert 400 <= r.status_code < 500


def test_other_providers_service_is_404(client, provider):
    other = ServiceFactory(state="draft")
    assert client.get(f"{API}/services/{other.pk}").status_code == 404
    assert _json(client, "PATCH", f"{API}/services/{other.pk}", {"capacity": 1}).status_code == 404


def test_import_endpoint(client):
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, team=None, unit=None))
    good = '{"id": "x1", "name": {"fi": "X"}, "provider": "P"}\n'
    r = _json(client, "POST", f"{API}/import", {"format": "jsonl", "content": good, "state": "published"})
    assert r.status_code == 200 and r.json() == {"created": 1, "updated": 0}
    r = _json(
        client, "POST", f"{API}/import", {"format": "jsonl", "content": good + '{"id": "x2", "name": {}}\n'}
    )
    assert r.status_code == 422
    assert "line 2, field name.fi: missing" in r.json()["errors"]["content"][0]
    assert Service.objects.count() == 1
    r = _json(client, "POST", f"{API}/import", {"format": "xml", "content": ""})
    assert r.status_code == 422
