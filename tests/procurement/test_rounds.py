"""Challenge competitions and market dialogue: the award becomes a contract (issue 17)."""

from __future__ import annotations

import datetime as dt

import pytest

from kohtaanto.procurement.models import Contract, ProcurementRound
from tests.catalogue.factories import ServiceFactory, provider_user
from tests.factories import UserFactory

from .factories import officer

pytestmark = pytest.mark.django_db


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_round_from_need_to_award(client, settings):
    settings.LANGUAGE_CODE = "en"
    boss = officer()
    service = ServiceFactory()
    seller, rival = provider_user(service.provider), provider_user(ServiceFactory().provider)
    client.force_login(boss)
    deadline = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    r = _post(
        client,
        "/api/v1/procurement/rounds",
        {
            "title": "Nuorten työpolku",
            "need": "Alle 30-vuotiaiden polku töihin",
            "deadline": deadline,
            "documents": [{"title": "Tarjouspyyntö", "url": "https://example.org/tp.pdf"}],
        },
    )
    assert r.status_code == 201, r.content
    rid = r.json()["id"]
    client.force_login(seller)
    q = _post(client, f"/api/v1/procurement/rounds/{rid}/questions", {"question": "Montako asiakasta?"})
    assert q.status_code == 201
    client.force_login(rival)
    assert client.get(f"/api/v1/procurement/rounds/{rid}").json()["questions"] == []  # not answered yet
    client.force_login(boss)
    assert (
        _post(
            client, f"/api/v1/procurement/questions/{q.json()['id']}/answer", {"answer": "Noin 200."}
        ).status_code
        == 200
    )
    assert _post(client, f"/api/v1/procurement/rounds/{rid}/state", {"state": "open"}).status_code == 200
    client.force_login(rival)
    assert [x["answer"] for x in client.get(f"/api/v1/procurement/rounds/{rid}").json()["questions"]] == [
        "Noin 200."
    ]
    proposal = {"summary": "Valmennus", "price_model": "per_client", "price": "1200", "capacity": 200}
    assert _post(client, f"/api/v1/procurement/rounds/{rid}/proposals", proposal).status_code == 201
    client.force_login(seller)
    p = _post(client, f"/api/v1/procurement/rounds/{rid}/proposals", dict(proposal, price="1100"))
    assert p.status_code == 201
    assert len(client.get(f"/api/v1/procurement/rounds/{rid}").json()["proposals"]) == 1  # only its own
    client.force_login(boss)
    assert (
        _post(client, f"/api/v1/procurement/proposals/{p.json()['id']}/score", {"score": "80"}).status_code
        == 422
    )
    assert (
        _post(client, f"/api/v1/procurement/rounds/{rid}/state", {"state": "evaluation"}).status_code == 200
    )
    assert (
        _post(client, f"/api/v1/procurement/proposals/{p.json()['id']}/score", {"score": "85.5"}).status_code
        == 200
    )
    award = {"service_ids": [service.pk], "start": "2026-01-01", "end": "2026-12-31"}
    r = _post(client, f"/api/v1/procurement/proposals/{p.json()['id']}/award", award)
    assert r.status_code == 201, r.content
    contract = Contract.objects.get()
    assert (contract.provider_id, contract.price, contract.capacity, contract.round_id) == (
        service.provider_id,
        1100,
        200,
        rid,
    )
    assert ProcurementRound.objects.get().state == "awarded"
    assert client.get(f"/procurement/rounds/{rid}/").status_code == 200


def test_round_pages_and_refusals(client, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(officer())
    deadline = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    r = client.post(
        "/procurement/rounds/", {"title": "Haaste", "need": "Tarve", "deadline": deadline, "documents": ""}
    )
    assert r.status_code == 302
    found = ProcurementRound.objects.get()
    assert client.get(f"/procurement/rounds/{found.pk}/").status_code == 200
    r = client.post(f"/procurement/rounds/{found.pk}/", {"action": "state", "state": "evaluation"})
    assert r.status_code == 302 and ProcurementRound.objects.get().state == "dialogue"
    client.force_login(UserFactory())
    assert client.get("/procurement/rounds/").status_code == 403
