"""Code lists of the catalogue record. Codes only: the Django side adds translated labels.

The codes are the contract with the matcher (`kohtaanto.matching.types.ServiceDocument`):
a service that lists target groups, municipalities or a language level is open only to
clients who meet them; an empty list means "no limit".
"""

from __future__ import annotations

LANGS = ("fi", "sv", "en")
STATES = ("draft", "ready", "published", "outdated", "archived")
CHANNELS = ("in_person", "online", "phone")
# CEFR levels a service may require; None means no requirement.
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
SERVICE_TYPES = ("service", "permission_and_obligation")
CHARGE_TYPES = ("free", "charged", "other")

KINDS = (
    "work_trial",
    "pay_subsidy",
    "start_up_grant",
    "business_advice",
    "labour_market_training",
    "integration_training",
    "language_course",
    "career_coaching",
    "job_search_coaching",
    "youth_guidance",
    "multiprofessional",
    "rehabilitative_work",
    "rehabilitation",
    "employer_support",
    "apprenticeship",
    "job_placement",
    "supported_employment",
    "workshop",
    "debt_counselling",
    "benefit_advice",
    "psychological_support",
    "digital_skills",
    "other",
)

# Eligibility groups. The matching integration derives a client's groups from the record:
# every active job seeker is "unemployed"; under 30 "youth"; foreign mother tongue
# "immigrants"; 12+ months of job search "long_term_unemployed"; and so on.
TARGET_GROUPS = (
    "unemployed",
    "youth",
    "immigrants",
    "long_term_unemployed",
    "partial_work_ability",
    "multiprofessional_support",
    "older_job_seekers",
    "employed",
    "students",
    "entrepreneurs",
    "employers",
)

LIFE_SITUATIONS = (
    "job_search",
    "career_change",
    "laid_off",
    "starting_business",
    "education",
    "integration",
    "rehabilitation",
    "health",
    "debt",
    "housing",
    "family",
    "hiring",
)

# Effect of taking part on the unemployment benefit (työttömyysetuus).
BENEFIT_EFFECTS = (
    "benefit_paid",  # benefit continues
    "benefit_paid_with_allowance",  # benefit continues plus an expense allowance (kulukorvaus)
    "benefit_ends",  # paid work or another income replaces the benefit
    "benefit_may_change",  # depends on hours or income; check case by case
    "not_affected",  # not a benefit-related service
)

# PTV target-group classification (the URIs seen in the PTV data) <-> our groups, used when
# exporting to PTV and when importing PTV Open API records.
PTV_TARGET_GROUPS = {
    "youth": ("http://urn.fi/URN:NBN:fi:au:ptvl:v2004", "Nuoret"),
    "older_job_seekers": ("http://urn.fi/URN:NBN:fi:au:ptvl:v2002", "Ikäihmiset"),
    "partial_work_ability": ("http://urn.fi/URN:NBN:fi:au:ptvl:v2007", "Vammaiset"),
    "entrepreneurs": ("http://urn.fi/URN:NBN:fi:au:ptvl:v2016", "Yrityksen perustajat kotimaassa"),
    "employers": ("http://urn.fi/URN:NBN:fi:au:ptvl:v2014", "Työnantajat"),
}
PTV_CITIZENS = ("http://urn.fi/URN:NBN:fi:au:ptvl:v2001", "Kansalaiset")
