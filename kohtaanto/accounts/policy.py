"""Who may do what, by role: the one place that names roles (issue 11).

The named role sets and predicates the services, selectors, API routes and pages ask; the
object-level scope of client records; and the main menu built from the same sets. A rule
written here once replaces the same set written in several modules and as string
comparisons in templates; the authorization matrix (tests/authz) checks the result route by
route, and tests/accounts/test_role_policy.py that no other module names a role.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Role

# Professionals who see a client only through the client's network.
NETWORK_ROLES = frozenset(
    {Role.PSYCHOLOGIST, Role.SOCIAL_WORKER, Role.EMPLOYER_COORDINATOR, Role.EXTERNAL_PROFESSIONAL}
)
STAFF_ROLES = frozenset(
    {
        Role.CASE_WORKER,
        Role.PSYCHOLOGIST,
        Role.SOCIAL_WORKER,
        Role.EMPLOYER_COORDINATOR,
        Role.TEAM_LEADER,
        Role.SERVICE_MANAGER,
        Role.ANALYST,
        Role.ADMINISTRATOR,
        Role.SUBSIDY_EXPERT,
        Role.PROCUREMENT_OFFICER,
    }
)

# The client's own team: plans, meetings, referrals, messages, the outlook and the
# labour-market view of a client (the responsible worker and colleagues, and the leader).
TEAM_CASEWORK = frozenset({Role.CASE_WORKER, Role.TEAM_LEADER})
# Registering clients by hand or by a transfer file.
REGISTRARS = frozenset({Role.CASE_WORKER, Role.TEAM_LEADER, Role.SERVICE_MANAGER, Role.ADMINISTRATOR})
# Per-area suppressed aggregates across every area (issue 15): never a person's record. The
# national analyst belongs to no area and reads nothing else.
NATIONAL_FIGURE_READERS = frozenset({Role.ANALYST, Role.NATIONAL_ANALYST})
# The management dashboard's readers.
DASHBOARD = frozenset({Role.ANALYST, Role.SERVICE_MANAGER, Role.TEAM_LEADER})
# Supervision of who has read which client's data.
ACCESS_SUPERVISORS = frozenset({Role.TEAM_LEADER, Role.SERVICE_MANAGER, Role.ADMINISTRATOR})
ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})
CLIENTS = frozenset({Role.CLIENT})
# Employer services (issue 14): who reads the employer register, and who keeps it.
EMPLOYER_READERS = frozenset(
    {Role.EMPLOYER_COORDINATOR, Role.CASE_WORKER, Role.TEAM_LEADER, Role.SERVICE_MANAGER, Role.ADMINISTRATOR}
)
EMPLOYER_WRITERS = frozenset({Role.EMPLOYER_COORDINATOR, Role.SERVICE_MANAGER, Role.ADMINISTRATOR})
EMPLOYER_COORDINATORS = frozenset({Role.EMPLOYER_COORDINATOR})
# Vacancies and shortlists: the coordinators, and the managers who oversee them.
VACANCY_STAFF = frozenset({Role.EMPLOYER_COORDINATOR, Role.SERVICE_MANAGER, Role.ADMINISTRATOR})
# People who act for an employer under a mandate (employers.models.Mandate).
REPRESENTATIVES = frozenset({Role.EMPLOYER_REPRESENTATIVE})
# Recruitment events: the employer writers organise their own area's events; who registered
# is seen only by the staff of the event's area (administrators work for no area).
EVENT_ORGANISERS = EMPLOYER_WRITERS
EVENT_PARTICIPANT_READERS = EMPLOYER_WRITERS - ADMINISTRATORS
# Employer subsidies and the start-up grant (issue 16): the experts who decide and pay them.
SUBSIDY_EXPERTS = frozenset({Role.SUBSIDY_EXPERT})
# Procured services, contracts and provider performance (issue 17).
PROCUREMENT_OFFICERS = frozenset({Role.PROCUREMENT_OFFICER})
# TYP, the multi-professional joint service (issue 17): the client's own team runs the case
# (employment services); the professionals in the client's network (social and health
# services, Kela) read it and sign the joint plan for their party; leaders read the indicators.
TYP_WRITERS = TEAM_CASEWORK
TYP_READERS = TEAM_CASEWORK | NETWORK_ROLES
# Who can be named to a TYP team: the staff and the network professionals (Kela's too).
TYP_PROFESSIONALS = STAFF_ROLES | NETWORK_ROLES
TYP_INDICATOR_READERS = frozenset({Role.TEAM_LEADER, Role.SERVICE_MANAGER})
# Ohjaamo guidance centres for under-30s: the unit's guidance staff record visits and paper
# surveys and see the unit's counts.
OHJAAMO_STAFF = frozenset({Role.CASE_WORKER, Role.TEAM_LEADER, Role.SERVICE_MANAGER, Role.SOCIAL_WORKER})
# The role of the account that a person's first strong sign-in creates (portal/signin.py).
IDENTIFIED_PERSON = Role.CLIENT
CASE_WORKERS = frozenset({Role.CASE_WORKER})
TEAM_LEADERS = frozenset({Role.TEAM_LEADER})
SERVICE_MANAGERS = frozenset({Role.SERVICE_MANAGER})
PROVIDERS = frozenset({Role.SERVICE_PROVIDER})
# Leaders who supervise case workers: the team's leader, the unit's service manager.
SUPERVISORS = frozenset({Role.TEAM_LEADER, Role.SERVICE_MANAGER})
# Team caseloads against the norm.
CASELOAD_READERS = SUPERVISORS
# Catalogue moderators: see every service and take every allowed step.
MODERATORS = frozenset({Role.ADMINISTRATOR, Role.SERVICE_MANAGER})
# Staff who open the staff view of a client record (clients use their portal).
RECORD_READERS = frozenset({Role.CASE_WORKER, Role.TEAM_LEADER, Role.SERVICE_MANAGER, Role.ADMINISTRATOR})
RECORD_READERS |= NETWORK_ROLES
# Identity codes are shown only to those who handle the client's case directly.
IDENTITY_CODE_READERS = frozenset({Role.CASE_WORKER, Role.TEAM_LEADER, Role.CLIENT, Role.ADMINISTRATOR})
# Who may read a shared note: the client's team and the network professionals.
NOTE_ROLES = (Role.CASE_WORKER, Role.TEAM_LEADER, *sorted(NETWORK_ROLES))
# Staff roles a staff user may be given by single sign-on (administrators are local).
OIDC_ROLES = STAFF_ROLES - ADMINISTRATORS
# The dashboard's managers: refresh its data by hand and read the tables above team level.
DASHBOARD_MANAGERS = frozenset({Role.ANALYST, Role.SERVICE_MANAGER})
# Readers of the employment outlook: the dashboard's readers and the case workers.
FORECAST_READERS = DASHBOARD | CASE_WORKERS
# Provider performance (issue 17, point 3): the procurement staff, and the dashboard's managers
# who plan services (team leaders do not buy services; workers see only the quality signal).
PROVIDER_PERFORMANCE_READERS = PROCUREMENT_OFFICERS | DASHBOARD_MANAGERS
# Per-contract performance on the contract page and its API: the procurement staff only
# (the provider sees its contract, not how it compares; the dashboard has the provider view).
CONTRACT_PERFORMANCE_READERS = PROCUREMENT_OFFICERS
# Roles without the staff tools (the labour-market view, the catalogue).
OUTSIDERS = frozenset(
    {
        Role.CLIENT,
        Role.SERVICE_PROVIDER,
        Role.EXTERNAL_PROFESSIONAL,
        Role.EMPLOYER_REPRESENTATIVE,
        Role.NATIONAL_ANALYST,  # no area of their own: only the areas' suppressed figures
    }
)
STAFF_TOOLS = frozenset(Role) - OUTSIDERS
# Staff who serve the whole area without a unit or team of their own belong to it through an
# office (organisation.tenancy.area_of); without one they see none of its records or figures.
AREA_BY_OFFICE = SUBSIDY_EXPERTS | PROCUREMENT_OFFICERS | frozenset({Role.ANALYST})
MARKET_READERS = CATALOGUE_READERS = STAFF_TOOLS


def has_role(user, roles: frozenset) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", None) in roles


def is_client(user) -> bool:
    return has_role(user, CLIENTS)


def is_administrator(user) -> bool:
    return has_role(user, ADMINISTRATORS)


def is_case_worker(user) -> bool:
    return has_role(user, CASE_WORKERS)


def is_team_leader(user) -> bool:
    return has_role(user, TEAM_LEADERS)


def is_supervisor(user) -> bool:
    return has_role(user, SUPERVISORS)


def is_provider(user) -> bool:
    return has_role(user, PROVIDERS)


# Object-level scope: which clients an actor may see. Every client selector starts here.
# A case worker sees their team and caseload; a network professional the clients whose
# network they are in; a team leader their team; a service manager their unit; a client
# themself; analysts, providers and administrators no client records (administrators only
# through `client_get` with a recorded reason).

NO_CLIENTS = Q(pk__in=[])


def client_scope(actor) -> Q:
    """A filter on Client for what `actor` may see in lists and pages."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return NO_CLIENTS
    role = actor.role
    if role in CASE_WORKERS:
        q = Q(responsible_worker=actor)
        if actor.team_id:
            q |= Q(team_id=actor.team_id)
        return q
    if role in NETWORK_ROLES:
        return Q(network__member=actor, network__active=True)
    if role in TEAM_LEADERS:
        return Q(team_id=actor.team_id) if actor.team_id else NO_CLIENTS
    if role in SERVICE_MANAGERS:
        return Q(unit_id=actor.unit_id) if actor.unit_id else NO_CLIENTS
    if role in CLIENTS:
        return Q(user=actor)
    return NO_CLIENTS


