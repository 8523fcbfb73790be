"""Writing job-search outcomes (issue 12): ending a period, re-registration, employment and
education starts. Each is one transaction, written by the client's own team, audited, and
leaves an event on the client's timeline; the client's current status follows its period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import can_record_meetings, can_write_meetings
from kohtaanto.audit.services import audit_record
from kohtaanto.clients.models import Client, ClientEvent, EndReason, EventKind, JobSearchStatus
from kohtaanto.clients.schedule import refresh_next_due
from kohtaanto.clients.selectors import client_get
from kohtaanto.domain.ytunnus import InvalidBusinessId, parse_business_id

from .models import EducationStart, Employment, JobSearchPeriod

PURPOSE = "job-search outcome"
MAX_WEEKLY_HOURS = Decimal("80")


def _client_for_write(*, actor: User, client_id: int, request_id: str) -> Client:
    """The client, locked, if the actor is in the client's own team (as for meetings)."""
    if not can_record_meetings(actor):
        raise PermissionDenied(_("Only the client's own team records job-search outcomes."))
    client = client_get(actor=actor, client_id=client_id, purpose=PURPOSE, request_id=request_id)
    if not can_write_meetings(actor, client):
        raise PermissionDenied(_("Only the client's own team records job-search outcomes."))
    return Client.objects.select_for_update().get(pk=client.pk)


def current_period(client: Client) -> JobSearchPeriod:
    """The client's latest period; clients registered before periods existed get theirs."""
    period = client.periods.order_by("-start", "-id").first()
    if period is None:
        ended = client.job_search_status == JobSearchStatus.ENDED
        period = JobSearchPeriod.objects.create(
            client=client,
            start=client.registration_date,
            end=max(client.end_date or client.registration_date, client.registration_date) if ended else None,
            end_reason=(client.end_reason or EndReason.OTHER) if ended else "",
        )
    return period


def _not_future(value: date, field: str, errors: dict) -> None:
    if value > timezone.localdate():
        errors[field] = _("The date cannot be in the future.")


def period_end(
    *, actor: User, client_id: int, end: date, reason: str, request_id: str = ""
) -> JobSearchPeriod:
    """End the client's open job-search period with a reason from the fixed list."""
    with transaction.atomic():
        client = _client_for_write(actor=actor, client_id=client_id, request_id=request_id)
        period = current_period(client)
        errors: dict[str, str] = {}
        if period.end is not None or client.job_search_status != JobSearchStatus.ACTIVE:
            raise ValidationError({"end": _("The job search has already ended.")})
        if reason not in EndReason.values:
            errors["reason"] = _("Choose why the job search ended.")
        if end < period.start:
            errors["end"] = _("The end date is before the registration date (%(date)s).") % {
                "date": date_format(period.start, "SHORT_DATE_FORMAT")
            }
        _not_future(end, "end", errors)
        if errors:
            raise ValidationError(errors)
        period.end, period.end_reason, period.ended_by = end, reason, actor
        period.save(update_fields=["end", "end_reason", "ended_by"])
        Client.objects.filter(pk=client.pk).update(
            job_search_status=JobSearchStatus.ENDED,
            end_date=end,
            end_reason=reason,
            next_due_date=None,
            next_due_kind="",
        )
        ClientEvent.objects.create(client=client, date=end, kind=EventKind.JOB_SEARCH_ENDED, reason=reason)
        audit_record(
            actor=actor,
            action="update",
            target_type="client.period",
            target_id=period.pk,
            subject_client_id=client.pk,
            purpose=PURPOSE,
            request_id=request_id,
            detail={"end": end.isoformat(), "reason": reason},
        )
    return period


def period_open(*, actor: User, client_id: int, start: date, request_id: str = "") -> JobSearchPeriod:
    """Re-registration: a new period for a client whose job search had ended; the old period
    stays in the history and the Nordic timetable starts again from the new date."""
    with transaction.atomic():
        client = _client_for_write(actor=actor, client_id=client_id, request_id=request_id)
        last = current_period(client)
        if last.end is None:
            raise ValidationError({"start": _("The client's job search is still going on.")})
        errors: dict[str, str] = {}
        if start < last.end:
            errors["start"] = _(
                "The new registration is before the previous job search ended (%(date)s)."
            ) % {"date": date_format(last.end, "SHORT_DATE_FORMAT")}
        _not_future(start, "start", errors)
        if errors:
            raise ValidationError(errors)
        period = JobSearchPeriod.objects.create(client=client, start=start)
        client.job_search_status = JobSearchStatus.ACTIVE
        client.registration_date, client.end_date, client.end_reason = start, None, ""
        client.save(update_fields=["job_search_status", "registration_date", "end_date", "end_reason"])
        refresh_next_due(client)
        ClientEvent.objects.create(client=client, date=start, kind=EventKind.REGISTRATION)
        audit_record(
            actor=actor,
            action="create",
            target_type="client.period",
            target_id=period.pk,
            subject_client_id=client.pk,
            purpose=PURPOSE,
            request_id=request_id,
        )
    return period


