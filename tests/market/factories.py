"""Market test helpers, and the bodies and consents the authorization matrix uses."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kohtaanto.market import consents as consent_rules
from kohtaanto.market.models import PROFILE_FIELDS, Consent, EducationOffering, JobPosting, Profile, Purpose

from .esco_fixture import CARE, FIRST_AID, NURSE, PRACTICAL, WOUNDS

# Well-formed bodies, so the matrix sees the permission check, not input validation.
MARKET_BODIES = {
    ("POST", "/portal/profile/"): {"section": "languages", "code": "fi", "level": "native"},
    ("POST", "/clients/<int:client_id>/profile/"): {"section": "languages", "code": "fi", "level": "native"},
    ("POST", "/portal/profile/consents/"): {"purpose": "job_matching", "fields": ["skills"], "months": "3"},
    ("POST", "/portal/profile/consents/<uuid:receipt_id>/withdraw/"): {},
    ("PUT", "/api/v1/market/profile"): {"languages": [{"code": "fi", "level": "native"}]},
    ("PUT", "/api/v1/market/clients/{client_id}/profile"): {"languages": [{"code": "fi", "level": "native"}]},
    ("POST", "/api/v1/market/consents"): {"purpose": "job_matching", "fields": ["skills"], "months": 3},
    ("POST", "/api/v1/market/consents/{receipt_id}/withdraw"): {},
}


def grant(
    client, purpose: str = Purpose.JOB_MATCHING, fields=PROFILE_FIELDS, days: int = 180, **kw
) -> Consent:
    """A consent as the client would give it (with its receipt), bypassing the web layer."""
    consent = Consent(
        client=client,
        purpose=purpose,
        fields=list(fields),
        expires_at=timezone.now() + timedelta(days=days),
        **kw,
    )
    consent.receipt = consent_rules.build_receipt(consent, client)
    consent.save()
    return consent


def market_world(client) -> Consent:
    """Every purpose granted for all fields: what the matrix needs for allowed roles to pass."""
    consents = [grant(client, p) for p in Purpose.values]
    return consents[0]


def nurse_profile(client, **fields) -> Profile:
    data = {
        "occupations": [{"uri": NURSE, "title": "sairaanhoitaja"}],
        "work_history": [
            {"uri": PRACTICAL, "title": "lähihoitaja", "employer": "Hoiva Oy", "start": 2015, "end": 2023}
        ],
        "skills": [{"uri": CARE, "label": "patient care"}, {"uri": WOUNDS, "label": "wound care"}],
        "education": [{"level": "3", "field": "09", "title": "Lähihoitaja", "year": 2014}],
        "languages": [{"code": "fi", "level": "native"}, {"code": "en", "level": "B1"}],
        "driving_licences": ["B"],
        "preferences": {"areas": ["091"], "working_time": ["full_time"], "remote": "accept"},
    }
    data.update(fields)
    return Profile.objects.create(client=client, **data)


def posting(n: int, occupation: str = NURSE, municipality: str = "091", **kw) -> JobPosting:
    from kohtaanto.market.escodata import esco

    e = esco()
    skills = kw.pop("skills", None) or e.essential_skills(occupation)
    return JobPosting.objects.create(
        source="test",
        external_id=str(n),
        title=kw.pop("title", e.occupation_label(occupation)),
        employer=kw.pop("employer", "Testi Oy"),
        municipality=municipality,
        occupation_uri=occupation,
        isco_group=e.isco_of(occupation),
        skills=skills,
        working_time=kw.pop("working_time", ["full_time"]),
        languages=kw.pop("languages", [{"code": "fi", "level": "B2"}]),
        **kw,
    )


def offering(n: int, occupations: list[str], skills: list[str], **kw) -> EducationOffering:
    return EducationOffering.objects.create(
        source="test",
        external_id=str(n),
        name={"fi": kw.pop("name", f"Koulutus {n}")},
        provider="Testiopisto",
        level=kw.pop("level", "6"),
        municipalities=kw.pop("municipalities", ["091"]),
        languages=["fi"],
        occupations=occupations,
        skills=skills,
        **kw,
    )


__all__ = ["FIRST_AID", "MARKET_BODIES", "grant", "market_world", "nurse_profile", "offering", "posting"]
