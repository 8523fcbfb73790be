"""Messages and feedback in the client's GDPR export, and gone on anonymisation."""

from __future__ import annotations

import pytest

from kohtaanto.portal.models import Feedback, Message
from kohtaanto.privacy.services import client_anonymise, client_data_tree
from tests.factories import MeetingFactory
from tests.portal.factories import client_user

pytestmark = pytest.mark.django_db


def test_export_and_anonymise():
    user, record = client_user()
    Message.objects.create(client=record, sender=user, side="client", body="Oma viesti")
    Feedback.objects.create(client=record, meeting=MeetingFactory(client=record), score=4, text="Hyvä")
    tree = client_data_tree(record)
    portal = next(c for c in tree["children"] if c["key"] == "PORTAL")
    texts = [
        leaf["value"] for node in portal["children"] for item in node["children"] for leaf in item["children"]
    ]
    assert "Oma viesti" in texts and "Hyvä" in texts
    client_anonymise(actor=None, client=record, reason="test")
    assert not Message.objects.filter(client=record).exists()
    assert list(Feedback.objects.filter(client=record).values_list("score", "text")) == [(4, "")]
