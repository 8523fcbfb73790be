import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings):
    """The services' messages are asserted in English (the default language is Finnish)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
