"""Clients on the responsible-worker model: the client, plan, meetings, events, network."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EducationLevel(models.TextChoices):
    NONE = "none", _("no completed education")
    BASIC = "basic", _("basic education")
    UPPER_SECONDARY = "upper_secondary", _("upper secondary")
    TERTIARY = "tertiary", _("tertiary")


class JobSearchStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    ENDED = "ended", _("ended")


class EndReason(models.TextChoices):
    """Why a job-search period ended: the fixed list of issue 12. Working time and contract
    of an employment are recorded on the employment itself (outcomes.Employment)."""

    EMPLOYED = "employed", _("employed in the open market")
    SUBSIDISED = "subsidised", _("subsidised employment")
    ENTREPRENEUR = "entrepreneur", _("entrepreneur")
    EDUCATION = "education", _("education")
    MOVED = "moved", _("moved to another area")
    OUTSIDE_LABOUR_FORCE = "outside_labour_force", _("outside the labour force")
    OTHER = "other", _("other or unknown")


LANGUAGE_LEVELS = [(v, v) for v in ("native", "C2", "C1", "B2", "B1", "A2", "A1", "none")]
MEETING_KIND_CHOICES = [
    ("initial_interview", _("initial interview")),
    ("job_search_conversation", _("job-search conversation")),
    ("supplementary", _("supplementary conversation")),
]


class ContactChannel(models.TextChoices):
    """How the client wants to hear that something waits in Kohtaanto."""

    SMS = "sms", _("text message")
    EMAIL = "email", _("e-mail")
    NONE = "none", _("only in Kohtaanto")


class Client(models.Model):
    external_id = models.CharField(_("client number"), max_length=20, unique=True)
    hetu_encrypted = models.TextField(_("identity code (encrypted)"))
    hetu_hash = models.CharField(max_length=64, unique=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    gender = models.CharField(_("gender"), max_length=1, choices=[("F", _("female")), ("M", _("male"))])
    mother_tongue = models.CharField(_("mother tongue"), max_length=3)
    finnish_level = models.CharField(
        _("Finnish level"), max_length=6, choices=LANGUAGE_LEVELS, default="native"
    )
    swedish_level = models.CharField(
        _("Swedish level"), max_length=6, choices=LANGUAGE_LEVELS, default="none"
    )
    education_level = models.CharField(_("education level"), max_length=20, choices=EducationLevel.choices)
    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    arrival_date = models.DateField(_("arrival in Finland"), null=True, blank=True)
    needs_multiprofessional = models.BooleanField(_("needs multi-professional support"), default=False)
    registration_date = models.DateField(_("registration date"), db_index=True)
    job_search_status = models.CharField(
        _("job-search status"), max_length=10, choices=JobSearchStatus.choices, default=JobSearchStatus.ACTIVE
    )
    end_date = models.DateField(_("job search ended"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=20, choices=EndReason.choices, blank=True)
    unit = models.ForeignKey("organisation.ServiceUnit", on_delete=models.PROTECT, related_name="clients")
    team = models.ForeignKey("organisation.Team", on_delete=models.PROTECT, related_name="clients")
    office = models.ForeignKey("organisation.Office", null=True, blank=True, on_delete=models.SET_NULL)
    responsible_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caseload",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="client_record",
    )
    # Contact data (issue 13, point 3): the client keeps it current in the portal.
    phone = models.CharField(_("phone"), max_length=20, blank=True)  # E.164, e.g. +358401234567
    email = models.EmailField(_("e-mail"), blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    post_office = models.CharField(_("post office"), max_length=60, blank=True)
    preferred_channel = models.CharField(
        _("preferred channel"), max_length=10, choices=ContactChannel.choices, blank=True
    )  # blank: not chosen, the installation's default sender
    contact_language = models.CharField(
        _("language of service"),
        max_length=2,
        choices=[("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))],
        default="fi",
    )
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    interpreter_language = models.CharField(_("interpreter's language"), max_length=3, blank=True)
    # Worklist ordering, kept current by services (see clients.schedule): the next Nordic-model
    # deadline and what it is for, so the worklist is an indexed query, not a scan.
    next_due_date = models.DateField(null=True, blank=True, db_index=True)
    next_due_kind = models.CharField(max_length=30, blank=True, choices=MEETING_KIND_CHOICES)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        indexes = [
            models.Index(fields=["responsible_worker", "job_search_status", "next_due_date"]),
            models.Index(fields=["team", "job_search_status"]),
        ]

    def __str__(self) -> str:
        return f"{self.external_id}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def language_group(self) -> str:
        return self.mother_tongue if self.mother_tongue in ("fi", "sv") else "foreign"


class EmploymentPlan(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveIntegerField(default=1)
    goals = models.TextField(_("goals"), blank=True)
    job_search_obligation = models.PositiveSmallIntegerField(_("applications a month"), default=4)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged by client"), null=True, blank=True)
    # Services agreed in the plan: [{"service_id": ..., "name": ...}]; referrals carry them out.
    agreed_services = models.JSONField(_("agreed services"), default=list, blank=True)

    class Meta:
        verbose_name = _("employment plan")
        verbose_name_plural = _("employment plans")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["client", "version"], name="plan_unique_version"),
            models.CheckConstraint(
                condition=models.Q(job_search_obligation__lte=4), name="plan_obligation_at_most_4"
            ),
        ]


class PlanTask(models.Model):
    class Assignee(models.TextChoices):
        CLIENT = "client", _("client")
        WORKER = "worker", _("worker")

    plan = models.ForeignKey(EmploymentPlan, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=300)
    assignee = models.CharField(_("for"), max_length=10, choices=Assignee.choices, default=Assignee.CLIENT)
    due_date = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["due_date", "id"]


class MeetingKind(models.TextChoices):
    INITIAL_INTERVIEW = "initial_interview", _("initial interview")
    JOB_SEARCH_CONVERSATION = "job_search_conversation", _("job-search conversation")
    SUPPLEMENTARY = "supplementary", _("supplementary conversation")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    NO_SHOW = "no_show", _("no-show")
    CANCELLED = "cancelled", _("cancelled")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("phone")
    VIDEO = "video", _("video")


MEETING_NOTES_MAX = 5000


class Meeting(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="meetings")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=MeetingKind.choices)
    due_date = models.DateField(_("due"), null=True, blank=True)
    planned_date = models.DateField(_("planned"), null=True, blank=True)
    held_date = models.DateField(_("held"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.IN_PERSON
    )
    notes = models.TextField(_("notes"), blank=True)
    # Time and place (issue 12): a meeting with only a date (older data) keeps working.
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=45, db_default=45)
    office = models.ForeignKey(
        "organisation.Office", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    video_link = models.URLField(_("video link"), max_length=500, blank=True, db_default="")
    # The register's meeting ID for loaded rows (empty for meetings booked in the app), so a
    # later snapshot updates the same meeting (issue 12).
    external_id = models.CharField(max_length=20, blank=True, db_default="", editable=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-planned_date", "-id"]
        indexes = [models.Index(fields=["client", "kind", "status"])]


class MeetingNoteVersion(models.Model):
    """One saved version of a meeting's notes, kept like plan versions: an edit adds a
    version and never rewrites an earlier one. `Meeting.notes` holds the newest text."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="note_versions")
    version = models.PositiveIntegerField()
    text = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting notes version")
        verbose_name_plural = _("meeting notes versions")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="meeting_note_unique_version")
        ]


