"""Reads of the employer register: staff who work with employers (policy.EMPLOYER_READERS),
each their own area's (`access.employer_scope`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.http import Http404

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User

from .access import employer_scope
from .models import Employer, Interaction
from .records import Contact, EmployerRecord, Location

PAGE_SIZE = 50


def _check(actor: User) -> None:
    if not policy.has_role(actor, policy.EMPLOYER_READERS):
        raise PermissionDenied("this role does not use the employer register")


def _annotated(actor: User) -> QuerySet[Employer]:
    """The actor's area's employers, each with its last contact and the next action planned."""
    latest = Interaction.objects.filter(employer=OuterRef("pk")).order_by("-date", "-id")
    return (
        Employer.objects.filter(employer_scope(actor))
        .select_related("coordinator", "area")
        .annotate(last_contact=Max("interactions__date"))
        .annotate(next_action=Subquery(latest.values("next_action")[:1]))
        .annotate(next_action_date=Subquery(latest.values("next_action_date")[:1]))
    )


@dataclass
class EmployerPage:
    rows: list[Employer]
    total: int
    page: int
    pages: int


def employer_list(*, actor: User, query: str = "", mine: bool = False, page: int = 1) -> EmployerPage:
    """Employers by name or business ID; `mine`: the actor's own as coordinator."""
    _check(actor)
    qs = _annotated(actor)
    text = "".join(ch for ch in query if ch.isprintable()).strip()[:100]
    if text:
        qs = qs.filter(name__icontains=text) | qs.filter(business_id__startswith=text)
    if mine:
        qs = qs.filter(coordinator=actor)
    shown = Paginator(qs.order_by("name", "id"), PAGE_SIZE).get_page(page)
    return EmployerPage(list(shown), shown.paginator.count, shown.number, shown.paginator.num_pages)


def employer_get(*, actor: User, employer_id: int) -> Employer:
    _check(actor)
    employer = _annotated(actor).filter(pk=employer_id).first()
    if employer is None:
        raise Http404("employer not found")
    return employer


def employer_record(employer: Employer) -> EmployerRecord:
    return EmployerRecord.model_construct(
        business_id=employer.business_id,
        name=employer.name,
        industry=employer.industry,
        size_class=employer.size_class,  # type: ignore[arg-type]  # the model's choices
        contact_consent=employer.contact_consent,  # type: ignore[arg-type]
        coordinator=employer.coordinator.username if employer.coordinator else "",
        locations=[Location.model_construct(**loc) for loc in employer.locations],
        contacts=[
            Contact.model_construct(name=c.name, title=c.title, phone=c.phone, email=c.email)
            for c in employer.contacts.all()
        ],
    )


def employers_export(*, actor: User) -> list[EmployerRecord]:
    if not policy.has_role(actor, policy.EMPLOYER_WRITERS):
        raise PermissionDenied("this role does not export the employer register")
    return [
        employer_record(e)
        for e in Employer.objects.filter(employer_scope(actor))
        .select_related("coordinator")
        .prefetch_related("contacts")
    ]
