"""Synthetic vacancies for the demo's employers, drawn from real job ads (`jobads`): the
ad's title, task area, employment type, positions and the distances between its
publication, its closing and the job's start and end, moved to today and given to a
synthetic employer whose industry fits the job. Each vacancy gets a stage of the
coordinator's pipeline and a history of stage changes days to weeks apart.

Pure: no Django. Deterministic for a seed; times are naive local datetimes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kohtaanto.synthetic.employers import EmployerSpec
from kohtaanto.synthetic.jobads import Ad, job_period

STAGES = ("new", "searching", "proposed", "interviews", "filled", "closed")
STAGE_WEIGHTS = (14, 24, 14, 12, 20, 16)
OPEN = ("new", "searching", "proposed", "interviews")
# Days spent in a stage before the next one, and days in the current stage so far.
GAPS = {"new": (0, 5), "searching": (5, 20), "proposed": (3, 14), "interviews": (5, 25)}
DWELL = {
    "new": (0, 6),
    "searching": (2, 25),
    "proposed": (1, 14),
    "interviews": (1, 14),
    "filled": (1, 120),
    "closed": (1, 150),
}
# The industries (TOL 2008) that employ the people of a task area, and finer ones by a
# word of the title, checked first.
TASK_INDUSTRIES = {
    "Varhaiskasvatuksen opettajat": ("88911", "78200"),
    "Varhaiskasvatuksen lastenhoitajat": ("88911", "78200"),
    "Lähihoitajat": ("87301", "88101", "87101", "87202", "78200"),
    "Sairaanhoitajat ja terveydenhoitajat": ("86210", "86220", "86101", "87101", "87301", "78200"),
    "Lääkärit ja hammaslääkärit": ("86210", "86220", "86101"),
    "Sote-alan muut tehtävät": ("86904", "86909", "87901", "87202"),
    "Sosiaalityöntekijät": ("87901", "87202"),
    "Perusopetuksen ja lukiokoulutuksen opettajat": ("85200", "85590"),
    "Ammatillisen koulutuksen opettajat": ("85320",),
    "Kasvatuksen ja koulutuksen muut tehtävät": ("85200", "88911"),
    "Kirjasto-, nuoriso-, liikunta- ja kulttuurialan tehtävät": ("93130", "94999"),
    "Keittiö- ja puhtaanapitoalan tehtävät": ("56290", "56101", "81210"),
    "Asiakaspalvelu- ja toimistoalan tehtävät": ("69201", "70220"),
    "Esihenkilö- ja johtamistehtävät": ("70220", "69201", "87301", "86220"),
    "Asiantuntijatehtävät": ("70220", "62020"),
    "ICT-alan tehtävät": ("62020",),
    "Tekninen ja yhdyskuntasuunnittelun ala": ("71202", "71121"),
}
TITLE_INDUSTRIES = (
    ("kotihoit", ("88101",)),
    ("palvelutalo", ("87301",)),
    ("seniorikeskus", ("87301", "87101")),
    ("sairaala", ("86101",)),
    ("fysioterap", ("86904",)),
    ("psykologi", ("86909", "86220")),
    ("liikunnan", ("93130",)),
    ("nuoriso", ("94999",)),
    ("media", ("59110",)),
    ("kokki", ("56290", "56101")),
    ("palveluvastaava", ("81210", "56290")),
    ("palkanlaskenn", ("69201",)),
    ("taloussihteeri", ("69201",)),
    ("tarkastusinsinööri", ("71202",)),
    ("projektinjohtaja", ("71121",)),
    ("ylilääkäri", ("86210", "86220")),
    ("småbarn", ("88911",)),
    ("sjukskötare", ("86220", "87301")),
    ("socialarbetare", ("87901",)),
)
SIZE_WEIGHT = {"micro": 0.3, "small": 1.0, "medium": 2.0, "large": 3.0, "unknown": 1.0}
SHIFT_WORDS = ("hoitaja", "ohjaaja", "kokki", "sjukskötare")
CARE = ("86101", "87101", "87202", "87301", "87901", "88101")
EXACTING = ("opettaja", "sairaanhoitaja", "terveydenhoitaja", "lääkäri", "psykologi", "sosiaalityöntekijä")


@dataclass(frozen=True)
class VacancySpec:
    employer: int  # index into the employers
    ad: str  # the ad's uuid
    title: str
    description: str
    contract: str  # permanent or fixed_term
    working_time: str  # full_time, part_time or shift
    weekly_hours: str
    languages: tuple[dict, ...]
    positions: int
    subsidy_interest: bool
    start_date: date
    end_date: date | None  # a fixed-term job's end
    apply_by: date
    stages: tuple[tuple[str, datetime], ...]  # (stage, since), the first is "new"

    @property
    def stage(self) -> str:
        return self.stages[-1][0]

    @property
    def created(self) -> datetime:
        return self.stages[0][1]


def fitting_industries(ad: Ad) -> tuple[str, ...]:
    title = ad.title.lower()
    for word, codes in TITLE_INDUSTRIES:
        if word in title:
            return codes
    return TASK_INDUSTRIES.get(ad.task_area, ("78200",))


def _path(rng: random.Random, stage: str) -> list[str]:
    if stage == "closed":
        return [*rng.choice((["new"], ["new", "searching"], ["new", "searching", "proposed"])), "closed"]
    if stage == "filled" and rng.random() < 0.2:
        return ["new", "searching", "proposed", "filled"]  # hired straight after the introduction
    return list(STAGES[: STAGES.index(stage) + 1])


def _history(rng: random.Random, stage: str, now: datetime) -> tuple[tuple[str, datetime], ...]:
    """Stage changes ending `DWELL` days ago, each `GAPS` days after the one before (none
    later than `now`)."""
    path = _path(rng, stage)
    gaps = [rng.randint(*GAPS.get(s, (3, 20))) for s in path[:-1]]
    age = sum(gaps) + rng.randint(*DWELL[stage])
    day = now.date() - timedelta(days=age)
    out: list[tuple[str, datetime]] = []
    for k, s in enumerate(path):
        at = datetime.combine(day, time(rng.randint(8, 15), rng.choice((0, 15, 30, 45))))
        if out:  # a move on the same day comes later in the day
            at = max(at, out[-1][1] + timedelta(minutes=30))
        out.append((s, min(at, now)))
        if k < len(gaps):
            day += timedelta(days=gaps[k])
    return tuple(out)


def _languages(rng: random.Random, ad: Ad) -> tuple[dict, ...]:
    title = ad.title.lower()
    if ad.language == "sv":
        return ({"code": "sv", "level": "native"}, {"code": "fi", "level": "good"})
    if "suomi toisena kielenä" in title:
        return ({"code": "fi", "level": "native"},)
    fi = {"code": "fi", "level": "excellent" if any(w in title for w in EXACTING) else "good"}
    if "englanti" in title:
        return (fi, {"code": "en", "level": "excellent"})
    if rng.random() < 0.2:
        return (fi, {"code": "en", "level": rng.choice(("basic", "good"))})
    return (fi,)


def _working_time(rng: random.Random, ad: Ad, industry: str) -> tuple[str, str]:
    title = ad.title.lower()
    if "osa-aikai" in title or rng.random() < 0.06:
        return "part_time", rng.choice(("20.0", "25.0", "30.0"))
    if industry in CARE and any(w in title for w in SHIFT_WORDS) and rng.random() < 0.7:
        return "shift", "38.3"
    return "full_time", "38.3" if industry in CARE else "37.5"


def _dates(rng: random.Random, ad: Ad, created: date, today: date, is_open: bool):
    """Apply-by, start and (fixed-term) end, as far from the creation as in the ad."""
    start, end = job_period(ad.duration)
    apply_days = min(max((ad.unpublished - ad.published).days, 7), 30)
    lead = (start - ad.published).days if start else apply_days + rng.randint(14, 45)
    lead = min(max(lead, apply_days + 3), 75)
    length = (end - start).days if start and end else rng.randint(90, 365)
    apply_by = created + timedelta(days=apply_days)
    if is_open and apply_by < today:
        apply_by = today + timedelta(days=rng.randint(3, 21))
    begin = max(created + timedelta(days=lead), apply_by + timedelta(days=rng.randint(7, 21)))
    return apply_by, begin, (None if ad.permanent else begin + timedelta(days=length))


def _description(ad: Ad, employer: str, title: str, start: date, end: date | None, positions: int) -> str:
    day = f"{start.day}.{start.month}.{start.year}"
    if ad.language == "sv":
        text = f"{employer} söker: {title}. Anställning: {ad.employment_type.lower()}. Arbetet börjar {day}."
        return text + (f" Vi söker {positions} personer." if positions > 1 else "")
    kind = ad.employment_type.lower() + (f", {ad.employment.lower()}" if ad.employment else "")
    text = f"{employer} hakee: {title}. Tehtäväalue: {ad.task_area.lower() or 'muu'}. Työsuhde: {kind}."
    text += f" Työ alkaa {day}" + (f" ja päättyy {end.day}.{end.month}.{end.year}." if end else ".")
    return text + (f" Haemme {positions} työntekijää." if positions > 1 else "")


def generate_vacancies(
    employers: list[EmployerSpec], ads: list[Ad], *, n: int, seed: int = 2021, now: datetime
) -> list[VacancySpec]:
    """Up to `n` vacancies (an ad no employer's industry fits is skipped), every ad used
    about equally and every stage present from six on. The employers of coordinator slot 0
    (the demo's coordinator) get twice their share."""
    today = now.date()
    rng = random.Random(seed + 1)
    by_industry: dict[str, list[int]] = {}
    for i, e in enumerate(employers):
        by_industry.setdefault(e.industry, []).append(i)
    order = ads[:]
    rng.shuffle(order)
    stages = [*STAGES, *rng.choices(STAGES, weights=STAGE_WEIGHTS, k=max(n - len(STAGES), 0))][:n]
    out: list[VacancySpec] = []
    for k in range(n):
        ad = order[k % len(order)]
        fits = [i for code in fitting_industries(ad) for i in by_industry.get(code, [])]
        if not fits:
            continue
        weights = [
            SIZE_WEIGHT[employers[i].size_class] * (2 if employers[i].coordinator == 0 else 1) for i in fits
        ]
        if ad.language == "sv":
            weights = [
                w * (20 if employers[i].name.endswith(" Ab") else 1)
                for w, i in zip(weights, fits, strict=True)
            ]
        index = rng.choices(fits, weights=weights)[0]
        employer = employers[index]
        stage = stages[len(out)]
        history = _history(rng, stage, now)
        is_open = stage in OPEN
        apply_by, start, end = _dates(rng, ad, history[0][1].date(), today, is_open)
        working_time, hours = _working_time(rng, ad, employer.industry)
        title = ad.title[:1].upper() + ad.title[1:]
        out.append(
            VacancySpec(
                employer=index,
                ad=ad.uuid,
                title=title,
                description=_description(ad, employer.name, title, start, end, ad.positions),
                contract="permanent" if ad.permanent else "fixed_term",
                working_time=working_time,
                weekly_hours=hours,
                languages=_languages(rng, ad),
                positions=ad.positions,
                subsidy_interest=rng.random() < 0.15,
                start_date=start,
                end_date=end,
                apply_by=apply_by,
                stages=history,
            )
        )
    return out
