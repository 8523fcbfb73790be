"""Employers (issue 14): organisations with their business ID, industry, size, locations,
contact persons, a responsible employer coordinator and a consent-to-contact status, and the
history of every interaction with them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SizeClass(models.TextChoices):
    """Statistics Finland's size classes by personnel."""

    MICRO = "micro", _("fewer than 10 employees")
    SMALL = "small", _("10–49 employees")
    MEDIUM = "medium", _("50–249 employees")
    LARGE = "large", _("250 or more employees")
    UNKNOWN = "unknown", _("not known")


class ContactConsent(models.TextChoices):
    YES = "yes", _("may be contacted")
    NO = "no", _("does not want to be contacted")
    UNKNOWN = "unknown", _("not asked yet")


class Employer(models.Model):
    business_id = models.CharField(_("business ID"), max_length=9, unique=True)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    industry = models.CharField(_("industry (TOL 2008)"), max_length=5, blank=True)
    size_class = models.CharField(
        _("size"), max_length=10, choices=SizeClass.choices, default=SizeClass.UNKNOWN
    )
    # [{"address", "postal_code", "city"}], validated by employers.records.Location.
    locations = models.JSONField(_("locations"), default=list, blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employers",
        verbose_name=_("responsible coordinator"),
    )
    contact_consent = models.CharField(
        _("consent to contact"), max_length=10, choices=ContactConsent.choices, default=ContactConsent.UNKNOWN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.business_id})"


class ContactPerson(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["name", "id"]


class InteractionKind(models.TextChoices):
    VISIT = "visit", _("visit")
    CALL = "call", _("call")
    EMAIL = "email", _("e-mail")
    EVENT = "event", _("recruitment event")
    AGREEMENT = "agreement", _("agreement")


class Interaction(models.Model):
    """One contact with the employer; `next_action` is what the coordinator plans next."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField(_("kind"), max_length=10, choices=InteractionKind.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), max_length=2000, blank=True)
    next_action = models.CharField(_("next action"), max_length=300, blank=True)
    next_action_date = models.DateField(_("next action on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