# Need to know (issue 13, point 9): the client's own team may open any of the team's clients,
# but a client who is not on one's own caseload, or whose job search ended long ago, opens
# only after a stated reason from this list, which the audit keeps and the client can see.
NEED_TO_KNOW_ROLES = TEAM_CASEWORK
ACCESS_REASONS = {
    "standing_in": _("standing in for the responsible worker"),
    "client_contact": _("the client contacted me"),
    "team_case_discussion": _("team case discussion"),
    "handover": _("the client is being handed over to me"),
    "supervision": _("supervision of the team's work"),
    "returning_client": _("the client is returning to job search"),
    "data_request": _("the client's request about their data"),
}


def needs_stated_reason(actor, client, today, ended_days: int) -> bool:
    """Whether opening `client` needs a stated reason from `actor` (see ACCESS_REASONS)."""
    if actor.role not in NEED_TO_KNOW_ROLES:
        return False
    if (
        client.job_search_status == "ended"
        and client.end_date
        and (today - client.end_date).days > ended_days
    ):
        return True
    return client.responsible_worker_id != actor.pk


def can_see_identity_code(actor) -> bool:
    """Identity codes are shown only to those who handle the client's case directly."""
    return actor.role in IDENTITY_CODE_READERS


def has_caseload(actor) -> bool:
    return actor.role in CASE_WORKERS


