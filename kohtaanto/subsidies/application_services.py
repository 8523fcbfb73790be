"""Applying for a subsidy: the representative's (or, for the start-up grant, the client's)
draft, its attachments, submission, and answers to the expert's requests for information.

The person must be a registered job seeker (a job-search period in outcomes) before an
application is taken in; whether they are eligible for the benefit is the calculator's
answer at decision time. Each write is one transaction and audited."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError as InputError

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.clients import identity
from kohtaanto.clients.models import Client
from kohtaanto.domain.hetu import is_valid_hetu
from kohtaanto.domain.subsidies.case import SubsidyCase
from kohtaanto.employers.access import mandated_employers
from kohtaanto.employers.models import Employer
from kohtaanto.outcomes.models import JobSearchPeriod
from kohtaanto.portal.crypto import encrypt
from kohtaanto.portal.documents import check_upload

from .access import application_for, require_applicant
from .access import audit_application as _audit
from .models import Attachment, AttachmentKind, Benefit, InfoRequest, State, SubsidyApplication

EMPLOYER_BENEFITS = (Benefit.PALKKATUKI, Benefit.HELSINKI_LISA, Benefit.TYOKOKEILU)
# Case fields the applicant may give; the client's facts come from the register.
CASE_FIELDS = frozenset(
    {
        "ground",
        "employer_kind",
        "aid_basis",
        "monthly_pay",
        "side_costs_monthly",
        "holiday_pay_monthly",
        "working_time_percent",
        "weekly_hours",
        "hours_per_day",
        "days_per_week",
        "pay_subsidy_monthly",
        "pay_subsidy_months",
        "training_compensation_monthly",
        "state_aid_max_percent",
        "startup",
    }
)
MAX_ATTACHMENTS = 20
# The attachments each benefit's application is expected to carry (shown as a checklist).
EXPECTED_ATTACHMENTS: dict[str, tuple[AttachmentKind, ...]] = {
    Benefit.PALKKATUKI: (AttachmentKind.CONTRACT, AttachmentKind.PAY, AttachmentKind.DE_MINIMIS),
    Benefit.HELSINKI_LISA: (AttachmentKind.CONTRACT, AttachmentKind.PAY, AttachmentKind.DE_MINIMIS),
    Benefit.TYOKOKEILU: (),
    Benefit.STARTTIRAHA: (
        AttachmentKind.BUSINESS_PLAN,
        AttachmentKind.CALCULATIONS,
        AttachmentKind.ADVISORY,
    ),
}


def registered_client(hetu: str) -> Client:
    """The job seeker with this identity code, or a clear refusal: a person not registered
    as a job seeker cannot be the subject of a subsidy."""
    if not is_valid_hetu((hetu or "").strip().upper()):
        raise ValidationError({"client_hetu": _("The identity code is not valid.")})
    key = identity.lookup_hash(hetu.strip().upper())
    client = Client.objects.filter(hetu_hash=key, anonymised_at__isnull=True).first()
    if client is None or not JobSearchPeriod.objects.filter(client=client).exists():
        raise ValidationError({"client_hetu": _("The person is not a registered job seeker.")})
    return client


def _clean_declared(declared: list[dict[str, Any]]) -> list[dict[str, str]]:
    out = []
    for i, row in enumerate(declared or []):
        try:
            on = dt.date.fromisoformat(str(row["granted_on"]))
            amount = Decimal(str(row["amount"]))
        except (KeyError, ValueError, InvalidOperation):
            raise ValidationError(
                {"declared_aid": _("Declared aid %(n)s: give the date and the amount.") % {"n": i + 1}}
            ) from None
        if amount < 0 or amount > Decimal("10000000"):
            raise ValidationError(
                {"declared_aid": _("Declared aid %(n)s: the amount is not valid.") % {"n": i + 1}}
            )
        out.append(
            {
                "granted_on": on.isoformat(),
                "amount": str(amount),
                "grantor": str(row.get("grantor", ""))[:200],
            }
        )
    return out


def _clean_case(case: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(case) - CASE_FIELDS)
    if unknown:
        raise ValidationError({"case": _("Unknown fields: %(names)s.") % {"names": ", ".join(unknown)}})
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in case.items()}


def check_case(*, benefit: str, start_date: dt.date, planned_months: int, case: dict[str, Any]) -> None:
    """The calculator's own input model checks the applicant's figures when the draft is made,
    so a missing or wrong field is named to the applicant, not found by the expert later.
    The client's facts are not known yet: a placeholder stands in for them."""
    data = {
        **case,
        "id": "draft",
        "benefit": benefit,
        "start_date": start_date.isoformat(),
        "planned_months": planned_months,
    }
    if benefit != Benefit.STARTTIRAHA:
        data["client"] = {"age": 30}
    try:
        SubsidyCase.model_validate(data)
    except InputError as exc:
        errors: dict[str, list[str]] = {}
        for error in exc.errors():
            loc = [str(p) for p in error["loc"]]
            message = str(error["msg"]).removeprefix("Value error, ")
            names = [loc[0]] if loc else [n.strip() for n in message.split(":", 1)[0].split(",")]
            text = _("Required for this benefit.") if "required" in message else _("Not valid here.")
            for name in names:
                errors.setdefault(name if name in CASE_FIELDS else "case", []).append(text)
        raise ValidationError(errors) from None


