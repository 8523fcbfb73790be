"""TEMPORARY STUB by the coordinator so the app imports while the real candidate matching is
being written (helper H1 replaces this whole file with the vectorised implementation)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from kohtaanto.domain.keys import derive
from kohtaanto.market.models import Consent, Purpose

from .models import Vacancy


@dataclass(frozen=True)
class Ranked:
    client_id: int
    ref: str
    score: float
    breakdown: dict[str, float]
    gaps: list[str]


def client_ref(vacancy_id: int, client_id: int) -> str:
    key = derive(settings.SECRET_KEY, b"candidate-ref")
    digest = hmac.new(key, f"{vacancy_id}:{client_id}".encode(), hashlib.sha256).hexdigest()
    return "K-" + digest[:8].upper()


def rank(vacancy: Vacancy, *, top: int = 20) -> list[Ranked]:
    now = timezone.now()
    consents = Consent.objects.filter(
        purpose=Purpose.EMPLOYER_MATCHING,
        withdrawn_at__isnull=True,
        granted_at__lte=now,
        expires_at__gt=now,
        client__unit__municipality_id=vacancy.area_id,
    ).select_related("client__market_profile")
    out = []
    for consent in consents:
        profile = getattr(consent.client, "market_profile", None)
        held = {s.get("uri") for s in (profile.skills if profile and "skills" in consent.fields else [])}
        wanted = {
            o.get("uri") for o in (profile.occupations if profile and "occupations" in consent.fields else [])
        }
        occupation = 1.0 if vacancy.occupation_uri in wanted else 0.0
        gaps = [s for s in vacancy.skills if s not in held]
        skills = 1 - len(gaps) / len(vacancy.skills) if vacancy.skills else 0.0
        out.append(
            Ranked(
                consent.client_id,
                client_ref(vacancy.pk, consent.client_id),
                0.6 * occupation + 0.4 * skills,
                {"occupation": occupation, "skills": skills},
                gaps,
            )
        )
    return sorted(out, key=lambda r: -r.score)[:top]
