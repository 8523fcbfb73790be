"""Users and roles. One user model for staff, providers and clients; the role decides scope."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASE_WORKER = "case_worker", _("case worker")
    PSYCHOLOGIST = "psychologist", _("psychologist")
    SOCIAL_WORKER = "social_worker", _("social worker")
    EMPLOYER_COORDINATOR = "employer_coordinator", _("employer coordinator")
    TEAM_LEADER = "team_leader", _("team leader")
    SERVICE_MANAGER = "service_manager", _("service manager")
    ANALYST = "analyst", _("analyst")
    ADMINISTRATOR = "administrator", _("administrator")
    SERVICE_PROVIDER = "service_provider", _("service provider")
    EXTERNAL_PROFESSIONAL = "external_professional", _("external professional (Kela, health services)")
    CLIENT = "client", _("client")
    EMPLOYER_REPRESENTATIVE = "employer_representative", _("employer representative")
    SUBSIDY_EXPERT = "subsidy_expert", _("subsidy expert")
    PROCUREMENT_OFFICER = "procurement_officer", _("procurement officer")
    NATIONAL_ANALYST = "national_analyst", _("national analyst (suppressed figures of every area)")


def role_label(code: str) -> str:
    """The role's name in the user's language; an unknown code as it is."""
    try:
        return str(Role(code).label)
    except ValueError:
        return code


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.CASE_WORKER)
    staff_code = models.CharField(_("staff code"), max_length=20, blank=True, db_index=True)
    unit = models.ForeignKey(
        "organisation.ServiceUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="staff"
    )
    team = models.ForeignKey(
        "organisation.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    office = models.ForeignKey(
        "organisation.Office", null=True, blank=True, on_delete=models.SET_NULL, related_name="staff"
    )
    languages = models.JSONField(_("service languages"), default=list, blank=True)
    preferred_language = models.CharField(_("language"), max_length=2, default="fi")
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    # A client's strong identification (issue 13, point 1): the identity provider's subject,
    # which Helsinki-profiili's GDPR calls name, and the keyed hash of the identity code.
    person_sub = models.CharField(max_length=255, null=True, blank=True, unique=True)
    identity_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A machine token for an integration (issue 13, point 7): it acts as its user, limited
    to its scopes, until it expires or is revoked. Only a hash of the token is stored; the
    token itself is shown once, when it is created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12, db_index=True)  # the token's first characters, to find it
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
