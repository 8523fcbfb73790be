"""Factories and request bodies for portal tests and the authorization matrix."""

from __future__ import annotations

import datetime as dt

from kohtaanto.accounts.models import Role
from kohtaanto.clients.models import EmploymentPlan, NetworkMember, PlanTask
from tests.factories import ClientFactory, UserFactory

# Valid bodies the matrix sends to portal and message endpoints, so an allowed role gets a
# 2xx (or 422 where the world lacks the object, e.g. a plan to acknowledge).
PORTAL_BODIES = {
    ("POST", "/portal/plan/acknowledge/"): {},
    ("POST", "/portal/messages/"): {"body": "Hei, kysyisin suunnitelmasta."},
    ("POST", "/portal/meetings/<int:meeting_id>/feedback/"): {"score": 4, "text": "Hyvä", "language": "fi"},
    ("POST", "/portal/referrals/<int:referral_id>/feedback/"): {"score": 4, "language": "sv"},
    ("POST", "/portal/consents/<int:consent_id>/withdraw/"): {},
    ("POST", "/clients/<int:client_id>/messages/"): {"body": "Hei, muistathan tapaamisen."},
    ("POST", "/api/v1/portal/plan/acknowledge"): {},
    ("POST", "/api/v1/portal/messages"): {"body": "Hei"},
    ("POST", "/api/v1/portal/feedback"): {"meeting_id": 0, "score": 4},
    ("POST", "/api/v1/portal/consents/{consent_id}/withdraw"): {},
    ("POST", "/api/v1/clients/{client_id}/messages"): {"body": "Hei"},
    ("POST", "/portal/meetings/<int:meeting_id>/reschedule/"): {
        "reason": "Olen silloin lääkärissä.",
        "preferred": "aamut",
    },
    ("POST", "/api/v1/portal/meetings/{meeting_id}/reschedule"): {"reason": "Olen silloin lääkärissä."},
}


def client_user(**client_kwargs):
    """A client user linked to a new client record; returns (user, client)."""
    user = UserFactory(role=Role.CLIENT, team=None, unit=None, email="client@example.org")
    record = ClientFactory(user=user, **client_kwargs)
    return user, record


def plan_for(client, version: int = 1, **kwargs) -> EmploymentPlan:
    plan = EmploymentPlan.objects.create(
        client=client,
        version=version,
        goals=kwargs.pop("goals", "Löytää työ logistiikasta."),
        job_search_obligation=kwargs.pop("job_search_obligation", 4),
        **kwargs,
    )
    PlanTask.objects.create(plan=plan, title="Päivitä CV", due_date=dt.date.today() + dt.timedelta(days=7))
    PlanTask.objects.create(plan=plan, title="Selvitä koulutusvaihtoehdot", assignee="worker")
    return plan


def network_member(client, role: str = Role.PSYCHOLOGIST, **kwargs):
    member = UserFactory(role=role, team=None, unit=None, **kwargs)
    row = NetworkMember.objects.create(client=client, member=member, consent_given=client.registration_date)
    return member, row
