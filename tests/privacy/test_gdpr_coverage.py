"""Every model that holds data about a client is declared in the GDPR registry (issue 13,
point 5), the same trick as the authorization matrix: a new model pointing at a client, or a
new text field on one, fails here until it says what is exported and erased. The second
test writes a marker into every declared personal field of the declarative models, and
checks the export shows it and erasure leaves it in no text column of the database."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.db import connection, models
from django.utils import timezone

from kohtaanto.clients.models import Client
from kohtaanto.privacy import registry
from kohtaanto.privacy.registry import REGISTRY
from kohtaanto.privacy.services import client_anonymise, client_data_tree

TEXT = (models.CharField, models.TextField, models.JSONField)


def _points_at(field, model) -> bool:
    """A forward foreign key, one-to-one or many-to-many link to `model` (not a reverse one)."""
    return field.is_relation and not field.auto_created and field.related_model is model


def _client_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("kohtaanto.")
        and m is not Client
        and any(_points_at(f, Client) for f in m._meta.get_fields())
    ]


def test_every_model_about_a_client_is_declared_with_each_text_field():
    missing = [m._meta.label for m in [Client, *_client_models()] if m._meta.label not in REGISTRY]
    assert not missing, f"not in kohtaanto.privacy.registry: {missing}"
    undeclared = []
    for label, spec in REGISTRY.items():
        declared = set(spec.personal) | set(spec.codes)
        for f in spec.model._meta.concrete_fields:
            if isinstance(f, TEXT) and not f.is_relation and f.name not in declared:
                undeclared.append(f"{label}.{f.name}")
    assert not undeclared, f"text fields neither personal nor codes: {undeclared}"


def test_every_model_about_a_user_is_declared_for_the_clients_account():
    """Models that point at a user (foreign key or many-to-many) but at no client: each says
    what it holds for a client's account (kohtaanto/privacy/user_specs.py)."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    about_clients = {m._meta.label for m in _client_models()} | {Client._meta.label}
    undeclared = [
        m._meta.label
        for m in apps.get_models()
        if m.__module__.startswith("kohtaanto.")
        and m._meta.label not in about_clients
        and m is not user_model
        and any(_points_at(f, user_model) for f in m._meta.get_fields())
        and m._meta.label not in registry.USER_SIDE
    ]
    assert not undeclared, f"not in kohtaanto/privacy/user_specs.py: {undeclared}"


def test_a_new_model_about_a_client_would_fail(monkeypatch):
    """The coverage test above fails for an undeclared model (shown with a registry that
    lacks one)."""
    label = "referrals.MatchFeedback"
    monkeypatch.delitem(REGISTRY, label)
    with pytest.raises(AssertionError, match=label):
        test_every_model_about_a_client_is_declared_with_each_text_field()


def _count_sql(table: str, column: str) -> str:
    """Table and column names come from the models, never from input."""
    return f'SELECT COUNT(*) FROM "{table}" WHERE CAST("{column}" AS TEXT) LIKE %s'  # noqa: S608


def _text_columns() -> list[tuple[str, str]]:
    out = []
    for m in apps.get_models():
        for f in m._meta.concrete_fields:
            if isinstance(f, TEXT) and not f.is_relation:
                out.append((m._meta.db_table, f.column))
    return out


@pytest.mark.django_db
def test_declared_personal_text_is_exported_and_erased(world):
    client, rows = world
    tree = json.dumps(client_data_tree(client), ensure_ascii=False)
    markers = {f"{label}.{name}": marker for label, name, marker in rows}
    absent = [where for where, marker in markers.items() if marker not in tree]
    assert not absent, f"personal fields missing from the export: {absent}"

    client_anonymise(actor=None, client=client, reason="test")
    left = []
    with connection.cursor() as cur:
        for table, column in _text_columns():
            for where, marker in markers.items():
                cur.execute(_count_sql(table, column), [f"%{marker}%"])
                if cur.fetchone()[0]:
                    left.append(f"{where} in {table}.{column}")
    assert not left, f"erasure left personal text behind: {left}"


@pytest.fixture
def world(db):
    """A client with a row of every declarative model, a unique marker in each personal field."""
    from tests.factories import ClientFactory, UserFactory

    client = ClientFactory()
    worker = UserFactory()
    rows = []
    for label, spec in REGISTRY.items():
        if spec.hand_written:
            continue
        values = {}
        for name in spec.personal:
            marker = f"MARK-{label}-{name}".replace(".", "-")
            field = spec.model._meta.get_field(name)
            values[name] = {"note": marker} if isinstance(field, models.JSONField) else marker
            rows.append((label, name, marker))
        MAKERS[label](client, worker, values)
    return client, rows


def _service():
    from tests.catalogue.factories import ServiceFactory

    return ServiceFactory()


def _posting():
    from tests.market.factories import posting

    return posting(990001)


def _meeting(client):
    from kohtaanto.clients.models import Meeting

    return Meeting.objects.create(client=client, kind="initial_interview", status="planned")


def _encrypted(data: bytes) -> bytes:
    from kohtaanto.portal.documents import encrypt

    return encrypt(data)


# How to make one row of each declarative model; a new one needs its line here.
def _typ_case(client):
    model = apps.get_model("typ", "TypCase")
    start = client.registration_date
    return model.objects.filter(client=client).first() or model.objects.create(
        client=client,
        basis="unemployment_duration",
        rule_version="typ-2015",
        mapping_start=start,
        mapping_latest_end=start,
    )


