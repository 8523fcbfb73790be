"""Placement (issue 12, point 2): a worker sends a posting to a client as a job offer; the
client or the worker records the answer; the client reports applications. The system keeps
count against the plan's obligation and informs; a person decides, nothing sanctions."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.audit.services import audit_record
from kohtaanto.clients.models import Client
from kohtaanto.market.models import JobPosting

from .models import Employment, JobApplication, JobOffer, OfferAnswer
from .services import PURPOSE, _client_for_write

REASON_MAX = 500
# A hire answered from an offer records the job with the usual full-time hours; the worker
# corrects the employment record when the details are known.
DEFAULT_WEEKLY_HOURS = Decimal("37.5")


def job_offer_send(*, actor: User, client_id: int, posting_id: int, request_id: str = "") -> JobOffer:
    with transaction.atomic():
        client = _client_for_write(actor=actor, client_id=client_id, request_id=request_id)
        posting = JobPosting.objects.filter(pk=posting_id).first()
        if posting is None:
            raise ValidationError({"posting_id": _("No such job posting.")})
        if posting.expires and posting.expires < timezone.localdate():
            raise ValidationError({"posting_id": _("The posting has expired.")})
        try:
            with transaction.atomic():
                offer = JobOffer.objects.create(
                    client=client,
                    posting=posting,
                    title=posting.title[:300],
                    employer_name=posting.employer[:200],
                    sent_by=actor,
                )
        except IntegrityError:
            raise ValidationError({"posting_id": _("This job was already offered to the client.")}) from None
        audit_record(
            actor=actor,
            action="create",
            target_type="client.job_offer",
            target_id=offer.pk,
            subject_client_id=client.pk,
            purpose=PURPOSE,
            request_id=request_id,
        )
    return offer


def _offer_for_answer(*, actor: User, offer_id: int, client_id: int | None, request_id: str) -> JobOffer:
    """The client answers their own offers; the client's team records answers too."""
    offer = JobOffer.objects.select_for_update().select_related("client").filter(pk=offer_id).first()
    if offer is None or (client_id is not None and offer.client_id != client_id):
        raise Http404("offer not found")
    if policy.is_client(actor):
        if offer.client.user_id != actor.pk:
            raise Http404("offer not found")
        return offer
    _client_for_write(actor=actor, client_id=offer.client_id, request_id=request_id)
    return offer


def job_offer_answer(
    *,
    actor: User,
    offer_id: int,
    answer: str,
    reason: str = "",
    client_id: int | None = None,
    request_id: str = "",
) -> JobOffer:
    """Applied, not suitable (with a reason) or hired; a hire records the employment."""
    errors: dict[str, str] = {}
    if answer not in (OfferAnswer.APPLIED, OfferAnswer.NOT_SUITABLE, OfferAnswer.HIRED):
        errors["answer"] = _("Answer applied, not suitable or hired.")
    if answer == OfferAnswer.NOT_SUITABLE and not reason.strip():
        errors["reason"] = _("Say why the job is not suitable.")
    if len(reason) > REASON_MAX:
        errors["reason"] = _("The reason can be at most %(n)s characters.") % {"n": REASON_MAX}
    with transaction.atomic():
        offer = _offer_for_answer(actor=actor, offer_id=offer_id, client_id=client_id, request_id=request_id)
        if offer.answer == OfferAnswer.HIRED:
            errors["answer"] = _("The client was already hired for this job.")
        if errors:
            raise ValidationError(errors)
        offer.answer, offer.answer_reason = answer, reason.strip()
        offer.answered_at, offer.answered_by = timezone.now(), actor
        if answer == OfferAnswer.HIRED and offer.employment_id is None:
            offer.employment = Employment.objects.create(
                client=offer.client,
                employer_name=offer.employer_name or offer.title,
                start=timezone.localdate(),
                weekly_hours=DEFAULT_WEEKLY_HOURS,
                occupation_uri=offer.posting.occupation_uri,
                occupation_label=offer.posting.occupation_label,
                created_by=actor,
            )
        offer.save()
        if answer == OfferAnswer.APPLIED and not offer.applications.exists():
            JobApplication.objects.create(
                client=offer.client,
                date=timezone.localdate(),
                employer_name=offer.employer_name or "–",
                job_title=offer.title,
                offer=offer,
                reported_by=actor,
            )
        audit_record(
            actor=actor,
            action="update",
            target_type="client.job_offer",
            target_id=offer.pk,
            subject_client_id=offer.client_id,
            purpose=PURPOSE if not policy.is_client(actor) else "client portal",
            request_id=request_id,
            detail={"answer": answer},
        )
    return offer


def job_application_report(
    *,
    actor: User,
    applied_on: date,
    employer_name: str,
    job_title: str,
    client_id: int | None = None,
    request_id: str = "",
) -> JobApplication:
    """The client reports an application in the portal (or the worker records it for them)."""
    errors: dict[str, str] = {}
    if not employer_name.strip():
        errors["employer_name"] = _("Give the employer's name.")
    if not job_title.strip():
        errors["job_title"] = _("Give the job's title.")
    today = timezone.localdate()
    if applied_on > today:
        errors["applied_on"] = _("The date cannot be in the future.")
    elif applied_on < today - timedelta(days=366):
        errors["applied_on"] = _("An application more than a year ago cannot be reported.")
    with transaction.atomic():
        if policy.is_client(actor):
            client = Client.objects.filter(user=actor).first()
            if client is None:
                raise PermissionDenied(_("Your account is not linked to a job seeker."))
        elif client_id is not None:
            client = _client_for_write(actor=actor, client_id=client_id, request_id=request_id)
        else:
            raise PermissionDenied(_("Only the job seeker or their team reports applications."))
        if errors:
            raise ValidationError(errors)
        row = JobApplication.objects.create(
            client=client,
            date=applied_on,
            employer_name=employer_name.strip()[:200],
            job_title=job_title.strip()[:300],
            reported_by=actor,
        )
        audit_record(
            actor=actor,
            action="create",
            target_type="client.job_application",
            target_id=row.pk,
            subject_client_id=client.pk,
            purpose=PURPOSE if not policy.is_client(actor) else "client portal",
            request_id=request_id,
        )
    return row
