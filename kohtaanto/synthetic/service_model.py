"""The employment-service catalogue and its ground-truth causal model.

Each client has one *decision date* D (their first held initial interview or job-search
conversation in the window). At D the case worker refers the client to at most one
service; the choice depends on age, education, Finnish, language group, long-term
unemployment, multi-professional need and a latent employability `z` the worker sees but
the register does not (so naive comparisons are biased). The service would start on
``S = first working day on or after D + wait_days``; it starts if the client does not
decline and is still a job seeker then.

Employment follows a piecewise-constant hazard from D: ``lam`` before the start,
``lam * lock_in`` while participating and ``lam * effect_i`` afterwards, with an
individual effect ``effect_i = effect * exp(heterogeneity . x_i)``. Using the same
exponential draw for every arm gives each client's potential outcomes under "no service"
and under each service, from which `ground_truth` computes the true ATE and ATT.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kohtaanto.synthetic.vdates import age_years

HORIZONS = {"6m": 182, "12m": 365}
BASE_EMPLOYMENT_HAZARD = 0.0045  # per day, reference client
Z_EMPLOYMENT = 0.8
LTU_EMPLOYMENT = -1.2
BASE_OTHER_HAZARD = 0.0003
DECLINE_RATE = 0.07


@dataclass(frozen=True)
class ServiceSpec:
    service_id: str
    kind: str
    name_fi: str
    name_sv: str
    name_en: str
    provider: str
    wait_days: int
    duration_days: int
    lock_in: float  # employment hazard ratio while participating
    effect: float  # employment hazard ratio after participation (reference client)
    alpha: float  # selection: intercept of the referral utility (no service = 0)
    selection: dict[str, float] = field(default_factory=dict)  # coefficients on FEATURES
    heterogeneity: dict[str, float] = field(default_factory=dict)  # on the log effect
    min_age: int = 17
    max_age: int = 67
    foreign_only: bool = False
    multiprofessional_only: bool = False
    finnish_levels: tuple[int, int] = (0, 7)  # allowed range on the scale none=0 .. native=7
    interrupt_rate: float = 0.12

    def eligibility(self) -> dict:
        """Machine-readable eligibility, as written to ground_truth.json."""
        from kohtaanto.synthetic.population import LEVELS

        return {
            "age_at_decision": [self.min_age, self.max_age],
            "language_group": ["foreign"] if self.foreign_only else None,
            "needs_multiprofessional": True if self.multiprofessional_only else None,
            "finnish_level": [LEVELS[self.finnish_levels[0]], LEVELS[self.finnish_levels[1]]],
        }


# Selection features at the decision date D; all are in the register except z.
FEATURES = {
    "z": "latent employability, about N(0, 1) shifted by segment; not in the data",
    "ltu": "1 if job search had lasted 365 days or more at D",
    "young": "1 if under 30 at D (completed years)",
    "edu": "education rank (none 0, basic 1, upper_secondary 2, tertiary 3) minus 1.5",
    "finnish": "(Finnish level rank - 3.5) / 3.5, ranks none 0, A1 1 ... C2 6, native 7",
    "foreign": "1 for language_group foreign",
    "mp": "1 if needs_multiprofessional",
    "age55": "1 if 55 or older at D",
}

CITY = "Helsingin kaupunki, työllisyyspalvelut"
SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec("P001", "work_trial", "Työkokeilu", "Arbetsprövning", "Work trial", CITY,
                14, 90, 0.7, 1.35, -2.6, {"z": 0.5, "ltu": 0.3, "mp": 0.2}, {"z": -0.15}),
    ServiceSpec("P002", "pay_subsidy", "Palkkatuettu työ", "Lönesubventionerat arbete", "Pay-subsidised work",
                "Työnantajat (palkkatuki)", 21, 180, 0.45, 1.7, -2.8,
                {"ltu": 0.9, "z": 0.3, "age55": 0.2, "young": -0.5}, {"ltu": 0.25}),
    ServiceSpec("P003", "employer_supplement", "Helsinki-lisä", "Helsingforstillägg", "Helsinki supplement",
                CITY, 14, 180, 0.5, 1.8, -3.6, {"ltu": 0.8, "z": 0.5}, {"ltu": 0.2}),
    ServiceSpec("P004", "startup_grant", "Starttiraha", "Startpeng", "Start-up grant", "Yrityspalvelut",
                21, 180, 0.9, 2.0, -4.4, {"edu": 0.6, "z": 0.8, "young": -0.3}, {"z": 0.2}, min_age=20),
    ServiceSpec("P005", "labour_market_training", "Työvoimakoulutus: logistiikka ja rakentaminen",
                "Arbetskraftsutbildning: logistik och byggande", "Labour-market training: logistics and construction",
                "Koulutuskeskus (hankinta)", 35, 150, 0.35, 1.5, -3.0, {"edu": -0.2, "z": 0.3, "foreign": 0.1}),
    ServiceSpec("P006", "labour_market_training", "Työvoimakoulutus: ohjelmistokehittäjä",
                "Arbetskraftsutbildning: programutvecklare", "Labour-market training: software developer",
                "Ammattikorkeakoulu (hankinta)", 42, 180, 0.3, 2.3, -3.6, {"edu": 0.8, "z": 0.6, "finnish": 0.3},
                {"edu": 0.15}),
    ServiceSpec("P007", "recruitment_training", "Rekrytointikoulutus", "Rekryteringsutbildning",
                "Recruitment training", "Koulutuskeskus (hankinta)", 28, 90, 0.8, 2.1, -3.6, {"z": 1.0, "edu": 0.3}),
    ServiceSpec("P008", "integration_training", "Kotoutumiskoulutus", "Integrationsutbildning",
                "Integration training", "Aikuisopisto (hankinta)", 35, 240, 0.3, 1.05, -1.0,
                {"finnish": -0.8, "z": 0.2}, foreign_only=True, finnish_levels=(0, 3)),
    ServiceSpec("P009", "language_training", "Työelämän suomen kieli", "Finska för arbetslivet",
                "Finnish for working life", "Aikuisopisto (hankinta)", 21, 120, 0.6, 1.3, -2.0, {"z": 0.3},
                foreign_only=True, finnish_levels=(2, 4)),
    ServiceSpec("P010", "career_coaching", "Uravalmennus", "Karriärcoachning", "Career coaching",
                "Valmennusyritys (hankinta)", 14, 60, 0.95, 1.15, -2.4, {"edu": 0.3, "z": 0.2}, {"young": 0.1}),
    ServiceSpec("P011", "job_search_coaching", "Työnhakuvalmennus", "Jobbsökarcoachning", "Job-search coaching",
                "Valmennusyritys (hankinta)", 14, 30, 1.0, 1.0, -2.0, {"z": -0.3, "ltu": 0.2}),
    ServiceSpec("P012", "youth_guidance", "Ohjaamo: ohjaus ja neuvonta", "Navigatorn: handledning",
                "Ohjaamo youth guidance", "Ohjaamo Helsinki", 7, 60, 0.95, 1.2, -1.6, {"z": -0.2}, max_age=29),
    ServiceSpec("P013", "preparatory_training", "Tutkintokoulutukseen valmentava koulutus",
                "Utbildning som handleder för examensutbildning", "Preparatory education (TUVA)",
                "Stadin ammatti- ja aikuisopisto", 28, 240, 0.5, 1.1, -2.0, {"z": -0.2, "edu": -0.5}, max_age=29),
    ServiceSpec("P014", "multiprofessional", "Työllistymistä edistävä monialainen yhteispalvelu (TYP)",
                "Sektorsövergripande samservice (TYP)", "Multi-professional joint service (TYP)", "TYP Helsinki",
                14, 180, 0.8, 1.3, -1.4, {"z": -0.4, "ltu": 0.5}, multiprofessional_only=True),
    ServiceSpec("P015", "rehabilitative_work", "Kuntouttava työtoiminta", "Arbetsverksamhet i rehabiliteringssyfte",
                "Rehabilitative work activity", "Sosiaali- ja terveyspalvelut", 21, 180, 0.5, 0.85, -1.6,
                {"z": -0.8, "ltu": 0.6}, multiprofessional_only=True),
    ServiceSpec("P016", "work_ability_assessment", "Työkyvyn arviointi", "Bedömning av arbetsförmåga",
                "Work-ability assessment", "Työterveys (hankinta)", 28, 45, 0.9, 1.1, -2.4, {"age55": 0.5, "z": -0.5},
                multiprofessional_only=True),
    ServiceSpec("P017", "apprenticeship", "Oppisopimuskoulutus", "Läroavtalsutbildning", "Apprenticeship training",
                "Stadin ammatti- ja aikuisopisto", 28, 300, 0.6, 1.8, -3.8, {"young": 0.5, "z": 0.4}, max_age=54),
    ServiceSpec("P018", "digital_skills", "Digitaidot työnhakuun", "Digital kompetens för jobbsökning",
                "Digital skills for job search", "Järjestö (hankinta)", 14, 30, 1.0, 1.05, -2.8,
                {"age55": 0.6, "edu": -0.2}),
    ServiceSpec("P019", "mentoring", "Maahanmuuttajien työelämämentorointi", "Mentorskap för invandrare",
                "Working-life mentoring for immigrants", "Järjestö (hankinta)", 14, 90, 1.0, 1.35, -2.6,
                {"edu": 0.5, "z": 0.3}, foreign_only=True),
)  # fmt: skip


def features(c: dict, decision: np.ndarray) -> dict[str, np.ndarray]:
    """Client features at the decision date (see FEATURES)."""
    age = age_years(c["birth"], decision)
    return {
        "z": c["z"],
        "ltu": (decision - c["registration"] >= 365).astype(float),
        "young": (age < 30).astype(float),
        "edu": c["education"] - 1.5,
        "finnish": (c["finnish_level"] - 3.5) / 3.5,
        "foreign": (c["language_group"] == "foreign").astype(float),
        "mp": c["needs_mp"].astype(float),
        "age55": (age >= 55).astype(float),
        "age": age,
    }


def eligible(spec: ServiceSpec, x: dict[str, np.ndarray], finnish_level: np.ndarray) -> np.ndarray:
    ok = (x["age"] >= spec.min_age) & (x["age"] <= spec.max_age)
    ok &= (finnish_level >= spec.finnish_levels[0]) & (finnish_level <= spec.finnish_levels[1])
    if spec.foreign_only:
        ok &= x["foreign"] == 1
    if spec.multiprofessional_only:
        ok &= x["mp"] == 1
    return ok


EDUCATION_EMPLOYMENT = (-0.35, -0.1, 0.0, 0.2)  # none, basic, upper secondary, tertiary
OUTCOME_MODEL = {
    "employment_hazard_per_day": BASE_EMPLOYMENT_HAZARD,
    "log_hazard": {
        "z": Z_EMPLOYMENT,
        "education (none, basic, upper_secondary, tertiary)": EDUCATION_EMPLOYMENT,
        "young": 0.1,
        "age55": -0.45,
        "mp": -0.5,
        "ltu": LTU_EMPLOYMENT,
        "foreign": "-0.1 - 0.06 * (6 - min(Finnish level rank, 6))",
    },
    "other_exit_hazard_per_day": f"{BASE_OTHER_HAZARD} + 0.0008 young + 0.0004 age55 (education, moved, other)",
}


def hazards(x: dict[str, np.ndarray], education: np.ndarray, finnish_level: np.ndarray) -> tuple:
    """Daily employment hazard `lam` and other-exit hazard `mu` without any service."""
    edu_effect = np.array(EDUCATION_EMPLOYMENT)[education]
    foreign_effect = x["foreign"] * (-0.1 - 0.06 * (6 - np.minimum(finnish_level, 6)))
    log_lam = (
        np.log(BASE_EMPLOYMENT_HAZARD)
        + Z_EMPLOYMENT * x["z"]
        + edu_effect
        + 0.1 * x["young"]
        - 0.45 * x["age55"]
        - 0.5 * x["mp"]
        + LTU_EMPLOYMENT * x["ltu"]
        + foreign_effect
    )
    mu = BASE_OTHER_HAZARD + 0.0008 * x["young"] + 0.0004 * x["age55"]
    return np.exp(log_lam), mu


def employment_time(
    e: np.ndarray, lam: np.ndarray, wait: np.ndarray, dur: np.ndarray, lock_in: float, effect: np.ndarray
) -> np.ndarray:
    """Invert the piecewise-constant cumulative hazard at the exponential draw `e`."""
    h_wait = lam * wait
    h_prog = h_wait + lam * lock_in * dur
    return np.where(
        e < h_wait,
        e / lam,
        np.where(
            e < h_prog, wait + (e - h_wait) / (lam * lock_in), wait + dur + (e - h_prog) / (lam * effect)
        ),
    )


def individual_effect(spec: ServiceSpec, x: dict[str, np.ndarray]) -> np.ndarray:
    log_effect = np.full(len(x["z"]), np.log(spec.effect))
    for name, coef in spec.heterogeneity.items():
        log_effect += coef * x[name]
    return np.exp(log_effect)


def choose(rng: np.random.Generator, x: dict, elig: np.ndarray) -> np.ndarray:
    """Referral choice by random utility (Gumbel max); -1 is no referral."""
    n = len(x["z"])
    util = np.full((n, len(SERVICES) + 1), -np.inf)
    util[:, 0] = 0.0
    for k, spec in enumerate(SERVICES):
        u = np.full(n, spec.alpha)
        for name, coef in spec.selection.items():
            u += coef * x[name]
        util[:, k + 1] = np.where(elig[:, k], u, -np.inf)
    return np.argmax(util + rng.gumbel(size=util.shape), axis=1) - 1


def outcome(emp_day: np.ndarray, other_day: np.ndarray, start: np.ndarray, horizon: int) -> np.ndarray:
    """Employed within `horizon` days after the start (employment wins a same-day tie)."""
    return (emp_day <= start + horizon) & (emp_day <= other_day)
