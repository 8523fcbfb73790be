"""`kohtaanto insights status --json` counts clients by status and end reason (issue 12)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kohtaanto.cli import main
from kohtaanto.outcomes.services import period_end
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_status_after_an_outcome_recorded_in_the_app(capsys):
    worker = UserFactory()
    today = dt.date.today()
    clients = [
        ClientFactory(responsible_worker=worker, team=worker.team, registration_date=today) for _ in range(3)
    ]
    ClientFactory(job_search_status="ended", end_date=today, end_reason="moved")
    period_end(actor=worker, client_id=clients[0].pk, end=today, reason="employed")
    assert main(["insights", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["clients"] == {"active": 2, "ended": 2}
    assert status["ended_by_reason"] == {"employed": 1, "moved": 1}
    assert status["as_of"] == today.isoformat() and status["last_refresh"] is None
