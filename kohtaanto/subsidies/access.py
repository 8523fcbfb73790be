"""Who may see and act on which subsidy applications: a representative their mandated
employers', a client their own start-up grant, a subsidy expert those of their employment
area's clients. Every read and write of this app starts here; a case worker has no part in
deciding subsidies."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.audit.services import audit_record
from kohtaanto.employers.access import mandated_employers
from kohtaanto.organisation.tenancy import in_area

from .models import SubsidyApplication

NOTHING = Q(pk__in=[])
PURPOSE = "employer subsidies"


def application_scope(actor: User) -> Q:
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return NOTHING
    if policy.has_role(actor, policy.SUBSIDY_EXPERTS):
        # The expert's own employment area only (issue 15): the client's municipality.
        return in_area(actor, "client__municipality_id")
    if policy.has_role(actor, policy.REPRESENTATIVES):
        return Q(employer_id__in=mandated_employers(actor))
    if policy.is_client(actor):
        return Q(employer__isnull=True, client__user=actor)
    return NOTHING


def is_expert(actor: User) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and policy.has_role(actor, policy.SUBSIDY_EXPERTS)


def require_expert(actor: User) -> None:
    """Deciding, asking for information and paying are the subsidy experts' work only."""
    if not is_expert(actor):
        raise PermissionDenied(_("Only a subsidy expert handles subsidy applications."))


def require_applicant(actor: User) -> None:
    if not (policy.has_role(actor, policy.REPRESENTATIVES) or policy.is_client(actor)):
        raise PermissionDenied(_("Subsidies are applied for by the employer's representative or the client."))


def application_for(actor: User, application_id: int, *, lock: bool = False) -> SubsidyApplication:
    """The application if `actor` may see it; 404 otherwise, so another employer's
    applications are not even shown to exist."""
    qs = SubsidyApplication.objects.filter(application_scope(actor)).select_related("employer", "client")
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=application_id).first()
    if found is None:
        raise Http404("no such subsidy application")
    return found


def audit_application(
    actor: User,
    app: SubsidyApplication,
    action: str,
    target: str,
    target_id: int,
    request_id: str,
    detail: dict | None = None,
) -> None:
    """One audit row about an application's client, under the subsidies purpose."""
    audit_record(
        actor=actor,
        action=action,
        target_type=target,
        target_id=target_id,
        subject_client_id=app.client_id,
        purpose=PURPOSE,
        request_id=request_id,
        detail=detail,
    )


def payment_scope(actor: User) -> Q:
    """Payment applications of the applications `actor` may see (an expert: their area's)."""
    return Q(decision__application__in=SubsidyApplication.objects.filter(application_scope(actor)))
