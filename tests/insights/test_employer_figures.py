"""Employer services on the dashboard: vacancies filled, time to fill and hires of long-term
unemployed people, by industry and by coordinator, with the dashboard's suppression."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from kohtaanto.accounts.models import Role, User
from kohtaanto.analytics.extract import pseudonym
from kohtaanto.employers.models import Candidate, CandidateStatus, Employer, Stage, StageChange, Vacancy
from kohtaanto.insights.employer_figures import (
    FILLED_BY_COORDINATOR,
    FILLED_BY_INDUSTRY,
    HIRES_BY_COORDINATOR,
    HIRES_BY_INDUSTRY,
)
from kohtaanto.insights.services import pseudonym_key
from kohtaanto.insights.tables import published
from kohtaanto.outcomes.models import Employment, JobSearchPeriod
from tests.factories import (
    ClientFactory,
    MunicipalityFactory,
    OfficeFactory,
    TeamFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# Noon, so that a daylight-saving change never moves a local date.
FILLED_AT = timezone.make_aware(dt.datetime.combine(TODAY - dt.timedelta(days=5), dt.time(12)))
Q_DAYS = (10, 20, 30, 40, 50, 60)  # and one more of 70 days without recorded stage changes


@dataclass
class World:
    unit: object
    coordinator_a: User  # employer Q (health and social work): 7 filled, 8 hires
    coordinator_b: User  # another unit; employer G (trade): 6 filled, 6 hires
    # Employer C (manufacturing) has no coordinator: 2 filled, 2 hires.


def _vacancy(
    employer: Employer, days: int, *, filled_at: dt.datetime = FILLED_AT, stage=Stage.FILLED
) -> Vacancy:
    v = Vacancy.objects.create(
        employer=employer, area=MunicipalityFactory(), title="Työ", stage=stage, stage_since=filled_at
    )
    StageChange.objects.create(vacancy=v, stage=Stage.NEW, at=filled_at - dt.timedelta(days=days))
    StageChange.objects.create(vacancy=v, stage=Stage.SEARCHING, at=filled_at - dt.timedelta(days=days - 1))
    if stage == Stage.FILLED:
        StageChange.objects.create(vacancy=v, stage=Stage.FILLED, at=filled_at)
    return v


def _hire(
    vacancy: Vacancy, worker: User, searched_days: int, *, period: bool = True, employment=True
) -> None:
    start = TODAY - dt.timedelta(days=10)
    client = ClientFactory(
        responsible_worker=worker, registration_date=start - dt.timedelta(days=searched_days)
    )
    job = None
    if employment:
        p = JobSearchPeriod.objects.create(client=client, start=client.registration_date) if period else None
        job = Employment.objects.create(
            client=client,
            period=p,
            employer_name=vacancy.employer.name,
            start=start,
            weekly_hours=Decimal("37.5"),
        )
    Candidate.objects.create(
        vacancy=vacancy,
        client=client,
        ref=f"E{client.pk}",
        score=0.5,
        status=CandidateStatus.HIRED,
        employment=job,
    )


@pytest.fixture
def world() -> World:
    unit = UnitFactory()
    far = UnitFactory(code="ESP", municipality=MunicipalityFactory(code="049", name="Espoo"))
    a = UserFactory(role=Role.EMPLOYER_COORDINATOR, team=None, unit=unit, staff_code="EC01",
                    first_name="Kaisa", last_name="Koordinaattori")  # fmt: skip
    b = UserFactory(role=Role.EMPLOYER_COORDINATOR, team=None, unit=far, staff_code="EC02",
                    first_name="Pekka", last_name="Pieniluku")  # fmt: skip
    q = Employer.objects.create(
        area=unit.municipality, business_id="0112038-9", name="Hoiva Oy", industry="87100", coordinator=a
    )
    g = Employer.objects.create(
        area=far.municipality, business_id="2617416-4", name="Kauppa Oy", industry="47111", coordinator=b
    )
    c = Employer.objects.create(
        area=unit.municipality, business_id="1572860-0", name="Tehdas Oy", industry="25", coordinator=None
    )
    q_vacancies = [_vacancy(q, d) for d in Q_DAYS]
    # Filled without recorded moves: from its creation to `stage_since`.
    bare = Vacancy.objects.create(employer=q, area=MunicipalityFactory(), title="Työ", stage=Stage.FILLED,
                                  stage_since=FILLED_AT)  # fmt: skip
    Vacancy.objects.filter(pk=bare.pk).update(created_at=FILLED_AT - dt.timedelta(days=70))
    _vacancy(q, 30, filled_at=FILLED_AT - dt.timedelta(days=400))  # filled before the window
    _vacancy(q, 30, stage=Stage.INTERVIEWS)  # not filled
    g_vacancies = [_vacancy(g, 100) for _ in range(6)]
    c_vacancies = [_vacancy(c, 3) for _ in range(2)]
    worker = UserFactory(team=TeamFactory(unit=unit))
    # Q: 5 long-term unemployed (one exactly 365 days, one without a period: its
    # registration), 3 not (one at 364 days); a hire without an employment is not counted.
    for searched in (365, 400, 500, 800):
        _hire(q_vacancies[0], worker, searched)
    _hire(q_vacancies[0], worker, 600, period=False)
    for searched in (364, 30, 100):
        _hire(q_vacancies[1], worker, searched)
    _hire(q_vacancies[1], worker, 900, employment=False)
    for _ in range(6):
        _hire(g_vacancies[0], worker, 20)
    for _ in range(2):
        _hire(c_vacancies[0], worker, 20)
    return World(unit, a, b)


def _rows(actor: User, name: str, key: str) -> dict:
    df = published(actor, name)
    assert df is not None
    return {r[key]: r for r in df.to_dicts()}


def _analyst() -> User:
    return UserFactory(role=Role.ANALYST, team=None, unit=None, office=OfficeFactory())


def test_vacancies_filled_and_median_time_to_fill_by_industry(world):
    rows = _rows(_analyst(), FILLED_BY_INDUSTRY, "industry")
    assert rows["Q"]["n_filled"] == 7  # not the one filled before the window, nor the open one
    assert rows["Q"]["median_days_to_fill"] == 40  # 10..70 days
    assert rows["Q"]["industry_name"] == "Terveys- ja sosiaalipalvelut"
    # C's 2 are hidden, and G's 6 with them: the column's total is public (the coordinator
    # table sums to it), so one hidden cell would be the total minus the others.
    assert rows["C"]["n_filled"] is None and rows["C"]["median_days_to_fill"] is None
    assert rows["G"]["n_filled"] is None and rows["G"]["median_days_to_fill"] is None
    assert list(rows) == ["C", "G", "Q"]  # the classification's order


def test_hires_of_long_term_unemployed_by_industry(world):
    rows = _rows(_analyst(), HIRES_BY_INDUSTRY, "industry")
    assert rows["Q"]["n_hires"] == 8
    assert rows["Q"]["n_hires_long_term"] == 5
    assert rows["Q"]["share_long_term"] == pytest.approx(5 / 8)
    assert rows["C"]["n_hires"] is None and rows["G"]["n_hires"] is None  # 2, and its partner
    assert rows["G"]["n_hires_long_term"] == 0  # a zero is not a person
    assert rows["G"]["share_long_term"] is None


def test_coordinators_are_named_to_their_own_managers_only(world):
    manager = UserFactory(role=Role.SERVICE_MANAGER, team=None, unit=world.unit)
    rows = _rows(manager, FILLED_BY_COORDINATOR, "worker")
    assert rows["Kaisa Koordinaattori"]["n_filled"] == 7
    assert rows["Kaisa Koordinaattori"]["median_days_to_fill"] == 40
    other = pseudonym("EC02", pseudonym_key(), "W")  # another unit's coordinator: a pseudonym
    assert rows[other]["n_filled"] is None
    assert rows[gettext("(no responsible coordinator)")]["n_filled"] is None
    analyst_rows = _rows(_analyst(), HIRES_BY_COORDINATOR, "worker")
    mine = pseudonym("EC01", pseudonym_key(), "W")
    assert "Kaisa Koordinaattori" not in analyst_rows
    assert analyst_rows[mine]["n_hires"] == 8 and analyst_rows[mine]["n_hires_long_term"] == 5
    # A team leader sees the coordinators of their own team: none here.
    leader = UserFactory(role=Role.TEAM_LEADER, team=TeamFactory(unit=world.unit))
    assert published(leader, FILLED_BY_COORDINATOR).height == 0
    assert published(leader, FILLED_BY_INDUSTRY).height == 3  # municipality-wide


def test_small_cells_never_leave_in_the_page_the_file_or_the_api(client, world):
    client.force_login(_analyst())
    html = client.get("/insights/employer-services/").content.decode()
    assert "Terveys- ja sosiaalipalvelut" in html and ".." in html
    assert "Kaisa" not in html  # analysts: pseudonyms only
    body = client.get(f"/insights/export/?table={FILLED_BY_INDUSTRY}&format=csv").content.decode("utf-8-sig")
    by_industry = {r["industry"]: r for r in csv.DictReader(io.StringIO(body))}
    assert by_industry["C"]["n_filled"] == "" and by_industry["Q"]["n_filled"] == "7"
    api = client.get(f"/api/v1/insights/tables/{HIRES_BY_INDUSTRY}").json()
    assert {r["industry"]: r["n_hires"] for r in api["rows"]} == {"C": None, "G": None, "Q": 8}
    names = {t["name"] for t in client.get("/api/v1/insights/tables").json()}
    assert {FILLED_BY_INDUSTRY, HIRES_BY_INDUSTRY, FILLED_BY_COORDINATOR, HIRES_BY_COORDINATOR} <= names


def test_the_section_is_in_the_dashboards_navigation(client, world):
    client.force_login(UserFactory(role=Role.SERVICE_MANAGER, team=None, unit=world.unit))
    assert 'href="/insights/employer-services/"' in client.get("/insights/").content.decode()
    client.force_login(UserFactory(role=Role.EMPLOYER_COORDINATOR, team=None, unit=world.unit))
    assert client.get("/insights/employer-services/").status_code == 403


def test_no_vacancies_yet_gives_empty_tables_with_their_columns(db):
    analyst = _analyst()
    for name in (FILLED_BY_INDUSTRY, HIRES_BY_INDUSTRY, FILLED_BY_COORDINATOR, HIRES_BY_COORDINATOR):
        df = published(analyst, name)
        assert df is not None and df.height == 0
    assert "median_days_to_fill" in published(analyst, FILLED_BY_INDUSTRY).columns