def safe_filename(filename: str) -> str:
    """The file's own name without any folder part or control characters: the name is only
    shown and offered on download, never used as a path."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip().lstrip(".")
    return name[:200] or "attachment"


def application_create(
    *,
    actor: User,
    benefit: str,
    start_date: dt.date,
    planned_months: int,
    case: dict[str, Any],
    employer_id: int | None = None,
    client_hetu: str = "",
    declared_aid: list[dict[str, Any]] | None = None,
    description: str = "",
    request_id: str = "",
) -> SubsidyApplication:
    """A draft: a representative for a mandated employer and a registered job seeker; a client
    for their own start-up grant."""
    require_applicant(actor)
    if benefit not in Benefit.values:
        raise ValidationError({"benefit": _("Choose a benefit.")})
    if not 1 <= planned_months <= 36:
        raise ValidationError({"planned_months": _("The period is 1 to 36 months.")})
    employer: Employer | None = None
    if policy.is_client(actor):
        if benefit != Benefit.STARTTIRAHA:
            raise PermissionDenied(_("A client applies only for the start-up grant."))
        client = Client.objects.filter(user=actor, anonymised_at__isnull=True).first()
        if client is None or not JobSearchPeriod.objects.filter(client=client).exists():
            raise ValidationError({"client": _("The person is not a registered job seeker.")})
    else:
        if benefit not in EMPLOYER_BENEFITS:
            raise ValidationError({"benefit": _("The start-up grant is applied for by the person themself.")})
        if employer_id is None or employer_id not in mandated_employers(actor):
            raise PermissionDenied(_("You have no mandate to act for this employer."))
        employer = Employer.objects.get(pk=employer_id)
        client = registered_client(client_hetu)
    case = _clean_case(case)
    check_case(benefit=benefit, start_date=start_date, planned_months=planned_months, case=case)
    declared = _clean_declared(declared_aid or [])
    with transaction.atomic():
        app = SubsidyApplication.objects.create(
            benefit=benefit,
            employer=employer,
            client=client,
            applicant=actor,
            start_date=start_date,
            planned_months=planned_months,
            case=case,
            declared_aid=declared,
            description=description.strip()[:5000],
        )
        _audit(actor, app, "create", "subsidy.application", app.pk, request_id, {"benefit": benefit})
    return app


def attachment_add(
    *, actor: User, application_id: int, kind: str, filename: str, data: bytes, request_id: str = ""
) -> Attachment:
    """An attachment, checked by its bytes as the portal's documents are, stored encrypted."""
    require_applicant(actor)
    application_for(actor, application_id)  # 404 outside the actor's scope, before the file is read
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": _("Choose the kind of the attachment.")})
    filename = safe_filename(filename)
    content_type = check_upload(filename, data)
    with transaction.atomic():
        app = application_for(actor, application_id, lock=True)
        if app.state not in (State.DRAFT, State.INFO_REQUESTED):
            raise ValidationError(
                {"state": _("Attachments are added to a draft or when more information is asked.")}
            )
        if app.attachments.count() >= MAX_ATTACHMENTS:
            raise ValidationError(
                {"file": _("An application has at most %(n)s attachments.") % {"n": MAX_ATTACHMENTS}}
            )
        att = Attachment.objects.create(
            application=app,
            kind=kind,
            filename=filename,
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            data=encrypt(data),
            uploaded_by=actor,
        )
        _audit(actor, app, "create", "subsidy.attachment", att.pk, request_id)
    return att


