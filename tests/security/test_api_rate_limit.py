"""The JSON API limits each user's request rate (ASVS 11.1.4); other users are unaffected,
and the window slides."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.cache import cache

from kohtaanto.config import Config, ConfigError, load_config
from kohtaanto.web.api_throttle import UserApiThrottle
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/clients/worklist"


@pytest.fixture
def limited(settings):
    settings.API_RATE_PER_USER = "3/m"
    cache.clear()
    yield
    cache.clear()


def test_a_user_over_the_rate_gets_429_and_others_do_not(client, limited):
    client.force_login(UserFactory())
    assert [client.get(URL).status_code for _ in range(3)] == [200, 200, 200]
    r = client.get(URL)
    assert r.status_code == 429 and "Too many requests" in r.json()["detail"]
    other = client.__class__()
    other.force_login(UserFactory())
    assert other.get(URL).status_code == 200


def test_the_window_slides(client, limited):
    client.force_login(UserFactory())
    with mock.patch.object(UserApiThrottle, "timer", return_value=1_000_000.0):
        assert [client.get(URL).status_code for _ in range(4)] == [200, 200, 200, 429]
    with mock.patch.object(UserApiThrottle, "timer", return_value=1_000_061.0):
        assert client.get(URL).status_code == 200


def test_the_limit_can_be_turned_off(client, settings):
    settings.API_RATE_PER_USER = ""
    cache.clear()
    client.force_login(UserFactory())
    assert all(client.get(URL).status_code == 200 for _ in range(20))


@pytest.mark.parametrize("rate", ["600", "x/m", "10/fortnight", "5/"])
def test_malformed_rates_stop_start_up(rate, monkeypatch):
    monkeypatch.setenv("KOHTAANTO_API_RATE", rate)
    with pytest.raises(ConfigError, match="KOHTAANTO_API_RATE"):
        load_config()


@pytest.mark.parametrize(("rate", "parsed"), [("600/m", (600, 60)), ("10/s", (10, 1)), ("5/hour", (5, 3600))])
def test_rates_the_schema_accepts_are_ninjas(rate, parsed):
    assert Config(api_rate=rate).api_rate == rate
    assert UserApiThrottle().parse_rate(rate) == parsed
