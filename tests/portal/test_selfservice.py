"""Client self-service (issue 13, point 4): the catalogue limited to what the client may use,
requests for a referral that land on the worklist, and documents that are encrypted at rest,
seen by the client's own team and nobody else, and refused when too big or disguised."""

from __future__ import annotations

import base64
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from kohtaanto.portal.models import ClientDocument, ReferralRequest
from kohtaanto.privacy.services import client_anonymise, client_data_tree
from tests.catalogue.factories import ServiceFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"x" * 200
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def services():
    """For a 45-year-old in Helsinki: one open service, one for the young, one in Espoo."""
    open_to_all = ServiceFactory(name={"fi": "Työnhakuvalmennus"}, name_fi="Työnhakuvalmennus")
    youth = ServiceFactory(name={"fi": "Nuorten paja"}, name_fi="Nuorten paja", max_age=29)
    espoo = ServiceFactory(name={"fi": "Espoon kurssi"}, name_fi="Espoon kurssi", municipalities=["049"])
    return open_to_all, youth, espoo


def test_the_catalogue_shows_only_services_the_client_may_use(client, me, services):
    user, record = me
    open_to_all, youth, espoo = services
    page = client.get(reverse("portal_services")).content.decode()
    assert "Työnhakuvalmennus" in page and "Nuorten paja" not in page and "Espoon kurssi" not in page
    assert client.get(reverse("portal_service", args=[youth.pk])).status_code == 404
    found = client.get("/api/v1/portal/services", {"q": "valmennus"}).json()
    assert [s["id"] for s in found["services"]] == [open_to_all.pk]
    assert client.get("/api/v1/portal/services", {"q": "paja"}).json()["total"] == 0


def test_a_referral_request_reaches_the_worklist_and_is_handled(client, me, services):
    user, record = me
    service = services[0]
    response = client.post(reverse("portal_service", args=[service.pk]), {"message": "Haluaisin tämän."})
    assert response.status_code == 302
    again = client.post(f"/api/v1/portal/services/{service.pk}/request", {}, content_type="application/json")
    assert again.status_code == 409 and ReferralRequest.objects.count() == 1
    # Not for a service the client may not use.
    assert client.post(reverse("portal_service", args=[services[1].pk]), {}).status_code == 404

    worker = record.responsible_worker
    client.force_login(worker)
    worklist = client.get(reverse("worklist")).content.decode()
    assert "asks for a referral" in worklist or "pyytää lähetettä" in worklist
    page = client.get(reverse("client_page", args=[record.pk])).content.decode()
    assert "Haluaisin tämän." in page
    (wish,) = client.get(f"/api/v1/clients/{record.pk}/referral-requests").json()
    handled = client.post(f"/api/v1/clients/{record.pk}/referral-requests/{wish['id']}/handled")
    assert handled.status_code == 204
    assert client.get(f"/api/v1/clients/{record.pk}/referral-requests").json() == []


def _upload(client, name: str, data: bytes, title: str = "CV"):
    client.cookies["django_language"] = "en"  # the messages below are read in English
    return client.post(reverse("portal_documents"), {"title": title, "file": SimpleUploadedFile(name, data)})


def test_a_document_is_encrypted_and_seen_by_the_team_only(client, me):
    user, record = me
    assert _upload(client, "cv.pdf", PDF).status_code == 302
    doc = ClientDocument.objects.get()
    assert PDF not in bytes(doc.data) and doc.content_type == "application/pdf"
    assert client.get(reverse("portal_document", args=[doc.pk])).content == PDF

    client.force_login(record.responsible_worker)
    page = client.get(reverse("client_page", args=[record.pk])).content.decode()
    assert reverse("client_document", args=[record.pk, doc.pk]) in page
    download = client.get(reverse("client_document", args=[record.pk, doc.pk]))
    assert download.content == PDF and download["Content-Disposition"].startswith("attachment")
    assert client.get(f"/api/v1/clients/{record.pk}/documents").json()[0]["filename"] == "cv.pdf"

    client.force_login(UserFactory())  # a case worker of another team
    assert client.get(reverse("client_document", args=[record.pk, doc.pk])).status_code == 404
    assert client.get(f"/api/v1/clients/{record.pk}/documents/{doc.pk}").status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("cv.pdf", EXE, "PDF, a picture"),  # a program renamed to .pdf
        ("cv.pdf", PNG, "does not match"),  # an image called .pdf
        ("cv.docx", PNG, "does not match"),
        ("cv.txt", b"plain text", "PDF, a picture"),
        ("cv.pdf", b"", ""),  # Django's own "empty file", in the page language
    ],
)
def test_a_disguised_or_unsupported_file_is_refused_and_nothing_is_stored(client, me, name, data, reason):
    response = _upload(client, name, data)
    assert response.status_code == 422 and reason in response.content.decode()
    assert not ClientDocument.objects.exists()


def test_a_too_big_file_is_refused(client, me, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    client.cookies["django_language"] = "en"
    response = client.post(
        "/api/v1/portal/documents", {"title": "CV", "file": SimpleUploadedFile("cv.pdf", PDF + b"x" * 2000)}
    )
    assert response.status_code == 422 and "too big" in json.dumps(response.json())
    assert not ClientDocument.objects.exists()


def test_accepted_kinds_through_the_api(client, me):
    for name, data in (("photo.png", PNG), ("cv.docx", _docx()), ("cv.PDF", PDF)):
        response = client.post("/api/v1/portal/documents", {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 201, response.content
    assert len(client.get("/api/v1/portal/documents").json()) == 3
    doc_id = client.get("/api/v1/portal/documents").json()[0]["id"]
    assert client.delete(f"/api/v1/portal/documents/{doc_id}").status_code == 204
    assert ClientDocument.objects.count() == 2


def test_documents_and_requests_are_in_the_gdpr_export_and_gone_after_erasure(client, me, services):
    user, record = me
    _upload(client, "todistus.pdf", PDF, title="Työtodistus Oy Testi")
    client.post(reverse("portal_service", args=[services[0].pk]), {"message": "Erityinen toive 7731"})
    tree = json.dumps(client_data_tree(record), ensure_ascii=False)
    assert "Työtodistus Oy Testi" in tree and base64.b64encode(PDF).decode() in tree
    assert "Erityinen toive 7731" in tree
    client_anonymise(actor=None, client=record, reason="test")
    assert not ClientDocument.objects.exists() and not ReferralRequest.objects.exists()
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM portal_clientdocument")
        assert cur.fetchone()[0] == 0
