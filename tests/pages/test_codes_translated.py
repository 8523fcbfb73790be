"""Codes stored in the database are shown as words in fi, sv and en (issue 18, item 7)."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.utils import translation

from kohtaanto.accounts.models import Role
from kohtaanto.clients.models import SharedNote
from kohtaanto.referrals.models import Referral
from tests.catalogue.factories import catalogue_world
from tests.factories import ClientFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

WORDS = {
    "fi": ("suomi", "äidinkieli", "psykologi"),
    "sv": ("finska", "modersmål", "psykolog"),
    "en": ("Finnish", "native language", "psychologist"),
}


def _dd(html: str, label_pattern: str) -> str:
    m = re.search(rf"<dt>{label_pattern}</dt><dd>([^<]*)</dd>", html)
    assert m, label_pattern
    return m.group(1)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_client_page_shows_language_level_and_note_roles_as_words(client, lang):
    worker = UserFactory()
    c = ClientFactory(responsible_worker=worker, mother_tongue="fi", finnish_level="native")
    SharedNote.objects.create(client=c, author=worker, text="x", visible_to=["psychologist"])
    client.force_login(worker)
    html = client.get(f"/clients/{c.pk}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    language, level, role = WORDS[lang]
    dds = re.findall(r"<dd>([^<]*)</dd>", html)
    assert language in dds and level in dds
    assert "fi" not in dds and "native" not in dds
    assert f": {role}</p>" in html and ": psychologist</p>" not in html or lang == "en"


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_provider_incoming_referrals_show_state_and_language_as_words(client, lang):
    provider = UserFactory(role=Role.SERVICE_PROVIDER, team=None, unit=None)
    own, _ = catalogue_world(provider)
    Referral.objects.create(client=ClientFactory(mother_tongue="so"), service=own)
    client.force_login(provider)
    html = client.get("/referrals/incoming/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    cells = re.findall(r"<td>([^<]*)</td>", html)
    assert "referred" not in cells and "so" not in cells
    assert {"fi": "somali", "sv": "somaliska"}[lang] in cells


def test_admin_section_names_are_translated():
    with translation.override("fi"):
        names = {
            a.label: str(a.verbose_name) for a in apps.get_app_configs() if a.name.startswith("kohtaanto")
        }
    assert names["audit"] == "Lokitiedot" and names["referrals"] == "Palveluohjaukset"


@pytest.mark.parametrize(("n", "text"), [(1, "1 asiakas siirrettiin."), (2, "2 asiakasta siirrettiin.")])
def test_reassignment_message_has_the_right_plural(client, n, text):
    team = TeamFactory()
    leader = UserFactory(team=team, role=Role.TEAM_LEADER)
    old, new = UserFactory(team=team), UserFactory(team=team)
    moved = [ClientFactory(responsible_worker=old) for _ in range(n)]
    client.force_login(leader)
    r = client.post(
        "/team/reassign/",
        {
            "from_worker": old.pk,
            "to_worker": new.pk,
            "mode": "one",
            "client_numbers": "\n".join(c.external_id for c in moved),
            "note": "loma",
        },
        HTTP_ACCEPT_LANGUAGE="fi",
        follow=True,
    )
    assert text in r.content.decode()


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fi", ("Työnhakuvalmennus", "Työkokeilu", "keskeytynyt", "työllistynyt")),
        ("sv", ("Jobbsökarcoachning", "Arbetsprövning", "avbruten", "sysselsatt")),
    ],
)
def test_timeline_names_services_and_reasons(client, lang, words):
    from tests.catalogue.factories import ServiceFactory

    worker = UserFactory()
    c = ClientFactory(responsible_worker=worker)
    trial = ServiceFactory(name={"fi": "Työkokeilu", "sv": "Arbetsprövning", "en": "Work trial"})
    c.events.create(date=c.registration_date, kind="service_start", service_code="P011")
    c.events.create(
        date=c.registration_date, kind="service_end", service_code=str(trial.pk), reason="interrupted"
    )
    c.events.create(date=c.registration_date, kind="job_search_ended", reason="employed")
    client.force_login(worker)
    html = client.get(f"/clients/{c.pk}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    timeline = html[html.index('class="timeline"') :]
    for word in words:
        assert word in timeline, word
    for code in ("P011", f"· {trial.pk}<", "interrupted", "employed"):
        assert code not in timeline, code
