"""Adapter between the catalogue and the pure matcher: one index per process, rebuilt when
the published catalogue changes (embeddings are cached by content hash, so a rebuild only
encodes what changed), and the client's record turned into the matcher's ClientContext."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kohtaanto.accounts.models import User
from kohtaanto.audit.services import audit_record
from kohtaanto.catalogue.models import Service
from kohtaanto.catalogue.selectors import catalogue_records, catalogue_version
from kohtaanto.clients.models import Client
from kohtaanto.clients.selectors import client_get
from kohtaanto.domain.segmentation import age_on
from kohtaanto.matching.matcher import Matcher
from kohtaanto.matching.types import ClientContext, ServiceDocument
from kohtaanto.matching.views import views_from_records

from .models import NEED_MAX_LENGTH, MatchFeedback
from .rerank import current_model, rerank_suggestions

_lock = threading.Lock()
_state: dict = {"version": None, "matcher": None}


def matcher_for(actor: User) -> Matcher:
    """The process-wide matcher over published services, current with the catalogue."""
    version = catalogue_version()
    with _lock:
        if _state["version"] != version or _state["matcher"] is None:
            matcher = _state["matcher"] or Matcher(cache_dir=settings.DATA_DIR / "matching")
            records = catalogue_records(actor=actor)
            matcher.index([ServiceDocument.from_dict(r) for r in records], views=views_from_records(records))
            _state.update(version=version, matcher=matcher)
        return _state["matcher"]


def client_context(client: Client, today: date | None = None) -> ClientContext:
    """What the eligibility filters and preferences may know about the client."""
    today = today or date.today()
    age = age_on(client.birth_date, today)
    groups = ["unemployed"]
    if age < 30:
        groups.append("youth")
    if age >= 55:
        groups.append("older_job_seekers")
    if client.language_group == "foreign":
        groups.append("immigrants")
    if client.needs_multiprofessional:
        groups.append("multiprofessional_support")
    if (today - client.registration_date).days >= 365:
        groups.append("long_term_unemployed")
    levels = {"fi": client.finnish_level, "sv": client.swedish_level}
    if client.mother_tongue not in levels:
        levels[client.mother_tongue] = "native"
    office = (
        (client.office.latitude, client.office.longitude)
        if client.office and client.office.latitude
        else None
    )
    return ClientContext(
        age=age,
        municipality=client.municipality.code,
        language_levels={k: v for k, v in levels.items() if v and v != "none"},
        target_groups=tuple(groups),
        preferred_office=office,
        preferred_language=client.mother_tongue if client.mother_tongue in ("fi", "sv", "en") else None,
    )


@dataclass
class Suggestion:
    rank: int
    service: Service
    score: float
    explanation: dict
    dismissed: bool


def suggest_services(
    *, actor: User, client_id: int, need: str, top_k: int = 10, request_id: str = ""
) -> list[Suggestion]:
    """Ranked, eligibility-filtered services for the client's need, with explanations."""
    client = client_get(actor=actor, client_id=client_id, purpose="service matching", request_id=request_id)
    need = need.strip()
    if len(need) > NEED_MAX_LENGTH:
        raise ValidationError(
            {"need": _("Write the need in at most %(max)d characters.") % {"max": NEED_MAX_LENGTH}}
        )
    if not need:
        raise ValidationError({"need": _("Describe the client's need first.")})
    top_k = max(1, min(top_k, 50))
    # With a feedback model, rank a few more so that services it lifts can enter the list.
    pool = min(50, top_k + 20) if current_model() is not None else top_k
    results = matcher_for(actor).rank(need, client=client_context(client), top_k=pool)
    results = rerank_suggestions(actor=actor, results=results, top_k=top_k)
    services = {
        s.external_id: s
        for s in Service.objects.filter(external_id__in=[r.id for r in results]).select_related("provider")
    }
    dismissed = set(
        MatchFeedback.objects.filter(client=client, action=MatchFeedback.Action.DISMISSED).values_list(
            "service__external_id", flat=True
        )
    )
    audit_record(
        actor=actor,
        action="search",
        target_type="service_matching",
        subject_client_id=client.pk,
        purpose="service matching",
        request_id=request_id,
        detail={"results": len(results)},
    )
    return [
        Suggestion(i, services[r.id], r.score, r.explanation, r.id in dismissed)
        for i, r in enumerate(results, 1)
        if r.id in services
    ]


def refer_from_suggestions(
    *, actor: User, client_id: int, service_id: int, need: str, note: str = "", request_id: str = ""
):
    """Refer with the snapshot taken on the server: the ranking and explanation as the
    matcher gives them now for this need, not as a browser claims they were."""
    from .services import referral_create

    shown = (
        suggest_services(actor=actor, client_id=client_id, need=need, top_k=20, request_id=request_id)
        if need.strip()
        else []
    )
    chosen = next((s for s in shown if s.service.pk == service_id), None)
    return referral_create(
        actor=actor,
        client_id=client_id,
        service_id=service_id,
        need_text=need,
        ranking=[{"id": s.service.external_id, "score": round(s.score, 4)} for s in shown],
        explanation=chosen.explanation if chosen else {},
        rank=chosen.rank if chosen else None,
        score=chosen.score if chosen else None,
        note_to_provider=note,
        request_id=request_id,
    )
