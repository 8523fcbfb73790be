"""The employer register (issue 14, point 1): business IDs checked, imports all or nothing
with the line and field of every error, export that imports back unchanged, interactions with
the next action, and the coordinator's list."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kohtaanto.accounts.models import Role
from kohtaanto.cli import main
from kohtaanto.employers.models import ContactPerson, Employer
from kohtaanto.employers.records import dump, parse
from kohtaanto.employers.services import ImportRejected, employers_import
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

CSV = (
    "business_id,name,industry,size_class,contact_consent,coordinator,location_address,"
    "location_postal_code,location_city,contact_name,contact_title,contact_phone,contact_email\n"
    "0112038-9,Rakennus Oy,41200,medium,yes,coord,Työpajankatu 1,00580,Helsinki,Maija Mallikas,HR,040 123 4567,maija@example.fi\n"
    "2617416-4,Kahvila Ab,56101,micro,unknown,,,,,,,,\n"
)


@pytest.fixture
def coordinator():
    return UserFactory(username="coord", role=Role.EMPLOYER_COORDINATOR, team=None, unit=UnitFactory())


def test_csv_import_creates_employers_and_contacts(coordinator):
    assert employers_import(actor=coordinator, content=CSV.encode(), fmt="csv") == (2, 0)
    builder = Employer.objects.get(business_id="0112038-9")
    assert builder.coordinator == coordinator and builder.locations[0]["city"] == "Helsinki"
    assert ContactPerson.objects.get(employer=builder).email == "maija@example.fi"
    # Importing again updates by business ID and creates nothing.
    assert employers_import(actor=coordinator, content=CSV.encode(), fmt="csv") == (0, 2)
    assert ContactPerson.objects.count() == 1


@pytest.mark.parametrize(
    ("line", "field", "bad"),
    [
        (3, "business_id", "2617416-5"),  # wrong check digit
        (3, "size_class", "huge"),
        (3, "industry", "ABC"),
    ],
)
def test_a_bad_line_names_line_and_field_and_nothing_is_imported(coordinator, line, field, bad):
    rows = CSV.splitlines()
    cells = rows[2].split(",")
    index = rows[0].split(",").index(field)
    cells[index] = bad
    rows[2] = ",".join(cells)
    with pytest.raises(ImportRejected) as err:
        employers_import(actor=coordinator, content="\n".join(rows).encode(), fmt="csv")
    assert [(e.line, e.field) for e in err.value.errors] == [(line, field)]
    assert not Employer.objects.exists()


def test_jsonl_errors_and_duplicates(coordinator):
    good = {"business_id": "0112038-9", "name": "A Oy"}
    content = "\n".join(
        [json.dumps(good), "{not json", json.dumps({**good, "name": "B Oy"}), json.dumps({"name": "C"})]
    )
    with pytest.raises(ImportRejected) as err:
        employers_import(actor=coordinator, content=content.encode(), fmt="jsonl")
    found = {(e.line, e.field) for e in err.value.errors}
    assert found == {(2, "json"), (3, "business_id"), (4, "business_id")}
    assert not Employer.objects.exists()


def test_an_unknown_coordinator_is_refused(coordinator):
    with pytest.raises(ImportRejected) as err:
        employers_import(actor=coordinator, content=CSV.replace(",coord,", ",nobody,").encode(), fmt="csv")
    assert err.value.errors[0].field == "coordinator"


def test_export_imports_back_the_same(coordinator):
    employers_import(actor=coordinator, content=CSV.encode(), fmt="csv")
    records, errors = parse(CSV.encode(), "csv")
    assert not errors
    exported = dump(records, "jsonl")
    again, errors = parse(exported.encode(), "jsonl")
    assert not errors and again == records


def test_the_api_and_the_coordinators_pages(client, coordinator):
    client.force_login(coordinator)
    made = client.post(
        "/api/v1/employers",
        {
            "business_id": "0112038-9",
            "name": "Rakennus Oy",
            "coordinator": "coord",
            "contacts": [{"name": "Maija"}],
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    employer_id = made.json()["id"]
    bad = client.post(
        "/api/v1/employers", {"business_id": "0112038-8", "name": "X"}, content_type="application/json"
    )
    assert bad.status_code == 422 and "business_id" in bad.json()["errors"]
    contact = client.post(
        f"/api/v1/employers/{employer_id}/interactions",
        {
            "kind": "visit",
            "date": dt.date.today().isoformat(),
            "next_action": "Soita rekrytoinnista",
            "next_action_date": (dt.date.today() + dt.timedelta(days=7)).isoformat(),
        },
        content_type="application/json",
    )
    assert contact.status_code == 201
    listed = client.get("/api/v1/employers", {"mine": "true"}).json()["employers"]
    assert (
        listed[0]["next_action"] == "Soita rekrytoinnista"
        and listed[0]["last_contact"] == dt.date.today().isoformat()
    )
    # The coordinator lands on their employers, with the next action.
    home = client.get("/", follow=True)
    assert home.redirect_chain[-1][0] == reverse("employer_list")
    assert "Soita rekrytoinnista" in home.content.decode()
    upload = client.post(
        "/api/v1/employers/import?format=csv", {"file": SimpleUploadedFile("e.csv", CSV.encode())}
    )
    assert upload.json() == {"created": 1, "updated": 1}
    export = client.get("/api/v1/employers/export?format=csv")
    assert export.status_code == 200 and "Kahvila Ab" in export.content.decode()


def test_the_command_line_import(tmp_path, coordinator, capsys):
    path = tmp_path / "employers.csv"
    path.write_text(CSV, encoding="utf-8")
    assert main(["employers", "import", "--format", "csv", str(path)]) == 0
    assert "2 employers added" in capsys.readouterr().out
    path.write_text(CSV.replace("2617416-4", "2617416-5"), encoding="utf-8")
    assert main(["employers", "import", "--format", "csv", str(path)]) == 2
    assert ":3: business_id:" in capsys.readouterr().err
