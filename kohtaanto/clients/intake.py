"""Intake: registering clients one by one or in batches, segmenting them into a team by
the configurable rules and assigning a responsible worker with balanced caseloads."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import REGISTRARS as POLICY_REGISTRARS
from kohtaanto.audit.services import AuditEntry, audit_record, audit_record_many
from kohtaanto.domain import nordic
from kohtaanto.domain.hetu import InvalidHetu, validate_hetu
from kohtaanto.domain.segmentation import DEFAULT_RULES, RuleError, facts_for, segment, validate_rules
from kohtaanto.organisation.models import Municipality, Office, Team

from . import identity
from .models import Client, ClientEvent, EventKind, JobSearchStatus, Meeting, MeetingKind, SegmentationRuleSet

REGISTRARS = POLICY_REGISTRARS  # accounts.policy
EDUCATION = {"none", "basic", "upper_secondary", "tertiary"}
LEVELS = {"native", "C2", "C1", "B2", "B1", "A2", "A1", "none"}


@dataclass
class Registration:
    hetu: str
    first_name: str
    last_name: str
    mother_tongue: str
    education_level: str
    finnish_level: str = "native"
    swedish_level: str = "none"
    needs_multiprofessional: bool = False
    arrival_date: date | None = None
    postal_code: str = ""
    municipality: str = "091"
    preferred_office: str = ""
    registration_date: date | None = None
    external_id: str = ""


def current_rules() -> list[dict]:
    latest = SegmentationRuleSet.objects.first()
    return latest.rules if latest else DEFAULT_RULES


def _errors(reg: Registration, today: date) -> dict[str, str]:
    """Field -> message for one registration; empty when valid."""
    errors: dict[str, str] = {}
    try:
        validate_hetu(identity.normalise(reg.hetu or ""), today)
    except InvalidHetu as exc:
        errors["hetu"] = identity.hetu_message(exc)
    for name in ("first_name", "last_name"):
        value = (getattr(reg, name) or "").strip()
        if not value or len(value) > 100 or any(not ch.isprintable() for ch in value):
            errors[name] = "required, at most 100 printable characters"
    if not (reg.mother_tongue or "").isalpha() or not 2 <= len(reg.mother_tongue) <= 3:
        errors["mother_tongue"] = "an ISO 639 language code, e.g. fi, sv, so"
    if reg.education_level not in EDUCATION:
        errors["education_level"] = f"one of {', '.join(sorted(EDUCATION))}"
    for name in ("finnish_level", "swedish_level"):
        if getattr(reg, name) not in LEVELS:
            errors[name] = f"one of {', '.join(sorted(LEVELS))}"
    if reg.postal_code and not (reg.postal_code.isdigit() and len(reg.postal_code) == 5):
        errors["postal_code"] = "five digits"
    if reg.registration_date and reg.registration_date > today:
        errors["registration_date"] = "cannot be in the future"
    if reg.arrival_date and reg.arrival_date > (reg.registration_date or today):
        errors["arrival_date"] = "cannot be after registration"
    return errors


class Assigner:
    """Chooses team and worker; keeps running caseload counts so a batch stays balanced."""

    def __init__(self, rules: list[dict]):
        self.rules = rules
        teams = list(Team.objects.prefetch_related("offices").select_related("unit"))
        self.by_segment: dict[str, list[Team]] = defaultdict(list)
        for t in teams:
            self.by_segment[t.segment].append(t)
        workers = User.objects.filter(
            role__in=policy.CASE_WORKERS, is_active=True, team__isnull=False
        ).annotate(load=Count("caseload", filter=Q(caseload__job_search_status=JobSearchStatus.ACTIVE)))
        self.workers: dict[int, list[User]] = defaultdict(list)
        self.load: Counter[int] = Counter()
        for w in workers:
            self.workers[w.team_id].append(w)
            self.load[w.pk] = w.load
        self.team_load = Counter({t.pk: sum(self.load[w.pk] for w in self.workers[t.pk]) for t in teams})

    def assign(self, facts, mother_tongue: str, office: str) -> tuple[Team, User | None, str]:
        seg, rule = segment(facts, self.rules)
        teams = self.by_segment.get(seg)
        if not teams:
            raise ValidationError({"segment": f"no team serves segment {seg!r} (rule {rule})"})

        def team_key(t: Team):
            at_office = any(o.name == office for o in t.offices.all()) if office else True
            staff = max(1, len(self.workers[t.pk]))
            return (not at_office, self.team_load[t.pk] / staff)

        team = min(teams, key=team_key)
        worker = self.worker_for(team, mother_tongue, office)
        self.team_load[team.pk] += 1
        if worker:
            self.load[worker.pk] += 1
        return team, worker, rule

    def worker_for(self, team: Team, mother_tongue: str, office: str) -> User | None:
        """The least-loaded worker of the team who speaks the client's language, near their office."""
        candidates = self.workers.get(team.pk, [])
        if not candidates:
            return None

        def key(w: User):
            langs = w.languages or ["fi"]
            speaks = mother_tongue in langs or (mother_tongue not in ("fi", "sv") and "en" in langs)
            same_office = bool(office) and w.office is not None and w.office.name == office
            return (not speaks, not same_office, self.load[w.pk], w.pk)

        return min(candidates, key=key)


