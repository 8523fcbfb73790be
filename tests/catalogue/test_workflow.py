"""Moderation workflow, scope and provider-only editing, through the services layer."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from kohtaanto.accounts.models import Role
from kohtaanto.audit.models import AuditEvent
from kohtaanto.catalogue import selectors, services
from kohtaanto.catalogue.models import TRANSITIONS, State
from tests.catalogue.factories import ProviderFactory, ServiceFactory, provider_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _user(role):
    return UserFactory(role=role, team=None, unit=None)


@pytest.fixture
def world():
    mine, theirs = ProviderFactory(), ProviderFactory()
    return {
        "provider": provider_user(mine),
        "other_provider": provider_user(theirs),
        "admin": _user(Role.ADMINISTRATOR),
        "manager": _user(Role.SERVICE_MANAGER),
        "worker": UserFactory(),
        "client": _user(Role.CLIENT),
        "mine": mine,
        "theirs": theirs,
    }


ALL_STEPS = [(a, b) for a, targets in TRANSITIONS.items() for b in targets]
PROVIDER_STEPS = {("draft", "ready"), ("ready", "draft"), ("published", "outdated"), ("outdated", "ready")}


@pytest.mark.parametrize(("start", "to"), ALL_STEPS)
def test_moderators_take_every_allowed_step_providers_only_theirs(world, start, to):
    service = ServiceFactory(provider=world["mine"], state=start)
    if (start, to) in PROVIDER_STEPS:
        assert services.service_transition(actor=world["provider"], service_id=service.pk, to=to).state == to
    else:
        with pytest.raises(PermissionDenied):
            services.service_transition(actor=world["provider"], service_id=service.pk, to=to)
        assert services.service_transition(actor=world["manager"], service_id=service.pk, to=to).state == to
    event = AuditEvent.objects.filter(action="transition", target_id=str(service.pk)).last()
    assert event.detail == {"from": start, "to": to}


@pytest.mark.parametrize("start", State.values)
def test_steps_outside_the_workflow_are_refused(world, start):
    service = ServiceFactory(provider=world["mine"], state=start)
    for to in set(State.values) - set(TRANSITIONS[start]):
        with pytest.raises(ValidationError):
            services.service_transition(actor=world["admin"], service_id=service.pk, to=to)
    with pytest.raises(ValidationError):
        services.service_transition(actor=world["admin"], service_id=service.pk, to="deleted")
    service.refresh_from_db()
    assert service.state == start


def test_publishing_sets_reviewed_at(world):
    service = ServiceFactory(provider=world["mine"], state="ready", reviewed_at=None)
    services.service_transition(actor=world["admin"], service_id=service.pk, to="published")
    service.refresh_from_db()
    assert service.reviewed_at is not None


def test_scope(world):
    draft = ServiceFactory(provider=world["mine"], state="draft")
    published = ServiceFactory(provider=world["theirs"], state="published")
    outdated = ServiceFactory(provider=world["theirs"], state="outdated")

    def visible(user):
        return set(selectors.service_search(actor=user).values_list("pk", flat=True))

    assert visible(world["worker"]) == {published.pk, outdated.pk}
    assert visible(world["provider"]) == {draft.pk}
    assert visible(world["manager"]) == {draft.pk, published.pk, outdated.pk}
    with pytest.raises(Http404):
        selectors.service_get(actor=world["worker"], service_id=draft.pk)
    with pytest.raises(Http404):
        selectors.service_get(actor=world["provider"], service_id=published.pk)
    with pytest.raises(PermissionDenied):
        selectors.service_search(actor=world["client"])


def test_provider_edits_only_own_services(world):
    mine = ServiceFactory(provider=world["mine"], state="draft")
    theirs = ServiceFactory(provider=world["theirs"], state="draft")
    services.service_update(
        actor=world["provider"], service_id=mine.pk, data={"name": {"fi": "Uusi"}}, partial=True
    )
    mine.refresh_from_db()
    assert mine.name == {"fi": "Uusi"} and mine.name_fi == "Uusi" and mine.reviewed_at is not None
    with pytest.raises(Http404):
        services.service_update(actor=world["provider"], service_id=theirs.pk, data={"name": {"fi": "X"}})
    with pytest.raises(PermissionDenied):
        services.service_update(
            actor=world["worker"], service_id=ServiceFactory().pk, data={"name": {"fi": "X"}}
        )
    assert (
        services.service_update(
            actor=world["admin"], service_id=theirs.pk, data={"capacity": 5}, partial=True
        ).capacity
        == 5
    )


def test_provider_content_edit_of_published_service_goes_back_to_moderation(world):
    service = ServiceFactory(provider=world["mine"], state="published", capacity=10)
    s = services.service_update(
        actor=world["provider"],
        service_id=service.pk,
        data={"available_places": 4, "start_dates": ["2027-01-04"]},
        partial=True,
    )
    assert s.state == "published" and s.available_places == 4
    s = services.service_update(
        actor=world["provider"],
        service_id=service.pk,
        data={"summary": {"fi": "Uusi tiivistelmä"}},
        partial=True,
    )
    assert s.state == "ready"
    event = AuditEvent.objects.filter(action="update", target_id=str(service.pk)).last()
    assert event.detail["changed"] == ["summary"] and event.detail["state"] == ["published", "ready"]
    # A moderator's content edit keeps the state.
    service.state = "published"
    service.save()
    assert (
        services.service_update(
            actor=world["manager"], service_id=service.pk, data={"summary": {"fi": "Toinen"}}, partial=True
        ).state
        == "published"
    )


def test_archived_service_is_read_only(world):
    service = ServiceFactory(provider=world["mine"], state="archived")
    with pytest.raises(PermissionDenied):
        services.service_update(
            actor=world["admin"], service_id=service.pk, data={"capacity": 1}, partial=True
        )
    with pytest.raises(PermissionDenied):
        services.service_mark_reviewed(actor=world["admin"], service_id=service.pk)


def test_invalid_update_writes_nothing(world):
    service = ServiceFactory(provider=world["mine"], state="draft", capacity=10)
    with pytest.raises(ValidationError) as err:
        services.service_update(
            actor=world["provider"], service_id=service.pk, data={"available_places": 11}, partial=True
        )
    assert "available_places" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.service_update(actor=world["provider"], service_id=service.pk, data={"name": {"sv": "B"}})
    assert "name.fi" in err.value.message_dict
    service.refresh_from_db()
    assert service.available_places is None and service.name["fi"].startswith("Palvelu")


def test_create(world):
    s = services.service_create(actor=world["provider"], data={"name": {"fi": "Uusi"}, "status": "published"})
    assert s.state == "draft" and s.provider == world["mine"] and s.external_id.startswith("svc-")
    with pytest.raises(PermissionDenied):
        services.service_create(
            actor=world["provider"], data={"name": {"fi": "X"}}, provider_id=world["theirs"].pk
        )
    with pytest.raises(ValidationError):
        services.service_create(actor=world["admin"], data={"name": {"fi": "X"}})
    assert (
        services.service_create(
            actor=world["admin"], data={"name": {"fi": "X"}}, provider_id=world["theirs"].pk
        ).provider
        == world["theirs"]
    )
    with pytest.raises(PermissionDenied):
        services.service_create(actor=world["worker"], data={"name": {"fi": "X"}})
    with pytest.raises(PermissionDenied):
        services.service_create(actor=_user(Role.SERVICE_PROVIDER), data={"name": {"fi": "X"}})  # no provider


def test_mark_reviewed(world):
    service = ServiceFactory(provider=world["mine"], reviewed_at=None)
    assert services.service_mark_reviewed(actor=world["provider"], service_id=service.pk).reviewed_at
    assert AuditEvent.objects.filter(action="review", target_id=str(service.pk)).exists()
