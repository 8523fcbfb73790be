"""The client's own look at the catalogue and their requests for a referral (issue 13,
point 4).

The client sees published services that the matcher's hard filters let through for them
(age, municipality, language level, target group: `matching.filters.check_filters` on the
same client context as the worker's suggestions), searches them by keyword, and asks their
worker for a referral. The request waits on the worklist and the client page until the
worker refers or marks it handled; a referral is always the worker's decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kohtaanto.accounts.models import User
from kohtaanto.audit.services import audit_record
from kohtaanto.catalogue.models import Service, State
from kohtaanto.catalogue.records import service_to_record
from kohtaanto.clients.models import Client
from kohtaanto.clients.selectors import client_get
from kohtaanto.matching.filters import check_filters, passes
from kohtaanto.matching.types import ServiceDocument
from kohtaanto.referrals.matching import client_context

from .models import REFERRAL_REQUEST_MAX, ReferralRequest
from .reschedule import request_mark_handled
from .selectors import audit_portal_read, own_client
from .services import clean_text, tell_worker

PAGE_SIZE = 20


class RequestExists(ValidationError):
    """An open request for this service already waits (the API answers 409)."""


def _eligible(client: Client, services) -> list[Service]:
    context = client_context(client)
    return [
        s for s in services if passes(check_filters(ServiceDocument.from_dict(service_to_record(s)), context))
    ]


@dataclass
class ServicePage:
    services: list[Service]
    total: int
    page: int
    pages: int
    requested: set[int]


def portal_services(*, actor: User, query: str = "", page: int = 1, request_id: str = "") -> ServicePage:
    """Published services the client is eligible for, matching every keyword."""
    client = own_client(actor)
    qs = Service.objects.filter(state=State.PUBLISHED).select_related("provider").order_by("name_fi", "id")
    words = "".join(ch for ch in query if ch.isprintable()).lower().split()[:8]
    for word in words:
        qs = qs.filter(search_text__contains=word[:50])
    shown = Paginator(_eligible(client, qs), PAGE_SIZE).get_page(page)
    requested = set(
        ReferralRequest.objects.filter(client=client, handled_at__isnull=True).values_list(
            "service_id", flat=True
        )
    )
    audit_portal_read(actor, client, "catalogue.own", request_id)
    return ServicePage(list(shown), shown.paginator.count, shown.number, shown.paginator.num_pages, requested)


def portal_service(*, actor: User, service_id: int) -> tuple[Service, bool]:
    """One published service the client is eligible for (404 otherwise), and whether they
    already asked for it."""
    client = own_client(actor)
    service = Service.objects.filter(pk=service_id, state=State.PUBLISHED).select_related("provider").first()
    if service is None or not _eligible(client, [service]):
        raise Http404
    asked = ReferralRequest.objects.filter(client=client, service=service, handled_at__isnull=True).exists()
    return service, asked


def referral_request(
    *, actor: User, service_id: int, message: str = "", request_id: str = ""
) -> ReferralRequest:
    """The client asks for a referral to a service they may use; the worker is told."""
    client = own_client(actor)
    service, _asked = portal_service(actor=actor, service_id=service_id)
    message = clean_text(message)
    if len(message) > REFERRAL_REQUEST_MAX:
        raise ValidationError(
            {"message": _("The message can be at most %(n)s characters.") % {"n": REFERRAL_REQUEST_MAX}}
        )
    try:
        with transaction.atomic():
            req = ReferralRequest.objects.create(client=client, service=service, message=message)
            audit_record(
                actor=actor,
                action="create",
                target_type="client.referral_request",
                target_id=req.pk,
                subject_client_id=client.pk,
                purpose="client portal",
                request_id=request_id,
            )
    except IntegrityError as exc:
        raise RequestExists({"service_id": _("You have already asked for this service.")}) from exc
    tell_worker(
        client,
        subject=gettext_lazy("A client asks for a referral"),
        body=gettext_lazy(
            "Hello,\n\na client asks for a referral in Kohtaanto. See the request here:\n%(link)s\n"
        ),
        kind="referral.request",
        key=f"referral-request:{req.pk}",
    )
    return req


def open_referral_requests(*, client: Client) -> list[ReferralRequest]:
    """For the client page (read with it, under its audit event)."""
    return list(
        ReferralRequest.objects.filter(client=client, handled_at__isnull=True).select_related("service")
    )


def clients_requesting(*, client_ids: list[int]) -> set[int]:
    """Of these clients, those with an open request: one query for a worklist page."""
    return set(
        ReferralRequest.objects.filter(client_id__in=client_ids, handled_at__isnull=True).values_list(
            "client_id", flat=True
        )
    )


def referral_requests_read(*, actor: User, client_id: int, request_id: str = "") -> list[ReferralRequest]:
    client = client_get(actor=actor, client_id=client_id, request_id=request_id)
    return open_referral_requests(client=client)


def referral_request_handle(
    *, actor: User, client_id: int, request_pk: int, request_id: str = ""
) -> ReferralRequest:
    """The worker marks a request handled, after referring or answering the client."""
    return request_mark_handled(
        actor=actor,
        client_id=client_id,
        rows=ReferralRequest.objects.all(),
        request_pk=request_pk,
        target_type="client.referral_request",
        request_id=request_id,
    )
