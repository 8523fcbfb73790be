"""Employers (issue 14): organisations with their business ID, industry, size, locations,
contact persons, a responsible employer coordinator and a consent-to-contact status, and the
history of every interaction with them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
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
    # One record per employment area that serves the business: each area is the controller
    # of its own employer services (contacts, interactions, notes), so the business ID is
    # unique within an area. Unassigned (null) records are seen by administrators only.
    area = models.ForeignKey(
        "organisation.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("area"),
    )
    business_id = models.CharField(_("business ID"), max_length=9)
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
        constraints = [
            models.UniqueConstraint(fields=["area", "business_id"], name="employer_business_id_per_area")
        ]
        indexes = [models.Index(fields=["business_id"])]

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


class Mandate(models.Model):
    """A representative's authorisation to act for one employer.

    In production the mandate comes from Suomi.fi e-Authorizations (valtuudet) when the
    representative signs in; here it is this record, which the administrator or the tests
    create. A representative sees nothing of an employer without an active mandate."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mandates")
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="mandates")
    source = models.CharField(_("source"), max_length=30, default="suomifi_valtuudet")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        indexes = [models.Index(fields=["user", "employer"])]


class Contract(models.TextChoices):
    PERMANENT = "permanent", _("permanent")
    FIXED_TERM = "fixed_term", _("fixed-term")


class Stage(models.TextChoices):
    """A vacancy's way through the coordinator's pipeline, in order."""

    NEW = "new", _("new")
    SEARCHING = "searching", _("searching")
    PROPOSED = "proposed", _("candidates proposed")
    INTERVIEWS = "interviews", _("interviews")
    FILLED = "filled", _("filled")
    CLOSED = "closed", _("closed")


class Vacancy(models.Model):
    """An employer's labour need. Its twin in the labour-market model is `posting`, so it
    appears in job seekers' job matching (employers.vacancies keeps the two in step)."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="vacancies")
    # The employment area that serves the vacancy: its coordinators make the shortlists.
    area = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="vacancies",
        verbose_name=_("area"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    occupation_uri = models.CharField(_("occupation (ESCO)"), max_length=200, blank=True)
    occupation_label = models.CharField(_("occupation"), max_length=300, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)  # ESCO skill URIs
    municipality = models.CharField(_("municipality code"), max_length=3, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    weekly_hours = models.DecimalField(
        _("weekly hours"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    working_time = models.CharField(_("working time"), max_length=10, default="full_time")
    contract = models.CharField(
        _("contract"), max_length=10, choices=Contract.choices, default=Contract.PERMANENT
    )
    languages = models.JSONField(_("language requirements"), default=list, blank=True)  # [{code, level}]
    start_date = models.DateField(_("start date"), null=True, blank=True)
    subsidy_interest = models.BooleanField(_("interested in subsidies"), default=False)
    positions = models.PositiveSmallIntegerField(_("positions"), default=1)
    apply_by = models.DateField(_("apply by"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.NEW)
    stage_since = models.DateTimeField(_("in stage since"), default=timezone.now)
    posting = models.OneToOneField(
        "market.JobPosting", null=True, blank=True, on_delete=models.SET_NULL, related_name="vacancy"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["area", "stage"])]

    def __str__(self) -> str:
        return self.title


class StageChange(models.Model):
    """Each move of a vacancy between stages: the pipeline's time in each stage."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField(max_length=12, choices=Stage.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "id"]


class CandidateStatus(models.TextChoices):
    SHORTLISTED = "shortlisted", _("on the shortlist")
    ASKED = "asked", _("asked to accept an introduction")
    DECLINED = "declined", _("declined the introduction")
    INTRODUCED = "introduced", _("introduced to the employer")
    INTERVIEW = "interview", _("interview")
    HIRED = "hired", _("hired")
    NOT_SELECTED = "not_selected", _("not selected")


class Candidate(models.Model):
    """A job seeker on a vacancy's shortlist. Until the client accepts the introduction, staff
    and the employer know the candidate only by `ref`, a pseudonym for this vacancy."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="candidates")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="vacancy_candidacies")
    ref = models.CharField(_("candidate"), max_length=16)
    score = models.FloatField(_("score"))
    breakdown = models.JSONField(default=dict)  # factor -> contribution, when shortlisted
    gaps = models.JSONField(default=list)  # required skills the consented profile lacks
    status = models.CharField(
        _("status"), max_length=14, choices=CandidateStatus.choices, default=CandidateStatus.SHORTLISTED
    )
    asked_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # Who recorded the client's answer: the client in the portal, or their worker.
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    interview_on = models.DateField(_("interview on"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    employment = models.OneToOneField(
        "outcomes.Employment", null=True, blank=True, on_delete=models.SET_NULL, related_name="candidacy"
    )
    shortlisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "client"], name="candidate_once"),
            models.UniqueConstraint(fields=["vacancy", "ref"], name="candidate_ref_once"),
        ]

    @property
    def factors(self) -> list[tuple[str, float]]:
        """The breakdown with each factor's name, as job matching shows it."""
        from kohtaanto.market.reference import FACTOR_NAMES

        return [(str(FACTOR_NAMES.get(k, k)), v) for k, v in self.breakdown.items()]


class RecruitmentEvent(models.Model):
    """A recruitment event the coordinators organise, with employers and registered job seekers."""

    area = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    employers = models.ManyToManyField(
        Employer, blank=True, related_name="events", verbose_name=_("employers")
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recruitment event")
        verbose_name_plural = _("recruitment events")
        ordering = ["starts_at", "id"]


class EventRegistration(models.Model):
    event = models.ForeignKey(RecruitmentEvent, on_delete=models.CASCADE, related_name="registrations")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="event_registrations")
    registered_at = models.DateTimeField(auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["registered_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "client"], name="event_registration_once")]