def _build(reg: Registration, assigner: Assigner, munis: dict, offices: dict, today: date) -> Client:
    info = validate_hetu(identity.normalise(reg.hetu))
    registered = reg.registration_date or today
    facts = facts_for(
        birth_date=info.birth_date,
        mother_tongue=reg.mother_tongue,
        education_level=reg.education_level,
        needs_multiprofessional=reg.needs_multiprofessional,
        arrival_date=reg.arrival_date,
        registration_date=registered,
        municipality=reg.municipality,
    )
    team, worker, _rule = assigner.assign(facts, reg.mother_tongue, reg.preferred_office)
    enc, h = identity.encrypt(reg.hetu), identity.lookup_hash(reg.hetu)
    office = offices.get(reg.preferred_office) or (worker.office if worker else None)
    due = nordic.next_due(registered, [], today) if registered <= today else None
    return Client(
        external_id=reg.external_id,
        hetu_encrypted=enc,
        hetu_hash=h,
        first_name=reg.first_name.strip(),
        last_name=reg.last_name.strip(),
        birth_date=info.birth_date,
        gender=info.gender,
        mother_tongue=reg.mother_tongue.lower(),
        finnish_level=reg.finnish_level,
        swedish_level=reg.swedish_level,
        education_level=reg.education_level,
        municipality=munis[reg.municipality],
        postal_code=reg.postal_code,
        arrival_date=reg.arrival_date,
        needs_multiprofessional=reg.needs_multiprofessional,
        registration_date=registered,
        unit=team.unit,
        team=team,
        office=office,
        responsible_worker=worker,
        next_due_date=due.due_date if due else None,
        next_due_kind=due.kind if due else "",
    )


def _next_external_ids(n: int) -> list[str]:
    last = (
        Client.objects.filter(external_id__startswith="K")
        .order_by("-external_id")
        .values_list("external_id", flat=True)
        .first()
    )
    start = int(last[1:]) + 1 if last and last[1:].isdigit() else 1
    return [f"K{i:07d}" for i in range(start, start + n)]


@dataclass
class ImportReport:
    created: int = 0
    rejected: list[dict] = field(default_factory=list)  # {"row", "field", "message"}


class ImportRejected(ValidationError):
    def __init__(self, rejected: list[dict]):
        super().__init__(f"{len(rejected)} row(s) rejected; nothing was imported")
        self.rejected = rejected


def clients_register(
    *, actor: User, registrations: list[Registration], request_id: str = "", today: date | None = None
) -> list[Client]:
    """Register one or many clients, all or nothing. Raises ImportRejected listing every bad row."""
    if actor.role not in REGISTRARS:
        raise PermissionDenied("this role cannot register clients")
    return register_checked(actor=actor, registrations=registrations, request_id=request_id, today=today)


