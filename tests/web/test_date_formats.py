"""One date format per language on every page (issue 18, item 8): d.m.yyyy in Finnish,
yyyy-mm-dd in Swedish, dd/mm/yyyy (British) in English; date inputs stay ISO."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.catalogue.factories import ServiceFactory
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 12)
EXPECTED = {"fi": "12.3.2026", "sv": "2026-03-12", "en": "12/03/2026"}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize(
    "pattern", ["{{ d }}", '{{ d|date:"SHORT_DATE_FORMAT" }}', '{{ d|date:"DATE_FORMAT" }}']
)
def test_every_date_format_name_gives_the_language_convention(lang, pattern):
    with translation.override(lang):
        assert Template(pattern).render(Context({"d": DAY})) == EXPECTED[lang]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_client_page_dates_follow_the_language(client, lang):
    worker = UserFactory()
    c = ClientFactory(responsible_worker=worker, birth_date=dt.date(1990, 3, 12))
    client.force_login(worker)
    html = client.get(f"/clients/{c.pk}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    born = {"fi": "12.3.1990", "sv": "1990-03-12", "en": "12/03/1990"}[lang]
    assert f"<dd>{born}</dd>" in html
    assert "03/12/1990" not in html


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_service_start_dates_are_not_shown_as_iso_in_fi_and_en(client, lang):
    service = ServiceFactory(start_dates=["2026-03-12"])
    client.force_login(UserFactory())
    html = client.get(f"/catalogue/{service.pk}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert f"<dd>{EXPECTED[lang]}</dd>" in html
