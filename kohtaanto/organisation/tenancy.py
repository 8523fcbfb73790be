"""The employment area (tenant) a person works for, and the one filter that keeps their reads
and writes inside it (issue 15). Staff belong to the area of their unit, team or office; a
staff member of an area-wide role with none of those belongs to no area and sees nothing of
the area-owned records, rather than every area's."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db.models import Q

NOTHING = Q(pk__in=[])


def area_of(user) -> int | None:
    """The area (municipality id) of a staff member: their unit's, team's or office's."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.unit_id is not None:
        return user.unit.municipality_id
    if user.team_id is not None:
        return user.team.unit.municipality_id
    if user.office_id is not None:  # shared staff: employer coordinators, subsidy experts
        return user.office.municipality_id
    return None


def in_area(user, path: str) -> Q:
    """A filter on records whose area is at `path` (e.g. "client__municipality_id"):
    the user's area's, or none when the user has no area."""
    area = area_of(user)
    return Q(**{path: area}) if area is not None else NOTHING


def area_code_of(user) -> str | None:
    """The code of the staff member's area (the municipality code), or None."""
    from .models import Municipality

    area = area_of(user)
    if area is None:
        return None
    return Municipality.objects.filter(pk=area).values_list("code", flat=True).first()


def area_figures_dir(code: str) -> Path:
    """Where each refresh publishes an area's figures for the other apps (the provider
    quality signal for referrals, the contract figures for procurement): computed from that
    area's clients only, read by that area's staff only."""
    return Path(settings.DATA_DIR) / "analytics" / "by_area" / code