def is_staff_reader(actor) -> bool:
    """Roles that open the staff view of a client record (clients use their portal)."""
    return actor.role in RECORD_READERS


# The Nordic-timetable meetings move the client's statutory deadlines and can affect their
# benefits, so only the client's own team writes them (issue 18): network professionals
# read the meetings but do not record them.
MEETING_WRITERS = TEAM_CASEWORK


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
    return actor.role in CASELOAD_READERS


def needs_reason(actor) -> bool:
    """Administrators reach client content only with a recorded reason (break-glass)."""
    return actor.role in ADMINISTRATORS


def can_record_network_sessions(actor) -> bool:
    """Network professionals record their own sessions (never the timetable's meetings)."""
    return actor.is_authenticated and actor.role in NETWORK_ROLES


def can_read_session_summary(actor, client, session) -> bool:
    """A session's summary may hold health or social information: its author and the
    client's own team read it; others in the network see only that a session took place."""
    return session.professional_id == actor.pk or can_write_meetings(actor, client)


@dataclass(frozen=True)
class MenuItem:
    url_name: str
    label: Promise
    roles: frozenset


# The main menu in display order; a role sees the items whose set holds it.
MENU: tuple[MenuItem, ...] = (
    MenuItem("worklist", _("My clients"), CASE_WORKERS),
    MenuItem("calendar_page", _("My meetings"), CASE_WORKERS),
    MenuItem("team_caseloads", _("Caseloads"), CASELOAD_READERS),
    MenuItem("insights_home", _("Management dashboard"), DASHBOARD),
    MenuItem("register_client", _("Register a client"), REGISTRARS),
    MenuItem("segmentation_rules", _("Segmentation rules"), ADMINISTRATORS),
    MenuItem("jobs_page", _("Background jobs"), ADMINISTRATORS),
    MenuItem("access_by_worker", _("Access by worker"), ACCESS_SUPERVISORS),
    MenuItem("portal_home", _("My page"), CLIENTS),
    MenuItem("portal_messages", _("Messages"), CLIENTS),
    MenuItem("portal_consents", _("My consents"), CLIENTS),
    MenuItem("portal_services", _("Services"), CLIENTS),
    MenuItem("portal_documents", _("My documents"), CLIENTS),
    MenuItem("portal_contact", _("My contact details"), CLIENTS),
    MenuItem("market_portal_profile", _("My profile"), CLIENTS),
    MenuItem("portal_offers", _("Job offers and applications"), CLIENTS),
    MenuItem("portal_introductions", _("Introductions to employers"), CLIENTS),
    MenuItem("portal_events", _("Recruitment events"), CLIENTS),
    MenuItem("portal_startup_list", _("Start-up grant"), CLIENTS),
    MenuItem("market_view", _("Labour market"), MARKET_READERS),
    MenuItem("employer_list", _("Employers"), EMPLOYER_READERS),
    MenuItem("vacancy_pipeline", _("Vacancies"), EMPLOYER_READERS | REPRESENTATIVES),
    MenuItem("subsidy_employer_list", _("Subsidy applications"), REPRESENTATIVES),
    MenuItem("event_list", _("Recruitment events"), EVENT_ORGANISERS),
    MenuItem("my_access_log", _("Who has processed my data"), CLIENTS),
    MenuItem("catalogue_mine", _("My services"), PROVIDERS),
    MenuItem("referrals_incoming", _("Incoming referrals"), PROVIDERS),
    MenuItem("procurement_contracts", _("Service contracts"), PROCUREMENT_OFFICERS | PROVIDERS),
    MenuItem("procurement_invoices", _("Invoices"), PROCUREMENT_OFFICERS | PROVIDERS),
    MenuItem("procurement_rounds", _("Procurement rounds"), PROCUREMENT_OFFICERS | PROVIDERS),
    MenuItem("insights_providers", _("Provider performance"), PROCUREMENT_OFFICERS),
    MenuItem("subsidy_queue", _("Subsidy applications"), SUBSIDY_EXPERTS),
    MenuItem("subsidy_payments", _("Payment applications"), SUBSIDY_EXPERTS),
    MenuItem("insights_national", _("Employment areas compared"), NATIONAL_FIGURE_READERS),
    MenuItem("typ_indicators", _("TYP indicators"), TYP_INDICATOR_READERS),
    MenuItem("ohjaamo_home", _("Ohjaamo"), OHJAAMO_STAFF),
    MenuItem("portal_ohjaamo_survey", _("Ohjaamo survey"), CLIENTS),
    MenuItem("catalogue_list", _("Service catalogue"), CATALOGUE_READERS),
)


