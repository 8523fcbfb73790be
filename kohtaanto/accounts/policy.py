"""Who may do what, by role: the named role sets the apps ask, and the main menu built from
them (issue 11). A rule written here once replaces the same set written in several modules
and as string comparisons in templates; the authorization matrix (tests/authz) checks the
result route by route.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Role

# The client's own team: plans, meetings, referrals, messages, the outlook and the
# labour-market view of a client (the responsible worker and colleagues, and the leader).
TEAM_CASEWORK = frozenset({Role.CASE_WORKER, Role.TEAM_LEADER})
# Registering clients by hand or by a transfer file.
REGISTRARS = frozenset({Role.CASE_WORKER, Role.TEAM_LEADER, Role.SERVICE_MANAGER, Role.ADMINISTRATOR})
# The management dashboard's readers.
DASHBOARD = frozenset({Role.ANALYST, Role.SERVICE_MANAGER, Role.TEAM_LEADER})
# Team caseloads against the norm.
CASELOAD_READERS = frozenset({Role.TEAM_LEADER, Role.SERVICE_MANAGER})
# Supervision of who has read which client's data.
ACCESS_SUPERVISORS = frozenset({Role.TEAM_LEADER, Role.SERVICE_MANAGER, Role.ADMINISTRATOR})
ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})
CLIENTS = frozenset({Role.CLIENT})
CASE_WORKERS = frozenset({Role.CASE_WORKER})
PROVIDERS = frozenset({Role.SERVICE_PROVIDER})
# Roles without the staff tools (the labour-market view, the catalogue).
OUTSIDERS = frozenset({Role.CLIENT, Role.SERVICE_PROVIDER, Role.EXTERNAL_PROFESSIONAL})
STAFF_TOOLS = frozenset(Role) - OUTSIDERS
MARKET_READERS = CATALOGUE_READERS = STAFF_TOOLS


def has_role(user, roles: frozenset) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", None) in roles


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
    MenuItem("market_portal_profile", _("My profile"), CLIENTS),
    MenuItem("portal_offers", _("Job offers and applications"), CLIENTS),
    MenuItem("market_view", _("Labour market"), MARKET_READERS),
    MenuItem("my_access_log", _("Who has processed my data"), CLIENTS),
    MenuItem("catalogue_mine", _("My services"), PROVIDERS),
    MenuItem("referrals_incoming", _("Incoming referrals"), PROVIDERS),
    MenuItem("catalogue_list", _("Service catalogue"), CATALOGUE_READERS),
)


def menu_for(user) -> list[tuple[str, Promise]]:
    """(url, label) of the menu items the user's role sees."""
    return [(reverse(item.url_name), item.label) for item in MENU if has_role(user, item.roles)]


def navigation(request) -> dict:
    """Context processor: the main menu, so no template compares role names."""
    user = getattr(request, "user", None)
    return {"main_menu": menu_for(user) if user is not None else []}
