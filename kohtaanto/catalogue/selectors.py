"""Reads of the catalogue, scoped by the actor (permissions.service_scope).

Catalogue entries are not personal data, so reads are not audited; writes are (services).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from . import permissions
from .models import Service, State
from .records import service_to_record

PAGE_SIZE = 50


@dataclass
class ServicePage:
    rows: list[Service]
    total: int
    page: int
    pages: int


def _clean(query: str) -> str:
    return "".join(ch for ch in query if ch.isprintable()).strip()[:100]


def service_search(
    *, actor, query: str = "", kind: str = "", state: str = "", provider_id: int | None = None
) -> QuerySet[Service]:
    """Services the actor may see, filtered by keywords (all must occur), kind and state."""
    if not permissions.can_browse(actor):
        raise PermissionDenied("this role does not use the service catalogue")
    qs = Service.objects.filter(permissions.service_scope(actor)).select_related("provider")
    for word in _clean(query).lower().split()[:8]:
        qs = qs.filter(search_text__contains=word)
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state=state)
    if provider_id:
        qs = qs.filter(provider_id=provider_id)
    return qs.order_by("name_fi", "id")


def service_list(*, actor, page: int = 1, page_size: int = PAGE_SIZE, **filters) -> ServicePage:
    qs = service_search(actor=actor, **filters)
    total = qs.count()
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    rows = list(qs[(page - 1) * page_size : page * page_size])
    return ServicePage(rows, total, page, pages)


def service_get(*, actor, service_id: int) -> Service:
    """One service in the actor's scope, or 404 (existence of others' drafts does not leak)."""
    if not permissions.can_browse(actor):
        raise PermissionDenied("this role does not use the service catalogue")
    service = (
        Service.objects.filter(permissions.service_scope(actor))
        .select_related("provider")
        .filter(pk=service_id)
        .first()
    )
    if service is None:
        raise Http404("service not found")
    return service


def provider_services(*, actor) -> list[Service]:
    """The provider user's own services, every state."""
    provider = permissions.provider_of(actor)
    if provider is None:
        raise PermissionDenied("only a service provider's users have their own services")
    return list(provider.services.select_related("provider").order_by("name_fi", "id"))


def catalogue_records(*, actor, states: tuple[str, ...] = (State.PUBLISHED,)) -> list[dict]:
    """Services as catalogue records for the matcher (ServiceDocument.from_dict reads them).

    Only what the actor may see; by default only published services, which is what the
    worker may refer a client to.
    """
    qs = service_search(actor=actor).filter(state__in=states)
    return [service_to_record(s) for s in qs]


def catalogue_version(*, states: tuple[str, ...] = (State.PUBLISHED,)) -> tuple[int, str]:
    """(count, latest change) of the services in `states`: a cheap key for rebuilding an index."""
    qs = Service.objects.filter(state__in=states)
    latest = qs.order_by("-updated_at").values_list("updated_at", flat=True).first()
    return qs.count(), latest.isoformat() if latest else ""


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day `months` calendar months earlier (clamped to the month's last day)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def services_due_for_review(*, months: int, now: dt.datetime | None = None) -> QuerySet[Service]:
    """Published or outdated services not reviewed in `months` months (never reviewed: since
    created). For the reminder job, which runs as the system and sees every provider."""
    if months < 1:
        raise ValueError("months must be at least 1")
    cutoff = months_before(now or timezone.now(), months)
    return (
        Service.objects.filter(state__in=[State.PUBLISHED, State.OUTDATED])
        .annotate(last_review=Coalesce("reviewed_at", "created_at"))
        .filter(Q(last_review__lt=cutoff))
        .select_related("provider")
        .order_by("provider__name", "name_fi")
    )
