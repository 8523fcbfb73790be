"""Review reminders: which services are stale, and who gets the email."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from kohtaanto.audit.models import AuditEvent
from kohtaanto.catalogue.selectors import months_before, services_due_for_review
from kohtaanto.catalogue.services import catalogue_remind
from kohtaanto.cli import main
from tests.catalogue.factories import ProviderFactory, ServiceFactory, provider_user

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)


def test_months_before_clamps_to_month_end():
    assert months_before(dt.datetime(2026, 3, 31), 1) == dt.datetime(2026, 2, 28)
    assert months_before(dt.datetime(2026, 1, 15), 13) == dt.datetime(2024, 12, 15)


def test_selection():
    provider = ProviderFactory()
    stale = ServiceFactory(provider=provider, reviewed_at=NOW - dt.timedelta(days=200))
    fresh = ServiceFactory(provider=provider, reviewed_at=NOW - dt.timedelta(days=20))
    stale_outdated = ServiceFactory(
        provider=provider, state="outdated", reviewed_at=NOW - dt.timedelta(days=400)
    )
    ServiceFactory(provider=provider, state="draft", reviewed_at=NOW - dt.timedelta(days=400))
    ServiceFactory(provider=provider, state="archived", reviewed_at=NOW - dt.timedelta(days=400))
    never = ServiceFactory(provider=provider, reviewed_at=None)
    type(never).objects.filter(pk=never.pk).update(created_at=NOW - dt.timedelta(days=300))
    due = set(services_due_for_review(months=6, now=NOW).values_list("pk", flat=True))
    assert due == {stale.pk, stale_outdated.pk, never.pk}
    assert fresh.pk not in set(services_due_for_review(months=1, now=NOW).values_list("pk", flat=True))
    assert set(services_due_for_review(months=12, now=NOW).values_list("pk", flat=True)) == {
        stale_outdated.pk
    }


def test_remind_emails_each_provider_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    a, b, quiet = ProviderFactory(email="a@example.org"), ProviderFactory(email=""), ProviderFactory()
    member = provider_user(b, email="keeper@example.org")
    old = timezone.now() - dt.timedelta(days=400)
    ServiceFactory(provider=a, reviewed_at=old)
    ServiceFactory(provider=a, reviewed_at=old)
    ServiceFactory(provider=b, reviewed_at=old)
    ServiceFactory(provider=quiet, reviewed_at=timezone.now())
    reminders = catalogue_remind(months=12)
    assert {r.provider.pk: len(r.services) for r in reminders} == {a.pk: 2, b.pk: 1}
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", member.email]
    assert "12" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="remind").count() == 1


def test_cli_dry_run_sends_nothing(settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ServiceFactory(
        provider=ProviderFactory(email="a@example.org"), reviewed_at=timezone.now() - dt.timedelta(days=100)
    )
    assert main(["catalogue", "remind", "--months", "3", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would notify 1 providers" in out and not mail.outbox
    assert main(["catalogue", "remind", "--months", "0"]) == 2
