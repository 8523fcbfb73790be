"""Customer feedback: scores (live from the database) and themes of the free text (computed
at refresh time, because lemmatising Finnish loads a large dictionary).

Scores are counted in persons (distinct clients) per month and score, and suppressed with
secondary suppression. A theme is a lemma or a two-word phrase that is characteristic of a
score band (low 1-2, neutral 3, high 4-5) in one language: it occurs in the texts of at
least 5 different persons in that band and more often there than in the other bands
(keyness: smoothed ratio of the shares of persons). Themes with fewer than 5 persons are
never written; raw texts never leave this module.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

import polars as pl
from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.utils import timezone

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.analytics.disclosure import suppress
from kohtaanto.organisation.tenancy import in_area
from kohtaanto.portal.models import Feedback

THRESHOLD = 5
MONTHS = 12
TOP = 8
BANDS = {1: "low", 2: "low", 3: "neutral", 4: "high", 5: "high"}
_WORD = re.compile(r"[^\W\d_]{3,}")
STOPWORDS = {
    "fi": set(
        "ja tai mutta että kun jos niin kuin myös vain sekä ole oli olen olin ollut olisi ovat ovat "
        "ei en et emme eivät minä sinä hän me te he minun minulla minua minulle meidän se sen sitä "
        "siitä sille tämä tämän tätä tässä tuo nämä ne niitä mikä mitä joka jota jotka kuka miten "
        "miksi missä mihin nyt sitten vielä jo aina hyvin paljon vähän erittäin todella kaikki "
        "olla oli on olisi voi voisi pitää saada tulla mennä tehdä asia asiat kanssa koska".split()
    ),
    "sv": set(
        "och eller men att som när om inte är var har hade jag du han hon vi ni de mig dig honom "
        "henne oss dem min mitt mina din det den denna detta dessa där här vad vem hur varför med "
        "för till från på av till också bara mycket lite alla kan kunde skulle ska vara blev blir "
        "få göra ett en nu sedan redan alltid väldigt".split()
    ),
    "en": set(
        "and or but that when if not was were are have had has the this these those there here "
        "what who how why with for from into also only very much little all can could would should "
        "will been being you they them their our his her its it’s just really get got one".split()
    ),
}


def _scope(actor: User):
    qs = Feedback.objects.filter(in_area(actor, "client__municipality_id"))
    if policy.is_team_leader(actor):
        qs = qs.filter(client__team_id=actor.team_id) if actor.team_id else qs.none()
    return qs


def feedback_scores(actor: User, months: int = MONTHS, threshold: int = THRESHOLD) -> pl.DataFrame:
    """Persons per month and score over the last `months` months, suppressed."""
    since = timezone.now() - timedelta(days=31 * months)
    rows = (
        _scope(actor)
        .filter(created_at__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "score")
        .annotate(n=Count("client_id", distinct=True))
    )
    cells: dict = defaultdict(lambda: [0] * 5)
    for r in rows:
        cells[r["month"].date() if hasattr(r["month"], "date") else r["month"]][r["score"] - 1] = r["n"]
    months_sorted = sorted(cells)
    df = pl.DataFrame(
        {
            "month": months_sorted,
            **{f"score_{i + 1}": [cells[m][i] for m in months_sorted] for i in range(5)},
        },
        schema={"month": pl.Date, **{f"score_{i}": pl.Int64 for i in range(1, 6)}},
    )
    if df.height == 0:
        return df.with_columns(mean_score=pl.lit(None, pl.Float64))
    total = pl.sum_horizontal([pl.col(f"score_{i}") for i in range(1, 6)])
    weighted = pl.sum_horizontal([pl.col(f"score_{i}") * i for i in range(1, 6)])
    df = df.with_columns(mean_score=weighted / total)
    return suppress(df, [f"score_{i}" for i in range(1, 6)], threshold)


def feedback_by_provider(months: int = MONTHS, area: int | None = None) -> pl.DataFrame:
    """Clients' scores on the services they were referred to (issue 17, point 3), per
    provider and service over the last `months` months: persons and the mean score. The
    feedback names its referral ("referral:<id>"); the table's spec suppresses small counts
    and the mean with them. `area`: that area's clients' feedback only."""
    from kohtaanto.referrals.models import Referral

    since = timezone.now() - timedelta(days=31 * months)
    feedback = (
        Feedback.objects.all() if area is None else Feedback.objects.filter(client__municipality_id=area)
    )
    rows = list(
        feedback.filter(created_at__gte=since, service_ref__startswith="referral:").values_list(
            "client_id", "service_ref", "score"
        )
    )
    ids = {int(ref.split(":", 1)[1]) for _, ref, _ in rows if ref.split(":", 1)[1].isdigit()}
    services = {
        r["pk"]: (r["service__provider__name"], r["service_id"], r["service__name_fi"])
        for r in Referral.objects.filter(pk__in=ids).values(
            "pk", "service_id", "service__name_fi", "service__provider__name"
        )
    }
    persons: dict[tuple, set[int]] = defaultdict(set)
    scores: dict[tuple, list[int]] = defaultdict(list)
    for client_id, ref, score in rows:
        key = services.get(int(ref.split(":", 1)[1])) if ref.split(":", 1)[1].isdigit() else None
        if key is None:
            continue
        persons[key].add(client_id)
        scores[key].append(score)
    keys = sorted(persons, key=lambda k: (k[0] or "", str(k[1])))
    return pl.DataFrame(
        {
            "provider": [k[0] for k in keys],
            "service_id": [str(k[1]) for k in keys],
            "service_name": [k[2] for k in keys],
            "n_persons": [len(persons[k]) for k in keys],
            "mean_score": [sum(scores[k]) / len(scores[k]) for k in keys],
        },
        schema={
            "provider": pl.String,
            "service_id": pl.String,
            "service_name": pl.String,
            "n_persons": pl.Int64,
            "mean_score": pl.Float64,
        },
    )


@lru_cache(maxsize=200_000)
def _lemma(word: str, lang: str) -> str:
    import simplemma

    return simplemma.lemmatize(word, lang=lang)


def terms(text: str, lang: str) -> set[str]:
    """Content lemmas and two-word phrases of one text."""
    lang = lang if lang in STOPWORDS else "fi"
    stop = STOPWORDS[lang]
    words = [w for w in _WORD.findall(text.lower()) if w not in stop]
    lemmas = [_lemma(w, lang) for w in words]
    lemmas = [lm for lm in lemmas if lm not in stop and len(lm) >= 3]
    return set(lemmas) | {f"{a} {b}" for a, b in zip(lemmas, lemmas[1:], strict=False) if a != b}


def themes_frame(rows, threshold: int = THRESHOLD, top: int = TOP) -> pl.DataFrame:
    """rows: (person, scope, score, language, text). Characteristic terms per scope, band and
    language, counted in persons; only terms of at least `threshold` persons."""
    persons: dict[tuple, set] = defaultdict(set)  # (scope, lang, band, term) -> persons
    band_persons: dict[tuple, set] = defaultdict(set)  # (scope, lang, band) -> persons
    for person, scope, score, lang, text in rows:
        band = BANDS.get(score)
        if not band or not text:
            continue
        for sc in ("all", scope):
            band_persons[(sc, lang, band)].add(person)
            for t in terms(text, lang):
                persons[(sc, lang, band, t)].add(person)
    out = []
    by_group: dict[tuple, list] = defaultdict(list)
    for (sc, lang, band, t), who in persons.items():
        if len(who) >= threshold:
            by_group[(sc, lang, band)].append((t, len(who)))
    for (sc, lang, band), cands in by_group.items():
        n_band = len(band_persons[(sc, lang, band)])
        others = [b for b in ("low", "neutral", "high") if b != band]
        n_other = sum(len(band_persons[(sc, lang, b)]) for b in others)
        scored = []
        for t, n in cands:
            elsewhere = sum(len(persons.get((sc, lang, b, t), ())) for b in others)
            keyness = math.log(((n + 0.5) / (n_band + 1)) / ((elsewhere + 0.5) / (n_other + 1)))
            if keyness > 0:
                scored.append((keyness, n, t))
        for keyness, n, t in sorted(scored, reverse=True)[:top]:
            out.append(
                {"scope": sc, "band": band, "language": lang, "theme": t, "n_persons": n, "keyness": keyness}
            )
    schema = {"scope": pl.String, "band": pl.String, "language": pl.String, "theme": pl.String,
              "n_persons": pl.Int64, "keyness": pl.Float64}  # fmt: skip
    return pl.DataFrame(out, schema=schema).sort(
        "scope", "band", "language", "keyness", descending=[False, False, False, True]
    )


def feedback_fingerprint() -> list:
    fp = Feedback.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return [fp["n"], fp["last"]]


def write_themes(out_dir: str | Path, threshold: int = THRESHOLD, area: int | None = None) -> int:
    """Compute the themes from the database into `out_dir`/feedback_themes.parquet
    (`area`: that area's clients' feedback only)."""
    feedback = (
        Feedback.objects.all() if area is None else Feedback.objects.filter(client__municipality_id=area)
    )
    qs = feedback.exclude(text="").values_list("client_id", "client__team__code", "score", "language", "text")
    df = themes_frame(qs.iterator(chunk_size=5000), threshold)
    df.write_parquet(Path(out_dir) / "feedback_themes.parquet")
    return df.height
