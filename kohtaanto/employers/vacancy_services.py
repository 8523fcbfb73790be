"""Writes on vacancies and their candidates (issue 14): one transaction each, audited.

A vacancy moves new → searching → candidates proposed → interviews → filled or closed;
every move is a StageChange, so the pipeline shows the time spent in each stage. A
candidate is shortlisted under a pseudonym, asked, introduced only after the client's
acceptance, and a hire becomes the client's employment record (outcomes)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import ValidationError as PydanticError

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.audit.services import AuditEntry, audit_record, audit_record_many
from kohtaanto.clients.selectors import client_get
from kohtaanto.market import consents
from kohtaanto.market.escodata import esco
from kohtaanto.market.models import Purpose
from kohtaanto.notifications.services import absolute_url, in_language_of, notify
from kohtaanto.organisation.models import Municipality
from kohtaanto.outcomes.services import employment_add

from . import access, candidates
from .models import Candidate, CandidateStatus, Employer, Stage, StageChange, Vacancy
from .vacancies import posting_sync
from .vacancy_data import VacancyData, field_errors

PURPOSE = "employer services"
MATCHING_PURPOSE = "employer matching"
# The stage a vacancy reaches at the latest when its candidates get this far.
STAGE_OF: dict[str, str] = {
    CandidateStatus.INTRODUCED: Stage.PROPOSED,
    CandidateStatus.INTERVIEW: Stage.INTERVIEWS,
}
ORDER = list(Stage.values)


def _data(data: dict) -> VacancyData:
    try:
        vacancy = VacancyData.model_validate(data)
    except PydanticError as exc:
        raise ValidationError(field_errors(exc)) from exc
    e = esco()
    errors = {}
    if vacancy.occupation_uri and vacancy.occupation_uri not in e.occupation_uris:
        errors["occupation_uri"] = _("Not an ESCO occupation: choose one of the suggestions.")
    unknown = [s for s in vacancy.skills if s not in e.skill_uris]
    if unknown:
        errors["skills"] = _("Not ESCO skills: %(uris)s.") % {"uris": ", ".join(unknown[:3])}
    if errors:
        raise ValidationError(errors)
    return vacancy


def _area(actor: User, employer: Employer, data: VacancyData) -> int:
    """The area that serves the vacancy: the staff member's own, else the area that keeps
    the employer's record, else the area of the vacancy's municipality."""
    if not policy.has_role(actor, policy.REPRESENTATIVES):
        area = access.area_of(actor)
        if area:
            return area
    if employer.area_id is not None:
        return employer.area_id
    found = Municipality.objects.filter(code=data.municipality).values_list("pk", flat=True).first()
    if found is None:
        raise ValidationError({"municipality": _("Give the municipality where the job is.")})
    return found


def _apply(vacancy: Vacancy, data: VacancyData) -> None:
    for name in ("title", "description", "occupation_uri", "municipality", "postal_code", "weekly_hours"):
        setattr(vacancy, name, getattr(data, name))
    vacancy.occupation_label = esco().occupation_label(data.occupation_uri) if data.occupation_uri else ""
    vacancy.skills = data.skills
    vacancy.working_time, vacancy.contract = data.working_time, data.contract
    vacancy.languages = [lang.model_dump() for lang in data.languages]
    vacancy.start_date, vacancy.apply_by = data.start_date, data.apply_by
    vacancy.subsidy_interest, vacancy.positions = data.subsidy_interest, data.positions


def vacancy_create(*, actor: User, employer_id: int, data: dict, request_id: str = "") -> Vacancy:
    """A new vacancy of `employer_id` by its representative or by employer staff."""
    is_representative = policy.has_role(actor, policy.REPRESENTATIVES)
    if is_representative:
        if employer_id not in access.mandated_employers(actor):
            raise PermissionDenied("no mandate for this employer")
    elif not policy.has_role(actor, policy.VACANCY_STAFF):
        raise PermissionDenied("this role does not enter vacancies")
    employer = Employer.objects.filter(access.employer_scope(actor), pk=employer_id).first()
    if employer is None:
        raise Http404("employer not found")
    clean = _data(data)
    with transaction.atomic():
        vacancy = Vacancy(employer=employer, area_id=_area(actor, employer, clean), created_by=actor)
        _apply(vacancy, clean)
        vacancy.save()
        StageChange.objects.create(vacancy=vacancy, stage=Stage.NEW, at=vacancy.stage_since, by=actor)
        posting_sync(vacancy)
        audit_record(
            actor=actor,
            action="create",
            target_type="vacancy",
            target_id=vacancy.pk,
            purpose=PURPOSE,
            request_id=request_id,
        )
    return vacancy


def _editable(actor: User, vacancy_id: int) -> Vacancy:
    """The vacancy, locked: other roles 403, a vacancy out of sight 404, then the edit right."""
    if not policy.has_role(actor, policy.VACANCY_STAFF | policy.REPRESENTATIVES):
        raise PermissionDenied("this role does not change vacancies")
    vacancy = Vacancy.objects.select_for_update().filter(pk=vacancy_id).first()
    if vacancy is None or not Vacancy.objects.filter(access.vacancy_scope(actor), pk=vacancy_id).exists():
        raise Http404("vacancy not found")
    if not access.can_edit(actor, vacancy):
        raise PermissionDenied("this vacancy is not yours to change")
    return vacancy


def vacancy_update(*, actor: User, vacancy_id: int, data: dict, request_id: str = "") -> Vacancy:
    with transaction.atomic():
        vacancy = _editable(actor, vacancy_id)
        _apply(vacancy, _data(data))
        vacancy.save()
        posting_sync(vacancy)
        audit_record(
            actor=actor,
            action="update",
            target_type="vacancy",
            target_id=vacancy.pk,
            purpose=PURPOSE,
            request_id=request_id,
        )
    return vacancy


def _move(vacancy: Vacancy, stage: str, actor: User) -> None:
    if vacancy.stage == stage:
        return
    now = timezone.now()
    vacancy.stage, vacancy.stage_since = stage, now
    vacancy.save(update_fields=["stage", "stage_since", "updated_at"])
    StageChange.objects.create(vacancy=vacancy, stage=stage, at=now, by=actor)
    posting_sync(vacancy)


def _advance(vacancy: Vacancy, stage: str, actor: User) -> None:
    """Move forward to `stage` unless the vacancy is there or further already."""
    if ORDER.index(stage) > ORDER.index(vacancy.stage) and vacancy.stage not in (Stage.FILLED, Stage.CLOSED):
        _move(vacancy, stage, actor)


def vacancy_stage(*, actor: User, vacancy_id: int, stage: str, request_id: str = "") -> Vacancy:
    """Move a vacancy to any stage by hand (e.g. closed without a hire, or reopened)."""
    with transaction.atomic():
        vacancy = _editable(actor, vacancy_id)
        if stage not in Stage.values:
            stages = ", ".join(Stage.values)
            raise ValidationError({"stage": _("Choose one of: %(stages)s.") % {"stages": stages}})
        _move(vacancy, stage, actor)
        audit_record(
            actor=actor,
            action="update",
            target_type="vacancy.stage",
            target_id=vacancy.pk,
            purpose=PURPOSE,
            request_id=request_id,
            detail={"stage": stage},
        )
    return vacancy


def shortlist_make(*, actor: User, vacancy_id: int, top: int = 20, request_id: str = "") -> list[Candidate]:
    """Rank the consenting job seekers of the vacancy's area and keep the best `top` on the
    shortlist, under pseudonyms. Candidates already asked or further keep their place."""
    if not policy.has_role(actor, policy.VACANCY_STAFF):
        raise PermissionDenied("this role does not make shortlists")
    top = max(1, min(int(top), 100))
    with transaction.atomic():
        vacancy = Vacancy.objects.select_for_update().filter(pk=vacancy_id).first()
        if vacancy is None:
            raise Http404("vacancy not found")
        if not access.can_shortlist(actor, vacancy):
            raise PermissionDenied(_("The vacancy is outside your employment area."))
        if vacancy.stage in (Stage.FILLED, Stage.CLOSED):
            raise ValidationError({"stage": _("The vacancy is filled or closed.")})
        ranked = candidates.rank(vacancy, top=top)
        kept = {c.client_id: c for c in vacancy.candidates.all()}
        Candidate.objects.filter(vacancy=vacancy, status=CandidateStatus.SHORTLISTED).exclude(
            client_id__in=[r.client_id for r in ranked]
        ).delete()
        rows = []
        for r in ranked:
            row = kept.get(r.client_id)
            if row is None:
                row = Candidate(vacancy=vacancy, client_id=r.client_id, ref=r.ref, shortlisted_by=actor)
            if row.status == CandidateStatus.SHORTLISTED or row.pk is None:
                row.score, row.breakdown, row.gaps = r.score, r.breakdown, r.gaps
                row.save()
            rows.append(row)
        _advance(vacancy, Stage.SEARCHING, actor)
        audit_record_many(
            actor=actor,
            entries=[AuditEntry("create", "vacancy.candidate", row.pk, row.client_id) for row in rows],
            purpose=MATCHING_PURPOSE,
            request_id=request_id,
        )
    return rows


def _audit_candidate(actor: User, row: Candidate, request_id: str, detail: dict) -> None:
    """A change of a candidacy, in the client's own access log."""
    audit_record(
        actor=actor,
        action="update",
        target_type="vacancy.candidate",
        target_id=row.pk,
        subject_client_id=row.client_id,
        purpose=MATCHING_PURPOSE,
        request_id=request_id,
        detail=detail,
    )


