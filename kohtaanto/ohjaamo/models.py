"""Ohjaamo, the low-threshold guidance centres for under-30s (issue 17 point 6): visits by
topic, anonymous or identified, with the service the young person moved on to, and the
annual client survey's answers from the portal or from paper.

An anonymous visit holds no identifier at all: only the unit, the date, the topic, the age
group and the transition, which is what the national Kohtaamo template counts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    WORK = "work", _("work and job search")
    EDUCATION = "education", _("education and studies")
    LIVELIHOOD = "livelihood", _("income and benefits")
    HOUSING = "housing", _("housing")
    WELLBEING = "wellbeing", _("health and wellbeing")
    LIFE_SKILLS = "life_skills", _("everyday life skills")
    OTHER = "other", _("other")


class Transition(models.TextChoices):
    """Where the visit led, if anywhere (the visit and transitions template)."""

    NONE = "", _("no transition")
    EMPLOYMENT_SERVICES = "employment_services", _("employment services")
    EDUCATION = "education", _("education")
    WORK = "work", _("work")
    SOCIAL_SERVICES = "social_services", _("social services")
    HEALTH_SERVICES = "health_services", _("health services")
    YOUTH_WORKSHOP = "youth_workshop", _("youth workshop")
    TYP = "typ", _("multi-professional joint service (TYP)")
    OTHER = "other", _("other service")


class AgeGroup(models.TextChoices):
    UNDER_18 = "under_18", _("under 18")
    AGE_18_24 = "18_24", _("18–24")
    AGE_25_29 = "25_29", _("25–29")
    AGE_30_PLUS = "30_plus", _("30 or over")
    UNKNOWN = "unknown", _("not known")


class Visit(models.Model):
    unit = models.ForeignKey("organisation.ServiceUnit", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=15, choices=Topic.choices)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    client = models.ForeignKey(
        "clients.Client", null=True, blank=True, on_delete=models.CASCADE, related_name="ohjaamo_visits"
    )
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices)
    transition = models.CharField(
        _("transition to a service"), max_length=25, choices=Transition.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["unit", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymous=True, client__isnull=True)
                | models.Q(anonymous=False, client__isnull=False),
                name="ohjaamo_visit_anonymous_has_no_client",
            )
        ]


class SurveyChannel(models.TextChoices):
    PORTAL = "portal", _("portal")
    PAPER = "paper", _("paper form")


class SurveyResponse(models.Model):
    """One answer sheet; paper sheets are anonymous, a portal answer once a year per client."""

    survey_version = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    channel = models.CharField(_("channel"), max_length=10, choices=SurveyChannel.choices)
    unit = models.ForeignKey(
        "organisation.ServiceUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    client = models.ForeignKey(
        "clients.Client", null=True, blank=True, on_delete=models.CASCADE, related_name="ohjaamo_surveys"
    )
    answers = models.JSONField()  # {question id: integer}, checked against the survey version
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "year"],
                condition=models.Q(client__isnull=False),
                name="ohjaamo_survey_once_a_year",
            )
        ]
