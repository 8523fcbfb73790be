"""`kohtaanto insights refresh` end to end on 1,000 generated clients loaded through the
operational loaders: export, pseudonymise, analytics, pages, files and API, all suppressed."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import polars as pl
import pytest
from django.urls import reverse

from kohtaanto.accounts.models import Role, User
from kohtaanto.audit.models import AuditEvent
from kohtaanto.cli import main
from kohtaanto.clients.models import Client
from kohtaanto.insights.models import Refresh, RefreshStatus
from kohtaanto.insights.selectors import SECTIONS, URL_NAMES
from kohtaanto.insights.services import analytics_root
from kohtaanto.insights.tables import SPECS, published
from kohtaanto.organisation.models import ServiceUnit
from tests.factories import MunicipalityFactory, OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _small(values) -> list:
    """Person counts that must never be published: 1..4."""
    out = []
    for v in values:
        if v in (None, ""):
            continue
        x = float(v)
        if 0 < x < 5:
            out.append(v)
    return out


@pytest.mark.slow
def test_refresh_runs_end_to_end_and_everything_published_is_suppressed(loaded, client, capsys, settings):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    settings.CASELOAD_NORM = 100
    assert main(["insights", "refresh"]) == 0
    r = Refresh.objects.get()
    assert r.status == RefreshStatus.DONE, r.message
    assert r.counts["clients"] == 1000 and r.counts["referrals"] == loaded["referrals"] > 0
    results = analytics_root() / "results" / str(r.pk) / "091"  # the only area's (issue 15)
    for name in ("service_promise_total", "clients_by_unit", "service_impact", "feedback_themes"):
        assert (results / f"{name}.parquet").is_file(), name

    # The extract has no names, identity codes or operational ids.
    extract = analytics_root() / "extract"
    clients = pl.read_parquet(extract / "clients.parquet")
    assert not {"hetu", "first_name", "last_name"} & set(clients.columns)
    ext_ids = set(Client.objects.values_list("external_id", flat=True))
    assert not ext_ids & set(clients["client_id"].to_list())

    # Nothing changed: the second run reuses the results.
    assert main(["insights", "refresh"]) == 0
    assert Refresh.objects.first().status == RefreshStatus.UNCHANGED
    assert "unchanged" in capsys.readouterr().out

    leader = User.objects.filter(role=Role.TEAM_LEADER, team__code="OSU-N").first()
    analyst = UserFactory(role=Role.ANALYST, team=None, unit=None, office=OfficeFactory())
    manager = User.objects.filter(role=Role.SERVICE_MANAGER).first()
    assert published(manager, "caseloads")["norm"].unique().to_list() == [100]  # settings.CASELOAD_NORM
    for user in (analyst, manager, leader):
        client.force_login(user)
        for spec in SPECS.values():
            if user.role not in spec.roles:
                continue
            df = published(user, spec.name)
            assert df is not None, spec.name
            for col in spec.counts:
                if col in df.columns:
                    assert not _small(df[col].to_list()), (user.role, spec.name, col)
            if user.role == Role.TEAM_LEADER and spec.team:
                assert set(df[spec.team].to_list()) <= {"OSU-N"}, spec.name
            body = client.get(f"/insights/export/?table={spec.name}&format=csv").content.decode("utf-8-sig")
            rows = list(csv.DictReader(io.StringIO(body)))
            for col in spec.counts:
                assert not _small(row.get(col) for row in rows), (spec.name, col)
            wb = openpyxl.load_workbook(
                io.BytesIO(client.get(f"/insights/export/?table={spec.name}&format=xlsx").content)
            )
            ws = wb.worksheets[0]
            labels = [c.value for c in ws[1]]
            for col in spec.counts:
                label = next((str(c.label) for c in spec.columns if c.name == col), None)
                if label in labels:
                    j = labels.index(label)
                    assert not _small(row[j] for row in ws.iter_rows(min_row=2, values_only=True)), (
                        spec.name,
                        col,
                    )
            api = client.get(f"/api/v1/insights/tables/{spec.name}")
            assert api.status_code == 200
            for col in spec.counts:
                assert not _small(row.get(col) for row in api.json()["rows"]), (spec.name, col)
        for slug in SECTIONS:
            resp = client.get(reverse(URL_NAMES[slug]))
            if resp.status_code == 403:
                continue
            assert resp.status_code == 200, (user.role, slug)
            html = resp.content.decode()
            assert "<script" not in html.split("</head>")[1], "no inline scripts in the body"
            assert ' style="' not in html
            if user.role == Role.ANALYST:
                # No row-level data for analysts: no client numbers, no staff codes, no names.
                assert not re.search(r"\bK\d{7}\b", html)
                assert not re.search(r"\bS\d{4}\b", html)
        if user.role == Role.ANALYST:
            assert "client_forecasts" not in client.get("/api/v1/insights/tables").content.decode()
            assert client.get("/api/v1/insights/tables/client_forecasts").status_code == 404

    # Paths are labelled descriptive; impact carries the caveat and the intervals.
    client.force_login(manager)
    assert "Descriptive, not causal" in client.get("/insights/paths/").content.decode()
    impact = client.get("/insights/impact/").content.decode()
    assert "<svg" in impact and "no adjustment" in impact

    # The responsible worker of an active client sees the outlook panel, audited.
    c = Client.objects.filter(job_search_status="active", responsible_worker__isnull=False).first()
    client.force_login(c.responsible_worker)
    html = client.get(f"/clients/{c.pk}/").content.decode()
    assert "Employment outlook (decision support)" in html and "This is not a decision." in html
    page_read = AuditEvent.objects.filter(subject_client_id=c.pk, action="read").last()
    assert "client.forecast" in [s["section"] for s in page_read.sections]

    # The extract is unchanged, but a unit moved to another area: computed again.
    moved = ServiceUnit.objects.exclude(teams__code="OSU-N").exclude(clients=None).first()
    moved.municipality = MunicipalityFactory(code="049", name="Espoo")
    moved.save()
    assert main(["insights", "refresh"]) == 0
    assert Refresh.objects.first().status == RefreshStatus.DONE
    # Its clients move too (only their municipality changes): the export notices, and the
    # new area gets its own tables.
    Client.objects.filter(unit=moved).update(municipality=moved.municipality)
    assert main(["insights", "refresh"]) == 0
    again = Refresh.objects.first()
    assert again.status == RefreshStatus.DONE, again.message
    assert set(again.report["areas"]) == {"091", "049"}
