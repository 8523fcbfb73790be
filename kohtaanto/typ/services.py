"""Writing a TYP case (Act 1369/2014): start the mapping period after the eligibility check,
name the team, agree the joint plan with the client's consent, record each party's signature,
end the case with its outcome. Each write is one transaction, by the roles of
`accounts.policy`, audited; a refusal is a ValidationError keyed by field and writes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import TYP_PROFESSIONALS, TYP_READERS, TYP_WRITERS
from kohtaanto.audit.services import audit_record
from kohtaanto.clients.models import Client
from kohtaanto.clients.selectors import client_get
from kohtaanto.domain import typ as rules

from .models import CaseStatus, ExitOutcome, Party, TypCase, TypPlan, TypSignature, TypTeamMember

PURPOSE = "typ joint service"


def _client(*, actor: User, client_id: int, roles: frozenset, request_id: str) -> Client:
    if actor.role not in roles:
        raise PermissionDenied(_("Your role does not take part in the joint service."))
    return client_get(actor=actor, client_id=client_id, purpose=PURPOSE, request_id=request_id)


def require_writer(actor: User) -> None:
    """Refuse before reading anything: only the client's own team runs the case."""
    if actor.role not in TYP_WRITERS:
        raise PermissionDenied(_("Only the client's own team runs the joint-service case."))


def open_case(client: Client) -> TypCase | None:
    return TypCase.objects.filter(client=client, ended_on__isnull=True).first()


def _open_case_or_error(client: Client, *, lock: bool = True) -> TypCase:
    qs = TypCase.objects.filter(client=client, ended_on__isnull=True)
    case = (qs.select_for_update() if lock else qs).first()
    if case is None:
        raise ValidationError({"case": _("The client has no open joint-service case.")})
    return case


def unemployed_since(client: Client) -> dt.date | None:
    """Start of the open job-search period: the continuous unemployment the Act counts."""
    period = client.periods.filter(end__isnull=True).order_by("-start").first()
    if period is not None:
        return period.start
    return client.registration_date if client.job_search_status == "active" else None


def eligibility(client: Client, *, support_days: int | None, on: dt.date) -> rules.Eligibility:
    try:
        return rules.check_eligibility(
            birth_date=client.birth_date,
            unemployed_since=unemployed_since(client),
            support_days=support_days,
            on=on,
        )
    except rules.TypRuleError as exc:  # a date before or after every rule version
        raise ValidationError(
            {"mapping_start": _("No TYP rules are in force on %(date)s.") % {"date": on.isoformat()}}
        ) from exc


def case_start(
    *,
    actor: User,
    client_id: int,
    mapping_start: dt.date,
    support_days: int | None = None,
    request_id: str = "",
) -> TypCase:
    """Open the mapping period if the client qualifies on `mapping_start`."""
    client = _client(actor=actor, client_id=client_id, roles=TYP_WRITERS, request_id=request_id)
    today = timezone.localdate()
    if mapping_start > today:
        raise ValidationError({"mapping_start": _("The date cannot be in the future.")})
    if support_days is not None and not 0 <= support_days <= 5000:
        raise ValidationError({"support_days": _("Enter the days Kela reports (0–5000).")})
    result = eligibility(client, support_days=support_days, on=mapping_start)
    if not result.eligible:
        raise ValidationError(
            {
                "support_days": _(
                    "The client does not qualify: %(days)s of %(need_days)s labour-market support days, "
                    "%(months)s of %(need_months)s months of continuous unemployment."
                )
                % {
                    "days": support_days if support_days is not None else "–",
                    "need_days": result.support_days_required,
                    "months": result.unemployed_months,
                    "need_months": result.months_required,
                }
            }
        )
    with transaction.atomic():
        Client.objects.select_for_update().get(pk=client.pk)
        if open_case(client) is not None:
            raise ValidationError({"case": _("The client already has an open joint-service case.")})
        case = TypCase.objects.create(
            client=client,
            basis=result.basis,
            support_days=support_days,
            unemployed_months=result.unemployed_months,
            rule_version=result.rule_version,
            mapping_start=mapping_start,
            mapping_latest_end=rules.mapping_period_latest_end(mapping_start),
            started_by=actor,
        )
        audit_record(
            actor=actor,
            action="create",
            target_type="typ.case",
            target_id=case.pk,
            subject_client_id=client.pk,
            purpose=PURPOSE,
            request_id=request_id,
            detail={"basis": case.basis, "rule_version": case.rule_version},
        )
    return case


def team_member_add(
    *, actor: User, client_id: int, professional_id: int, party: str, request_id: str = ""
) -> TypTeamMember:
    client = _client(actor=actor, client_id=client_id, roles=TYP_WRITERS, request_id=request_id)
    if party not in Party.values:
        raise ValidationError({"party": _("Choose the employment services, social services or Kela.")})
    professional = User.objects.filter(pk=professional_id, is_active=True, role__in=TYP_PROFESSIONALS).first()
    if professional is None:
        raise ValidationError({"professional": _("No such professional.")})
    with transaction.atomic():
        case = _open_case_or_error(client)
        if case.team.filter(professional=professional).exists():
            raise ValidationError({"professional": _("The professional is already in the team.")})
        member = TypTeamMember.objects.create(
            client=client, case=case, professional=professional, party=party
        )
        audit_record(
            actor=actor,
            action="create",
            target_type="typ.team_member",
            target_id=member.pk,
            subject_client_id=client.pk,
            purpose=PURPOSE,
            request_id=request_id,
            detail={"party": party, "professional": professional.pk},
        )
    return member