class EventKind(models.TextChoices):
    REGISTRATION = "registration", _("registration")
    MEETING = "meeting", _("meeting")
    SERVICE_START = "service_start", _("service started")
    SERVICE_END = "service_end", _("service ended")
    EMPLOYMENT = "employment", _("employment")
    EDUCATION_START = "education_start", _("education started")
    JOB_SEARCH_ENDED = "job_search_ended", _("job search ended")


class ClientEvent(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="events")
    date = models.DateField(_("date"))
    kind = models.CharField(_("event"), max_length=30, choices=EventKind.choices)
    service_code = models.CharField(max_length=40, blank=True)
    reason = models.CharField(max_length=40, blank=True)
    external_id = models.CharField(max_length=20, blank=True, db_default="", editable=False)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["client", "date"])]


class NetworkMember(models.Model):
    """A professional in the client's network; sees the client only while this is active."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="network")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_clients"
    )
    consent_given = models.DateField(_("client consented"))
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "member"], name="network_unique_member")]


class SegmentationRuleSet(models.Model):
    """A version of the segmentation rules; the newest active one is used at registration."""

    rules = models.JSONField()
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-id"]


class Handover(models.Model):
    """A change of responsible worker, with the note the new worker reads first."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="handovers")
    from_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("handover note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-id"]


class SharedNote(models.Model):
    """A note shared in the client's network, visible only to the roles it names."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="shared_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"))
    visible_to = models.JSONField(_("visible to roles"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]


class SessionKind(models.TextChoices):
    """What a network professional's own session was; none of them is a timetable meeting."""

    ASSESSMENT = "assessment", _("assessment")
    COUNSELLING = "counselling", _("counselling session")
    SOCIAL_WORK = "social_work", _("social work meeting")
    BENEFIT_GUIDANCE = "benefit_guidance", _("benefit guidance")
    EMPLOYER_CONTACT = "employer_contact", _("contact with an employer")
    OTHER = "other", _("other session")


SESSION_SUMMARY_MAX = 2000


class NetworkSession(models.Model):
    """A session a network professional (psychologist, social worker, Kela, employer
    coordinator) held with the client, recorded by them. It is never one of the Nordic
    timetable's meetings and never moves the client's next due date (issue 18, defect 1)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="network_sessions")
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind of session"), max_length=20, choices=SessionKind.choices)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.IN_PERSON
    )
    summary = models.TextField(_("summary"), max_length=SESSION_SUMMARY_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["client", "date"])]


class CalendarFeed(models.Model):
    """A worker's iCalendar feed behind a secret URL. Only a hash of the secret is stored;
    a new secret revokes the old URL, deleting the row revokes the feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)


class RegisterLoad(models.Model):
    """One register snapshot applied to the database: which population, as of when, how.

    `kohtaanto load --incremental` refuses a snapshot of another population or an older
    one than the last recorded here; a base load refuses once any client exists."""

    population = models.CharField(max_length=200, blank=True)
    as_of = models.DateField(null=True, blank=True)
    incremental = models.BooleanField(default=False)
    counts = models.JSONField(default=dict)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at", "-id"]


class AccessGrant(models.Model):
    """A stated reason to open a client outside one's own caseload (need to know, issue 13
    point 9): valid for a few hours (KOHTAANTO_ACCESS_GRANT_HOURS), audited when given, and
    named in the audit of every read it opens."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_grants")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="access_grants")
    reason = models.CharField(_("reason"), max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["user", "client", "expires_at"])]
