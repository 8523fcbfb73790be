import pytest


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    """Notifications go to django.core.mail.outbox; links point to a known address."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.KOHTAANTO_NOTIFIER = "kohtaanto.notifications.senders.EmailNotifier"
    settings.KOHTAANTO_BASE_URL = "https://kohtaanto.example.fi"


@pytest.fixture
def me(client):
    """A signed-in client user and their client record."""
    from tests.portal.factories import client_user

    user, record = client_user()
    client.force_login(user)
    return user, record
