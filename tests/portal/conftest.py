import pytest


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    """Notifications go to django.core.mail.outbox; links point to a known address."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.KOHTAANTO_NOTIFIER = "kohtaanto.notifications.senders.EmailNotifier"
    settings.KOHTAANTO_BASE_URL = "https://kohtaanto.example.fi"
