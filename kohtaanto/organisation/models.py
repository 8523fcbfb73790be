"""Municipality, service units, teams and office locations (the responsible-worker model)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="offices")
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("office location")
        verbose_name_plural = _("office locations")
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="office_unique_name")]

    def __str__(self) -> str:
        return self.name


class ServiceUnit(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="units")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    planned_clients = models.PositiveIntegerField(_("planned clients"), default=0)
    person_years = models.PositiveIntegerField(_("person-years"), default=0)

    class Meta:
        verbose_name = _("service unit")
        verbose_name_plural = _("service units")
        constraints = [models.UniqueConstraint(fields=["municipality", "code"], name="unit_unique_code")]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    unit = models.ForeignKey(ServiceUnit, on_delete=models.PROTECT, related_name="teams")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    segment = models.CharField(_("segment"), max_length=40, blank=True)
    planned_experts = models.PositiveIntegerField(_("experts"), default=0)
    planned_social_workers = models.PositiveIntegerField(_("social workers"), default=0)
    offices = models.ManyToManyField(Office, blank=True, related_name="teams")

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="team_unique_code")]

    def __str__(self) -> str:
        return self.name
