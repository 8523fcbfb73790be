"""The region's service catalogue: providers and their services, with Palvelumanuaali's fields.

Texts are {lang: text} in fi/sv/en; code lists (kinds, target groups...) are defined once in
`formats.vocab` and labelled here. A service's state moves only through
`services.service_transition`, which enforces TRANSITIONS.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .formats import vocab


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    READY = "ready", _("ready for review")
    PUBLISHED = "published", _("published")
    OUTDATED = "outdated", _("outdated")
    ARCHIVED = "archived", _("archived")


# from -> allowed targets. Who may take which step: services.can_transition.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    State.DRAFT: (State.READY, State.ARCHIVED),
    State.READY: (State.DRAFT, State.PUBLISHED, State.ARCHIVED),
    State.PUBLISHED: (State.OUTDATED, State.ARCHIVED),
    State.OUTDATED: (State.READY, State.PUBLISHED, State.ARCHIVED),
    State.ARCHIVED: (State.DRAFT,),
}

KIND_LABELS = {
    "work_trial": _("work trial"),
    "pay_subsidy": _("pay subsidy"),
    "start_up_grant": _("start-up grant"),
    "business_advice": _("business advice"),
    "labour_market_training": _("labour-market training"),
    "integration_training": _("integration training"),
    "language_course": _("language course"),
    "career_coaching": _("career coaching"),
    "job_search_coaching": _("job-search coaching"),
    "youth_guidance": _("youth guidance"),
    "multiprofessional": _("multi-professional service"),
    "rehabilitative_work": _("rehabilitative work activity"),
    "rehabilitation": _("rehabilitation"),
    "employer_support": _("support for employers"),
    "apprenticeship": _("apprenticeship"),
    "job_placement": _("job placement"),
    "supported_employment": _("supported employment"),
    "workshop": _("workshop"),
    "debt_counselling": _("debt counselling"),
    "benefit_advice": _("benefit advice"),
    "psychological_support": _("psychological support"),
    "digital_skills": _("digital skills"),
    "other": _("other service"),
}
TARGET_GROUP_LABELS = {
    "unemployed": _("unemployed job seekers"),
    "youth": _("young people under 30"),
    "immigrants": _("immigrants"),
    "long_term_unemployed": _("long-term unemployed"),
    "partial_work_ability": _("people with partial work ability"),
    "multiprofessional_support": _("people needing multi-professional support"),
    "older_job_seekers": _("job seekers over 55"),
    "employed": _("employed people"),
    "students": _("students"),
    "entrepreneurs": _("entrepreneurs and people starting a business"),
    "employers": _("employers"),
}
LIFE_SITUATION_LABELS = {
    "job_search": _("looking for work"),
    "career_change": _("changing career"),
    "laid_off": _("laid off or made redundant"),
    "starting_business": _("starting a business"),
    "education": _("looking for education"),
    "integration": _("settling in Finland"),
    "rehabilitation": _("rehabilitation"),
    "health": _("health and work ability"),
    "debt": _("money and debt problems"),
    "housing": _("housing"),
    "family": _("family situation"),
    "hiring": _("hiring staff"),
}
CHANNEL_LABELS = {"in_person": _("in person"), "online": _("online"), "phone": _("phone")}
BENEFIT_EFFECT_LABELS = {
    "benefit_paid": _("unemployment benefit continues"),
    "benefit_paid_with_allowance": _("benefit continues with an expense allowance"),
    "benefit_ends": _("paid work or other income replaces the benefit"),
    "benefit_may_change": _("may affect the benefit; check case by case"),
    "not_affected": _("no effect on the benefit"),
}
CHARGE_LABELS = {"free": _("free of charge"), "charged": _("charged"), "other": _("other")}
TYPE_LABELS = {"service": _("service"), "permission_and_obligation": _("permission or obligation")}


def _choices(codes: tuple[str, ...], labels: dict) -> list[tuple[str, object]]:
    return [(c, labels.get(c, c)) for c in codes]


KIND_CHOICES = _choices(vocab.KINDS, KIND_LABELS)
LEVEL_CHOICES = [(lvl, lvl) for lvl in vocab.LEVELS]


class Provider(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    business_id = models.CharField(_("business id"), max_length=9, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    url = models.URLField(_("web site"), blank=True)

    class Meta:
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProviderMember(models.Model):
    """A user of role service_provider who keeps this provider's services."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_membership"
    )
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="members")

    class Meta:
        verbose_name = _("provider member")
        verbose_name_plural = _("provider members")

    def __str__(self) -> str:
        return f"{self.user} @ {self.provider}"


