"""Workers' refer and dismiss feedback applied to service suggestions (issue 19, point 3).

`rerank_train` (the scheduled job `matching_rerank_train`) trains matching.rerank's model
from the stored MatchFeedback and keeps it as JSON in the data folder with its version;
`rerank_suggestions` applies it to the matcher's results and writes into each explanation
what the feedback changed. Below `RERANK_MIN_FEEDBACK` records no model is kept and the
matcher's order is shown unchanged.
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from kohtaanto.accounts.models import User
from kohtaanto.catalogue.models import Service
from kohtaanto.matching.explain import feedback_note
from kohtaanto.matching.rerank import (
    Candidate,
    FeedbackExample,
    RerankConfig,
    RerankModel,
    apply,
    features_of,
    train,
)
from kohtaanto.matching.types import MatchResult

from .models import MatchFeedback

_lock = threading.Lock()
_cache: dict[str, Any] = {"key": None, "model": None}


def rerank_config() -> RerankConfig:
    return RerankConfig(
        min_feedback=settings.RERANK_MIN_FEEDBACK,
        new_share=settings.RERANK_NEW_SHARE,
        own_dismissal_weight=settings.RERANK_OWN_DISMISSAL_WEIGHT,
    )


def model_path() -> Path:
    return Path(settings.DATA_DIR) / "matching" / "rerank.json"


def _examples(limit: int) -> list[FeedbackExample]:
    """The newest `limit` records, oldest first (bounded memory)."""
    rows = MatchFeedback.objects.order_by("-id").values_list(
        "service__external_id", "action", "rank", "score", "created_by_id", "service__available_places"
    )[:limit]
    return [
        FeedbackExample(
            service=ext,
            referred=action == MatchFeedback.Action.REFERRED,
            features=features_of({"relevance": score}, rank, places),
            worker=None if worker is None else str(worker),
        )
        for ext, action, rank, score, worker, places in reversed(list(rows))
    ]


def rerank_train() -> dict[str, Any]:
    """Train on the stored feedback and keep the model, or remove it while there is too little."""
    cfg = rerank_config()
    examples = _examples(cfg.max_examples)
    model = train(examples, cfg)
    path = model_path()
    if model is None:
        path.unlink(missing_ok=True)
        return {"feedback": len(examples), "model": None}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({**model.to_dict(), "trained_at": timezone.now().isoformat()}))
    os.replace(tmp, path)  # readers never see half a file
    return {"feedback": len(examples), "model": model.version}


def current_model() -> RerankModel | None:
    """The stored model, re-read only when the file changes; None when there is none."""
    path = model_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _lock:
        if _cache["key"] != key:
            try:
                model = RerankModel.from_dict(json.loads(path.read_text()))
            except (ValueError, KeyError, TypeError, OSError):
                model = None  # a broken or old file: the matcher's order, until retrained
            _cache.update(key=key, model=model)
        return _cache["model"]


def rerank_suggestions(*, actor: User, results: list[MatchResult], top_k: int) -> list[MatchResult]:
    """The results re-ordered by feedback (top_k of them), each explanation noting what moved."""
    model = current_model()
    if model is None or not results:
        return results[:top_k]
    ids = [r.id for r in results]
    places = dict(Service.objects.filter(external_id__in=ids).values_list("external_id", "available_places"))
    own = Counter(
        dict(
            MatchFeedback.objects.filter(
                created_by=actor, action=MatchFeedback.Action.DISMISSED, service__external_id__in=ids
            )
            .values("service__external_id")
            .annotate(n=Count("id"))
            .values_list("service__external_id", "n")
        )
    )
    candidates = [
        Candidate(r.id, r.score, features_of({"relevance": r.score}, i, places.get(r.id)))
        for i, r in enumerate(results, 1)
    ]
    by_id = {r.id: r for r in results}
    out = []
    for rr in apply(model, candidates, rerank_config(), own)[:top_k]:
        r = by_id[rr.id]
        explanation = dict(r.explanation or {})
        explanation["feedback"] = feedback_note(
            model_version=model.version,
            base_rank=rr.base_rank,
            rank=rr.rank,
            delta=rr.delta,
            new=rr.new,
            reserved=rr.reserved,
        )
        out.append(MatchResult(r.id, r.score, explanation))
    return out
