"""Object-level scope: which clients an actor may see. Every selector starts from here.

The rules (issue 3): a case worker sees their team and caseload; a network professional
the clients whose network they are in; a team leader their team; a service manager their
unit; a client themself; analysts, providers and administrators no client records
(administrators only through `client_get` with a recorded reason).
"""

from __future__ import annotations

from django.db.models import Q

from .models import NETWORK_ROLES, Role
from .policy import TEAM_CASEWORK

NO_CLIENTS = Q(pk__in=[])


def client_scope(actor) -> Q:
    """A filter on Client for what `actor` may see in lists and pages."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return NO_CLIENTS
    role = actor.role
    if role == Role.CASE_WORKER:
        q = Q(responsible_worker=actor)
        if actor.team_id:
            q |= Q(team_id=actor.team_id)
        return q
    if role in NETWORK_ROLES:
        return Q(network__member=actor, network__active=True)
    if role == Role.TEAM_LEADER:
        return Q(team_id=actor.team_id) if actor.team_id else NO_CLIENTS
    if role == Role.SERVICE_MANAGER:
        return Q(unit_id=actor.unit_id) if actor.unit_id else NO_CLIENTS
    if role == Role.CLIENT:
        return Q(user=actor)
    return NO_CLIENTS


def can_see_identity_code(actor) -> bool:
    """Identity codes are shown only to those who handle the client's case directly."""
    return actor.role in (Role.CASE_WORKER, Role.TEAM_LEADER, Role.CLIENT, Role.ADMINISTRATOR)


def has_caseload(actor) -> bool:
    return actor.role == Role.CASE_WORKER


def is_staff_reader(actor) -> bool:
    """Roles that open the staff view of a client record (clients use their portal)."""
    return actor.role in (
        Role.CASE_WORKER,
        Role.TEAM_LEADER,
        Role.SERVICE_MANAGER,
        Role.ADMINISTRATOR,
        *NETWORK_ROLES,
    )


# The Nordic-timetable meetings move the client's statutory deadlines and can affect their
# benefits, so only the client's own team writes them (issue 18): network professionals
# read the meetings but do not record them.
MEETING_WRITERS = TEAM_CASEWORK  # accounts.policy


def can_record_meetings(actor) -> bool:
    """The role may write timetable meetings at all (checked before any client is read)."""
    return actor.is_authenticated and actor.role in MEETING_WRITERS


def can_write_meetings(actor, client) -> bool:
    """The responsible worker, or a case worker or the team leader of the client's team."""
    if not can_record_meetings(actor):
        return False
    if client.responsible_worker_id == actor.pk:
        return True
    return bool(actor.team_id) and actor.team_id == client.team_id


def meeting_needs_reason(actor, client) -> bool:
    """A team member writing another worker's client's meeting says why (it is audited)."""
    return client.responsible_worker_id != actor.pk


def can_view_caseloads(actor) -> bool:
    return actor.role in (Role.TEAM_LEADER, Role.SERVICE_MANAGER)


def needs_reason(actor) -> bool:
    """Administrators reach client content only with a recorded reason (break-glass)."""
    return actor.role == Role.ADMINISTRATOR


def can_record_network_sessions(actor) -> bool:
    """Network professionals record their own sessions (never the timetable's meetings)."""
    return actor.is_authenticated and actor.role in NETWORK_ROLES


def can_read_session_summary(actor, client, session) -> bool:
    """A session's summary may hold health or social information: its author and the
    client's own team read it; others in the network see only that a session took place."""
    return session.professional_id == actor.pk or can_write_meetings(actor, client)
