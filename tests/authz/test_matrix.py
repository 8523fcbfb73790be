"""The authorization matrix: every URL and API operation against every role.

`MATRIX` names each endpoint (method, route) and the roles allowed on the client's own
record ("own": a client of team A, in the psychologist's network, linked to the client
user) and on a foreign one (team B). Every other role must be refused. The first test fails
when an endpoint exists that the matrix does not list, so new endpoints must join it.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from kohtaanto.accounts.models import Role
from kohtaanto.audit.models import AuditEvent
from kohtaanto.catalogue.models import Service
from kohtaanto.clients.models import AccessGrant, NetworkMember
from kohtaanto.employers.models import Candidate, Employer, Mandate, Vacancy
from kohtaanto.market.models import JobPosting, Purpose
from kohtaanto.organisation.models import Municipality
from kohtaanto.portal.models import ReferralRequest, RescheduleRequest
from kohtaanto.referrals.models import Referral
from tests.catalogue.factories import MATRIX_BODIES, catalogue_world
from tests.factories import ClientFactory, MeetingFactory, OfficeFactory, TeamFactory, UserFactory
from tests.market.factories import MARKET_BODIES, market_world
from tests.portal.factories import PORTAL_BODIES
from tests.procurement.matrix import PROCUREMENT_MATRIX, procurement_path
from tests.subsidies.matrix import SUBSIDY_MATRIX, subsidy_path

pytestmark = pytest.mark.django_db

ANON = "anonymous"
ROLES = [ANON, *Role.values]
PLAN_EDITORS = {"case_worker", "team_leader"}
# Timetable meetings: the client's own team only; network professionals read, never write.
MEETING_WRITERS = {"case_worker", "team_leader"}
# Note writers in the world: the team's worker and leader, and the psychologist in the network.
NOTE_WRITERS = {"case_worker", "team_leader", "psychologist"}
REGISTRARS = {"case_worker", "team_leader", "service_manager", "administrator"}
STAFF_RECORD = {"case_worker", "team_leader", "service_manager", "psychologist"}
PUBLIC = set(ROLES)
AUTHENTICATED = set(Role.values)
# Per-area suppressed figures (issue 15): analysts and the national analyst, who reads nothing else.
NATIONAL_FIGURES = {"analyst", "national_analyst"}
# The municipality's own staff (accounts.policy.STAFF_ROLES); new roles are refused until listed.
CATALOGUE_STAFF = {
    "case_worker",
    "psychologist",
    "social_worker",
    "employer_coordinator",
    "team_leader",
    "service_manager",
    "analyst",
    "administrator",
    "subsidy_expert",
    "procurement_officer",
}
MODERATORS = {"administrator", "service_manager"}
DASHBOARD = {"analyst", "service_manager", "team_leader"}
# Labour-market profiles: the client, and the client's case workers and team leader.
MARKET_STAFF = {"case_worker", "team_leader"}
# The employer register (issue 14): read by those who work with employers, kept by these;
# "own" is an employer kept by the world's area, "foreign" one kept by another area (issue 15).
EMPLOYER_WRITERS = {"employer_coordinator", "service_manager", "administrator"}
EMPLOYER_READERS = {"own": EMPLOYER_WRITERS | {"case_worker", "team_leader"}, "foreign": {"administrator"}}
EMPLOYER_KEEPERS = {"own": EMPLOYER_WRITERS, "foreign": {"administrator"}}
MARKET_CLIENT = {"own": MARKET_STAFF, "foreign": set()}
# Vacancies (issue 14): "own" is employer A's vacancy in the world's area, whose
# representative holds a mandate; "foreign" is employer B's in another area.
REP = "employer_representative"
VACANCY_READERS = {"own": EMPLOYER_READERS["own"] | {REP}, "foreign": {"administrator"}}
VACANCY_EDITORS = {"own": EMPLOYER_WRITERS | {REP}, "foreign": {"administrator"}}
SHORTLISTERS = {"own": {"employer_coordinator", "service_manager"}, "foreign": set()}
CLIENT_TEAM = {"own": {"case_worker", "team_leader"}, "foreign": set()}
# Recruitment events: "own" is an event of the world's area (the coordinator's and the
# service manager's), "foreign" one of another area; who registered only for the area's staff.
EVENT_MAKERS = {"employer_coordinator", "service_manager"}
EVENT_STAFF = {"own": EMPLOYER_WRITERS, "foreign": {"administrator"}}
EVENT_AREA = {"own": EVENT_MAKERS, "foreign": set()}
CATALOGUE_READERS = CATALOGUE_STAFF | {"service_provider"}
CATALOGUE_EDITORS = {"own": MODERATORS | {"service_provider"}, "foreign": MODERATORS}
# TYP and Ohjaamo (issue 17): the parties of the joint service, and the Ohjaamo staff.
TYP_PARTIES = {"own": {"case_worker", "team_leader", "psychologist"}, "foreign": set()}
OHJAAMO_STAFF = {"case_worker", "team_leader", "service_manager", "social_worker"}

# (method, route) -> {"own": allowed roles, "foreign": allowed roles}. Routes use the
# URL-resolver form for pages and the OpenAPI form for API operations.
MATRIX: dict[tuple[str, str], dict[str, set[str]]] = {
    ("GET", "/"): {"own": AUTHENTICATED},
    ("GET", "/accounts/login/"): {"own": PUBLIC},
    ("POST", "/accounts/logout/"): {"own": PUBLIC},
    ("GET", "/accounts/password/"): {"own": AUTHENTICATED},
    ("POST", "/accounts/password/"): {"own": AUTHENTICATED},
    ("POST", "/i18n/setlang/"): {"own": PUBLIC},
    # OIDC login answers 404 to everyone unless a provider is configured (tests/security
    # covers it with a provider running).
    ("GET", "/accounts/oidc/start/"): {"own": set()},
    ("GET", "/accounts/oidc/callback/"): {"own": set()},
    # Clients' strong identification: off (404) unless configured; the demo's test
    # identification and the sign-in page are open to anyone.
    ("GET", "/portal/signin/"): {"own": PUBLIC},
    ("GET", "/portal/signin/start/"): {"own": set()},
    ("GET", "/portal/signin/callback/"): {"own": set()},
    ("GET", "/portal/test-identification/"): {"own": PUBLIC},
    ("POST", "/portal/test-identification/"): {"own": PUBLIC},
    ("GET", "/portal/register/"): {"own": {"client"}},
    ("POST", "/portal/register/"): {"own": {"client"}},
    ("GET", "/portal/contact/"): {"own": {"client"}},
    ("POST", "/portal/contact/"): {"own": {"client"}},
    ("GET", "/clients/<int:client_id>/contact/"): {"own": MEETING_WRITERS, "foreign": set()},
    # Need to know: a stated reason opens a client; the whole identity code is asked for.
    ("POST", "/clients/<int:client_id>/access/"): {"own": MEETING_WRITERS, "foreign": set()},
    ("POST", "/api/v1/clients/{client_id}/access"): {"own": MEETING_WRITERS, "foreign": set()},
    ("POST", "/clients/<int:client_id>/identity-code/"): {"own": MEETING_WRITERS, "foreign": set()},
    ("GET", "/api/v1/clients/{client_id}/identity-code"): {"own": MEETING_WRITERS, "foreign": set()},
    ("GET", "/api/v1/clients/{client_id}/contact"): {"own": MEETING_WRITERS, "foreign": set()},
    ("PUT", "/api/v1/clients/{client_id}/contact"): {"own": MEETING_WRITERS, "foreign": set()},
    ("GET", "/api/v1/portal/contact"): {"own": {"client"}},
    ("GET", "/employers/"): {"own": EMPLOYER_READERS["own"]},
    ("GET", "/employers/<int:employer_id>/"): EMPLOYER_READERS,
    ("POST", "/employers/<int:employer_id>/"): EMPLOYER_KEEPERS,
    ("GET", "/api/v1/employers"): {"own": EMPLOYER_READERS["own"]},
    ("POST", "/api/v1/employers"): {"own": EMPLOYER_WRITERS},
    ("GET", "/api/v1/employers/export"): {"own": EMPLOYER_WRITERS},
    ("POST", "/api/v1/employers/import"): {"own": EMPLOYER_WRITERS},
    ("GET", "/api/v1/employers/{employer_id}"): EMPLOYER_READERS,
    ("PUT", "/api/v1/employers/{employer_id}"): EMPLOYER_KEEPERS,
    ("GET", "/api/v1/employers/{employer_id}/interactions"): EMPLOYER_READERS,
    ("GET", "/employers/vacancies/"): {"own": VACANCY_READERS["own"]},
    ("GET", "/employers/vacancies/new/"): {"own": EMPLOYER_WRITERS | {REP}},
    ("POST", "/employers/vacancies/new/"): {"own": EMPLOYER_WRITERS | {REP}},
    ("GET", "/employers/vacancies/suggest/"): {"own": EMPLOYER_WRITERS | {REP}},
    ("GET", "/employers/vacancies/<int:vacancy_id>/"): VACANCY_READERS,
    ("GET", "/employers/vacancies/<int:vacancy_id>/edit/"): VACANCY_EDITORS,
    ("POST", "/employers/vacancies/<int:vacancy_id>/edit/"): VACANCY_EDITORS,
    ("POST", "/employers/vacancies/<int:vacancy_id>/stage/"): VACANCY_EDITORS,
    ("POST", "/employers/vacancies/<int:vacancy_id>/shortlist/"): SHORTLISTERS,
    ("POST", "/employers/vacancies/<int:vacancy_id>/candidates/<int:candidate_id>/ask/"): SHORTLISTERS,
    (
        "POST",
        "/employers/vacancies/<int:vacancy_id>/candidates/<int:candidate_id>/progress/",
    ): VACANCY_EDITORS,
    ("GET", "/portal/introductions/"): {"own": {"client"}},
    ("POST", "/portal/introductions/<int:candidate_id>/"): {"own": {"client"}},
    ("GET", "/clients/<int:client_id>/introductions/"): CLIENT_TEAM,
    ("POST", "/clients/<int:client_id>/introductions/<int:candidate_id>/"): CLIENT_TEAM,
    ("GET", "/api/v1/vacancies"): {"own": VACANCY_READERS["own"]},
    ("POST", "/api/v1/vacancies"): {"own": EMPLOYER_WRITERS | {REP}},
    ("GET", "/api/v1/vacancies/suggestions"): {"own": EMPLOYER_WRITERS | {REP}},
    ("GET", "/api/v1/vacancies/{vacancy_id}"): VACANCY_READERS,
    ("PUT", "/api/v1/vacancies/{vacancy_id}"): VACANCY_EDITORS,
    ("POST", "/api/v1/vacancies/{vacancy_id}/stage"): VACANCY_EDITORS,
    ("POST", "/api/v1/vacancies/{vacancy_id}/shortlist"): SHORTLISTERS,
    ("GET", "/api/v1/vacancies/{vacancy_id}/shortlist"): SHORTLISTERS,
    ("POST", "/api/v1/vacancies/{vacancy_id}/candidates/{candidate_id}/ask"): SHORTLISTERS,
    ("GET", "/api/v1/vacancies/{vacancy_id}/candidates"): VACANCY_EDITORS,
    ("POST", "/api/v1/vacancies/{vacancy_id}/candidates/{candidate_id}/progress"): VACANCY_EDITORS,
    ("GET", "/api/v1/portal/introductions"): {"own": {"client"}},
    ("POST", "/api/v1/portal/introductions/{candidate_id}"): {"own": {"client"}},
    ("GET", "/api/v1/clients/{client_id}/introductions"): CLIENT_TEAM,
    ("POST", "/api/v1/clients/{client_id}/introductions/{candidate_id}"): CLIENT_TEAM,
    ("POST", "/api/v1/employers/{employer_id}/interactions"): EMPLOYER_KEEPERS,
    ("GET", "/employers/events/"): {"own": EMPLOYER_WRITERS},
    ("POST", "/employers/events/"): {"own": EVENT_MAKERS},
    ("GET", "/employers/events/<int:event_id>/"): EVENT_STAFF,
    ("POST", "/employers/events/<int:event_id>/"): EVENT_STAFF,
    ("POST", "/employers/events/<int:event_id>/attendance/"): EVENT_AREA,
    ("GET", "/portal/events/"): {"own": {"client"}},
    ("POST", "/portal/events/<int:event_id>/register/"): {"own": {"client"}},
    ("POST", "/portal/events/<int:event_id>/cancel/"): {"own": {"client"}},
    ("GET", "/clients/<int:client_id>/events/"): CLIENT_TEAM,
    ("POST", "/clients/<int:client_id>/events/<int:event_id>/register/"): CLIENT_TEAM,
    ("POST", "/clients/<int:client_id>/events/<int:event_id>/cancel/"): CLIENT_TEAM,
    ("GET", "/api/v1/events"): {"own": EMPLOYER_WRITERS},
    ("POST", "/api/v1/events"): {"own": EVENT_MAKERS},
    ("GET", "/api/v1/events/{event_id}"): EVENT_STAFF,
    ("PUT", "/api/v1/events/{event_id}"): EVENT_STAFF,
    ("GET", "/api/v1/events/{event_id}/participants"): EVENT_AREA,
    ("POST", "/api/v1/events/{event_id}/attendance"): EVENT_AREA,
    ("GET", "/api/v1/portal/events"): {"own": {"client"}},
    ("POST", "/api/v1/portal/events/{event_id}/registration"): {"own": {"client"}},
    ("DELETE", "/api/v1/portal/events/{event_id}/registration"): {"own": {"client"}},
    ("GET", "/api/v1/clients/{client_id}/events"): CLIENT_TEAM,
    ("POST", "/api/v1/clients/{client_id}/events/{event_id}/registration"): CLIENT_TEAM,
    ("DELETE", "/api/v1/clients/{client_id}/events/{event_id}/registration"): CLIENT_TEAM,
    # Self-service: the catalogue as the client may use it, requests and documents.
    ("GET", "/portal/services/"): {"own": {"client"}},
    ("GET", "/portal/services/<int:service_id>/"): {"own": {"client"}},
    ("POST", "/portal/services/<int:service_id>/"): {"own": {"client"}},
    ("GET", "/portal/documents/"): {"own": {"client"}},
    ("POST", "/portal/documents/"): {"own": {"client"}},
    ("GET", "/portal/documents/<int:document_id>/"): {"own": {"client"}},
    ("POST", "/portal/documents/<int:document_id>/delete/"): {"own": {"client"}},
    ("GET", "/clients/<int:client_id>/documents/<int:document_id>/"): {
        "own": MEETING_WRITERS,
        "foreign": set(),
    },
    ("POST", "/clients/<int:client_id>/referral-requests/<int:request_pk>/handled/"): {
        "own": MEETING_WRITERS,
        "foreign": set(),
    },
    ("GET", "/api/v1/portal/services"): {"own": {"client"}},
    ("POST", "/api/v1/portal/services/{service_id}/request"): {"own": {"client"}},
    ("GET", "/api/v1/portal/documents"): {"own": {"client"}},
    ("POST", "/api/v1/portal/documents"): {"own": {"client"}},
    ("GET", "/api/v1/portal/documents/{document_id}"): {"own": {"client"}},
    ("DELETE", "/api/v1/portal/documents/{document_id}"): {"own": {"client"}},
    ("GET", "/api/v1/clients/{client_id}/referral-requests"): {"own": MEETING_WRITERS, "foreign": set()},
    ("POST", "/api/v1/clients/{client_id}/referral-requests/{request_pk}/handled"): {
        "own": MEETING_WRITERS,
        "foreign": set(),
    },
    ("GET", "/api/v1/clients/{client_id}/documents"): {"own": MEETING_WRITERS, "foreign": set()},
    ("GET", "/api/v1/clients/{client_id}/documents/{document_id}"): {
        "own": MEETING_WRITERS,
        "foreign": set(),
    },
    ("PUT", "/api/v1/portal/contact"): {"own": {"client"}},
    ("POST", "/clients/<int:client_id>/contact/"): {"own": MEETING_WRITERS, "foreign": set()},
    ("GET", "/clients/"): {"own": {"case_worker"}},
    ("GET", "/clients/<int:client_id>/"): {"own": STAFF_RECORD, "foreign": set()},
    ("GET", "/clients/<int:client_id>/meetings/new/"): {
        "own": MEETING_WRITERS,
        "foreign": set(),
    },
    ("GET", "/clients/<int:client_id>/meetings/<int:meeting_id>/"): {
        "own": MEETING_WRITERS,
        "foreign": set(),
    },
    ("POST", "/clients/<int:client_id>/meetings/<int:meeting_id>/"): {
        "own": MEETING_WRITERS,
        "foreign": set(),
    },
    ("PUT", "/api/v1/clients/{client_id}/meetings/{meeting_id}"): {
        "own": MEETING_WRITERS,
        "foreign": set(),
    },
    ("POST", "/clients/<int:client_id>/meetings/new/"): {
        "own": MEETING_WRITERS,
        "foreign": set(),
    },
    ("GET", "/team/caseloads/"): {"own": {"team_leader", "service_manager"}},
    ("GET", "/team/reassign/"): {"own": {"team_leader", "service_manager"}},
    ("POST", "/team/reassign/"): {"own": {"team_leader", "service_manager"}},
    ("GET", "/clients/<int:client_id>/plan/"): {"own": PLAN_EDITORS, "foreign": set()},
    ("POST", "/clients/<int:client_id>/plan/"): {"own": PLAN_EDITORS, "foreign": set()},
    ("POST", "/clients/<int:client_id>/network/"): {"own": PLAN_EDITORS, "foreign": set()},
    ("POST", "/clients/<int:client_id>/network/<int:member_id>/remove/"): {
        "own": PLAN_EDITORS,
        "foreign": set(),
    },
    ("POST", "/clients/<int:client_id>/notes/"): {"own": NOTE_WRITERS, "foreign": set()},
    # Network professionals' own sessions: recorded by those in the client's network (the
    # psychologist in the world), read by everyone who opens the staff record.
    ("POST", "/clients/<int:client_id>/sessions/new/"): {"own": {"psychologist"}, "foreign": set()},
    # Job-search outcomes (issue 12): written by the client's own team, like meetings.
    ("POST", "/clients/<int:client_id>/outcomes/end/"): {"own": MEETING_WRITERS, "foreign": set()},
    ("POST", "/clients/<int:client_id>/outcomes/reregister/"): {"own": MEETING_WRITERS, "foreign": set()},
    ("POST", "/clients/<int:client_id>/outcomes/employment/"): {"own": MEETING_WRITERS, "foreign": set()},
    ("POST", "/clients/<int:client_id>/outcomes/education/"): {"own": MEETING_WRITERS, "foreign": set()},
    ("GET", "/api/v1/clients/{client_id}/periods"): {"own": STAFF_RECORD, "foreign": set()},
    ("POST", "/api/v1/clients/{client_id}/periods/end"): {"own": MEETING_WRITERS, "foreign": set()},
    ("POST", "/api/v1/clients/{client_id}/periods"): {"own": MEETING_WRITERS, "foreign": set()},
    ("POST", "/api/v1/clients/{client_id}/employments"): {"own": MEETING_WRITERS, "foreign": set()},
    ("POST", "/api/v1/clients/{client_id}/education"): {"own": MEETING_WRITERS, "foreign": set()},
    # Placement: the team sends offers and records answers; the client answers in the portal.
    ("POST", "/clients/<int:client_id>/job-offers/"): {"own": MEETING_WRITERS, "foreign": set()},
    ("POST", "/clients/<int:client_id>/job-offers/<int:offer_id>/answer/"): {
        "own": MEETING_WRITERS,
        "foreign": set(),
    },
    ("POST", "/clients/<int:client_id>/applications/"): {"own": MEETING_WRITERS, "foreign": set()},
    ("GET", "/portal/job-offers/"): {"own": {"client"}},
    ("POST", "/portal/job-offers/"): {"own": {"client"}},
    ("POST", "/portal/job-offers/<int:offer_id>/answer/"): {"own": {"client"}},
    ("GET", "/api/v1/clients/{client_id}/job-offers"): {"own": STAFF_RECORD, "foreign": set()},
    ("POST", "/api/v1/clients/{client_id}/job-offers"): {"own": MEETING_WRITERS, "foreign": set()},
    ("POST", "/api/v1/clients/{client_id}/job-offers/{offer_id}/answer"): {
        "own": MEETING_WRITERS,
        "foreign": set(),
    },
    ("POST", "/api/v1/clients/{client_id}/applications"): {"own": MEETING_WRITERS, "foreign": set()},
    ("GET", "/api/v1/portal/job-offers"): {"own": {"client"}},
    # The week calendar and its feed: the workers who record meetings.
    ("GET", "/calendar/"): {"own": MEETING_WRITERS},
    ("POST", "/calendar/feed/"): {"own": MEETING_WRITERS},
    ("GET", "/calendar/<str:token>.ics"): {"own": set()},  # an unknown secret: 404 for all
    ("GET", "/api/v1/calendar"): {"own": MEETING_WRITERS},
    # Background jobs: administrators only.
    ("GET", "/operations/jobs/"): {"own": {"administrator"}},
    ("POST", "/operations/jobs/"): {"own": {"administrator"}},
    ("GET", "/api/v1/jobs/schedule"): {"own": {"administrator"}},
    ("PUT", "/api/v1/jobs/schedule/{job}"): {"own": {"administrator"}},
    ("GET", "/api/v1/jobs/runs"): {"own": {"administrator"}},
    ("POST", "/api/v1/jobs/run/{job}"): {"own": {"administrator"}},
    ("POST", "/api/v1/portal/job-offers/{offer_id}/answer"): {"own": {"client"}},
    ("POST", "/api/v1/portal/applications"): {"own": {"client"}},
    ("GET", "/api/v1/clients/{client_id}/sessions"): {"own": STAFF_RECORD, "foreign": set()},
    ("POST", "/api/v1/clients/{client_id}/sessions"): {"own": {"psychologist"}, "foreign": set()},
    ("PUT", "/api/v1/casework/clients/{client_id}/plan"): {"own": PLAN_EDITORS, "foreign": set()},
    ("POST", "/api/v1/casework/clients/{client_id}/network"): {"own": PLAN_EDITORS, "foreign": set()},
    ("DELETE", "/api/v1/casework/clients/{client_id}/network/{member_id}"): {
        "own": PLAN_EDITORS,
        "foreign": set(),
    },
    ("GET", "/api/v1/casework/clients/{client_id}/notes"): {"own": NOTE_WRITERS, "foreign": set()},
    ("POST", "/api/v1/casework/clients/{client_id}/notes"): {"own": NOTE_WRITERS, "foreign": set()},
    ("POST", "/api/v1/casework/reassign"): {"own": {"team_leader", "service_manager"}},
    ("POST", "/api/v1/casework/offboard"): {"own": {"team_leader", "service_manager"}},
    # Service matching and referrals. own: the own client's referral to the provider's service.
    ("POST", "/clients/<int:client_id>/match/"): {"own": PLAN_EDITORS, "foreign": set()},
    ("POST", "/clients/<int:client_id>/refer/"): {"own": PLAN_EDITORS, "foreign": set()},
    ("POST", "/clients/<int:client_id>/dismiss/"): {"own": PLAN_EDITORS, "foreign": set()},
    ("GET", "/referrals/incoming/"): {"own": {"service_provider"}},
    ("POST", "/referrals/<int:referral_id>/step/"): {
        "own": PLAN_EDITORS | {"service_provider"},
        "foreign": set(),
    },
    ("POST", "/api/v1/referrals/clients/{client_id}/suggestions"): {"own": PLAN_EDITORS, "foreign": set()},
    ("GET", "/api/v1/referrals/clients/{client_id}"): {"own": PLAN_EDITORS, "foreign": set()},
    ("POST", "/api/v1/referrals/clients/{client_id}"): {"own": PLAN_EDITORS, "foreign": set()},
    ("POST", "/api/v1/referrals/clients/{client_id}/dismissals"): {"own": PLAN_EDITORS, "foreign": set()},
    ("GET", "/api/v1/referrals/incoming"): {"own": {"service_provider"}},
    ("POST", "/api/v1/referrals/{referral_id}/step"): {
        "own": PLAN_EDITORS | {"service_provider"},
        "foreign": set(),
    },
    ("GET", "/admin/"): {"own": {"administrator"}},
    ("GET", "/me/access-log/"): {"own": {"client"}},
    ("GET", "/clients/register/"): {"own": REGISTRARS},
    ("POST", "/clients/register/"): {"own": REGISTRARS},
    ("GET", "/clients/import/"): {"own": REGISTRARS},
    ("POST", "/clients/import/"): {"own": REGISTRARS},
    ("GET", "/settings/segmentation/"): {"own": {"administrator"}},
    ("POST", "/settings/segmentation/"): {"own": {"administrator"}},
    ("GET", "/audit/access/"): {"own": {"team_leader", "service_manager", "administrator"}},
    ("GET", "/api/v1/openapi.json"): {"own": PUBLIC},
    ("GET", "/api/v1/docs"): {"own": PUBLIC},
    ("GET", "/api/v1/clients/worklist"): {"own": {"case_worker"}},
    ("GET", "/api/v1/clients/caseloads"): {"own": {"team_leader", "service_manager"}},
    ("GET", "/api/v1/clients/{client_id}"): {"own": STAFF_RECORD, "foreign": set()},
    ("POST", "/api/v1/clients/{client_id}/meetings"): {
        "own": MEETING_WRITERS,
        "foreign": set(),
    },
    ("GET", "/api/v1/clients/{client_id}/meetings/{meeting_id}/notes"): {
        "own": STAFF_RECORD - {"psychologist"},
        "foreign": set(),
    },
    ("GET", "/api/v1/audit/me"): {"own": {"client"}},
    ("POST", "/api/v1/intake/clients"): {"own": REGISTRARS},
    ("POST", "/api/v1/intake/import"): {"own": REGISTRARS},
    ("GET", "/api/v1/intake/rules"): {"own": {"administrator"}},
    ("POST", "/api/v1/intake/rules/preview"): {"own": {"administrator"}},
    ("PUT", "/api/v1/intake/rules"): {"own": {"administrator"}},
    # own: a worker of team A (the leader's and manager's); foreign: a worker of another unit.
    ("GET", "/api/v1/audit/workers/{worker_id}"): {
        "own": {"team_leader", "service_manager", "administrator"},
        "foreign": {"administrator"},
    },
    # The data subject only; an administrator needs a reason, which these requests lack.
    ("GET", "/api/v1/gdpr/{person_id}"): {"own": {"client"}, "foreign": set()},
    ("DELETE", "/api/v1/gdpr/{person_id}"): {"own": {"client"}, "foreign": set()},
    # Service catalogue. own: a service of the provider user's organisation; foreign: another
    # provider's. Both are published, so all staff read them; providers see only their own.
    ("GET", "/catalogue/"): {"own": CATALOGUE_READERS},
    ("GET", "/catalogue/mine/"): {"own": {"service_provider"}},
    ("GET", "/catalogue/new/"): {"own": MODERATORS | {"service_provider"}},
    ("POST", "/catalogue/new/"): {"own": MODERATORS | {"service_provider"}},
    ("GET", "/catalogue/<int:service_id>/"): {"own": CATALOGUE_READERS, "foreign": CATALOGUE_STAFF},
    ("GET", "/catalogue/<int:service_id>/edit/"): CATALOGUE_EDITORS,
    ("POST", "/catalogue/<int:service_id>/edit/"): CATALOGUE_EDITORS,
    ("POST", "/catalogue/<int:service_id>/transition/"): CATALOGUE_EDITORS,
    ("POST", "/catalogue/<int:service_id>/review/"): CATALOGUE_EDITORS,
    ("GET", "/api/v1/catalogue/services"): {"own": CATALOGUE_READERS},
    ("GET", "/api/v1/catalogue/mine"): {"own": {"service_provider"}},
    ("POST", "/api/v1/catalogue/services"): {"own": MODERATORS | {"service_provider"}},
    ("GET", "/api/v1/catalogue/services/{service_id}"): {
        "own": CATALOGUE_READERS,
        "foreign": CATALOGUE_STAFF,
    },
    ("PUT", "/api/v1/catalogue/services/{service_id}"): CATALOGUE_EDITORS,
    ("PATCH", "/api/v1/catalogue/services/{service_id}"): CATALOGUE_EDITORS,
    ("POST", "/api/v1/catalogue/services/{service_id}/transition"): CATALOGUE_EDITORS,
    ("POST", "/api/v1/catalogue/services/{service_id}/review"): CATALOGUE_EDITORS,
    ("POST", "/api/v1/catalogue/import"): {"own": {"administrator"}},
    # Client portal: the client user's own record only (there is no foreign portal).
    ("GET", "/portal/"): {"own": {"client"}},
    ("POST", "/portal/plan/acknowledge/"): {"own": {"client"}},
    ("GET", "/portal/messages/"): {"own": {"client"}},
    ("POST", "/portal/messages/"): {"own": {"client"}},
    ("GET", "/portal/meetings/<int:meeting_id>/feedback/"): {"own": {"client"}},
    ("GET", "/portal/meetings/<int:meeting_id>/reschedule/"): {"own": {"client"}},
    ("POST", "/portal/meetings/<int:meeting_id>/reschedule/"): {"own": {"client"}},
    ("POST", "/api/v1/portal/meetings/{meeting_id}/reschedule"): {"own": {"client"}},
    # The client's request to move a meeting reaches whoever may move it.
    ("POST", "/clients/<int:client_id>/reschedule-requests/<int:request_pk>/handled/"): {
        "own": MEETING_WRITERS,
        "foreign": set(),
    },
    ("GET", "/api/v1/clients/{client_id}/reschedule-requests"): {"own": MEETING_WRITERS, "foreign": set()},
    ("POST", "/api/v1/clients/{client_id}/reschedule-requests/{request_pk}/handled"): {
        "own": MEETING_WRITERS,
        "foreign": set(),
    },
    ("POST", "/portal/meetings/<int:meeting_id>/feedback/"): {"own": {"client"}},
    ("GET", "/portal/referrals/<int:referral_id>/feedback/"): {"own": {"client"}},
    ("POST", "/portal/referrals/<int:referral_id>/feedback/"): {"own": {"client"}},
    ("GET", "/portal/consents/"): {"own": {"client"}},
    ("POST", "/portal/consents/<int:consent_id>/withdraw/"): {"own": {"client"}},
    ("GET", "/api/v1/portal/plan"): {"own": {"client"}},
    ("POST", "/api/v1/portal/plan/acknowledge"): {"own": {"client"}},
    ("GET", "/api/v1/portal/meetings"): {"own": {"client"}},
    ("GET", "/api/v1/portal/referrals"): {"own": {"client"}},
    ("GET", "/api/v1/portal/messages"): {"own": {"client"}},
    ("POST", "/api/v1/portal/messages"): {"own": {"client"}},
    ("POST", "/api/v1/portal/feedback"): {"own": {"client"}},
    ("GET", "/api/v1/portal/consents"): {"own": {"client"}},
    ("POST", "/api/v1/portal/consents/{consent_id}/withdraw"): {"own": {"client"}},
    # The worker's side of the client's messages: the team's case workers and leader.
    ("GET", "/clients/<int:client_id>/messages/"): {"own": {"case_worker", "team_leader"}, "foreign": set()},
    ("POST", "/clients/<int:client_id>/messages/"): {"own": {"case_worker", "team_leader"}, "foreign": set()},
    ("GET", "/api/v1/clients/{client_id}/messages"): {
        "own": {"case_worker", "team_leader"},
        "foreign": set(),
    },
    ("POST", "/api/v1/clients/{client_id}/messages"): {
        "own": {"case_worker", "team_leader"},
        "foreign": set(),
    },
    # Management dashboard (aggregates only; team leaders see their team) and the worker's
    # employment outlook on the client page (decision support for the client's case workers).
    ("GET", "/insights/"): {"own": DASHBOARD},
    ("GET", "/insights/caseloads/"): {"own": DASHBOARD},
    ("GET", "/insights/service-promise/"): {"own": DASHBOARD},
    ("GET", "/insights/services/"): {"own": DASHBOARD},
    ("GET", "/insights/outcomes/"): {"own": DASHBOARD},
    ("GET", "/insights/feedback/"): {"own": DASHBOARD},
    ("GET", "/insights/paths/"): {"own": DASHBOARD},
    ("GET", "/insights/forecast/"): {"own": DASHBOARD | {"case_worker"}},
    ("GET", "/insights/impact/"): {"own": DASHBOARD},
    ("GET", "/insights/employer-services/"): {"own": DASHBOARD},
    ("GET", "/insights/subsidies/"): {"own": DASHBOARD},
    ("GET", "/insights/providers/"): {"own": {"analyst", "service_manager", "procurement_officer"}},
    ("GET", "/insights/national/"): {"own": NATIONAL_FIGURES},
    ("GET", "/insights/export/"): {"own": DASHBOARD | {"case_worker", "procurement_officer"}},
    ("POST", "/insights/refresh/"): {"own": {"analyst", "service_manager"}},
    ("GET", "/api/v1/insights/tables"): {"own": DASHBOARD | {"case_worker"}},
    ("GET", "/api/v1/insights/tables/{table}"): {"own": DASHBOARD | {"case_worker"}},
    ("GET", "/api/v1/insights/refresh"): {"own": DASHBOARD},
    ("GET", "/api/v1/insights/national"): {"own": NATIONAL_FIGURES},
    ("GET", "/api/v1/insights/providers"): {"own": {"analyst", "service_manager", "procurement_officer"}},
    ("POST", "/api/v1/insights/refresh"): {"own": {"analyst", "service_manager"}},
    ("GET", "/api/v1/insights/clients/{client_id}/outlook"): {
        "own": {"case_worker", "team_leader"},
        "foreign": set(),
    },
    # Labour-market profile, consents and matching (the world grants every market consent).
    ("GET", "/portal/profile/"): {"own": {"client"}},
    ("POST", "/portal/profile/"): {"own": {"client"}},
    ("GET", "/portal/profile/jobs/"): {"own": {"client"}},
    ("GET", "/portal/profile/education/"): {"own": {"client"}},
    ("GET", "/portal/profile/consents/"): {"own": {"client"}},
    ("POST", "/portal/profile/consents/"): {"own": {"client"}},
    ("POST", "/portal/profile/consents/<uuid:receipt_id>/withdraw/"): {"own": {"client"}},
    ("GET", "/portal/profile/consents/<uuid:receipt_id>/receipt.json"): {"own": {"client"}},
    ("GET", "/clients/<int:client_id>/profile/"): MARKET_CLIENT,
    ("POST", "/clients/<int:client_id>/profile/"): MARKET_CLIENT,
    ("GET", "/clients/<int:client_id>/profile/jobs/"): MARKET_CLIENT,
    ("GET", "/clients/<int:client_id>/profile/education/"): MARKET_CLIENT,
    ("GET", "/market/"): {"own": CATALOGUE_STAFF},
    ("GET", "/market/suggest/"): {"own": MARKET_STAFF | {"client"}},
    ("GET", "/api/v1/market/profile"): {"own": {"client"}},
    ("PUT", "/api/v1/market/profile"): {"own": {"client"}},
    ("GET", "/api/v1/market/clients/{client_id}/profile"): MARKET_CLIENT,
    ("PUT", "/api/v1/market/clients/{client_id}/profile"): MARKET_CLIENT,
    ("GET", "/api/v1/market/clients/{client_id}/consents"): MARKET_CLIENT,
    ("GET", "/api/v1/market/consents"): {"own": {"client"}},
    ("POST", "/api/v1/market/consents"): {"own": {"client"}},
    ("POST", "/api/v1/market/consents/{receipt_id}/withdraw"): {"own": {"client"}},
    ("GET", "/api/v1/market/consents/{receipt_id}/receipt"): {"own": {"client"}},
    ("GET", "/api/v1/market/suggestions"): {"own": MARKET_STAFF | {"client"}},
    ("GET", "/api/v1/market/matches/jobs"): {"own": {"client"}},
    ("GET", "/api/v1/market/matches/education"): {"own": {"client"}},
    ("GET", "/api/v1/market/clients/{client_id}/matches/jobs"): MARKET_CLIENT,
    ("GET", "/api/v1/market/clients/{client_id}/matches/education"): MARKET_CLIENT,
    ("GET", "/api/v1/market/overview"): {"own": CATALOGUE_STAFF},
    # TYP (issue 17): the client's own team runs the case; the network professionals (the
    # psychologist in the world) read it and sign; leaders read the suppressed indicators.
    ("GET", "/clients/<int:client_id>/typ/"): TYP_PARTIES,
    ("POST", "/clients/<int:client_id>/typ/start/"): CLIENT_TEAM,
    ("POST", "/clients/<int:client_id>/typ/team/"): CLIENT_TEAM,
    ("POST", "/clients/<int:client_id>/typ/plan/"): CLIENT_TEAM,
    ("POST", "/clients/<int:client_id>/typ/sign/"): TYP_PARTIES,
    ("POST", "/clients/<int:client_id>/typ/end/"): CLIENT_TEAM,
    ("GET", "/typ/indicators/"): {"own": {"team_leader", "service_manager"}},
    ("GET", "/api/v1/clients/{client_id}/typ"): TYP_PARTIES,
    ("POST", "/api/v1/clients/{client_id}/typ"): CLIENT_TEAM,
    ("POST", "/api/v1/clients/{client_id}/typ/team"): CLIENT_TEAM,
    ("POST", "/api/v1/clients/{client_id}/typ/plan"): CLIENT_TEAM,
    ("POST", "/api/v1/clients/{client_id}/typ/signatures"): TYP_PARTIES,
    ("POST", "/api/v1/clients/{client_id}/typ/end"): CLIENT_TEAM,
    ("GET", "/api/v1/typ/indicators"): {"own": {"team_leader", "service_manager"}},
    # Ohjaamo: the guidance staff record visits and paper surveys; the client answers.
    ("GET", "/ohjaamo/"): {"own": OHJAAMO_STAFF},
    ("POST", "/ohjaamo/"): {"own": OHJAAMO_STAFF},
    ("GET", "/ohjaamo/survey/"): {"own": OHJAAMO_STAFF},
    ("POST", "/ohjaamo/survey/"): {"own": OHJAAMO_STAFF},
    ("GET", "/portal/ohjaamo-survey/"): {"own": {"client"}},
    ("POST", "/portal/ohjaamo-survey/"): {"own": {"client"}},
    ("POST", "/api/v1/ohjaamo/visits"): {"own": OHJAAMO_STAFF},
    ("GET", "/api/v1/ohjaamo/counts"): {"own": OHJAAMO_STAFF},
    ("POST", "/api/v1/ohjaamo/surveys"): {"own": OHJAAMO_STAFF},
    ("GET", "/api/v1/ohjaamo/survey-questions"): {"own": OHJAAMO_STAFF},
    ("GET", "/api/v1/portal/ohjaamo-survey"): {"own": {"client"}},
    ("POST", "/api/v1/portal/ohjaamo-survey"): {"own": {"client"}},
    # Procured services (issue 17): officers write, the matrix provider acts on its own contract.
    **PROCUREMENT_MATRIX,
    # Employer subsidies (issue 16): experts decide; representatives and clients apply.
    **SUBSIDY_MATRIX,
}

# Framework routes that are not endpoints of ours: admin internals (reachable only by the
# administrator, whose whole tree is gated by Django admin) and static files.
IGNORED_PREFIXES = ("/admin/", "/static/", "/api/v1/")


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield "/" + prefix + str(p.pattern)


def discovered_pages() -> set[str]:
    routes = set()
    for route in _walk(get_resolver().url_patterns):
        route = route.replace("^", "").replace("$", "")
        if route == "/" or not route.startswith(IGNORED_PREFIXES):
            routes.add(route)
    return routes


def discovered_api(client) -> set[tuple[str, str]]:
    schema = client.get("/api/v1/openapi.json").json()
    return {(m.upper(), path) for path, ops in schema["paths"].items() for m in ops}


def test_every_endpoint_is_in_the_matrix(client):
    listed_routes = {route for _, route in MATRIX}
    missing_pages = discovered_pages() - listed_routes
    missing_api = discovered_api(client) - set(MATRIX)
    assert not missing_pages, f"pages missing from the authorization matrix: {sorted(missing_pages)}"
    assert not missing_api, f"API operations missing from the authorization matrix: {sorted(missing_api)}"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module and committed; each test runs in its own transaction that
    is rolled back, so what a request changes does not leak into the next case. Flushed at
    the end so that other modules start from an empty database."""
    with django_db_blocker.unblock():
        yield _build_world()
        call_command("flush", interactive=False, verbosity=0)