class Service(models.Model):
    external_id = models.CharField(_("catalogue id"), max_length=100, unique=True)
    ptv_id = models.CharField(_("PTV id"), max_length=64, blank=True, db_index=True)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="services")
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    name = models.JSONField(_("name"), default=dict)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    # Finnish name, kept for ordering and search without reading JSON.
    name_fi = models.CharField(max_length=200, db_index=True, editable=False)
    search_text = models.TextField(editable=False, blank=True)
    service_type = models.CharField(
        _("service type"),
        max_length=30,
        default="service",
        choices=_choices(vocab.SERVICE_TYPES, TYPE_LABELS),
    )
    kind = models.CharField(_("kind"), max_length=30, default="other", choices=KIND_CHOICES, db_index=True)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    life_situations = models.JSONField(_("life situations"), default=list, blank=True)
    languages = models.JSONField(_("service languages"), default=list, blank=True)
    required_finnish_level = models.CharField(
        _("required Finnish level"), max_length=2, blank=True, choices=LEVEL_CHOICES
    )
    required_swedish_level = models.CharField(
        _("required Swedish level"), max_length=2, blank=True, choices=LEVEL_CHOICES
    )
    locations = models.JSONField(_("locations"), default=list, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    charge_type = models.CharField(
        _("charge"), max_length=10, blank=True, choices=_choices(vocab.CHARGE_TYPES, CHARGE_LABELS)
    )
    price = models.JSONField(_("price"), default=dict, blank=True)
    accessibility = models.JSONField(_("accessibility"), default=dict, blank=True)
    eligibility = models.JSONField(_("eligibility conditions"), default=dict, blank=True)
    municipalities = models.JSONField(_("municipalities"), default=list, blank=True)
    attendance_obligatory = models.BooleanField(_("attendance obligatory"), null=True, blank=True)
    benefit_effect = models.CharField(
        _("effect on unemployment benefit"),
        max_length=30,
        blank=True,
        choices=_choices(vocab.BENEFIT_EFFECTS, BENEFIT_EFFECT_LABELS),
    )
    benefit_effect_info = models.JSONField(_("benefit effect details"), default=dict, blank=True)
    replaces_job_search_conversation = models.BooleanField(
        _("replaces a job-search conversation"), null=True, blank=True
    )
    referral_steps = models.JSONField(_("referral steps"), default=dict, blank=True)
    client_register_entry = models.JSONField(
        _("what to record in the client register"), default=dict, blank=True
    )
    consent_required = models.BooleanField(_("client consent needed"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    available_places = models.PositiveIntegerField(_("available places"), null=True, blank=True)
    start_dates = models.JSONField(_("start dates"), default=list, blank=True)
    waiting_days = models.PositiveSmallIntegerField(_("waiting time in days"), null=True, blank=True)
    contact = models.JSONField(_("contact"), default=dict, blank=True)
    ptv = models.JSONField(_("PTV classifications"), default=dict, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name_fi", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="service_age_range",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=[s.value for s in State]), name="service_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name_fi

    def text(self, field: str, lang: str) -> str:
        """A text in `lang`, falling back to Finnish, Swedish, English."""
        values = getattr(self, field) or {}
        for code in (lang, "fi", "sv", "en"):
            if values.get(code):
                return values[code]
        return ""
