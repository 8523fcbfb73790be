"""API routes that combine apps: the worklist with the badges other apps add (applications
below the plan from outcomes, reschedule requests from the portal)."""

from __future__ import annotations

from datetime import date

from ninja import Field, Router, Schema

from kohtaanto.clients import selectors
from kohtaanto.outcomes.offer_selectors import below_obligation_last_month
from kohtaanto.portal.reschedule import clients_asking
from kohtaanto.portal.selfservice import clients_requesting

router = Router(tags=["clients"])


class WorklistItem(Schema):
    id: int
    external_id: str
    name: str
    registration_date: date
    next_due_date: date | None
    next_due_kind: str
    team: str
    applications_below_plan: bool = Field(
        False, description="fewer applications last month than the plan asks"
    )
    asks_to_reschedule: bool = Field(False, description="the client asks to move a meeting")
    asks_for_referral: bool = Field(False, description="the client asks for a referral to a service")


class WorklistOut(Schema):
    total: int
    page: int
    pages: int
    items: list[WorklistItem]


@router.get("/worklist", response=WorklistOut, summary="My clients, most urgent first")
def worklist(request, page: int = 1, q: str = ""):
    p = selectors.client_worklist(actor=request.user, page=page, query=q[:100], request_id=request.request_id)
    ids = [c.pk for c in p.rows]
    below = below_obligation_last_month(client_ids=ids, today=date.today())
    asking = clients_asking(client_ids=ids)
    requesting = clients_requesting(client_ids=ids)
    return {
        "total": p.total,
        "page": p.page,
        "pages": p.pages,
        "items": [
            {
                "id": c.pk,
                "external_id": c.external_id,
                "name": c.full_name,
                "registration_date": c.registration_date,
                "next_due_date": c.next_due_date,
                "next_due_kind": c.next_due_kind,
                "team": c.team.code,
                "applications_below_plan": c.pk in below,
                "asks_to_reschedule": c.pk in asking,
                "asks_for_referral": c.pk in requesting,
            }
            for c in p.rows
        ],
    }
