"""Contact data (issue 13, point 3): the client edits theirs in the portal, their team edits
it on the client page and through the API; one set of rules answers per field, and a bad
value changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kohtaanto.audit.models import AuditEvent
from kohtaanto.privacy.services import client_data_tree
from tests.factories import UserFactory
from tests.portal.factories import client_user

pytestmark = pytest.mark.django_db

GOOD = {
    "phone": "040 123 4567",
    "email": "Saara@Example.org",
    "street_address": "Testikatu 1 A 2",
    "postal_code": "00100",
    "post_office": "Helsinki",
    "preferred_channel": "sms",
    "contact_language": "sv",
    "interpreter_needed": "on",
    "interpreter_language": "ar",
}


@pytest.fixture
def pair():
    user, record = client_user()
    return user, record


def test_the_client_edits_their_contact_details_in_the_portal(client, pair):
    user, record = pair
    client.force_login(user)
    assert client.get(reverse("portal_contact")).status_code == 200
    response = client.post(reverse("portal_contact"), GOOD)
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.phone, record.email, record.preferred_channel) == (
        "+358401234567",
        "saara@example.org",
        "sms",
    )
    assert record.interpreter_needed and record.interpreter_language == "ar"
    event = AuditEvent.objects.filter(target_type="client.contact", action="update").get()
    assert "phone" in event.detail["fields"] and "+358" not in str(event.detail)
    tree = str(client_data_tree(record))
    assert "+358401234567" in tree and "Testikatu 1 A 2" in tree


@pytest.mark.parametrize(
    ("field", "value"),
    [("phone", "12"), ("email", "not-an-address"), ("postal_code", "1001"), ("interpreter_language", "1")],
)
def test_a_bad_value_is_named_and_changes_nothing(client, pair, field, value):
    user, record = pair
    client.force_login(user)
    response = client.post(reverse("portal_contact"), {**GOOD, field: value})
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    record.refresh_from_db()
    assert record.phone == "" and record.email == ""


def test_text_messages_need_a_phone_number(client, pair):
    user, record = pair
    client.force_login(user)
    response = client.put(
        "/api/v1/portal/contact", {"preferred_channel": "sms"}, content_type="application/json"
    )
    assert response.status_code == 422 and "phone" in response.json()["errors"]
    record.refresh_from_db()
    assert record.preferred_channel == ""


def test_the_team_edits_contact_details_and_others_cannot(client, pair):
    _, record = pair
    worker = record.responsible_worker
    client.force_login(worker)
    page = client.get(reverse("client_page", args=[record.pk])).content.decode()
    assert reverse("client_contact_edit", args=[record.pk]) in page
    response = client.put(
        f"/api/v1/clients/{record.pk}/contact",
        {"phone": "+46 70 123 45 67", "preferred_channel": "sms", "contact_language": "en"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["phone"] == "+46701234567"
    outsider = UserFactory()  # a case worker of another team
    client.force_login(outsider)
    assert client.get(f"/api/v1/clients/{record.pk}/contact").status_code == 404
    assert client.post(reverse("client_contact_edit", args=[record.pk]), GOOD).status_code == 404
    record.refresh_from_db()
    assert record.phone == "+46701234567"
