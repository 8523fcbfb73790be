"""The provider performance page and API (issue 17, point 3): who sees it, uncertainty shown,
small cells hidden."""

from __future__ import annotations

import polars as pl
import pytest
from django.utils import translation

from kohtaanto.accounts.models import Role
from tests.factories import OfficeFactory, TeamFactory, UserFactory

from .conftest import write_results

pytestmark = pytest.mark.django_db


def _tables() -> dict[str, pl.DataFrame]:
    perf = pl.DataFrame(
        {
            "provider": ["Valmennus Oy", "Valmennus Oy", "Koulutus Oy"],
            "service_id": ["P010", None, None],
            "service_name": ["Career coaching", None, None],
            "horizon_months": [6, 6, 6],
            "n_participants": [120, 120, 3],
            "observed": [0.42, 0.42, 0.5],
            "expected": [0.35, 0.35, 0.4],
            "difference": [0.07, 0.07, 0.1],
            "ci_low": [-0.01, -0.01, 0.0],
            "ci_high": [0.15, 0.15, 0.2],
            "se": [0.04, 0.04, 0.05],
            "controls": ["no_service"] * 3,
        }
    )
    ops = pl.DataFrame(
        {
            "provider": ["Valmennus Oy", "Koulutus Oy"],
            "service_id": ["P010", "P005"],
            "service_name": ["Career coaching", "Training"],
            "n_referred": [150, 4],
            "acceptance": [0.8, 0.75],
            "wait_median_days": [14.0, 30.0],
            "n_started": [120, 3],
            "completion": [0.7, 1.0],
            "interruption": [0.3, 0.0],
            "employed_3m": [0.2, None],
            "employed_6m": [0.42, None],
            "employed_12m": [0.6, None],
        }
    )
    return {"provider_performance": perf, "provider_operations": ops}


def test_procurement_officer_sees_estimates_with_intervals_and_hidden_small_cells(client, settings, tmp_path):
    settings.LANGUAGE_CODE = "en"
    write_results(tmp_path / "r", _tables())
    client.force_login(
        UserFactory(role=Role.PROCUREMENT_OFFICER, team=None, unit=None, office=OfficeFactory())
    )
    with translation.override("en"):
        page = client.get("/insights/providers/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Valmennus Oy" in html and "95% CI low" in html and "Read with care" in html
    assert ">..<" in html  # the 3-participant provider's figures are hidden
    api = client.get("/api/v1/insights/providers")
    assert api.status_code == 200
    perf, ops = api.json()
    assert perf["name"] == "provider_performance" and ops["name"] == "provider_operations"
    small = [r for r in perf["rows"] if r["provider"] == "Koulutus Oy"][0]
    assert small["n_participants"] is None and small["difference"] is None and small["ci_low"] is None
    big = [r for r in perf["rows"] if r["service_id"] == "P010"][0]
    assert (big["ci_low"], big["difference"], big["ci_high"]) == (-0.01, 0.07, 0.15)
    small_ops = [r for r in ops["rows"] if r["provider"] == "Koulutus Oy"][0]
    assert small_ops["n_referred"] is None and small_ops["acceptance"] is None
    # The procurement officer reads only the provider tables, not the rest of the dashboard.
    assert client.get("/insights/").status_code == 403
    assert client.get("/api/v1/insights/tables/service_impact").status_code in (401, 403)
    csv = client.get("/insights/export/?table=provider_performance&format=csv")
    assert csv.status_code == 200 and b"Valmennus Oy" in csv.content


@pytest.mark.parametrize("role", [Role.ANALYST, Role.SERVICE_MANAGER])
def test_dashboard_managers_see_the_provider_section(client, tmp_path, role):
    write_results(tmp_path / "r", _tables())
    client.force_login(UserFactory(role=role, team=None, unit=TeamFactory().unit))
    assert client.get("/insights/providers/").status_code == 200
    assert client.get("/api/v1/insights/providers").status_code == 200


@pytest.mark.parametrize("role", [Role.TEAM_LEADER, Role.CASE_WORKER, Role.SERVICE_PROVIDER])
def test_others_do_not(client, tmp_path, role):
    write_results(tmp_path / "r", _tables())
    team = TeamFactory()
    client.force_login(UserFactory(role=role, team=team, unit=team.unit))
    assert client.get("/insights/providers/").status_code == 403
    assert client.get("/api/v1/insights/providers").status_code in (401, 403)
