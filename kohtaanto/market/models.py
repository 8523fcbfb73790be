"""Labour-market matching: the client's ESCO profile, their MyData consents, and the
digital twin of the regional market (job postings and education offerings)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The profile's fields; a consent names which of them it covers.
PROFILE_FIELDS = (
    "occupations",
    "work_history",
    "skills",
    "education",
    "languages",
    "driving_licences",
    "preferences",
)
# Each field's name in consents, receipts and the profile editor.
FIELD_NAMES = {
    "occupations": _("occupations I look for"),
    "work_history": _("work history"),
    "skills": _("skills"),
    "education": _("education"),
    "languages": _("languages"),
    "driving_licences": _("driving licences"),
    "preferences": _("preferences (areas, working time, remote work)"),
}


class Purpose(models.TextChoices):
    JOB_MATCHING = "job_matching", _("matching my profile with job postings")
    EDUCATION_MATCHING = "education_matching", _("matching my profile with education")
    SHARING_WITH_WORKER = "profile_sharing_with_worker", _("showing my profile to my employment worker")
    MARKET_STATISTICS = "market_statistics", _("counting my occupation in labour-market statistics")
    EMPLOYER_MATCHING = "employer_matching", _("matching my profile to employers' vacancies")


class Profile(models.Model):
    """One client's labour-market profile. Each field is a JSON list (preferences: an
    object) validated by `profile.clean_field`; fields are the unit of consent scope."""

    client = models.OneToOneField("clients.Client", on_delete=models.CASCADE, related_name="market_profile")
    esco_version = models.CharField(_("ESCO version"), max_length=20, blank=True)
    occupations = models.JSONField(_("occupations I look for"), default=list, blank=True)
    work_history = models.JSONField(_("work history"), default=list, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    education = models.JSONField(_("education"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    driving_licences = models.JSONField(_("driving licences"), default=list, blank=True)
    preferences = models.JSONField(_("preferences"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("market profile")
        verbose_name_plural = _("market profiles")

    def data(self, fields=PROFILE_FIELDS) -> dict:
        return {f: getattr(self, f) for f in fields}


class Consent(models.Model):
    """A purpose-bound, field-scoped, time-limited consent with its Kantara receipt.

    Active means granted, not withdrawn and not expired, read at the moment of use, so a
    withdrawal or an expiry takes effect at the next request.
    """

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="market_consents")
    receipt_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    purpose = models.CharField(_("purpose"), max_length=40, choices=Purpose.choices)
    fields = models.JSONField(_("profile fields"), default=list)
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # "withdrawn" by the client, "replaced" by a newer consent for the purpose, "anonymised".
    ended_reason = models.CharField(max_length=20, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    collection_method = models.CharField(max_length=60, default="Kohtaanto client portal")
    language = models.CharField(max_length=2, default="fi")
    receipt = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("market consent")
        verbose_name_plural = _("market consents")
        ordering = ["-granted_at", "-id"]
        indexes = [models.Index(fields=["client", "purpose", "withdrawn_at"])]

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.withdrawn_at is None and self.granted_at <= now < self.expires_at

    @property
    def field_labels(self) -> list[str]:
        return [str(FIELD_NAMES.get(f, f)) for f in self.fields]

    @property
    def status(self) -> str:
        if self.withdrawn_at is not None:
            return self.ended_reason or "withdrawn"
        return "active" if self.is_active() else "expired"


class WorkingTime(models.TextChoices):
    FULL_TIME = "full_time", _("full-time")
    PART_TIME = "part_time", _("part-time")
    SHIFT = "shift", _("shift work")


class Remote(models.TextChoices):
    ONSITE = "onsite", _("on site")
    HYBRID = "hybrid", _("partly remote")
    REMOTE = "remote", _("remote")


class JobPosting(models.Model):
    """A job posting of the regional market, enriched with ESCO (see enrich.py)."""

    source = models.CharField(max_length=60)
    external_id = models.CharField(max_length=100)
    title = models.CharField(_("title"), max_length=300)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    municipality = models.CharField(_("municipality code"), max_length=3, blank=True, db_index=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    working_time = models.JSONField(_("working time"), default=list, blank=True)
    remote = models.CharField(_("remote work"), max_length=10, choices=Remote.choices, default=Remote.ONSITE)
    languages = models.JSONField(_("language requirements"), default=list, blank=True)
    driving_licences = models.JSONField(_("driving licences required"), default=list, blank=True)
    published = models.DateField(_("published"), null=True, blank=True)
    expires = models.DateField(_("apply by"), null=True, blank=True, db_index=True)
    url = models.URLField(max_length=500, blank=True)
    occupation_uri = models.CharField(max_length=200, blank=True, db_index=True)
    occupation_label = models.CharField(max_length=300, blank=True)
    isco_group = models.CharField(max_length=4, blank=True, db_index=True)
    occupation_score = models.FloatField(null=True, blank=True)
    skills = models.JSONField(default=list, blank=True)  # required skill URIs (enriched)
    extracted_skills = models.JSONField(default=list, blank=True)  # those named in the text
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        constraints = [models.UniqueConstraint(fields=["source", "external_id"], name="posting_source_id")]

    def municipality_name(self, lang: str = "fi") -> str:
        from .reference import municipality_name

        return municipality_name(self.municipality, lang) if self.municipality else ""


class EducationOffering(models.Model):
    """An education programme (e.g. from Opintopolku), enriched with ESCO."""

    source = models.CharField(max_length=60)
    external_id = models.CharField(max_length=100)
    name = models.JSONField(_("name"), default=dict)  # lang -> text
    provider = models.CharField(_("provider"), max_length=300, blank=True)
    level = models.CharField(_("education level"), max_length=1, blank=True)  # koulutusaste 2016
    field = models.CharField(_("field of education"), max_length=2, blank=True)  # koulutusala 2016
    municipalities = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    degree_titles = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    occupations = models.JSONField(default=list, blank=True)  # ESCO occupation URIs
    skills = models.JSONField(default=list, blank=True)  # ESCO skill URIs taught
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("education offering")
        verbose_name_plural = _("education offerings")
        constraints = [models.UniqueConstraint(fields=["source", "external_id"], name="offering_source_id")]

    def name_in(self, lang: str) -> str:
        return (
            self.name.get(lang)
            or self.name.get("fi")
            or self.name.get("en")
            or next(iter(self.name.values()), "")
        )
