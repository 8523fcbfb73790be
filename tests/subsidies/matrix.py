"""For the authorization matrices (tests/authz): the subsidy routes (issue 16) and the
application they act on, employer A's (the matrix representative's mandate) for the own
client, so that only the role decides."""

from __future__ import annotations

import datetime as dt
import re

from kohtaanto.subsidies.models import State, SubsidyApplication

EXPERT = {"subsidy_expert"}
APPLICANTS = {"employer_representative", "client"}
# (method, route) -> allowed roles on the own client's application.
SUBSIDY_MATRIX = {
    ("GET", "/api/v1/subsidies/applications"): {"own": EXPERT | APPLICANTS},
    ("POST", "/api/v1/subsidies/applications"): {"own": APPLICANTS},
    ("GET", "/api/v1/subsidies/applications/{application_id}"): {"own": EXPERT | {"employer_representative"}},
    ("POST", "/api/v1/subsidies/applications/{application_id}/decision"): {"own": EXPERT},
    ("POST", "/api/v1/subsidies/applications/{application_id}/info-requests"): {"own": EXPERT},
    ("GET", "/api/v1/subsidies/budget"): {"own": EXPERT},
    ("GET", "/api/v1/subsidies/batches"): {"own": EXPERT},
    ("POST", "/api/v1/subsidies/batches"): {"own": EXPERT},
}


def subsidy_path(path: str, route: str, target, employer) -> str:
    """`path` with an application of `employer` for `target` filled in."""
    if "{application_id}" not in route:
        return path
    app, _ = SubsidyApplication.objects.get_or_create(
        client=target,
        employer=employer,
        benefit="palkkatuki",
        defaults={"state": State.SUBMITTED, "start_date": dt.date(2026, 3, 1), "planned_months": 6},
    )
    return re.sub(r"\{application_id\}", str(app.pk), path)
