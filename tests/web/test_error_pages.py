"""Issue 18, defect 4: styled 403, 404 and 500 pages in fi, sv and en, without debug data."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation

from kohtaanto.accounts.models import Role
from kohtaanto.web.errors import server_error
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WORDS = {
    "fi": {403: "Ei käyttöoikeutta", 404: "Sivua ei löytynyt", 500: "Jokin meni vikaan"},
    "sv": {403: "Ingen åtkomst", 404: "Sidan hittades inte", 500: "Något gick fel"},
    "en": {403: "No access", 404: "Page not found", 500: "Something went wrong"},
}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_error_pages_are_styled_and_translated(client, settings, lang):
    settings.DEBUG = False
    client.force_login(UserFactory(role=Role.CLIENT, team=None, unit=None))
    missing = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=lang)
    assert missing.status_code == 404
    page = missing.content.decode()
    assert WORDS[lang][404] in page and 'class="site-header"' in page
    assert "URLconf" not in page
    refused = client.get("/clients/register/", HTTP_ACCEPT_LANGUAGE=lang)
    assert refused.status_code == 403
    assert WORDS[lang][403] in refused.content.decode()
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE=lang)
    request.user = AnonymousUser()
    with translation.override(lang):
        failed = server_error(request)
    assert failed.status_code == 500
    assert WORDS[lang][500] in failed.content.decode()
