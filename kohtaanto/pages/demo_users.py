"""Demo users, one per role, attached to real generated staff and clients so that every
screen has something to show. Refuses to run in production."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import TEAM_CASEWORK
from kohtaanto.clients.models import Client, JobSearchStatus, NetworkMember
from kohtaanto.organisation.models import Office, Team

DEMO_PASSWORD = "kohtaanto-demo"  # noqa: S105 - documented in README; demo mode only

# username -> role: the demo's sign-in names, one per role (kohtaanto.accounts.policy).
DEMO_USERS = policy.DEMO_USERS


@transaction.atomic
def _office_of(team: Team) -> Office:
    municipality = team.unit.municipality
    return Office.objects.filter(municipality=municipality).order_by("pk").first() or Office.objects.create(
        municipality=municipality, name=team.unit.name
    )


def demo_users_install(*, team_code: str = "OSU-N") -> dict[str, User]:
    if settings.PRODUCTION:
        raise RuntimeError("demo users are not created in production")
    password = make_password(DEMO_PASSWORD)
    team = Team.objects.filter(code=team_code).select_related("unit").first()
    made: dict[str, User] = {}
    for username, role in DEMO_USERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            # Take over a generated staff member of the role in the demo team, so the demo
            # worker has a real caseload and the leader a real team.
            candidates = User.objects.filter(role=role, staff_code__startswith="S").exclude(
                username__in=DEMO_USERS
            )
            if team and role in TEAM_CASEWORK:
                candidates = candidates.filter(team=team)
            if team and role in policy.SERVICE_MANAGERS:
                candidates = candidates.filter(unit=team.unit)
            user = candidates.order_by("staff_code").first() if role not in policy.WITHOUT_TEAM else None
            if user is None:
                user = User(role=role, first_name=username.capitalize(), last_name="Demo")
                if team and role in TEAM_CASEWORK:
                    user.team, user.unit = team, team.unit
                elif team and role in policy.AREA_BY_OFFICE:
                    # Subsidy experts, procurement officers and analysts work for the
                    # demo team's employment area through an office of it (issue 15).
                    user.office = _office_of(team)
            user.username = username
        user.password = password
        user.is_active = True
        user.is_staff = user.is_superuser = role in policy.ADMINISTRATORS
        user.save()
        made[username] = user

    worker = made["worker"]
    first = (
        Client.objects.filter(responsible_worker=worker, job_search_status=JobSearchStatus.ACTIVE)
        .order_by("next_due_date", "id")
        .first()
    )
    if first is not None:
        Client.objects.filter(user=made["client"]).exclude(pk=first.pk).update(user=None)
        first.user = made["client"]
        first.save(update_fields=["user"])
        made["client"].first_name, made["client"].last_name = first.first_name, first.last_name
        made["client"].save(update_fields=["first_name", "last_name"])
    # Network professionals see a few of the demo worker's active clients (an ended client's
    # network has nothing to do), with consent recorded; the demo client comes first.
    some = list(
        Client.objects.filter(responsible_worker=worker, job_search_status=JobSearchStatus.ACTIVE).order_by(
            "next_due_date", "id"
        )[:5]
    )
    made["kela"].organisation_name = made["kela"].organisation_name or "Kela"
    made["kela"].save(update_fields=["organisation_name"])
    for member in (made["psychologist"], made["socialworker"], made["coordinator"], made["kela"]):
        for c in some:
            NetworkMember.objects.get_or_create(
                client=c, member=member, defaults={"consent_given": c.registration_date}
            )
    return made


@transaction.atomic
def area_demo_users_install(*, team_code: str, staff_prefix: str) -> dict[str, User]:
    """The second area's demo users (`policy.AREA_DEMO_USERS`): they take over that area's
    generated staff of their role in `team_code`, so `worker2` has a real caseload there."""
    if settings.PRODUCTION:
        raise RuntimeError("demo users are not created in production")
    team = Team.objects.select_related("unit").get(code=team_code)
    password = make_password(DEMO_PASSWORD)
    made: dict[str, User] = {}
    for username, role in policy.AREA_DEMO_USERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            # Case workers and leaders work in the team; the manager leads its unit.
            in_team = team if role in TEAM_CASEWORK else None
            user = (
                User.objects.filter(
                    role=role, team=in_team, unit=team.unit, staff_code__startswith=staff_prefix
                )
                .order_by("staff_code")
                .first()
            ) or User(
                role=role, first_name=username.capitalize(), last_name="Demo", team=in_team, unit=team.unit
            )
            user.username = username
        user.password = password
        user.is_active = True
        user.save()
        made[username] = user
    return made
