"""Words for the codes the audit log stores, so access logs never show a code to a person.

The log keeps stable English codes (purposes, target types, roles) because they are hashed
into the chain and searched by supervisors; people read them through these labels. A code
without a label is shown as stored: `tests/audit/test_labels.py` fails when code writes a
purpose or target that has none here.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import SECTION_LABELS, Action

PURPOSE_LABELS: dict[str, Promise] = {
    "administration: organisational fields": _("administration: organisational details"),
    "administration: reassignment": _("administration: change of responsible worker"),
    "administration: jobs": _("administration: background jobs"),
    "access supervision": _("supervision of access to client data"),
    "case work": _("case work"),
    "national comparison": _("comparison of employment areas"),
    "catalogue administration": _("service catalogue administration"),
    "catalogue maintenance": _("service catalogue maintenance"),
    "procurement": _("procurement of services"),
    "typ joint service": _("the multi-professional joint service (TYP)"),
    "typ indicators": _("indicators of the multi-professional joint service"),
    "ohjaamo guidance": _("Ohjaamo guidance"),
    "ohjaamo client survey": _("Ohjaamo client survey"),
    "ohjaamo statistics": _("Ohjaamo statistics"),
    "catalogue moderation": _("service catalogue moderation"),
    "catalogue review reminders": _("service catalogue review reminders"),
    "client network": _("the client's network of professionals"),
    "client portal": _("the client's own pages"),
    "consent receipt": _("consent receipt"),
    "contact data": _("contact details"),
    "documents": _("documents the client gave"),
    "demo: test identification": _("demo: the test identification page listed the code"),
    "data-subject access request": _("request to see one's own data"),
    "employer services": _("employer services"),
    "employer subsidies": _("employer subsidies and the start-up grant"),
    "employer matching": _("matching job seekers to employers' vacancies"),
    "recruitment events": _("recruitment events"),
    "employment outlook (decision support)": _("employment outlook (decision support)"),
    "employment plan": _("employment plan"),
    "field key rotation": _("renewal of encryption keys"),
    "knowledge-based management": _("knowledge-based management"),
    "integration access": _("integration access"),
    "labour-market statistics": _("labour-market statistics"),
    "market consents": _("labour-market consents"),
    "market data": _("labour-market data"),
    "market profile": _("labour-market profile"),
    "meeting notes": _("meeting notes"),
    "meeting calendar": _("the worker's meeting calendar"),
    "meeting reminders": _("meeting reminders"),
    "job-search outcome": _("recording how the job search went"),
    "messages": _("messages"),
    "network session": _("a network professional's session with the client"),
    "own profile": _("the client's own labour-market profile"),
    "own password changed": _("own password changed"),
    "provider: incoming referrals": _("service provider: incoming referrals"),
    "pseudonymised analytics extract": _("pseudonymised statistics extract"),
    "reassignment": _("change of responsible worker"),
    "record meeting": _("recording a meeting"),
    "referral": _("referral to a service"),
    "referrals": _("referrals to services"),
    "refused access": _("access refused"),
    "registration": _("registration as a job seeker"),
    "self-registration": _("the person's own registration as a job seeker"),
    "strong identification": _("signing in with strong identification"),
    "service matching": _("finding suitable services"),
    "shared note": _("note shared with the network"),
    "worklist": _("worklist (list of own clients)"),
    # Consent purposes of the labour-market profile (market.models.Purpose).
    "job_matching": _("matching my profile with job postings"),
    "education_matching": _("matching my profile with education"),
    "profile_sharing_with_worker": _("showing my profile to my employment worker"),
    "market_statistics": _("counting my occupation in labour-market statistics"),
    # Need to know: the reasons a worker states (accounts.policy.ACCESS_REASONS).
    "need to know: standing_in": _("standing in for the responsible worker"),
    "need to know: client_contact": _("the client contacted the worker"),
    "need to know: team_case_discussion": _("team case discussion"),
    "need to know: handover": _("the client is being handed over"),
    "need to know: supervision": _("supervision of the team's work"),
    "need to know: returning_client": _("the client is returning to job search"),
    "need to know: data_request": _("the client's request about their data"),
}

# Purposes that carry a free-text reason after the code: "administration: checking X".
PURPOSE_PREFIX_LABELS: dict[str, Promise] = {
    "administration": _("administration: %(reason)s"),
    "need to know": _("need to know: %(reason)s"),
}

TARGET_LABELS: dict[str, Promise] = {
    **SECTION_LABELS,
    "audit.access_by_worker": _("access log of a worker"),
    "catalogue": _("service catalogue"),
    "insights.national": _("figures of all employment areas"),
    "catalogue.service.admin": _("service catalogue entry"),
    "client.admin": _("client record (administration)"),
    "client.gdpr": _("copy of own data"),
    "client.contact": _("contact details"),
    "client.document": _("document"),
    "client.referral_request": _("request for a referral"),
    "catalogue.own": _("services for the client"),
    "client.hetu": _("identity code"),
    "client.access_reason": _("reason to open the client's data"),
    "client.network": _("network of professionals"),
    "client.outcomes": _("job-search periods and outcomes"),
    "client.period": _("job-search period"),
    "client.employment": _("employment"),
    "client.education_start": _("education start"),
    "client.job_offer": _("job offer"),
    "client.job_offers": _("job offers and applications"),
    "client.job_application": _("job application"),
    "client.network_session": _("network professional's session"),
    "client.network_sessions": _("network professionals' sessions"),
    "client.responsible_worker": _("responsible worker"),
    "client.shared_note": _("shared note"),
    "client.worklist": _("worklist"),
    "employer": _("employer"),
    "employer.interaction": _("contact with an employer"),
    "vacancy": _("vacancy"),
    "employer.mandate": _("a representative's mandate for an employer"),
    "subsidy.application": _("subsidy application"),
    "subsidy.attachment": _("attachment of a subsidy application"),
    "subsidy.info_request": _("request for information on a subsidy application"),
    "subsidy.decision": _("subsidy decision"),
    "subsidy.payment": _("subsidy payment application"),
    "subsidy.recovery": _("recovery of an overpaid subsidy"),
    "subsidy.batch": _("subsidy payment batch"),
    "vacancy.stage": _("stage of a vacancy"),
    "vacancy.candidate": _("candidate for a vacancy"),
    "employer.event": _("recruitment event"),
    "employer.event_registration": _("registration for a recruitment event"),
    "employer.event_registrations": _("recruitment events and registrations"),
    "employment_plan": _("employment plan"),
    "identity.keys": _("encryption keys"),
    "insights.refresh": _("statistics refresh"),
    "procurement.contract": _("service contract"),
    "typ.case": _("multi-professional joint service case"),
    "typ.team_member": _("member of a TYP team"),
    "typ.plan": _("multi-professional joint plan"),
    "typ.signature": _("signature of a joint plan"),
    "typ.indicators": _("TYP indicators"),
    "ohjaamo.visit": _("Ohjaamo visit"),
    "ohjaamo.survey": _("Ohjaamo survey answer"),
    "ohjaamo.counts": _("Ohjaamo statistics"),
    "procurement.bonus_rules": _("outcome bonus rules of a contract"),
    "procurement.outcomes": _("outcomes and bonuses of a contract"),
    "procurement.invoice": _("provider's invoice"),
    "procurement.invoice_line": _("provider's invoice line"),
    "procurement.round": _("procurement round"),
    "procurement.question": _("question in a procurement round"),
    "procurement.proposal": _("proposal in a procurement round"),
    "api.token": _("integration token"),
    "market.education": _("education suggestions"),
    "market.overview": _("labour-market overview"),
    "market.postings": _("job postings"),
    "match_feedback": _("feedback on service suggestions"),
    "meeting": _("meeting"),
    "meeting.notes": _("meeting notes"),
    "meeting.reschedule_request": _("request to move a meeting"),
    "meeting.calendar": _("meeting calendar"),
    "meeting.calendar_feed": _("calendar feed address"),
    "notification.meeting_reminder": _("meeting reminder"),
    "person.sign_in": _("sign-in"),
    "referral": _("referral"),
    "register.snapshot": _("register snapshot"),
    "referral.incoming": _("incoming referrals"),
    "request": _("page or operation"),
    "segmentation_rules": _("segmentation rules"),
    "service_matching": _("service suggestions"),
    "user.password": _("password"),
    "jobs.run": _("background job"),
    "jobs.schedule": _("schedule of background jobs"),
}


def purpose_label(code: str) -> str:
    """The purpose in the reader's language; a free-text reason after a known prefix is kept."""
    if not code:
        return ""
    if code in PURPOSE_LABELS:
        return str(PURPOSE_LABELS[code])
    prefix, sep, rest = code.partition(": ")
    if sep and prefix in PURPOSE_PREFIX_LABELS:
        return str(PURPOSE_PREFIX_LABELS[prefix]) % {"reason": rest}
    return code


def target_label(code: str) -> str:
    return str(TARGET_LABELS.get(code, code))


def action_label(code: str) -> str:
    try:
        return str(Action(code).label)
    except ValueError:
        return code
