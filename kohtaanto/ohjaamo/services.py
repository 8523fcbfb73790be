"""Writing Ohjaamo data: a visit (anonymous, or of a client the worker may see), a paper
survey sheet typed in by the staff, and the client's own survey answer from the portal.
One transaction each, audited; bad input is a ValidationError keyed by field."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import CLIENTS, OHJAAMO_STAFF, client_scope
from kohtaanto.audit.services import audit_record
from kohtaanto.clients.models import Client
from kohtaanto.domain import ohjaamo as rules
from kohtaanto.domain.typ import age_on

from .models import AgeGroup, SurveyChannel, SurveyResponse, Topic, Transition, Visit

PURPOSE = "ohjaamo guidance"
SURVEY_PURPOSE = "ohjaamo client survey"


def staff_unit_id(actor: User) -> int | None:
    """The unit the staff member's visits belong to: their own, or their team's."""
    if actor.unit_id:
        return actor.unit_id
    team = getattr(actor, "team", None)
    return team.unit_id if team is not None else None


def _staff(actor: User) -> int:
    if actor.role not in OHJAAMO_STAFF:
        raise PermissionDenied(_("Only Ohjaamo staff record visits."))
    unit_id = staff_unit_id(actor)
    if unit_id is None:
        raise ValidationError({"unit": _("Your account belongs to no service unit.")})
    return unit_id


def visit_record(
    *,
    actor: User,
    date: dt.date,
    topic: str,
    age_group: str = "",
    transition: str = "",
    client_number: str = "",
    request_id: str = "",
) -> Visit:
    """Anonymous unless a client number is given; an identified visit's age group comes
    from the client's birth date, an anonymous one's from what the young person said."""
    unit_id = _staff(actor)
    errors: dict[str, str] = {}
    if topic not in Topic.values:
        errors["topic"] = _("Choose a topic.")
    if transition not in Transition.values:
        errors["transition"] = _("Choose a service or no transition.")
    if date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    client = None
    if client_number.strip():
        client = Client.objects.filter(client_scope(actor), external_id=client_number.strip()).first()
        if client is None:
            errors["client_number"] = _("No client with this number among your clients.")
        else:
            age_group = rules.age_group(age_on(client.birth_date, date))
    elif age_group not in AgeGroup.values:
        errors["age_group"] = _("Choose an age group.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        visit = Visit.objects.create(
            unit_id=unit_id,
            date=date,
            topic=topic,
            anonymous=client is None,
            client=client,
            age_group=age_group,
            transition=transition,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="create",
            target_type="ohjaamo.visit",
            target_id=visit.pk,
            subject_client_id=client.pk if client else None,
            purpose=PURPOSE,
            request_id=request_id,
            detail={"topic": topic, "anonymous": client is None},
        )
    return visit


def _answers(answers: dict[str, int], on: dt.date) -> tuple[str, dict[str, int]]:
    survey = rules.survey_in_force(on)
    try:
        return survey.id, survey.validate_answers(answers)
    except rules.SurveyError as exc:
        why = _("Answer every question within its scale: %(why)s") % {"why": exc}
        raise ValidationError({"answers": why}) from exc


def survey_paper_enter(*, actor: User, answers: dict[str, int], request_id: str = "") -> SurveyResponse:
    """A paper sheet: anonymous, counted for the staff member's unit."""
    unit_id = _staff(actor)
    today = timezone.localdate()
    version, clean = _answers(answers, today)
    with transaction.atomic():
        row = SurveyResponse.objects.create(
            survey_version=version,
            year=today.year,
            channel=SurveyChannel.PAPER,
            unit_id=unit_id,
            answers=clean,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="create",
            target_type="ohjaamo.survey",
            target_id=row.pk,
            purpose=SURVEY_PURPOSE,
            request_id=request_id,
            detail={"channel": "paper"},
        )
    return row


def survey_portal_answer(*, actor: User, answers: dict[str, int], request_id: str = "") -> SurveyResponse:
    """The client's own answer, once a year."""
    if actor.role not in CLIENTS:
        raise PermissionDenied(_("Only the client answers in the portal."))
    client = Client.objects.filter(user=actor).first()
    if client is None:
        raise ValidationError({"client": _("Your account has no client record.")})
    today = timezone.localdate()
    version, clean = _answers(answers, today)
    with transaction.atomic():
        if SurveyResponse.objects.filter(client=client, year=today.year).exists():
            raise ValidationError({"answers": _("You have already answered this year's survey. Thank you!")})
        row = SurveyResponse.objects.create(
            survey_version=version,
            year=today.year,
            channel=SurveyChannel.PORTAL,
            unit_id=client.unit_id,
            client=client,
            answers=clean,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="create",
            target_type="ohjaamo.survey",
            target_id=row.pk,
            subject_client_id=client.pk,
            purpose=SURVEY_PURPOSE,
            request_id=request_id,
            detail={"channel": "portal"},
        )
    return row