def _build_world():
    team_a, team_b = TeamFactory(), TeamFactory()
    users = {
        "case_worker": UserFactory(team=team_a),
        "team_leader": UserFactory(team=team_a, role=Role.TEAM_LEADER),
        "service_manager": UserFactory(team=None, unit=team_a.unit, role=Role.SERVICE_MANAGER),
    }
    # The employer coordinator works for team A's employment area (vacancies, shortlists).
    users["employer_coordinator"] = UserFactory(role=Role.EMPLOYER_COORDINATOR, team=None, unit=team_a.unit)
    # The procurement officer and the subsidy expert work for team A's area (an office).
    users["procurement_officer"] = UserFactory(
        role=Role.PROCUREMENT_OFFICER,
        team=None,
        unit=None,
        office=OfficeFactory(municipality=team_a.unit.municipality),
    )
    users["subsidy_expert"] = UserFactory(
        role=Role.SUBSIDY_EXPERT,
        team=None,
        unit=None,
        office=OfficeFactory(municipality=team_a.unit.municipality),
    )
    for role in ROLES:
        if role not in users and role != ANON:
            users[role] = UserFactory(role=role, team=None, unit=None, is_staff=role == Role.ADMINISTRATOR)
    Employer.objects.create(area=team_a.unit.municipality, business_id="0112038-9", name="Matrix Oy")
    Mandate.objects.create(user=users[REP], employer=_employer(), valid_from=dt.date(2020, 1, 1))
    # Ended long ago, so that erasure is allowed and the DELETE (a dry run) answers 204.
    own = ClientFactory(
        responsible_worker=users["case_worker"],
        user=users["client"],
        registration_date=dt.date(2014, 1, 1),
        job_search_status="ended",
        end_date=dt.date(2015, 1, 1),
    )
    NetworkMember.objects.create(
        client=own, member=users["psychologist"], consent_given=own.registration_date
    )
    # The job search ended long ago: the team opens the client with a stated reason (need to
    # know; tests/authz/test_need_to_know.py shows every route refusing without one).
    for role in ("case_worker", "team_leader"):
        AccessGrant.objects.create(
            user=users[role],
            client=own,
            reason="data_request",
            expires_at=timezone.now() + dt.timedelta(days=1),
        )
    # Team B belongs to another unit of another area, so the service manager of A has no claim on it.
    # The foreign client is another employment area's (issue 15): its unit is in Espoo.
    espoo = Municipality.objects.get_or_create(code="049", defaults={"name": "Espoo"})[0]
    other_unit_team = TeamFactory(unit__code="TKP", unit__municipality=espoo)
    worker_b = UserFactory(team=other_unit_team)
    foreign = ClientFactory(responsible_worker=worker_b, municipality=espoo)
    assert team_b.pk
    own_service, foreign_service = catalogue_world(users["service_provider"])
    Referral.objects.create(client=own, service=own_service)
    Referral.objects.create(client=foreign, service=foreign_service)
    return users, {
        "own": (own, users["case_worker"], own_service),
        "foreign": (foreign, worker_b, foreign_service),
    }


