"""Job offers and reported applications: /api/v1/clients/{id}/job-offers and
/api/v1/portal/job-offers, /api/v1/portal/applications (issue 12, point 2)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from kohtaanto.accounts import policy
from kohtaanto.accounts.api_auth import role_auth
from kohtaanto.audit.services import Reads, audit_reads
from kohtaanto.clients.models import Client
from kohtaanto.clients.selectors import client_get

from . import offer_services as services
from .api import READERS, WRITERS
from .models import OfferAnswer
from .offer_selectors import application_months, offers_for

router = Router(tags=["outcomes"])
portal_router = Router(tags=["portal"])
CLIENT = role_auth(*policy.CLIENTS)


class OfferIn(Schema):
    posting_id: int


class AnswerIn(Schema):
    answer: OfferAnswer
    reason: str = Field("", max_length=services.REASON_MAX)


class OfferOut(Schema):
    id: int
    posting_id: int
    title: str
    employer_name: str
    sent_at: datetime
    answer: str
    answer_reason: str
    answered_at: datetime | None
    employment_id: int | None


class ApplicationIn(Schema):
    applied_on: date
    employer_name: str = Field(..., max_length=200)
    job_title: str = Field(..., max_length=300)


class ApplicationOut(Schema):
    id: int
    date: date
    employer_name: str
    job_title: str
    offer_id: int | None


class MonthOut(Schema):
    month: date
    applications: int
    obligation: int
    complete: bool
    below: bool


class PlacementOut(Schema):
    offers: list[OfferOut]
    months: list[MonthOut]


def _placement(client: Client) -> dict:
    return {
        "offers": offers_for(client=client),
        "months": application_months(client=client, today=timezone.localdate()),
    }


@router.get(
    "/{int:client_id}/job-offers", response=PlacementOut, auth=READERS, summary="Job offers and applications"
)
def offers_get(request, client_id: int, reason: str = ""):
    reads = Reads()
    client = client_get(
        actor=request.user, client_id=client_id, reason=reason, reads=reads, request_id=request.request_id
    )
    purpose = reads.sections[0]["purpose"]
    reads.add("client.job_offers", purpose=purpose)
    audit_reads(
        actor=request.user,
        reads=reads,
        target_type="client",
        target_id=client.pk,
        subject_client_id=client.pk,
        purpose=purpose,
        request_id=request.request_id,
    )
    return _placement(client)


@router.post(
    "/{int:client_id}/job-offers", response={201: OfferOut}, auth=WRITERS, summary="Send a job offer"
)
def offers_post(request, client_id: int, payload: OfferIn):
    offer = services.job_offer_send(
        actor=request.user, client_id=client_id, posting_id=payload.posting_id, request_id=request.request_id
    )
    return Status(201, offer)


@router.post(
    "/{int:client_id}/job-offers/{int:offer_id}/answer",
    response=OfferOut,
    auth=WRITERS,
    summary="Record the client's answer to a job offer",
)
def offer_answer(request, client_id: int, offer_id: int, payload: AnswerIn):
    offer = services.job_offer_answer(
        actor=request.user,
        offer_id=offer_id,
        answer=payload.answer,
        reason=payload.reason,
        request_id=request.request_id,
    )
    if offer.client_id != client_id:  # the path names another client: nothing to show here
        from django.http import Http404

        raise Http404("offer not found")
    return offer


@router.post(
    "/{int:client_id}/applications",
    response={201: ApplicationOut},
    auth=WRITERS,
    summary="Record an application",
)
def applications_post(request, client_id: int, payload: ApplicationIn):
    row = services.job_application_report(
        actor=request.user, client_id=client_id, request_id=request.request_id, **payload.dict()
    )
    return Status(201, row)


@portal_router.get(
    "/job-offers", response=PlacementOut, auth=CLIENT, summary="My job offers and applications"
)
def my_offers(request):
    client = Client.objects.filter(user=request.user).first()
    if client is None:
        return {"offers": [], "months": []}
    return _placement(client)


@portal_router.post(
    "/job-offers/{int:offer_id}/answer", response=OfferOut, auth=CLIENT, summary="Answer a job offer"
)
def my_offer_answer(request, offer_id: int, payload: AnswerIn):
    return services.job_offer_answer(
        actor=request.user,
        offer_id=offer_id,
        answer=payload.answer,
        reason=payload.reason,
        request_id=request.request_id,
    )


@portal_router.post(
    "/applications", response={201: ApplicationOut}, auth=CLIENT, summary="Report a job application"
)
def my_application(request, payload: ApplicationIn):
    row = services.job_application_report(actor=request.user, request_id=request.request_id, **payload.dict())
    return Status(201, row)
