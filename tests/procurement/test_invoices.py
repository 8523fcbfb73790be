"""Providers' invoices checked against referrals, attendance and outcomes (issue 17)."""

from __future__ import annotations

import datetime as dt

import pytest

from kohtaanto.audit.models import AuditEvent
from kohtaanto.procurement.models import Invoice, InvoiceLine
from tests.factories import ClientFactory, UserFactory

from .factories import refer, world

pytestmark = pytest.mark.django_db


def _invoice(client, w, lines, number="L-1"):
    body = {
        "contract_id": w.contract.pk,
        "number": number,
        "period_start": "2025-01-01",
        "period_end": "2025-01-31",
        "lines": lines,
    }
    return client.post("/api/v1/procurement/invoices", body, content_type="application/json")


def test_a_wrong_line_is_flagged_and_the_right_one_is_not(client):
    w = world(price_model="per_day", price="50")
    ok = refer(w.service, started=dt.date(2025, 1, 1))
    late = refer(w.service, started=dt.date(2025, 1, 22))  # attended 10 days in January
    client.force_login(w.provider_user)
    r = _invoice(
        client,
        w,
        [
            {"client_id": ok.pk, "service_id": w.service.pk, "days": 20, "amount": "1000"},
            {"client_id": late.pk, "service_id": w.service.pk, "days": 20, "amount": "900"},
        ],
    )
    assert r.status_code == 201, r.content
    good, bad = r.json()["lines"]
    assert good["differences"] == []
    assert bad["differences"] == ["days_exceed_attendance", "amount_differs"]
    assert AuditEvent.objects.filter(
        target_type="procurement.invoice_line", subject_client_id=late.pk
    ).exists()


def test_an_invoice_for_a_client_never_referred_is_refused_whole(client):
    w = world()
    referred = refer(w.service)
    stranger = ClientFactory()
    client.force_login(w.provider_user)
    r = _invoice(
        client,
        w,
        [
            {"client_id": referred.pk, "service_id": w.service.pk, "days": 5, "amount": "250"},
            {"client_id": stranger.pk, "service_id": w.service.pk, "days": 5, "amount": "250"},
        ],
    )
    assert r.status_code == 422
    assert "line 2" in str(r.json()) and "never referred" in str(r.json())
    assert not Invoice.objects.exists() and not InvoiceLine.objects.exists()


def test_only_the_contract_provider_invoices(client):
    w, other = world(), world()
    c = refer(w.service)
    client.force_login(other.provider_user)
    r = _invoice(client, w, [{"client_id": c.pk, "service_id": w.service.pk, "days": 1, "amount": "50"}])
    assert r.status_code == 403 and not Invoice.objects.exists()


def test_officer_accepts_and_disputes_lines(client, settings):
    settings.LANGUAGE_CODE = "en"
    w = world(price_model="per_client", price="900")
    a, b = refer(w.service), refer(w.service, state="referred", started=None)
    client.force_login(w.provider_user)
    r = _invoice(
        client,
        w,
        [
            {"client_id": a.pk, "service_id": w.service.pk, "amount": "900"},
            {"client_id": b.pk, "service_id": w.service.pk, "amount": "900"},
        ],
    )
    first, second = r.json()["lines"]
    assert second["differences"] == ["not_started"]
    assert (
        client.post(
            f"/api/v1/procurement/invoice-lines/{first['id']}/decision",
            {"decision": "accepted"},
            content_type="application/json",
        ).status_code
        == 403
    )
    client.force_login(w.officer)
    url = f"/api/v1/procurement/invoice-lines/{second['id']}/decision"
    assert client.post(url, {"decision": "disputed"}, content_type="application/json").status_code == 422
    assert (
        client.post(
            url, {"decision": "disputed", "note": "ei aloittanut"}, content_type="application/json"
        ).status_code
        == 200
    )
    page = client.post(
        f"/procurement/invoices/{r.json()['id']}/", {"line": first["id"], "decision": "accepted"}
    )
    assert page.status_code == 302
    invoice = Invoice.objects.get()
    assert invoice.state == "decided"
    assert AuditEvent.objects.filter(target_type="procurement.invoice_line", action="update").count() == 2
    detail = client.get(f"/procurement/invoices/{invoice.pk}/").content.decode()
    assert "the referral has not started" in detail
    client.force_login(UserFactory())
    assert client.get(f"/procurement/invoices/{invoice.pk}/").status_code == 403


def test_invoice_page_submit_shows_the_refusal(client, settings):
    settings.LANGUAGE_CODE = "en"
    w = world()
    client.force_login(w.provider_user)
    stranger = ClientFactory()
    body = {
        "contract": w.contract.pk,
        "number": "P-1",
        "period_start": "2025-01-01",
        "period_end": "2025-01-31",
        "lines": f"{stranger.pk}; {w.service.pk}; 3; 150",
    }
    r = client.post("/procurement/invoices/", body)
    assert r.status_code == 422 and "never referred" in r.content.decode()
    assert not Invoice.objects.exists()