def _candidate(candidate_id: int) -> Candidate:
    row = (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("vacancy", "vacancy__employer", "client", "client__user")
        .filter(pk=candidate_id)
        .first()
    )
    if row is None:
        raise Http404("candidate not found")
    return row


ASK_SUBJECT = gettext_lazy("An employer's vacancy may suit you")
ASK_BODY = gettext_lazy(
    "Your employment services found a vacancy that may suit you. Read it and tell us whether "
    "the employer may hear about you: %(link)s"
)


def candidate_ask(*, actor: User, candidate_id: int, request_id: str = "") -> Candidate:
    """Ask the client (in the portal) whether they accept being introduced to the employer."""
    with transaction.atomic():
        row = _candidate(candidate_id)
        if not access.can_shortlist(actor, row.vacancy):
            raise PermissionDenied(_("The vacancy is outside your employment area."))
        if row.status != CandidateStatus.SHORTLISTED:
            raise ValidationError({"status": _("The candidate has been asked already.")})
        consents.require(row.client, Purpose.EMPLOYER_MATCHING)
        row.status, row.asked_at = CandidateStatus.ASKED, timezone.now()
        row.save(update_fields=["status", "asked_at"])
        _audit_candidate(actor, row, request_id, {"status": row.status})
        if row.client.user is not None:
            user = row.client.user
            with in_language_of(user):
                link = absolute_url(reverse("portal_introductions"))
                notify(
                    recipient_user=user,
                    subject=str(ASK_SUBJECT),
                    body=str(ASK_BODY) % {"link": link},
                    kind="introduction",
                    key=f"candidate:{row.pk}",
                )
    return row


