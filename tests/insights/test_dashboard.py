"""Dashboard disclosure control, scoping and the worker's outlook on hand-made results."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import openpyxl
import polars as pl
import pytest

from kohtaanto.accounts.models import Role
from kohtaanto.analytics.extract import pseudonym
from kohtaanto.audit.models import AuditEvent
from kohtaanto.clients.models import NetworkMember
from kohtaanto.insights.feedback import write_themes
from kohtaanto.insights.services import pseudonym_key
from kohtaanto.portal.models import Feedback
from tests.factories import ClientFactory, MeetingFactory, OfficeFactory, TeamFactory, UserFactory

from .conftest import write_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams():
    a = TeamFactory(code="TA", segment="youth")
    b = TeamFactory(code="T-B", unit=a.unit, segment="light")
    return a, b


def _caseloads(workers) -> pl.DataFrame:
    key = pseudonym_key()
    ids = [pseudonym(w.staff_code, key, "W") for w, _ in workers]
    loads = [n for _, n in workers]
    return pl.DataFrame(
        {
            "staff_id": ids, "role": ["case_worker"] * len(ids), "service_unit": ["OSU"] * len(ids),
            "team": [w.team.code for w, _ in workers], "office": ["Pasila"] * len(ids), "caseload": loads,
            "norm": [136] * len(ids), "ratio_to_norm": [n / 136 for n in loads],
        }
    )  # fmt: skip


def _stock(teams) -> pl.DataFrame:
    rows = []
    for t, n in ((teams[0], 40), (teams[1], 3)):
        for m in (dt.date(2026, 9, 30), dt.date(2026, 10, 31)):
            rows.append({"month_end": m, "service_unit": "OSU", "team": t.code, "segment": t.segment,
                         "measure": "n_active", "n": n})  # fmt: skip
    return pl.DataFrame(rows)


def test_small_cells_never_leave_in_html_csv_or_excel(client, teams, tmp_path):
    w1 = UserFactory(team=teams[0], staff_code="S0001", first_name="Iida", last_name="Isotalo")
    w2 = UserFactory(team=teams[0], staff_code="S0002", first_name="Juha", last_name="Pienimäki")
    write_results(
        tmp_path / "r", {"caseloads": _caseloads([(w1, 57), (w2, 3)]), "clients_over_time": _stock(teams)}
    )
    analyst = UserFactory(role=Role.ANALYST, team=None, unit=None, office=OfficeFactory())
    client.force_login(analyst)
    html = client.get("/insights/caseloads/").content.decode()
    small = pseudonym("S0002", pseudonym_key(), "W")
    row = re.search(rf"<tr><td>{small}</td>.*?</tr>", html, re.S).group(0)
    assert ">3<" not in row and ".." in row
    assert ">57<" in html
    assert "Pienimäki" not in html and "Isotalo" not in html  # analysts: pseudonyms only
    body = client.get("/insights/export/?table=caseloads&format=csv").content.decode("utf-8-sig")
    by_worker = {r["worker"]: r for r in csv.DictReader(io.StringIO(body))}
    assert by_worker[small]["caseload"] == "" and by_worker[small]["ratio_to_norm"] == ""
    wb = openpyxl.load_workbook(
        io.BytesIO(client.get("/insights/export/?table=caseloads&format=xlsx").content)
    )
    values = [r for r in wb.worksheets[0].iter_rows(min_row=2, values_only=True) if r[0] == small][0]
    assert 3 not in values
    api = client.get("/api/v1/insights/tables/clients_over_time").json()
    assert {r["n"] for r in api["rows"]} == {40, None}


def test_team_leader_sees_own_team_only(client, teams, tmp_path):
    w1 = UserFactory(team=teams[0], staff_code="S0001", first_name="Iida", last_name="Isotalo")
    w2 = UserFactory(team=teams[1], staff_code="S0002", first_name="Kalle", last_name="Toinentiimi")
    write_results(
        tmp_path / "r", {"caseloads": _caseloads([(w1, 57), (w2, 60)]), "clients_over_time": _stock(teams)}
    )
    leader = UserFactory(team=teams[0], role=Role.TEAM_LEADER)
    client.force_login(leader)
    rows = client.get("/api/v1/insights/tables/clients_over_time").json()["rows"]
    assert rows and {r["team"] for r in rows} == {"TA"}
    html = client.get("/insights/caseloads/").content.decode()
    assert "Isotalo" in html and "Toinentiimi" not in html  # names of own staff, own team only
    assert "T-B" not in client.get("/insights/").content.decode()
    assert "T-B" not in client.get("/insights/export/?table=clients_over_time").content.decode()
    assert client.get("/api/v1/insights/tables/clients_by_unit").status_code == 404
    assert client.post("/api/v1/insights/refresh").status_code == 403
    manager = UserFactory(team=None, unit=teams[0].unit, role=Role.SERVICE_MANAGER)
    client.force_login(manager)
    rows = client.get("/api/v1/insights/tables/clients_over_time").json()["rows"]
    assert {r["team"] for r in rows} == {"TA", "T-B"}
    assert client.post("/api/v1/insights/refresh").status_code == 202


def test_outlook_is_decision_support_scoped_and_audited(client, tmp_path):
    c = ClientFactory()
    pid = pseudonym(c.external_id, pseudonym_key(), "C")
    forecasts = pl.DataFrame(
        {
            "client_id": [pid],
            "probability": [0.31],
            "factors": [[{"feature": "length of job search", "value": "14 months", "effect": -0.4},
                         {"feature": "education_level", "value": "tertiary", "effect": 0.2}]],
            "as_of": [dt.date(2026, 10, 31)],
        }
    )  # fmt: skip
    write_results(tmp_path / "r", {"client_forecasts": forecasts})
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(c.responsible_worker)
    html = client.get(f"/clients/{c.pk}/").content.decode()
    panel = html[html.index('id="h-outlook"') :]
    assert "Employment outlook (decision support)" in panel and "This is not a decision." in panel
    assert "GDPR art. 22" in panel and "/insights/forecast/" in panel
    assert "31 %" in panel and "length of job search: 14 months" in panel and "lowers the estimate" in panel
    # The page writes one event for all its sections; the outlook is one of them, with its
    # purpose and the refresh it came from.
    page_read = AuditEvent.objects.get(subject_client_id=c.pk, action="read")
    forecast = [s for s in page_read.sections if s["section"] == "client.forecast"]
    assert forecast == [
        {
            "section": "client.forecast",
            "purpose": "employment outlook (decision support)",
            "refresh": forecast[0]["refresh"],
            "as_of": "2026-10-31",
            "label": "employment outlook",
        }
    ]
    api = client.get(f"/api/v1/insights/clients/{c.pk}/outlook").json()
    assert api["available"] and api["probability"] == 0.31 and "not a decision" in api["use"]
    # The forecast page with the group error rates is open to the case worker.
    assert client.get("/insights/forecast/").status_code == 200
    # Others: a network professional sees no panel and nothing is read; analysts get 403;
    # a case worker of another team gets 404.
    psych = UserFactory(role=Role.PSYCHOLOGIST, team=None, unit=None)
    NetworkMember.objects.create(client=c, member=psych, consent_given=c.registration_date)
    client.force_login(psych)
    assert "h-outlook" not in client.get(f"/clients/{c.pk}/").content.decode()
    client.force_login(UserFactory(role=Role.ANALYST, team=None, unit=None, office=OfficeFactory()))
    assert client.get(f"/api/v1/insights/clients/{c.pk}/outlook").status_code == 403
    client.force_login(UserFactory(team=TeamFactory()))
    assert client.get(f"/api/v1/insights/clients/{c.pk}/outlook").status_code == 404
    # The API endpoint reads the outlook on its own and audits it on its own.
    assert AuditEvent.objects.filter(target_type="client.forecast").count() == 1


def test_feedback_scores_and_themes_are_suppressed(client, teams, tmp_path):
    clients = [ClientFactory(responsible_worker=UserFactory(team=teams[0])) for _ in range(9)]
    for i, c in enumerate(clients):
        m = MeetingFactory(client=c)
        if i < 6:
            text = "Odotusaika oli liian pitkä ja kukaan ei vastannut puhelimeen"
            Feedback.objects.create(client=c, meeting=m, score=1, text=text, language="fi")
        else:  # three persons only: their words must not become a theme
            Feedback.objects.create(
                client=c, meeting=m, score=5, text="Ihana valmentaja Eskolassa", language="fi"
            )
    out = tmp_path / "r"
    out.mkdir()
    write_themes(out)
    write_results(out, {})
    analyst = UserFactory(role=Role.ANALYST, team=None, unit=None, office=OfficeFactory())
    client.force_login(analyst)
    themes = client.get("/api/v1/insights/tables/feedback_themes").json()["rows"]
    assert themes and all(r["n_persons"] >= 5 for r in themes)
    assert {r["band"] for r in themes} == {"low"}
    assert not any("eskola" in r["theme"] or "valmentaja" in r["theme"] for r in themes)
    scores = client.get("/api/v1/insights/tables/feedback_scores").json()["rows"]
    assert scores and all(r["score_5"] is None for r in scores)  # 3 persons: hidden
    html = client.get("/insights/feedback/").content.decode()
    assert "vastannut puhelimeen" not in html and "Eskolassa" not in html  # no raw texts
