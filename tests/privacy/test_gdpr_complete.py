"""Issue 13, done when: a GDPR GET for a client who has messages, feedback, referrals with
need texts, documents and network notes contains every one of them; erasure leaves none of
them in the database, which a search of every text column for the client's name and the
texts proves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection, models

from kohtaanto.accounts.models import Role
from kohtaanto.notifications.models import Notification
from kohtaanto.portal.documents import encrypt
from kohtaanto.portal.models import ClientDocument, Feedback, Message
from kohtaanto.referrals.models import MatchFeedback, Referral
from tests.catalogue.factories import ServiceFactory
from tests.factories import ClientFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db

TEXT = (models.CharField, models.TextField, models.JSONField)
NAME = "Zyxwvuttinen"
TEXTS = {
    "message": "Viesti qz-message-81",
    "feedback": "Palaute qz-feedback-82",
    "need": "Tarve qz-need-83",
    "provider_note": "Huomio qz-note-84",
    "match_comment": "Ei sovi qz-comment-85",
    "shared_note": "Verkostomuistio qz-shared-86",
    "document": "Todistus qz-doc-87",
}


def _columns():
    for m in apps.get_models():
        for f in m._meta.concrete_fields:
            if isinstance(f, TEXT) and not f.is_relation:
                yield m._meta.db_table, f.column


def _where(marker: str) -> list[str]:
    found = []
    with connection.cursor() as cur:
        for table, column in _columns():
            sql = f'SELECT COUNT(*) FROM "{table}" WHERE CAST("{column}" AS TEXT) LIKE %s'  # noqa: S608
            cur.execute(sql, [f"%{marker}%"])
            if cur.fetchone()[0]:
                found.append(f"{table}.{column}")
    return found


def test_the_export_holds_everything_and_erasure_leaves_nothing(client):
    user = UserFactory(role=Role.CLIENT, team=None, unit=None, last_name=NAME)
    record = ClientFactory(
        user=user,
        last_name=NAME,
        registration_date=dt.date(2014, 1, 1),
        job_search_status="ended",
        end_date=dt.date(2015, 6, 1),
    )
    worker = record.responsible_worker
    service = ServiceFactory()
    Message.objects.create(client=record, sender=user, side="client", body=TEXTS["message"])
    Feedback.objects.create(
        client=record, meeting=MeetingFactory(client=record), score=4, text=TEXTS["feedback"]
    )
    Referral.objects.create(
        client=record, service=service, need_text=TEXTS["need"], note_to_provider=TEXTS["provider_note"]
    )
    MatchFeedback.objects.create(
        client=record,
        service=service,
        action="dismiss",
        comment=TEXTS["match_comment"],
        need_text=TEXTS["need"],
    )
    record.shared_notes.create(author=worker, visible_to=["case_worker"], text=TEXTS["shared_note"])
    ClientDocument.objects.create(
        client=record,
        title=TEXTS["document"],
        filename="todistus.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        data=encrypt(b"%PDF-1.4"),
    )

    Notification.objects.create(recipient=user, kind="meeting.reminder", subject="Muistutus qz-notice-88")

    client.force_login(user)
    export = client.get(f"/api/v1/gdpr/{record.external_id}")
    assert export.status_code == 200
    missing = [key for key, text in TEXTS.items() if text not in export.text]
    assert not missing and NAME in export.text, f"not in the export: {missing}"
    assert "qz-notice-88" in export.text  # the account's notifications too

    admin = UserFactory(role=Role.ADMINISTRATOR, team=None, unit=None)
    client.force_login(admin)
    erased = client.delete(f"/api/v1/gdpr/{record.external_id}?reason=request+2026-17")
    assert erased.status_code == 204
    left = {marker: _where(marker) for marker in [NAME, "qz-notice-88", *TEXTS.values()]}
    assert not any(left.values()), f"still in the database: {left}"