def employment_record(
    *,
    actor: User,
    client_id: int,
    employer_name: str,
    start: date,
    weekly_hours: Decimal,
    business_id: str = "",
    end: date | None = None,
    working_time: str = Employment.WorkingTime.FULL_TIME,
    contract: str = Employment.Contract.PERMANENT,
    subsidised: bool = False,
    occupation_uri: str = "",
    occupation_label: str = "",
    request_id: str = "",
) -> Employment:
    """Record a job the client got; it is the period's outcome when the period ends employed."""
    with transaction.atomic():
        client = _client_for_write(actor=actor, client_id=client_id, request_id=request_id)
        return employment_add(
            actor=actor,
            client=client,
            employer_name=employer_name,
            start=start,
            weekly_hours=weekly_hours,
            business_id=business_id,
            end=end,
            working_time=working_time,
            contract=contract,
            subsidised=subsidised,
            occupation_uri=occupation_uri,
            occupation_label=occupation_label,
            request_id=request_id,
        )


def employment_add(
    *,
    actor: User,
    client: Client,
    employer_name: str,
    start: date,
    weekly_hours: Decimal,
    business_id: str = "",
    end: date | None = None,
    working_time: str = Employment.WorkingTime.FULL_TIME,
    contract: str = Employment.Contract.PERMANENT,
    subsidised: bool = False,
    occupation_uri: str = "",
    occupation_label: str = "",
    purpose: str = PURPOSE,
    request_id: str = "",
) -> Employment:
    """Validate and save an employment of `client`, audited. The caller has checked that the
    actor may record it: `employment_record` by the client's team, or a hire on a vacancy
    (employers.vacancy_services) by the employer's coordinator or representative."""
    errors: dict[str, str] = {}
    employer_name = (employer_name or "").strip()
    if not employer_name:
        errors["employer_name"] = _("Give the employer's name.")
    if business_id.strip():
        try:
            business_id = parse_business_id(business_id).value
        except InvalidBusinessId as exc:
            errors["business_id"] = (
                _("The check digit of business ID %(value)s is wrong.") % exc.params
                if exc.part == "check_digit"
                else _("A business ID is seven digits, a hyphen and a check digit (1234567-8).")
            )
    if not (Decimal(0) < Decimal(weekly_hours) <= MAX_WEEKLY_HOURS):
        errors["weekly_hours"] = _("Weekly hours are more than 0 and at most 80.")
    if end is not None and end < start:
        errors["end"] = _("The end date is before the start date.")
    if contract == Employment.Contract.FIXED_TERM and end is None:
        errors["end"] = _("A fixed-term job needs its end date.")
    if working_time not in Employment.WorkingTime.values:
        errors["working_time"] = _("Choose full-time or part-time.")
    if contract not in Employment.Contract.values:
        errors["contract"] = _("Choose permanent or fixed-term.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        employment = Employment.objects.create(
            client=client,
            period=current_period(client),
            employer_name=employer_name[:200],
            business_id=business_id.strip(),
            start=start,
            end=end,
            weekly_hours=weekly_hours,
            working_time=working_time,
            contract=contract,
            subsidised=subsidised,
            occupation_uri=occupation_uri[:200],
            occupation_label=occupation_label[:300],
            created_by=actor,
        )
        ClientEvent.objects.create(client=client, date=start, kind=EventKind.EMPLOYMENT)
        audit_record(
            actor=actor,
            action="create",
            target_type="client.employment",
            target_id=employment.pk,
            subject_client_id=client.pk,
            purpose=purpose,
            request_id=request_id,
        )
    return employment


def education_start_record(
    *, actor: User, client_id: int, institution: str, programme: str, start: date, request_id: str = ""
) -> EducationStart:
    errors: dict[str, str] = {}
    if not (institution or "").strip():
        errors["institution"] = _("Give the educational institution.")
    if not (programme or "").strip():
        errors["programme"] = _("Give the programme or course.")
    with transaction.atomic():
        client = _client_for_write(actor=actor, client_id=client_id, request_id=request_id)
        if errors:
            raise ValidationError(errors)
        row = EducationStart.objects.create(
            client=client,
            period=current_period(client),
            institution=institution.strip()[:200],
            programme=programme.strip()[:300],
            start=start,
            created_by=actor,
        )
        ClientEvent.objects.create(client=client, date=start, kind=EventKind.EDUCATION_START)
        audit_record(
            actor=actor,
            action="create",
            target_type="client.education_start",
            target_id=row.pk,
            subject_client_id=client.pk,
            purpose=PURPOSE,
            request_id=request_id,
        )
    return row


def periods_backfill(batch: int = 5000) -> int:
    """A period for every client without one (after a bulk load), in bulk; returns how many."""
    rows = (
        Client.objects.filter(periods__isnull=True)
        .order_by("id")
        .values_list("id", "registration_date", "job_search_status", "end_date", "end_reason")
    )
    pending: list[JobSearchPeriod] = []
    made = 0
    for pk, start, status, end, reason in rows.iterator(chunk_size=batch):
        ended = status == JobSearchStatus.ENDED
        pending.append(
            JobSearchPeriod(
                client_id=pk,
                start=start,
                end=max(end or start, start) if ended else None,
                end_reason=(reason or EndReason.OTHER) if ended else "",
            )
        )
        if len(pending) >= batch:
            made += len(JobSearchPeriod.objects.bulk_create(pending))
            pending = []
    made += len(JobSearchPeriod.objects.bulk_create(pending))
    return made
