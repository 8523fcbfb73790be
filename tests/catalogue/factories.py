"""Factories for catalogue tests (providers, services, provider users)."""

from __future__ import annotations

import factory

from kohtaanto.accounts.models import Role
from kohtaanto.catalogue.models import Provider, ProviderMember, Service
from kohtaanto.catalogue.records import search_text
from tests.factories import UserFactory


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Provider {n}")
    email = factory.Sequence(lambda n: f"provider{n}@example.org")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    external_id = factory.Sequence(lambda n: f"svc-test-{n}")
    provider = factory.SubFactory(ProviderFactory)
    state = "published"
    name = factory.Sequence(lambda n: {"fi": f"Palvelu {n}", "sv": f"Tjänst {n}", "en": f"Service {n}"})
    summary = factory.LazyAttribute(lambda o: {"fi": f"Tiivistelmä: {o.name['fi']}"})
    description = {"fi": "Kuvaus."}
    kind = "job_search_coaching"
    name_fi = factory.LazyAttribute(lambda o: o.name["fi"])

    @factory.post_generation
    def _index(obj, create, extracted, **kwargs):
        obj.search_text = search_text(obj)
        if create:
            obj.save(update_fields=["search_text"])


def provider_user(provider: Provider, **kwargs):
    user = UserFactory(role=Role.SERVICE_PROVIDER, team=None, unit=None, **kwargs)
    ProviderMember.objects.create(user=user, provider=provider)
    return user


def catalogue_world(provider_member):
    """For the authorization matrix: a published service of `provider_member`'s provider
    (own) and one of another provider (foreign)."""
    own = ServiceFactory(provider__name="Matrix provider A")
    ProviderMember.objects.create(user=provider_member, provider=own.provider)
    foreign = ServiceFactory(provider__name="Matrix provider B")
    return own, foreign


# Request bodies the matrix sends to catalogue endpoints: valid ones, so that an allowed
# role gets a 2xx (or a 422 where a moderator must also name a provider).
MATRIX_BODIES = {
    ("POST", "/catalogue/new/"): {"name_fi": "Uusi palvelu", "kind": "other", "service_type": "service"},
    ("POST", "/catalogue/<int:service_id>/edit/"): {
        "name_fi": "Muutettu",
        "kind": "other",
        "service_type": "service",
    },
    ("POST", "/catalogue/<int:service_id>/transition/"): {"to": "outdated"},
    ("POST", "/catalogue/<int:service_id>/review/"): {},
    ("POST", "/api/v1/catalogue/services"): {"name": {"fi": "Uusi palvelu"}},
    ("PUT", "/api/v1/catalogue/services/{service_id}"): {"name": {"fi": "Muutettu"}},
    ("PATCH", "/api/v1/catalogue/services/{service_id}"): {"available_places": 3},
    ("POST", "/api/v1/catalogue/services/{service_id}/transition"): {"to": "outdated"},
    ("POST", "/api/v1/catalogue/services/{service_id}/review"): {},
    ("POST", "/api/v1/catalogue/import"): {
        "format": "jsonl",
        "content": '{"id": "matrix-1", "name": {"fi": "Tuotu"}, "provider": "Matrix Oy"}\n',
    },
}
