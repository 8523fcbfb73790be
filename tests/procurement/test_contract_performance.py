"""Per-contract performance on the contract page and the API (issue 17, point 3): computed
from the pseudonymised extract of the database by the refresh's contract tables, small
cells hidden, for procurement officers only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings as dj_settings

from kohtaanto.analytics import contracts
from kohtaanto.analytics.data import load
from kohtaanto.analytics.extract import pseudonymise_extract
from kohtaanto.audit.models import AuditEvent
from kohtaanto.clients.models import ClientEvent
from kohtaanto.insights.export import export_operational
from kohtaanto.organisation.tenancy import area_figures_dir
from tests.factories import UserFactory

from .factories import START, refer, world

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 10, 31)


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    Path(settings.DATA_DIR).mkdir()


def _publish() -> None:
    """What the insights refresh does for contracts: export, pseudonymise, compute, publish."""
    root = Path(dj_settings.DATA_DIR) / "analytics"
    export_operational(root / "staging")
    pseudonymise_extract(root / "staging", root / "extract", b"k" * 32)
    data = load(root / "extract", as_of=AS_OF)
    results = root / "results" / "1"
    results.mkdir(parents=True)
    for name, df in contracts.publishable(data).items():
        df.write_parquet(results / f"{name}.parquet")
    contracts.write_published(results, area_figures_dir("091"), AS_OF.isoformat())  # the contract's area


def _contract(n_started: int, n_employed: int):
    """`n_started` clients started the contract's service on START, the first `n_employed`
    of them employed 30 days later; one more referral to it was declined."""
    w = world()
    clients = [refer(w.service) for _ in range(n_started)]
    refer(w.service, started=None, state="declined")
    for c in clients[:n_employed]:
        ClientEvent.objects.create(client=c, date=START + dt.timedelta(days=30), kind="employment")
    return w


def test_officer_sees_the_contract_figures_on_the_page_and_in_the_api(client):
    w = _contract(n_started=12, n_employed=6)
    _publish()
    client.force_login(w.officer)
    body = client.get(f"/api/v1/procurement/contracts/{w.contract.pk}/performance").json()
    total = next(r for r in body["operations"] if r["service_id"] is None)
    assert body["as_of"] == AS_OF.isoformat()
    assert (total["n_referred"], total["n_started"], total["n_decided"]) == (13, 12, 13)
    assert total["acceptance"] == pytest.approx(12 / 13)
    assert total["wait_median_days"] == 0
    assert (total["n_due_3m"], total["n_employed_3m"], total["employed_3m"]) == (12, 6, 0.5)
    assert body["risk_adjusted"] == []  # 12 participants: too few for the estimate
    assert AuditEvent.objects.filter(target_type="procurement.contract", action="read").exists()
    page = client.get(f"/procurement/contracts/{w.contract.pk}/").content.decode()
    assert 'id="contract-operations"' in page and "50" in page


def test_small_cells_are_hidden(client):
    w = _contract(n_started=10, n_employed=2)
    _publish()
    client.force_login(w.officer)
    body = client.get(f"/api/v1/procurement/contracts/{w.contract.pk}/performance").json()
    total = next(r for r in body["operations"] if r["service_id"] is None)
    assert total["n_started"] == 10
    assert total["n_employed_3m"] is None and total["employed_3m"] is None  # 2 employed
    assert total["n_due_3m"] == 10


def test_before_any_refresh_the_page_says_so(client):
    w = _contract(n_started=6, n_employed=0)
    client.force_login(w.officer)
    body = client.get(f"/api/v1/procurement/contracts/{w.contract.pk}/performance").json()
    assert body == {
        "as_of": None,
        "operations": [],
        "risk_adjusted": [],
        "feedback_persons": None,  # no one has scored the service (live, not from a refresh)
        "feedback_mean_score": None,
    }
    assert 'id="h-performance"' in client.get(f"/procurement/contracts/{w.contract.pk}/").content.decode()


def test_other_roles_are_refused(client):
    w = _contract(n_started=10, n_employed=6)
    _publish()
    client.force_login(w.provider_user)  # the provider sees its contract, not its figures
    assert client.get(f"/api/v1/procurement/contracts/{w.contract.pk}/performance").status_code == 403
    page = client.get(f"/procurement/contracts/{w.contract.pk}/")
    assert page.status_code == 200 and 'id="h-performance"' not in page.content.decode()
    for role in ("analyst", "case_worker", "service_manager"):
        client.force_login(UserFactory(role=role))
        assert client.get(f"/api/v1/procurement/contracts/{w.contract.pk}/performance").status_code == 403


def test_customer_feedback_on_the_contract_shown_from_five_persons(client):
    from kohtaanto.portal.models import Feedback
    from kohtaanto.referrals.models import Referral

    w = _contract(n_started=7, n_employed=0)
    started = list(Referral.objects.filter(service=w.service, state="started"))
    for referral, score in zip(started[:4], (5, 4, 4, 3), strict=True):
        Feedback.objects.create(client=referral.client, service_ref=f"referral:{referral.pk}", score=score)
    _publish()
    client.force_login(w.officer)
    url = f"/api/v1/procurement/contracts/{w.contract.pk}/performance"
    assert client.get(url).json()["feedback_persons"] is None  # four persons: hidden
    last = started[4]
    Feedback.objects.create(client=last.client, service_ref=f"referral:{last.pk}", score=4)
    body = client.get(url).json()
    assert (body["feedback_persons"], body["feedback_mean_score"]) == (5, 4.0)
    page = client.get(f"/procurement/contracts/{w.contract.pk}/").content.decode()
    assert 'id="contract-feedback"' in page