def _typ_plan(client, values):
    model = apps.get_model("typ", "TypPlan")
    found = model.objects.filter(client=client).first()
    if found is not None:
        return found
    data = {"goals": "g", "services": "s", **values}
    return model.objects.create(
        client=client, case=_typ_case(client), consent_date=client.registration_date, **data
    )


MAKERS = {
    "clients.AccessGrant": lambda c, w, v: c.access_grants.create(
        user=w, reason="standing_in", expires_at=timezone.now(), **v
    ),
    "clients.Handover": lambda c, w, v: c.handovers.create(from_worker=w, to_worker=w, created_by=w, **v),
    "clients.SharedNote": lambda c, w, v: c.shared_notes.create(author=w, visible_to=["case_worker"], **v),
    "outcomes.JobOffer": lambda c, w, v: apps.get_model("outcomes", "JobOffer").objects.create(
        client=c, posting=_posting(), sent_by=w, **v
    ),
    "subsidies.SubsidyApplication": lambda c, w, v: apps.get_model(
        "subsidies", "SubsidyApplication"
    ).objects.create(
        client=c, applicant=w, benefit="palkkatuki", start_date=c.registration_date, planned_months=6, **v
    ),
    "typ.TypCase": lambda c, w, v: _typ_case(c),
    "typ.TypTeamMember": lambda c, w, v: apps.get_model("typ", "TypTeamMember").objects.create(
        client=c, case=_typ_case(c), professional=w, party="kela", **v
    ),
    "typ.TypPlan": lambda c, w, v: _typ_plan(c, v),
    "typ.TypSignature": lambda c, w, v: apps.get_model("typ", "TypSignature").objects.create(
        client=c, plan=_typ_plan(c, {}), party="kela", signer=w, signed_on=c.registration_date, **v
    ),
    "ohjaamo.Visit": lambda c, w, v: apps.get_model("ohjaamo", "Visit").objects.create(
        unit=c.unit, date=c.registration_date, topic="work", anonymous=False, client=c, age_group="18_24", **v
    ),
    "ohjaamo.SurveyResponse": lambda c, w, v: apps.get_model("ohjaamo", "SurveyResponse").objects.create(
        survey_version="x", year=2026, channel="portal", client=c, **{"answers": {}, **v}
    ),
    "outcomes.JobApplication": lambda c, w, v: apps.get_model("outcomes", "JobApplication").objects.create(
        client=c, date=c.registration_date, reported_by=w, **v
    ),
    "portal.RescheduleRequest": lambda c, w, v: apps.get_model("portal", "RescheduleRequest").objects.create(
        client=c, meeting=_meeting(c), planned_date=c.registration_date, **v
    ),
    "portal.ReferralRequest": lambda c, w, v: apps.get_model("portal", "ReferralRequest").objects.create(
        client=c, service=_service(), **v
    ),
    "portal.ClientDocument": lambda c, w, v: apps.get_model("portal", "ClientDocument").objects.create(
        client=c, content_type="application/pdf", size=1, sha256="0" * 64, data=_encrypted(b"%PDF-1.4"), **v
    ),
    "referrals.Referral": lambda c, w, v: apps.get_model("referrals", "Referral").objects.create(
        client=c, service=_service(), created_by=w, **v
    ),
    "referrals.MatchFeedback": lambda c, w, v: apps.get_model("referrals", "MatchFeedback").objects.create(
        client=c, service=_service(), action="dismiss", created_by=w, **v
    ),
    "employers.Candidate": lambda c, w, v: apps.get_model("employers", "Candidate").objects.create(
        vacancy=apps.get_model("employers", "Vacancy").objects.create(
            employer=apps.get_model("employers", "Employer").objects.create(
                business_id="0112038-9", name="X"
            ),
            area=c.municipality,
            title="Työ",
        ),
        client=c,
        ref="K-GDPR",
        score=0.5,
        **v,
    ),
    "employers.EventRegistration": lambda c, w, v: (
        apps.get_model("employers", "RecruitmentEvent")
        .objects.create(area=c.municipality, title="Tapahtuma", starts_at=timezone.now(), organiser=w)
        .registrations.create(client=c, registered_by=w, **v)
    ),
}


@pytest.mark.django_db
def test_the_dry_run_is_the_real_erasure_rolled_back(world, monkeypatch):
    """A dry run runs every erasure step (a failing one fails it too) and changes nothing."""
    import datetime as dt

    from kohtaanto.privacy import services

    client, rows = world
    Client.objects.filter(pk=client.pk).update(
        job_search_status="ended", end_date=dt.date(2010, 1, 1), registration_date=dt.date(2009, 1, 1)
    )
    client.refresh_from_db()
    from tests.factories import UserFactory

    admin = UserFactory(role="administrator")
    before = json.dumps(client_data_tree(client), ensure_ascii=False)
    result = services.gdpr_erase(actor=admin, person_id=client.external_id, dry_run=True, reason="check")
    assert result.dry_run and not result.erased and not result.refusals
    client.refresh_from_db()
    assert client.anonymised_at is None and json.dumps(client_data_tree(client), ensure_ascii=False) == before

    def broken(c):
        raise RuntimeError("an erasure step failed")

    monkeypatch.setattr(registry, "ERASERS", [*registry.ERASERS, broken])
    with pytest.raises(RuntimeError, match="erasure step failed"):
        services.gdpr_erase(actor=admin, person_id=client.external_id, dry_run=True, reason="check")