def register_checked(
    *,
    actor: User,
    registrations: list[Registration],
    request_id: str = "",
    today: date | None = None,
    purpose: str = "registration",
) -> list[Client]:
    """The registration itself, for callers that have checked who may register whom: the
    worker's form and batch import above, and a client's own registration in the portal.
    One set of intake rules, segmentation, assignment and interview planning for all."""
    today = today or date.today()
    munis = {m.code: m for m in Municipality.objects.all()}
    offices = {o.name: o for o in Office.objects.all()}
    rejected: list[dict] = []
    hashes: dict[str, int] = {}
    for row, reg in enumerate(registrations, 1):
        for fld, msg in _errors(reg, today).items():
            rejected.append({"row": row, "field": fld, "message": msg})
        if reg.municipality not in munis:
            rejected.append(
                {"row": row, "field": "municipality", "message": f"unknown municipality {reg.municipality!r}"}
            )
        if reg.preferred_office and reg.preferred_office not in offices:
            rejected.append(
                {
                    "row": row,
                    "field": "preferred_office",
                    "message": f"unknown office {reg.preferred_office!r}",
                }
            )
        if not any(r["row"] == row and r["field"] == "hetu" for r in rejected):
            h = identity.lookup_hash(reg.hetu)
            if h in hashes:
                rejected.append(
                    {"row": row, "field": "hetu", "message": f"same identity code as row {hashes[h]}"}
                )
            hashes.setdefault(h, row)
    existing = set(Client.objects.filter(hetu_hash__in=list(hashes)).values_list("hetu_hash", flat=True))
    for h in existing:
        rejected.append(
            {
                "row": hashes[h],
                "field": "hetu",
                "message": "a client with this identity code is already registered",
            }
        )
    if rejected:
        raise ImportRejected(sorted(rejected, key=lambda r: (r["row"], r["field"])))

    with transaction.atomic():
        assigner = Assigner(current_rules())
        ids = iter(_next_external_ids(len(registrations)))
        clients = []
        for reg in registrations:
            reg.external_id = reg.external_id or next(ids)
            clients.append(_build(reg, assigner, munis, offices, today))
        Client.objects.bulk_create(clients, batch_size=2000)  # sets pks on SQLite and PostgreSQL
        ClientEvent.objects.bulk_create(
            [ClientEvent(client=c, date=c.registration_date, kind=EventKind.REGISTRATION) for c in clients],
            batch_size=5000,
        )
        Meeting.objects.bulk_create(
            [
                Meeting(
                    client=c,
                    staff=c.responsible_worker,
                    kind=MeetingKind.INITIAL_INTERVIEW,
                    due_date=nordic.initial_interview_due(c.registration_date),
                    planned_date=nordic.initial_interview_due(c.registration_date),
                )
                for c in clients
            ],
            batch_size=5000,
        )
        audit_record_many(
            actor=actor,
            entries=[AuditEntry("create", "client", c.pk, c.pk, {"team": c.team.code}) for c in clients],
            purpose=purpose,
            request_id=request_id,
        )
    return clients


def rules_save(*, actor: User, rules, note: str = "", request_id: str = "") -> SegmentationRuleSet:
    if not policy.is_administrator(actor):
        raise PermissionDenied("only administrators edit segmentation rules")
    segments = set(Team.objects.values_list("segment", flat=True))
    try:
        validate_rules(rules, segments)
    except RuleError as exc:
        raise ValidationError({"rules": str(exc)}) from exc
    with transaction.atomic():
        ruleset = SegmentationRuleSet.objects.create(rules=rules, note=note[:300], created_by=actor)
        audit_record(
            actor=actor,
            action="update",
            target_type="segmentation_rules",
            target_id=ruleset.pk,
            request_id=request_id,
        )
    return ruleset


@dataclass
class Preview:
    active: int
    moving: int
    moves: list[tuple[str, str, int]]  # (from segment, to segment, clients)


def rules_preview(*, actor: User, rules) -> Preview:
    """How many active clients would change segment under `rules` (a dry run: writes nothing)."""
    if not policy.is_administrator(actor):
        raise PermissionDenied("only administrators edit segmentation rules")
    segments = set(Team.objects.values_list("segment", flat=True))
    try:
        validate_rules(rules, segments)
    except RuleError as exc:
        raise ValidationError({"rules": str(exc)}) from exc
    moves: Counter[tuple[str, str]] = Counter()
    active = 0
    rows = Client.objects.filter(
        job_search_status=JobSearchStatus.ACTIVE, anonymised_at__isnull=True
    ).values_list(
        "birth_date",
        "mother_tongue",
        "education_level",
        "needs_multiprofessional",
        "arrival_date",
        "registration_date",
        "municipality__code",
        "team__segment",
    )
    for birth, tongue, edu, mp, arrival, registered, muni, current in rows.iterator(chunk_size=5000):
        active += 1
        f = facts_for(
            birth_date=birth,
            mother_tongue=tongue,
            education_level=edu,
            needs_multiprofessional=mp,
            arrival_date=arrival,
            registration_date=registered,
            municipality=muni,
        )
        new = segment(f, rules)[0]
        if new != current and not (current == "light" and new.startswith("adult_")):
            moves[(current, new)] += 1
    return Preview(
        active, sum(moves.values()), sorted(((a, b, n) for (a, b), n in moves.items()), key=lambda m: -m[2])
    )