def application_submit(*, actor: User, application_id: int, request_id: str = "") -> SubsidyApplication:
    require_applicant(actor)
    with transaction.atomic():
        app = application_for(actor, application_id, lock=True)
        if app.state != State.DRAFT:
            raise ValidationError({"state": _("Only a draft can be submitted.")})
        app.state, app.submitted_at = State.SUBMITTED, timezone.now()
        app.save(update_fields=["state", "submitted_at", "updated_at"])
        _audit(actor, app, "update", "subsidy.application", app.pk, request_id, {"state": app.state})
    return app


def info_answer(
    *, actor: User, request_pk: int, answer: str, application_id: int | None = None, request_id: str = ""
) -> InfoRequest:
    """The applicant's answer; the application goes back to the expert's queue. With
    `application_id`, the request must be that application's (a page or API path names it)."""
    require_applicant(actor)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write an answer.")})
    if application_id is not None:
        application_for(actor, application_id)  # 404 outside the actor's scope, before anything else
    with transaction.atomic():
        info = InfoRequest.objects.select_related("application").filter(pk=request_pk).first()
        if info is None or (application_id is not None and info.application_id != application_id):
            raise ValidationError({"request": _("No such request for information.")})
        app = application_for(actor, info.application_id, lock=True)
        if info.answered_at is not None or app.state != State.INFO_REQUESTED:
            raise ValidationError({"answer": _("The request has already been answered.")})
        info.answer, info.answered_by, info.answered_at = answer[:10000], actor, timezone.now()
        info.save(update_fields=["answer", "answered_by", "answered_at"])
        if not app.info_requests.filter(answered_at__isnull=True).exists():
            app.state = State.SUBMITTED
            app.save(update_fields=["state", "updated_at"])
        _audit(actor, app, "update", "subsidy.info_request", info.pk, request_id)
    return info


def startup_continuation(
    *, actor: User, application_id: int, planned_months: int, description: str, request_id: str = ""
) -> SubsidyApplication:
    """The client applies to continue a granted start-up grant: a new application from the
    day after the decision in force ends. The calculator counts the months already used from
    the earlier decision, so the 12-month limit holds without the applicant saying anything."""
    if not policy.is_client(actor):
        raise PermissionDenied(_("A client applies only for the start-up grant."))
    previous = application_for(actor, application_id)
    decision = previous.decisions.filter(
        in_force=True, outcome__in=(State.GRANTED, State.PARTLY_GRANTED)
    ).first()
    if previous.benefit != Benefit.STARTTIRAHA or decision is None:
        raise ValidationError({"application": _("Only a granted start-up grant can be continued.")})
    start = decision.end + dt.timedelta(days=1)
    if (
        SubsidyApplication.objects.filter(
            client=previous.client, benefit=Benefit.STARTTIRAHA, start_date__gte=start
        )
        .exclude(state=State.REJECTED)
        .exists()
    ):
        raise ValidationError({"application": _("A continuation has already been applied for.")})
    return application_create(
        actor=actor,
        benefit=Benefit.STARTTIRAHA,
        start_date=start,
        planned_months=planned_months,
        case={"startup": dict(previous.case.get("startup") or {"full_time": True, "skills": True})},
        description=description,
        request_id=request_id,
    )