MEETING = {"kind": "initial_interview", "status": "held", "channel": "phone", "held_date": "2026-01-15"}
TODAY = dt.date.today().isoformat()
APPLICATION = {"applied_on": TODAY, "employer_name": "Oy Ab", "job_title": "Varastotyöntekijä"}
APPLICATION_FORM = {"a-applied_on": TODAY, "a-employer_name": "Oy Ab", "a-job_title": "Varastotyöntekijä"}
SESSION = {"date": TODAY, "kind": "assessment", "channel": "in_person", "summary": "x"}
# Well-formed bodies, so that the outcome shows the permission check, not input validation.
EMPLOYER = {"business_id": "0112038-9", "name": "Matrix Oy"}
# A real occupation of the shipped ESCO release, so no title needs a suggestion.
NURSE = "http://data.europa.eu/esco/occupation/18e14e61-495b-44cc-a7c6-df4c625934ba"
VACANCY = {"title": "Erikoissairaanhoitaja", "occupation_uri": NURSE, "municipality": "091"}
NEXT_WEEK = dt.date.today() + dt.timedelta(days=7)
EVENT = {"title": "Rekrytointitapahtuma", "starts_at": f"{NEXT_WEEK.isoformat()}T10:00:00", "capacity": 50}
EVENT_FORM = {
    "title": "Rekrytointitapahtuma",
    "date": NEXT_WEEK.isoformat(),
    "time": "10:00",
    "capacity": "50",
}
BODIES = {
    ("POST", "/api/v1/vacancies"): {**VACANCY, "employer_id": "A"},
    ("PUT", "/api/v1/vacancies/{vacancy_id}"): VACANCY,
    ("POST", "/api/v1/vacancies/{vacancy_id}/stage"): {"stage": "searching"},
    ("POST", "/employers/vacancies/<int:vacancy_id>/stage/"): {"stage": "searching"},
    ("POST", "/api/v1/vacancies/{vacancy_id}/shortlist"): {"top": 5},
    ("POST", "/api/v1/vacancies/{vacancy_id}/candidates/{candidate_id}/progress"): {"status": "interview"},
    ("POST", "/api/v1/portal/introductions/{candidate_id}"): {"accept": False},
    ("POST", "/api/v1/clients/{client_id}/introductions/{candidate_id}"): {"accept": False},
    ("POST", "/api/v1/employers"): {"business_id": "2617416-4", "name": "Uusi Oy"},
    ("PUT", "/api/v1/employers/{employer_id}"): EMPLOYER,
    ("POST", "/api/v1/employers/{employer_id}/interactions"): {"kind": "call", "date": "2026-01-15"},
    ("POST", "/api/v1/events"): EVENT,
    ("PUT", "/api/v1/events/{event_id}"): EVENT,
    ("POST", "/api/v1/events/{event_id}/attendance"): {"marks": []},
    ("POST", "/employers/events/"): EVENT_FORM,
    ("POST", "/employers/events/<int:event_id>/"): EVENT_FORM,
    ("POST", "/api/v1/clients/{client_id}/access"): {"reason": "supervision"},
    **MATRIX_BODIES,
    **PORTAL_BODIES,
    **MARKET_BODIES,
    ("POST", "/api/v1/casework/clients/{client_id}/network"): {"member_id": 1, "consent_given": "2020-01-01"},
    ("POST", "/api/v1/casework/clients/{client_id}/notes"): {"text": "shared", "visible_to": []},
    ("POST", "/clients/<int:client_id>/sessions/new/"): SESSION,
    ("POST", "/clients/<int:client_id>/outcomes/end/"): {"p-end": TODAY, "p-reason": "education"},
    ("POST", "/clients/<int:client_id>/outcomes/reregister/"): {"p-start": TODAY},
    ("POST", "/clients/<int:client_id>/outcomes/employment/"): {
        "e-employer_name": "Oy Ab",
        "e-start": TODAY,
        "e-weekly_hours": "37.5",
        "e-working_time": "full_time",
        "e-contract": "permanent",
    },
    ("POST", "/clients/<int:client_id>/outcomes/education/"): {
        "d-institution": "Stadin AO",
        "d-programme": "Logistiikka",
        "d-start": TODAY,
    },
    ("POST", "/api/v1/clients/{client_id}/periods/end"): {"end": TODAY, "reason": "education"},
    ("POST", "/clients/<int:client_id>/job-offers/"): {"posting_id": 0},
    ("POST", "/clients/<int:client_id>/job-offers/<int:offer_id>/answer/"): {"answer": "applied"},
    ("POST", "/clients/<int:client_id>/applications/"): APPLICATION_FORM,
    ("POST", "/portal/job-offers/"): APPLICATION_FORM,
    ("POST", "/portal/job-offers/<int:offer_id>/answer/"): {"answer": "applied"},
    ("POST", "/api/v1/clients/{client_id}/job-offers"): {"posting_id": 0},
    ("POST", "/api/v1/clients/{client_id}/job-offers/{offer_id}/answer"): {"answer": "applied"},
    ("POST", "/api/v1/clients/{client_id}/applications"): APPLICATION,
    ("POST", "/api/v1/portal/job-offers/{offer_id}/answer"): {"answer": "applied"},
    ("POST", "/api/v1/portal/applications"): APPLICATION,
    ("POST", "/operations/jobs/"): {"job": "retention"},
    ("PUT", "/api/v1/jobs/schedule/{job}"): {"every_minutes": 60, "enabled": True},
    ("POST", "/api/v1/clients/{client_id}/periods"): {"start": TODAY},
    ("POST", "/api/v1/clients/{client_id}/employments"): {
        "employer_name": "Oy Ab",
        "start": TODAY,
        "weekly_hours": "37.5",
    },
    ("POST", "/api/v1/clients/{client_id}/education"): {
        "institution": "Stadin AO",
        "programme": "Logistiikka",
        "start": TODAY,
    },
    ("POST", "/api/v1/clients/{client_id}/sessions"): SESSION,
    ("POST", "/api/v1/referrals/clients/{client_id}/suggestions"): {"need": "työkokeilu"},
    ("POST", "/clients/<int:client_id>/match/"): {"need": "työkokeilu"},
    ("POST", "/api/v1/referrals/clients/{client_id}"): {"service_id": 0, "need": ""},
    ("POST", "/api/v1/referrals/clients/{client_id}/dismissals"): {"service_id": 0, "reason": "other"},
    ("POST", "/api/v1/referrals/{referral_id}/step"): {"to": "accepted"},
    ("PUT", "/api/v1/clients/{client_id}/meetings/{meeting_id}"): MEETING,
    ("POST", "/referrals/<int:referral_id>/step/"): {"to": "cancelled", "reason": "moved"},
    # Well-formed, so that the service (and its scope check) runs, not the schema's refusal.
    ("POST", "/api/v1/clients/{client_id}/typ"): {"mapping_start": TODAY, "support_days": 400},
    ("POST", "/api/v1/clients/{client_id}/typ/team"): {"professional_id": 1, "party": "kela"},
    ("POST", "/api/v1/clients/{client_id}/typ/plan"): {
        "goals": "Työ",
        "services": "Kuntoutus",
        "client_consent": True,
        "plan_date": TODAY,
    },
    ("POST", "/api/v1/clients/{client_id}/typ/signatures"): {
        "party": "kela",
        "signer_id": 1,
        "signed_on": TODAY,
    },
    ("POST", "/api/v1/clients/{client_id}/typ/end"): {"ended_on": TODAY, "outcome": "employed"},
    ("POST", "/api/v1/ohjaamo/visits"): {"date": TODAY, "topic": "work", "age_group": "18_24"},
    ("POST", "/api/v1/ohjaamo/surveys"): {"answers": [{"question": "overall", "value": 9}]},
    ("POST", "/api/v1/portal/ohjaamo-survey"): {"answers": [{"question": "overall", "value": 9}]},
    # Subsidy experts (issues 15, 16): well-formed, so that another area's answers 404.
    ("POST", "/api/v1/subsidies/applications/{application_id}/decision"): {
        "grant": False,
        "justification": "x",
    },
    ("POST", "/api/v1/subsidies/applications/{application_id}/info-requests"): {"question": "x"},
    ("POST", "/api/v1/subsidies/applications/{application_id}/end"): {"end": "2026-04-30"},
    ("POST", "/api/v1/subsidies/payments/{payment_id}/decision"): {"approve": False, "reason": "x"},
    ("POST", "/api/v1/subsidies/decisions/{decision_id}/recoveries"): {"amount": "1", "reason": "x"},
    # Subsidy applicants (issue 16): well-formed, so that the scope check answers, not the schema.
    ("POST", "/api/v1/subsidies/applications/{application_id}/answers"): {"request": 0, "answer": "x"},
    ("POST", "/api/v1/subsidies/applications/{application_id}/continuation"): {
        "planned_months": 6,
        "description": "x",
    },
    ("POST", "/api/v1/subsidies/applications/{application_id}/payments"): {
        "period_start": "2026-03-01",
        "months": 1,
        "lines": [{"month": "2026-03", "pay": "1", "paid": True}],
        "claimed": "1",
    },
}


