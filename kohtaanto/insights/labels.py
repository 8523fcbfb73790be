"""Display labels (fi/sv/en through gettext) for the code values in the analytics tables."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kohtaanto.catalogue.models import KIND_LABELS

VALUES = {
    # clients over time
    "n_active": _("job seekers"),
    "n_under_30": _("under 30"),
    "n_foreign_language": _("foreign-language speakers"),
    "n_long_term": _("long-term unemployed"),
    # service promise
    "initial_interview_5wd": _("initial interview within 5 working days"),
    "job_search_conversation_0_3m": _("job-search conversations on time, months 0-3"),
    # segments
    "adult_basic": _("adults, basic education"),
    "adult_upper_secondary": _("adults, upper secondary"),
    "adult_tertiary": _("adults, tertiary"),
    "youth": _("young people"),
    "light": _("light service"),
    "multiprofessional": _("multi-professional"),
    "multiprofessional_youth": _("multi-professional, young people"),
    "integration_rehab": _("integration, rehabilitative"),
    "integration_career": _("integration, skills and career"),
    "other": _("other"),
    # outcomes and path states
    "employed": _("employed"),
    "not_employed": _("not employed"),
    "education": _("education"),
    "other_exit": _("other exit"),
    # job-search end reasons (clients.models.EndReason)
    "subsidised": _("subsidised employment"),
    "entrepreneur": _("entrepreneur"),
    "moved": _("moved to another area"),
    "outside_labour_force": _("outside the labour force"),
    "searching": _("still searching"),
    "start": _("start"),
    "initial_interview": _("initial interview"),
    "conversation": _("job-search conversation"),
    "supplementary": _("supplementary conversation"),
    "(no service)": _("(no service)"),
    "(rare variants)": _("(rare variants, pooled)"),
    # fairness groups
    "gender": _("gender"),
    "age_group": _("age group"),
    "language_group": _("language group"),
    "F": _("women"),
    "M": _("men"),
    "under_25": _("under 25"),
    "25_29": "25-29",
    "30_49": "30-49",
    "50_54": "50-54",
    "55_plus": _("55 or older"),
    "fi": _("Finnish"),
    "sv": _("Swedish"),
    "en": _("English"),
    "foreign": _("foreign language"),
    # impact designs
    "no_service": _("vs. eligible clients with no service (main design)"),
    "referred": _("vs. referred clients who did not start (robustness check)"),
    # feedback bands
    "low": _("low (1-2)"),
    "neutral": _("neutral (3)"),
    "high": _("high (4-5)"),
    # roles
    "case_worker": _("case worker"),
    # impact evidence (both designs compared)
    "consistent": _("designs agree"),
    "inconclusive": _("designs disagree: inconclusive"),
    "single_design": _("no robustness check"),
    # employer subsidies (issue 16): the benefits and the impact estimate's status
    "palkkatuki": _("pay subsidy"),
    "helsinki_lisa": _("Helsinki supplement"),
    "tyokokeilu": _("work trial"),
    "starttiraha": _("start-up grant"),
    "estimated": _("estimated"),
    "too_few": _("too few to estimate"),
}
# Forecast factors (analytics.forecast.LABELS and its categorical features).
FACTORS = {
    "age": _("age"),
    "age_group": _("age group"),
    "gender": _("gender"),
    "language_group": _("language group"),
    "finnish_level": _("Finnish level"),
    "education_level": _("education level"),
    "team": _("team"),
    "length of job search": _("length of job search"),
    "long-term unemployed": _("long-term unemployed"),
    "needs multi-professional support": _("needs multi-professional support"),
    "years in Finland": _("years in Finland"),
    "services started": _("services started"),
    "currently in a service": _("currently in a service"),
    "meetings held in last 90 days": _("meetings held in the last 90 days"),
    "missed meetings in last 180 days": _("missed meetings in the last 180 days"),
}
YES_NO = {"yes": _("yes"), "no": _("no")}
# Service kinds of generated data that the catalogue's vocabulary spells differently.
EXTRA_KINDS = {
    "startup_grant": _("start-up grant"),
    "employer_supplement": _("employer supplement"),
    "recruitment_training": _("recruitment training"),
    "language_training": _("language training"),
    "preparatory_training": _("preparatory training"),
    "work_ability_assessment": _("work ability assessment"),
    "mentoring": _("mentoring"),
}


def factor_value(value: str) -> str:
    """A factor's value as the worker reads it ("14 months", "yes", a code label)."""
    if value in YES_NO:
        return str(YES_NO[value])
    if value.endswith(" months") and value.split()[0].isdigit():
        n = int(value.split()[0])
        return ngettext("%(n)d month", "%(n)d months", n) % {"n": n}
    return value_label(value)


def value_label(value) -> str:
    """The translated label of a code value, the value itself when there is none."""
    if value is None:
        return ""
    key = str(value)
    if key in VALUES:
        return str(VALUES[key])
    if key in KIND_LABELS:
        return str(KIND_LABELS[key])
    if key in EXTRA_KINDS:
        return str(EXTRA_KINDS[key])
    if " > " in key:  # a path variant: a sequence of service kinds
        return " > ".join(value_label(p) for p in key.split(" > "))
    return key
