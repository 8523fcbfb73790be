"""Employers per employment area (issue 15): each area keeps its own records of a business
(contacts, interactions, coordinator), staff read and change only their own area's, a
representative's mandate covers the business in every area, and imports name their area."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from kohtaanto.accounts.models import Role
from kohtaanto.cli import main
from kohtaanto.employers import selectors
from kohtaanto.employers.access import mandated_employers
from kohtaanto.employers.models import Employer, Interaction
from kohtaanto.employers.services import employer_save, employers_import, interaction_record, mandate_grant
from tests.factories import MunicipalityFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

CSV = (
    "business_id,name,industry,size_class,contact_consent,coordinator,location_address,"
    "location_postal_code,location_city,contact_name,contact_title,contact_phone,contact_email\n"
    "0112038-9,Rakennus Oy,41200,medium,yes,,,,,,,,\n"
)


@pytest.fixture
def areas():
    here = UnitFactory(code="HKI-1", municipality=MunicipalityFactory(code="091", name="Helsinki"))
    there = UnitFactory(code="ESP-1", municipality=MunicipalityFactory(code="049", name="Espoo"))
    coordinator = UserFactory(role=Role.EMPLOYER_COORDINATOR, team=None, unit=here)
    far = UserFactory(role=Role.EMPLOYER_COORDINATOR, team=None, unit=there)
    return coordinator, far


def test_each_area_keeps_its_own_record_of_a_business(areas):
    coordinator, far = areas
    assert employers_import(actor=coordinator, content=CSV.encode(), fmt="csv") == (1, 0)
    assert employers_import(actor=far, content=CSV.encode(), fmt="csv") == (1, 0)  # not an update
    mine, theirs = (Employer.objects.get(area__code=c) for c in ("091", "049"))
    interaction_record(actor=far, employer_id=theirs.pk, kind="call", on=dt.date(2026, 1, 5), note="Espoo's")

    assert [e.pk for e in selectors.employer_list(actor=coordinator).rows] == [mine.pk]
    assert [e.pk for e in selectors.employer_list(actor=far).rows] == [theirs.pk]
    with pytest.raises(Http404):
        selectors.employer_get(actor=coordinator, employer_id=theirs.pk)
    with pytest.raises(Http404):
        interaction_record(actor=coordinator, employer_id=theirs.pk, kind="call", on=dt.date(2026, 1, 6))
    with pytest.raises(Http404):
        employer_save(
            actor=coordinator, employer_id=theirs.pk, data={"business_id": "0112038-9", "name": "X"}
        )
    assert Interaction.objects.get().note == "Espoo's" and theirs.name == "Rakennus Oy"
    assert [r.business_id for r in selectors.employers_export(actor=coordinator)] == ["0112038-9"]
    admin = UserFactory(role=Role.ADMINISTRATOR, team=None, unit=None)
    assert selectors.employer_list(actor=admin).total == 2


def test_the_api_refuses_another_areas_employer(areas, client):
    coordinator, far = areas
    employers_import(actor=far, content=CSV.encode(), fmt="csv")
    theirs = Employer.objects.get()
    client.force_login(coordinator)
    assert client.get(f"/api/v1/employers/{theirs.pk}").status_code == 404
    assert client.get(f"/employers/{theirs.pk}/").status_code == 404
    assert client.get("/api/v1/employers").json()["total"] == 0
    # A new record of the same business in the coordinator's own area is allowed.
    made = client.post(
        "/api/v1/employers",
        {"business_id": "0112038-9", "name": "Rakennus Oy"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["area"] == "091"


def test_a_mandate_covers_the_business_in_every_area(areas):
    coordinator, far = areas
    for actor in areas:
        employers_import(actor=actor, content=CSV.encode(), fmt="csv")
    rep = UserFactory(role=Role.EMPLOYER_REPRESENTATIVE, team=None, unit=None)
    assert len(mandate_grant(actor=None, username=rep.username, business_id="0112038-9")) == 2
    assert sorted(mandated_employers(rep)) == sorted(Employer.objects.values_list("pk", flat=True))


def test_staff_import_only_into_their_own_area(areas):
    coordinator, _far = areas
    with pytest.raises(PermissionDenied):
        employers_import(actor=coordinator, content=CSV.encode(), fmt="csv", area_code="049")
    with pytest.raises(ValidationError, match="no area '999'"):
        employers_import(actor=coordinator, content=CSV.encode(), fmt="csv", area_code="999")
    assert not Employer.objects.exists()


def test_the_command_line_import_names_the_area_when_there_are_several(areas, tmp_path, capsys):
    path = tmp_path / "employers.csv"
    path.write_text(CSV)
    assert main(["employers", "import", "--format", "csv", str(path)]) != 0
    assert "several areas are installed" in capsys.readouterr().err
    assert not Employer.objects.exists()
    assert main(["employers", "import", "--format", "csv", "--area", "049", str(path)]) == 0
    assert Employer.objects.get().area.code == "049"
    assert main(["employers", "export", "--format", "csv", "--area", "091"]) == 0
    assert "0112038-9" not in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_employers_their_coordinators_area():
    """Employers migration 0003 on records made before areas: the coordinator's area, else
    the area of the latest vacancy, else (with several areas) none until assigned."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("employers", "0002_vacancies")], [("employers", "0003_employer_area")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state([*before, ("accounts", "0007_national_analyst_role")]).apps
    here = old.get_model("organisation", "Municipality").objects.create(code="091", name="Helsinki")
    there = old.get_model("organisation", "Municipality").objects.create(code="049", name="Espoo")
    unit = old.get_model("organisation", "ServiceUnit").objects.create(
        code="ESP-1", name="E", municipality=there
    )
    coordinator = old.get_model("accounts", "User").objects.create(
        username="c", role="employer_coordinator", unit=unit
    )
    employer = old.get_model("employers", "Employer")
    employer.objects.create(business_id="0112038-9", name="A Oy", coordinator=coordinator)
    employer.objects.create(business_id="2617416-4", name="B Oy")
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps.get_model("employers", "Employer")
    assert {e.business_id: e.area_id for e in new.objects.all()} == {"0112038-9": there.pk, "2617416-4": None}
    assert here.pk != there.pk
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_an_administrator_of_no_area_names_the_area_when_there_are_several(areas, client):
    admin = UserFactory(role=Role.ADMINISTRATOR, team=None, unit=None)
    client.force_login(admin)
    made = client.post(
        "/api/v1/employers",
        {"business_id": "0112038-9", "name": "Rakennus Oy"},
        content_type="application/json",
    )
    assert made.status_code == 422 and "several areas" in made.content.decode()
    assert not Employer.objects.exists()
    upload = SimpleUploadedFile("e.csv", CSV.encode())
    imported = client.post("/api/v1/employers/import?area=049", {"file": upload})
    assert imported.status_code == 200 and Employer.objects.get().area.code == "049"
