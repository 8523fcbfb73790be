"""Every menu link opens for the role that sees it (issue 18, item 10).

A role's menu is read from the rendered home page, not from a list kept beside the template,
so a link added for a role that the view refuses fails here.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from kohtaanto.accounts.models import Role
from tests.catalogue.factories import catalogue_world
from tests.factories import ClientFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav aria-label="[^"]*">(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')


def _user(role: str):
    team = TeamFactory()
    if role in {Role.CASE_WORKER, Role.TEAM_LEADER}:
        return UserFactory(role=role, team=team)
    if role == Role.SERVICE_MANAGER:
        return UserFactory(role=role, team=None, unit=team.unit)
    user = UserFactory(role=role, team=None, unit=None, is_staff=role == Role.ADMINISTRATOR)
    if role == Role.CLIENT:
        ClientFactory(user=user, registration_date=dt.date(2025, 1, 1))
    if role == Role.SERVICE_PROVIDER:
        catalogue_world(user)
    return user


def menu_links(client) -> list[str]:
    html = client.get(reverse("home"), follow=True).content.decode()
    nav = NAV.search(html)
    assert nav, "no main menu on the home page"
    return HREF.findall(nav.group(1))


@pytest.mark.parametrize("role", Role.values)
def test_every_menu_link_opens_for_the_role(client, role):
    client.force_login(_user(role))
    links = menu_links(client)
    refused = {href: client.get(href).status_code for href in links}
    assert {h: s for h, s in refused.items() if s != 200} == {}


def test_kela_sees_no_catalogue_it_may_not_open(client):
    client.force_login(_user(Role.EXTERNAL_PROFESSIONAL))
    assert reverse("catalogue_list") not in menu_links(client)


def test_provider_menu_has_incoming_referrals(client):
    client.force_login(_user(Role.SERVICE_PROVIDER))
    assert reverse("referrals_incoming") in menu_links(client)