def candidate_answer(*, actor: User, candidate_id: int, accept: bool, request_id: str = "") -> Candidate:
    """The client's answer, given by the client in the portal or recorded by their worker.
    Accepting introduces the candidate: the employer then sees who they are."""
    with transaction.atomic():
        row = _candidate(candidate_id)
        client = row.client
        by_client = policy.is_client(actor) and client.user_id == actor.pk
        if not by_client:  # the worker: need to know applies as for any client record
            client_get(actor=actor, client_id=client.pk, purpose=MATCHING_PURPOSE, request_id=request_id)
            if not policy.can_write_meetings(actor, client):
                raise PermissionDenied(_("Only the client's own team records the client's answer."))
        if row.status not in (CandidateStatus.SHORTLISTED, CandidateStatus.ASKED):
            raise ValidationError({"status": _("This introduction has been answered already.")})
        if row.vacancy.stage in (Stage.FILLED, Stage.CLOSED):
            raise ValidationError({"stage": _("The vacancy is filled or closed.")})
        if accept:
            consents.require(client, Purpose.EMPLOYER_MATCHING)
        row.status = CandidateStatus.INTRODUCED if accept else CandidateStatus.DECLINED
        row.answered_at, row.answered_by = timezone.now(), actor
        row.save(update_fields=["status", "answered_at", "answered_by"])
        if accept:
            _advance(row.vacancy, Stage.PROPOSED, actor)
        _audit_candidate(
            actor, row, request_id, {"status": row.status, "by": "client" if by_client else "worker"}
        )
    return row


PROGRESS: dict[str, set[str]] = {
    CandidateStatus.INTRODUCED: {
        CandidateStatus.INTERVIEW,
        CandidateStatus.HIRED,
        CandidateStatus.NOT_SELECTED,
    },
    CandidateStatus.INTERVIEW: {CandidateStatus.HIRED, CandidateStatus.NOT_SELECTED},
}


def candidate_progress(
    *,
    actor: User,
    candidate_id: int,
    status: str,
    interview_on: date | None = None,
    start: date | None = None,
    end: date | None = None,
    weekly_hours: Decimal | None = None,
    request_id: str = "",
) -> Candidate:
    """An introduced candidate's interview and outcome, by the employer's representative or the
    area's employer staff. A hire records the client's employment and may fill the vacancy."""
    with transaction.atomic():
        row = _candidate(candidate_id)
        vacancy = row.vacancy
        if not (access.can_edit(actor, vacancy) or access.can_shortlist(actor, vacancy)):
            raise Http404("candidate not found")
        if status not in PROGRESS.get(row.status, set()):
            raise ValidationError(
                {
                    "status": _("A candidate who is %(now)s cannot become %(next)s.")
                    % {
                        "now": row.get_status_display(),
                        "next": status,
                    }
                }
            )
        now = timezone.now()
        row.status = status
        if status == CandidateStatus.INTERVIEW:
            row.interview_on = interview_on
        else:
            row.decided_at = now
        if status == CandidateStatus.HIRED:
            row.employment = employment_add(
                actor=actor,
                client=row.client,
                employer_name=vacancy.employer.name,
                business_id=vacancy.employer.business_id,
                start=start or vacancy.start_date or timezone.localdate(),
                weekly_hours=weekly_hours or vacancy.weekly_hours or Decimal("37.5"),
                working_time="part_time" if vacancy.working_time == "part_time" else "full_time",
                end=end,
                contract=vacancy.contract,
                occupation_uri=vacancy.occupation_uri,
                occupation_label=vacancy.occupation_label,
                purpose=MATCHING_PURPOSE,
                request_id=request_id,
            )
        row.save()
        if status in STAGE_OF:
            _advance(vacancy, STAGE_OF[status], actor)
        hired = vacancy.candidates.filter(status=CandidateStatus.HIRED).count()
        if status == CandidateStatus.HIRED and hired >= vacancy.positions:
            _move(vacancy, Stage.FILLED, actor)
        _audit_candidate(actor, row, request_id, {"status": status})
    return row
