"""Who may see and change which employers and vacancies: representatives through their
mandates, staff through their employment area. Every employer and vacancy read and write
starts here."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.organisation.tenancy import area_of, in_area

from .models import Mandate, Vacancy

__all__ = ["area_of", "can_edit", "employer_scope", "mandated_employers", "vacancy_scope"]

NOTHING = Q(pk__in=[])


def mandated_employers(user: User) -> list[int]:
    """The employers `user` acts for under a mandate in force today."""
    today = timezone.localdate()
    return list(
        Mandate.objects.filter(user=user, revoked_at__isnull=True, valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values_list("employer_id", flat=True)
    )


def _scope(actor: User, employer_path: str) -> Q:
    """A representative: the records of their mandated employers (at `employer_path`);
    administrators: all, including records not yet assigned to an area; staff who work with
    employers: their own area's (each area keeps its own employer services)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return NOTHING
    if policy.has_role(actor, policy.REPRESENTATIVES):
        return Q(**{f"{employer_path}__in": mandated_employers(actor)})
    if policy.is_administrator(actor):
        return Q()
    if policy.has_role(actor, policy.EMPLOYER_READERS):
        return in_area(actor, "area_id")
    return NOTHING


def employer_scope(actor: User) -> Q:
    """Employers `actor` may read (`_scope`)."""
    return _scope(actor, "pk")


def vacancy_scope(actor: User) -> Q:
    """Vacancies `actor` may read (`_scope`): each vacancy has its own area."""
    return _scope(actor, "employer_id")


def can_edit(actor: User, vacancy: Vacancy) -> bool:
    """The employer's representative, or employer staff of the vacancy's area."""
    if policy.has_role(actor, policy.REPRESENTATIVES):
        return vacancy.employer_id in mandated_employers(actor)
    if policy.is_administrator(actor):
        return True
    return policy.has_role(actor, policy.VACANCY_STAFF) and area_of(actor) == vacancy.area_id


def can_shortlist(actor: User, vacancy: Vacancy) -> bool:
    """Only employer staff of the vacancy's area see and make its pseudonymous shortlist."""
    if not policy.has_role(actor, policy.VACANCY_STAFF):
        return False
    area = area_of(actor)
    return area is not None and area == vacancy.area_id