def plan_agree(
    *,
    actor: User,
    client_id: int,
    goals: str,
    services: str,
    client_consent: bool,
    plan_date: dt.date,
    request_id: str = "",
) -> TypPlan:
    """The joint plan ends the mapping period. Without the client's consent there is no plan:
    the data of three authorities is joined only with it."""
    client = _client(actor=actor, client_id=client_id, roles=TYP_WRITERS, request_id=request_id)
    errors: dict[str, str] = {}
    if not client_consent:
        errors["client_consent"] = _("The joint plan needs the client's consent; nothing was saved.")
    if not goals.strip():
        errors["goals"] = _("Write the plan's goals.")
    if not services.strip():
        errors["services"] = _("Write the services agreed.")
    if plan_date > timezone.localdate():
        errors["plan_date"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = _open_case_or_error(client)
        if hasattr(case, "plan"):
            raise ValidationError({"case": _("The case already has a joint plan.")})
        if plan_date < case.mapping_start:
            raise ValidationError(
                {"plan_date": _("The plan cannot be agreed before the mapping period began.")}
            )
        if plan_date > case.mapping_latest_end:
            raise ValidationError(
                {
                    "plan_date": _("The mapping period lasts at most until %(date)s.")
                    % {"date": case.mapping_latest_end}
                }
            )
        parties = set(case.team.values_list("party", flat=True))
        if parties != set(Party.values):
            raise ValidationError({"team": _("Name a professional of each party in the team first.")})
        plan = TypPlan.objects.create(
            client=client,
            case=case,
            goals=goals.strip(),
            services=services.strip(),
            consent_date=plan_date,
            created_by=actor,
        )
        case.status, case.plan_date = CaseStatus.PLAN, plan_date
        case.save(update_fields=["status", "plan_date"])
        audit_record(
            actor=actor,
            action="create",
            target_type="typ.plan",
            target_id=plan.pk,
            subject_client_id=client.pk,
            purpose=PURPOSE,
            request_id=request_id,
            detail={"consent_date": plan_date.isoformat()},
        )
    return plan


def plan_sign(
    *, actor: User, client_id: int, party: str, signer_id: int, signed_on: dt.date, request_id: str = ""
) -> TypSignature:
    """A party's signature: its team member signs, or the client's own team records it."""
    client = _client(actor=actor, client_id=client_id, roles=TYP_READERS, request_id=request_id)
    if party not in Party.values:
        raise ValidationError({"party": _("Choose the employment services, social services or Kela.")})
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The date cannot be in the future.")})
    with transaction.atomic():
        case = _open_case_or_error(client)
        plan = TypPlan.objects.filter(case=case).first()
        if plan is None:
            raise ValidationError({"plan": _("There is no joint plan to sign yet.")})
        member = case.team.filter(professional_id=signer_id, party=party).first()
        if member is None:
            raise ValidationError({"signer": _("The signer must be the team's professional of that party.")})
        if actor.role not in TYP_WRITERS and actor.pk != signer_id:
            raise PermissionDenied(_("Professionals sign only for themselves."))
        if plan.signatures.filter(party=party).exists():
            raise ValidationError({"party": _("This party has already signed.")})
        signature = TypSignature.objects.create(
            client=client, plan=plan, party=party, signer_id=signer_id, signed_on=signed_on
        )
        audit_record(
            actor=actor,
            action="create",
            target_type="typ.signature",
            target_id=signature.pk,
            subject_client_id=client.pk,
            purpose=PURPOSE,
            request_id=request_id,
            detail={"party": party, "signer": signer_id},
        )
    return signature


def case_end(
    *, actor: User, client_id: int, ended_on: dt.date, outcome: str, request_id: str = ""
) -> TypCase:
    client = _client(actor=actor, client_id=client_id, roles=TYP_WRITERS, request_id=request_id)
    if outcome not in ExitOutcome.values:
        raise ValidationError({"outcome": _("Choose how the case ended.")})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("The date cannot be in the future.")})
    with transaction.atomic():
        case = _open_case_or_error(client)
        if ended_on < case.mapping_start:
            raise ValidationError({"ended_on": _("The case cannot end before it began.")})
        case.ended_on, case.exit_outcome, case.status = ended_on, outcome, CaseStatus.ENDED
        case.save(update_fields=["ended_on", "exit_outcome", "status"])
        audit_record(
            actor=actor,
            action="update",
            target_type="typ.case",
            target_id=case.pk,
            subject_client_id=client.pk,
            purpose=PURPOSE,
            request_id=request_id,
            detail={"outcome": outcome},
        )
    return case
