"""Reads of vacancies and candidates (issue 14), scoped by `access`: the pipeline, one
vacancy with its time in each stage, the pseudonymous shortlist for the area's employer
staff, and the introduced candidates whom the employer may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.audit.services import AuditEntry, audit_record_many
from kohtaanto.market import consents
from kohtaanto.market.display import entry_text
from kohtaanto.market.models import FIELD_NAMES, Purpose
from kohtaanto.outcomes.models import JobApplication

from . import access
from .models import Candidate, CandidateStatus, Stage, Vacancy

INTRODUCED = (
    CandidateStatus.INTRODUCED,
    CandidateStatus.INTERVIEW,
    CandidateStatus.HIRED,
    CandidateStatus.NOT_SELECTED,
)
MATCHING_PURPOSE = "employer matching"


def _readers(actor: User) -> None:
    if not policy.has_role(actor, policy.EMPLOYER_READERS | policy.REPRESENTATIVES):
        raise PermissionDenied("this role does not see vacancies")


def vacancies(actor: User, *, employer_id: int | None = None, mine: bool = False) -> QuerySet[Vacancy]:
    """The vacancies `actor` may see; `mine`: of the employers the actor coordinates."""
    _readers(actor)
    qs = Vacancy.objects.filter(access.vacancy_scope(actor)).select_related("employer", "area")
    if employer_id is not None:
        qs = qs.filter(employer_id=employer_id)
    if mine:
        qs = qs.filter(employer__coordinator=actor)
    return qs.annotate(
        n_shortlisted=Count("candidates"),
        n_introduced=Count("candidates", filter=Q(candidates__status__in=INTRODUCED)),
    )


@dataclass
class Column:
    stage: str
    label: str
    rows: list[Vacancy] = field(default_factory=list)


def pipeline(actor: User, *, mine: bool = False, closed_days: int = 90) -> list[Column]:
    """Vacancies by stage with days in the stage; filled and closed ones of the last
    `closed_days` only, so the board stays about current work."""
    since = timezone.now() - timedelta(days=closed_days)
    qs = vacancies(actor, mine=mine).filter(
        ~Q(stage__in=[Stage.FILLED, Stage.CLOSED]) | Q(stage_since__gte=since)
    )
    columns = {s: Column(s, str(label)) for s, label in Stage.choices}
    now = timezone.now()
    for vacancy in qs.order_by("stage_since", "id")[:2000]:
        vacancy.days_in_stage = (now - vacancy.stage_since).days  # type: ignore[attr-defined]
        columns[vacancy.stage].rows.append(vacancy)
    return list(columns.values())


def vacancy_get(actor: User, vacancy_id: int) -> Vacancy:
    vacancy = vacancies(actor).filter(pk=vacancy_id).first()
    if vacancy is None:
        raise Http404("vacancy not found")
    return vacancy


@dataclass(frozen=True)
class StageTime:
    stage: str
    label: str
    start: datetime
    end: datetime | None
    days: float


def applications(vacancy: Vacancy) -> int:
    """How many job seekers reported applying to the vacancy's posting through Kohtaanto: a
    count only, since applicants who were not introduced stay unnamed to the employer."""
    if vacancy.posting_id is None:
        return 0
    return (
        JobApplication.objects.filter(offer__posting_id=vacancy.posting_id)
        .values("client")
        .distinct()
        .count()
    )


def stage_times(vacancy: Vacancy) -> list[StageTime]:
    """Each stage the vacancy has been in, with its length (the current one up to now)."""
    changes = list(vacancy.stage_changes.all())
    now = timezone.now()
    out = []
    for i, change in enumerate(changes):
        end = changes[i + 1].at if i + 1 < len(changes) else None
        days = ((end or now) - change.at).total_seconds() / 86400
        out.append(StageTime(change.stage, str(Stage(change.stage).label), change.at, end, round(days, 1)))
    return out


def shortlist(actor: User, vacancy: Vacancy) -> list[Candidate]:
    """The pseudonymous shortlist: refs, scores, breakdowns and gaps, never who they are."""
    if not access.can_shortlist(actor, vacancy):
        raise PermissionDenied(_("The vacancy is outside your employment area."))
    return list(vacancy.candidates.only("id", "ref", "score", "breakdown", "gaps", "status", "vacancy_id"))


@dataclass(frozen=True)
class Introduced:
    candidate: Candidate
    name: str
    email: str
    phone: str
    profile: dict[str, object]  # consented profile field -> value

    @property
    def labelled(self) -> list[tuple[str, str]]:
        """Each consented field as one line, worded as on the profile pages."""
        out = []
        for f, value in self.profile.items():
            if f == "preferences" or not isinstance(value, list):
                continue  # areas and working time are shown by the vacancy's own terms
            out.append((str(FIELD_NAMES[f]), "; ".join(entry_text(f, item) for item in value) or "–"))
        return out


def introduced(actor: User, vacancy: Vacancy, *, request_id: str = "") -> list[Introduced]:
    """Candidates who accepted the introduction, with their contact details and the profile
    fields their consent covers, for the employer and the area's staff; each read is logged."""
    if not (access.can_edit(actor, vacancy) or access.can_shortlist(actor, vacancy)):
        raise PermissionDenied("this vacancy is not yours")
    rows = list(
        vacancy.candidates.filter(status__in=INTRODUCED).select_related("client", "client__market_profile")
    )
    out = []
    for row in rows:
        client = row.client
        consent = consents.active_consent(client, Purpose.EMPLOYER_MATCHING)
        profile_obj = getattr(client, "market_profile", None)
        profile = {}
        if consent is not None and profile_obj is not None:
            profile = {f: getattr(profile_obj, f) for f in consent.fields}
        out.append(
            Introduced(
                row,
                f"{client.first_name} {client.last_name}".strip(),
                client.email,
                client.phone,
                profile,
            )
        )
    audit_record_many(
        actor=actor,
        entries=[
            AuditEntry(
                "read",
                "vacancy.candidate",
                row.candidate.pk,
                row.candidate.client_id,
                {"fields": list(row.profile)},
            )
            for row in out
        ],
        purpose=MATCHING_PURPOSE,
        request_id=request_id,
    )
    return out


def client_introductions(actor: User, client_id: int | None = None) -> list[Candidate]:
    """A client's introductions waiting for an answer and answered, for the client (portal)
    or, with `client_id`, for their team (the caller has opened the client record)."""
    qs = Candidate.objects.exclude(status=CandidateStatus.SHORTLISTED).select_related(
        "vacancy", "vacancy__employer"
    )
    if client_id is None:
        if not policy.is_client(actor):
            raise PermissionDenied("only the client sees their own introductions")
        return list(qs.filter(client__user=actor).order_by("-asked_at", "-id"))
    return list(qs.filter(client_id=client_id).order_by("-asked_at", "-id"))
