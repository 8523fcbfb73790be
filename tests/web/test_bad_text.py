"""NUL characters and unpaired surrogates are refused at the edge with a 4xx (PostgreSQL
cannot store them, so letting them through would end as a 500 on production)."""

import pytest

from kohtaanto.clients.models import SharedNote
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    worker = UserFactory()
    client.force_login(worker)
    return worker, ClientFactory(responsible_worker=worker)


def test_json_body_with_nul_or_lone_surrogate(client, setup):
    _, c = setup
    for text in ('"bad\\u0000text"', '"half \\udbde pair"'):
        body = '{"text": ' + text + ', "visible_to": []}'
        r = client.post(f"/api/v1/casework/clients/{c.pk}/notes", body, content_type="application/json")
        assert 400 <= r.status_code < 500
    assert not SharedNote.objects.exists()


def test_query_string_with_nul(client, setup):
    _, c = setup
    r = client.get(f"/api/v1/clients/{c.pk}?reason=a%00b")
    assert r.status_code == 400 and "NUL" in r.json()["detail"]
    assert client.get("/clients/?q=x%00y").status_code == 400


def test_form_field_with_nul(client, setup):
    _, c = setup
    r = client.post(f"/clients/{c.pk}/notes/", {"text": "a\x00b"})
    assert r.status_code == 400
    assert not SharedNote.objects.exists()