def _offer_for(target):
    from kohtaanto.market.models import JobPosting
    from kohtaanto.outcomes.models import JobOffer

    posting, _ = JobPosting.objects.get_or_create(source="matrix", external_id="1", defaults={"title": "Työ"})
    offer, _ = JobOffer.objects.get_or_create(client=target, posting=posting, defaults={"title": "Työ"})
    return offer


def _employer():
    """The representative's employer, kept by the world's own area."""
    return Employer.objects.get(business_id="0112038-9")


def _foreign_employer():
    """An employer kept by another area (Espoo): its staff's records, not the world's."""
    espoo = Municipality.objects.get_or_create(code="049", defaults={"name": "Espoo"})[0]
    return Employer.objects.get_or_create(
        business_id="1572860-0", area=espoo, defaults={"name": "Toinen Oy"}
    )[0]


def _vacancy_for(target):
    """Employer A's vacancy in the own client's area; employer B's in another area."""
    own = target.user_id is not None
    if own:
        employer, area = _employer(), target.unit.municipality
    else:
        employer = _foreign_employer()
        area = employer.area
    posting = JobPosting.objects.get_or_create(
        source="matrix",
        external_id=f"vacancy-{employer.pk}",
        defaults={"title": "Työ", "occupation_uri": NURSE},
    )[0]
    vacancy = Vacancy.objects.get_or_create(
        employer=employer, area=area, defaults={"title": "Työ", "occupation_uri": NURSE, "posting": posting}
    )[0]
    return vacancy


