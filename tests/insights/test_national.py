"""The national view (issue 15): every area's counts side by side, small cells hidden as on
the dashboard, refused to roles outside `policy.NATIONAL_FIGURE_READERS` and never a record."""

from __future__ import annotations

import pytest
from django.utils import translation

from kohtaanto.accounts.models import Role
from kohtaanto.audit.models import AuditEvent
from kohtaanto.insights.national import national_figures
from kohtaanto.organisation.models import Municipality
from tests.factories import ClientFactory, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_areas():
    """Area 091 with 12 active clients, area 092 with 3 (a small count) and 8 ended."""
    big, small = (
        MunicipalityFactory(code="091", name="Helsinki"),
        MunicipalityFactory(code="092", name="Vantaa"),
    )
    for _ in range(12):
        ClientFactory(municipality=big, job_search_status="active")
    for _ in range(3):
        ClientFactory(municipality=small, job_search_status="active")
    return big, small


def test_each_area_has_its_counts_and_a_small_count_is_hidden(two_areas):
    analyst = UserFactory(role=Role.ANALYST)
    f = national_figures(actor=analyst)
    by_code = {a.code: a for a in f.areas}
    assert set(by_code) == {"091", "092"} and by_code["092"].name == "Vantaa"
    assert by_code["091"].values["active"] == 12
    assert by_code["092"].values["active"] is None  # 3 persons: below the threshold of 5
    assert list(by_code["091"].values) == list(f.measures)
    assert AuditEvent.objects.filter(target_type="insights.national", actor_id=analyst.pk).exists()


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.TEAM_LEADER, Role.SERVICE_MANAGER, Role.CLIENT])
def test_other_roles_are_refused(client, two_areas, role):
    client.force_login(UserFactory(role=role))
    assert client.get("/insights/national/").status_code == 403
    assert client.get("/api/v1/insights/national").status_code in (401, 403)


def test_page_and_api_show_areas_without_any_person(client, two_areas):
    analyst = UserFactory(role=Role.ANALYST)
    client.force_login(analyst)
    with translation.override("en"):
        page = client.get("/insights/national/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Vantaa (092)" in page and "Helsinki (091)" in page and ".." in page
    from kohtaanto.clients.models import Client

    c = Client.objects.filter(municipality=two_areas[0]).first()
    assert c.last_name not in page and c.external_id not in page
    api = client.get("/api/v1/insights/national").json()
    assert {a["code"] for a in api["areas"]} == set(Municipality.objects.values_list("code", flat=True))
    assert api["threshold"] == 5 and api["areas"][1]["values"]["active"] is None
