"""Issue 16, point 6: subsidy applications, decisions, processing times and money on the
dashboard, suppressed as the other sections, on the page, in the files and in the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from kohtaanto.accounts.models import Role
from kohtaanto.insights import subsidy_figures as figures
from kohtaanto.insights.tables import published
from kohtaanto.subsidies import application_services as apps
from kohtaanto.subsidies import decision_services as decisions
from kohtaanto.subsidies.models import Decision, SubsidyApplication
from tests.factories import OfficeFactory, UserFactory
from tests.subsidies.world import PAY_CASE, build, job_seeker

pytestmark = pytest.mark.django_db
DAYS = [2, 4, 6, 8, 10, 12, 26]  # submission to decision of the seven pay subsidies


def _apply(w, hetu: str, benefit: str = "palkkatuki", case=None, grant: bool = True) -> Decision:
    app = apps.application_create(
        actor=w.rep_a, benefit=benefit, employer_id=w.employer_a.pk, client_hetu=hetu,
        start_date=dt.date(2026, 3, 1), planned_months=6 if benefit == "palkkatuki" else 3, case=case or PAY_CASE,
    )  # fmt: skip
    apps.application_submit(actor=w.rep_a, application_id=app.pk)
    return decisions.decision_make(
        actor=w.expert, application_id=app.pk, grant=grant, justification="Perustelu."
    )


@pytest.fixture
def world():
    """Last month: seven pay subsidies (six granted, one rejected) and two work trials; the
    month before, five work trials."""
    w = build()
    month = timezone.localdate().replace(day=1) - relativedelta(months=1)
    made = [_apply(w, w.hetu)] + [_apply(w, job_seeker()[1]) for _ in range(5)]
    made.append(_apply(w, job_seeker()[1], grant=False))
    trial = {"employer_kind": "business", "hours_per_day": 6, "days_per_week": 5}
    made += [_apply(w, job_seeker()[1], "tyokokeilu", trial) for _ in range(7)]
    days = DAYS + [3, 5] + [9] * 5
    months = [month] * 9 + [month - relativedelta(months=1)] * 5
    for d, n, m in zip(made, days, months, strict=True):
        submitted = timezone.make_aware(dt.datetime.combine(m, dt.time(10)))
        decided = submitted + dt.timedelta(days=n)
        SubsidyApplication.objects.filter(pk=d.application_id).update(submitted_at=submitted)
        Decision.objects.filter(pk=d.pk).update(decided_at=decided, approved_at=decided)
    return month


def _rows(actor, name: str) -> dict[str, dict]:
    return {r["benefit"]: r for r in published(actor, name).to_dicts()}


def _analyst():
    return UserFactory(role=Role.ANALYST, team=None, unit=None, office=OfficeFactory())


def test_applications_decisions_and_processing_times_per_benefit_and_month(world):
    analyst = _analyst()
    rows = _rows(analyst, figures.APPLICATIONS)
    pay = rows["palkkatuki"]
    assert pay["month"] == world and pay["n_submitted"] == 7 and pay["n_partly_granted"] == 6
    assert pay["n_rejected"] is None  # one person
    # Two work trials are hidden, and the five of the month before with them: the column's
    # total would otherwise give the two away.
    trials = published(analyst, figures.APPLICATIONS).filter(benefit="tyokokeilu")["n_submitted"].to_list()
    assert trials == [None, None]
    processing = _rows(analyst, figures.PROCESSING)
    assert processing["palkkatuki"]["n_decided"] == 7
    assert processing["palkkatuki"]["median_days"] == 8
    assert processing["palkkatuki"]["p90_days"] == pytest.approx(17.6)  # 12 + 0.4 * (26 - 12)
    # Two work trials: the count is hidden, and the times with it.
    assert processing["tyokokeilu"]["n_decided"] is None and processing["tyokokeilu"]["median_days"] is None
    assert processing["palkkatuki"]["month"] == world


def test_money_committed_by_the_decisions_in_force(world):
    rows = _rows(_analyst(), figures.COMMITTED)
    assert rows["palkkatuki"]["n_committed"] == 6
    assert Decimal(str(rows["palkkatuki"]["committed_eur"])) == 6 * Decimal("5500.00")  # docs example 1
    assert published(_analyst(), figures.PAID).height == 0  # nothing paid yet


def test_the_section_on_the_page_in_the_files_and_in_the_api(client, world):
    client.force_login(_analyst())
    assert 'href="/insights/subsidies/"' in client.get("/insights/").content.decode()
    html = client.get("/insights/subsidies/").content.decode()
    assert "hidden-cell" in html and "17,6" in html
    assert "työkokeilu" in html and "tyokokeilu" not in html  # the benefit's name, not its code
    body = client.get(f"/insights/export/?table={figures.PROCESSING}&format=csv").content.decode("utf-8-sig")
    assert "17.6" in body
    api = client.get(f"/api/v1/insights/tables/{figures.PROCESSING}").json()
    assert sorted((r["benefit"], r["n_decided"]) for r in api["rows"] if r["n_decided"]) == [
        ("palkkatuki", 7)
    ]
    client.force_login(UserFactory(role=Role.CASE_WORKER))
    assert client.get("/insights/subsidies/").status_code == 403
    client.force_login(UserFactory(role=Role.SUBSIDY_EXPERT, team=None, unit=None))
    assert client.get("/insights/subsidies/").status_code == 403


def test_no_subsidies_yet_gives_empty_tables_with_their_columns(db):
    for name in figures.TABLES:
        df = published(_analyst(), name)
        assert df is not None and df.height == 0
    assert "p90_days" in published(_analyst(), figures.PROCESSING).columns