def _candidate_for(vacancy, target):
    from tests.market.factories import grant

    grant(target, Purpose.EMPLOYER_MATCHING)
    return Candidate.objects.get_or_create(
        vacancy=vacancy, client=target, defaults={"ref": "K-MATRIX", "score": 0.5, "status": "asked"}
    )[0]


def _event_for(target):
    """An upcoming event of the own client's area; one of another area for the foreign."""
    from kohtaanto.employers.models import RecruitmentEvent

    if target.user_id is not None:
        area = target.unit.municipality
    else:
        area = Municipality.objects.get_or_create(code="049", defaults={"name": "Espoo"})[0]
    starts = timezone.now() + dt.timedelta(days=7)
    return RecruitmentEvent.objects.get_or_create(
        area=area, defaults={"title": "Tapahtuma", "starts_at": starts}
    )[0]


def _document_of(target):
    from kohtaanto.portal.documents import encrypt
    from kohtaanto.portal.models import ClientDocument

    return ClientDocument.objects.create(
        client=target,
        title="CV",
        filename="cv.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        data=encrypt(b"%PDF-1.4"),
    )


def _request(client, method: str, route: str, target, worker, service=None):
    path = re.sub(r"<int:client_id>|\{client_id\}", str(target.pk), route)
    path = path.replace("{worker_id}", str(worker.pk)).replace("{person_id}", target.external_id)
    path = path.replace("{job}", "retention").replace("<str:token>", "not-a-feed")
    path = path.replace("{table}", "forecast_fairness")  # a table every dashboard reader has
    if "referral_id" in route:
        referral = Referral.objects.filter(client=target).first()
        path = re.sub(r"<int:referral_id>|\{referral_id\}", str(referral.pk), path)
    # A member id only needs to exist: the permission check comes before the member matters.
    path = re.sub(r"<int:member_id>|\{member_id\}", str(worker.pk), path)
    if "reschedule" in route:  # an upcoming meeting of the target, and a request to move it
        upcoming = MeetingFactory(
            client=target,
            status="planned",
            held_date=None,
            planned_date=dt.date.today() + dt.timedelta(days=7),
        )
        path = re.sub(r"<int:meeting_id>|\{meeting_id\}", str(upcoming.pk), path)
        if "request_pk" in route:
            asked = RescheduleRequest.objects.create(
                client=target, meeting=upcoming, reason="lääkäri", planned_date=upcoming.planned_date
            )
            path = re.sub(r"<int:request_pk>|\{request_pk\}", str(asked.pk), path)
    if "referral-requests" in route:  # the target's request for the matrix's service
        wish, _ = ReferralRequest.objects.get_or_create(
            client=target, service=service or Service.objects.first(), handled_at=None
        )
        path = re.sub(r"<int:request_pk>|\{request_pk\}", str(wish.pk), path)
    if "employer_id" in route:  # the own area's employer, or another area's (foreign)
        employer = _employer() if target.user_id is not None else _foreign_employer()
        path = re.sub(r"<int:employer_id>|\{employer_id\}", str(employer.pk), path)
    if "vacancy_id" in route or "candidate_id" in route:  # employer A's (own) or B's (foreign)
        vacancy = _vacancy_for(target)
        path = re.sub(r"<int:vacancy_id>|\{vacancy_id\}", str(vacancy.pk), path)
        if "candidate_id" in route:
            candidate = _candidate_for(vacancy, target)
            path = re.sub(r"<int:candidate_id>|\{candidate_id\}", str(candidate.pk), path)
    if "event_id" in route:  # an upcoming event of the target's area (own) or another (foreign)
        event = _event_for(target)
        path = re.sub(r"<int:event_id>|\{event_id\}", str(event.pk), path)
        if method == "DELETE" or route.endswith("/cancel/"):  # the target's registration to cancel
            event.registrations.get_or_create(client=target)
    if "document_id" in route:  # a document of the target's
        path = re.sub(r"<int:document_id>|\{document_id\}", str(_document_of(target).pk), path)
    if "meeting_id" in route:  # a held meeting of the target, to give feedback on
        path = re.sub(r"<int:meeting_id>|\{meeting_id\}", str(MeetingFactory(client=target).pk), path)
    if "offer_id" in route:  # an offer of the target's, so only the role decides
        path = re.sub(r"<int:offer_id>|\{offer_id\}", str(_offer_for(target).pk), path)
    if "consent_id" in route:  # the target's network consent (the psychologist's in "own")
        consent = NetworkMember.objects.filter(client=target).first()
        path = re.sub(r"<int:consent_id>|\{consent_id\}", str(consent.pk if consent else 0), path)
    path = procurement_path(path, route, service, target.municipality)  # contracts, invoices, rounds
    path = subsidy_path(path, route, target, _employer())  # applications (issue 16)
    if service is not None:
        path = re.sub(r"<int:service_id>|\{service_id\}", str(service.pk), path)
    if "/profile/" in route or "/market/" in route:  # every market consent, so only roles decide
        consent = market_world(target)
        path = re.sub(r"<uuid:receipt_id>|\{receipt_id\}", str(consent.receipt_id), path)
    if (method, route) in BODIES:
        body = BODIES[(method, route)]
        if route == "/referrals/<int:referral_id>/step/":  # the worker's form names the client
            body = {**body, "client_id": target.pk}
        if body.get("employer_id") == "A":  # the representative's employer
            body = {**body, "employer_id": _employer().pk}
        if route.startswith("/api/"):
            return client.generic(method, path, json.dumps(body), content_type="application/json")
        return client.post(path, body)
    if method == "GET":
        return client.get(path)
    if method == "DELETE":
        return client.delete(path + "?dry_run=true")
    if method == "PUT":
        return client.put(path, {"rules": []}, content_type="application/json")
    if route.startswith("/api/"):
        return client.post(path, MEETING, content_type="application/json")
    return client.post(path, MEETING)


def _allowed(response, public: bool = False) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return False
    if response.status_code in (301, 302) and not public:
        target = response["Location"]
        return "login" not in target and "/signin/" not in target
    return response.status_code < 400 or response.status_code == 422


CASES = [
    (method, route, scope, role)
    for (method, route), scopes in MATRIX.items()
    for scope in (("own", "foreign") if "foreign" in scopes else ("own",))
    for role in ROLES
]


@pytest.mark.parametrize(("method", "route", "scope", "role"), CASES, ids=lambda v: str(v))
def test_matrix(db, client, world, method, route, scope, role):
    users, targets = world
    target, worker, service = targets[scope]
    if role != ANON:
        client.force_login(users[role])
    before = AuditEvent.objects.filter(subject_client_id=target.pk, action="read").count()
    response = _request(client, method, route, target, worker, service)
    expected = role in MATRIX[(method, route)][scope]
    public = MATRIX[(method, route)][scope] == PUBLIC
    assert _allowed(response, public) == expected, (
        f"{role} {method} {route} ({scope}): {response.status_code}"
    )
    if not expected:
        # A refused request must not have read the client's data.
        assert AuditEvent.objects.filter(subject_client_id=target.pk, action="read").count() == before