# The role each staff title in the register gets: the subsidy and start-up grant experts
# decide employers' subsidies and start-up grants (issue 16).
REGISTER_TITLES = {
    "case_worker": Role.CASE_WORKER,
    "psychologist": Role.PSYCHOLOGIST,
    "social_worker": Role.SOCIAL_WORKER,
    "employer_coordinator": Role.EMPLOYER_COORDINATOR,
    "team_leader": Role.TEAM_LEADER,
    "service_manager": Role.SERVICE_MANAGER,
    "startup_grant_expert": Role.SUBSIDY_EXPERT,
    "pay_subsidy_expert": Role.SUBSIDY_EXPERT,
}

# Roles that belong to no team of the organisation.
WITHOUT_TEAM = frozenset(
    {
        Role.CLIENT,
        Role.ANALYST,
        Role.ADMINISTRATOR,
        Role.SERVICE_PROVIDER,
        Role.PROCUREMENT_OFFICER,
        Role.NATIONAL_ANALYST,
    }
)

# The demo's sign-in names, one per role (README lists them; pages/demo_users.py makes them).
DEMO_USERS = {
    "worker": Role.CASE_WORKER,
    "psychologist": Role.PSYCHOLOGIST,
    "socialworker": Role.SOCIAL_WORKER,
    "coordinator": Role.EMPLOYER_COORDINATOR,
    "kela": Role.EXTERNAL_PROFESSIONAL,
    "teamleader": Role.TEAM_LEADER,
    "manager": Role.SERVICE_MANAGER,
    "analyst": Role.ANALYST,
    "admin": Role.ADMINISTRATOR,
    "provider": Role.SERVICE_PROVIDER,
    "client": Role.CLIENT,
    "employer": Role.EMPLOYER_REPRESENTATIVE,  # with a mandate for one demo employer
    "subsidyexpert": Role.SUBSIDY_EXPERT,
    "procurement": Role.PROCUREMENT_OFFICER,
    "national": Role.NATIONAL_ANALYST,
}


# The demo's second, generated area (issue 15): its own worker and team leader.
AREA_DEMO_USERS = {"worker2": Role.CASE_WORKER, "leader2": Role.TEAM_LEADER, "manager2": Role.SERVICE_MANAGER}

# Where a role lands after signing in (others get the generic home page).
HOMES: tuple[tuple[frozenset, str], ...] = (
    (SUPERVISORS, "team_caseloads"),
    (CASE_WORKERS, "worklist"),
    (CLIENTS, "portal_home"),
    (EMPLOYER_COORDINATORS, "employer_list"),
    (REPRESENTATIVES, "vacancy_pipeline"),
    (PROCUREMENT_OFFICERS, "procurement_contracts"),
    (SUBSIDY_EXPERTS, "subsidy_queue"),
    (frozenset({Role.NATIONAL_ANALYST}), "insights_national"),
)


def home_for(user) -> str | None:
    """The URL name of the user's landing page, if their role has one."""
    return next((name for roles, name in HOMES if has_role(user, roles)), None)


def menu_for(user) -> list[tuple[str, Promise]]:
    """(url, label) of the menu items the user's role sees."""
    return [(reverse(item.url_name), item.label) for item in MENU if has_role(user, item.roles)]


def navigation(request) -> dict:
    """Context processor: the main menu, so no template compares role names."""
    user = getattr(request, "user", None)
    return {"main_menu": menu_for(user) if user is not None else []}
