"""End-to-end tests in Debian's headless Chromium, driven by Playwright.

The browser is the system's /usr/bin/chromium (CI installs the `chromium` package); these
tests never download a browser build. Without it they skip, with the reason.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("KOHTAANTO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "pw-for-tests-only"  # tests.factories.UserFactory's password
TIMEOUT_MS = 20_000  # generous: CI shares two cores with the live server
# The first service match in a process loads the sentence-embedding model: seconds, not ms.
MATCH_TIMEOUT_MS = 120_000


@pytest.fixture(scope="package")
def browser() -> Iterator:
    """One headless Chromium for the whole package."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser tests need it")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    # Playwright's sync API keeps an asyncio loop in this thread, which makes Django refuse
    # ORM calls from the test body; the ORM here is synchronous test set-up only.
    old = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()
    if old is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = old


@pytest.fixture
def new_page(browser, live_server):
    """A factory of pages, each in its own browser context (own cookies, own language)."""
    contexts = []

    def make(locale: str = "en-GB", viewport: dict | None = None):
        options = {"viewport": viewport} if viewport else {}
        context = browser.new_context(locale=locale, base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def login(page, username: str, password: str = PASSWORD) -> None:
    """Log in through the login form, as a person would."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"login failed for {username}"


@pytest.fixture
def helsinki(transactional_db):
    """The Helsinki organisation, as the demo and production install it."""
    from kohtaanto.domain.organisation import HELSINKI
    from kohtaanto.organisation.services import organisation_install

    return organisation_install(org=HELSINKI)


@pytest.fixture
def casework(helsinki):
    """A case worker in the youth team with four clients due at different times, a team
    leader, a client with portal access, and published services to match."""
    from kohtaanto.accounts.models import Role
    from kohtaanto.organisation.models import Team
    from tests.catalogue.factories import ServiceFactory
    from tests.factories import ClientFactory, MeetingFactory, UserFactory
    from tests.portal.factories import plan_for

    team = Team.objects.select_related("unit").get(code="OSU-N")
    worker = UserFactory(username="anna", first_name="Anna", last_name="Virta", team=team)
    leader = UserFactory(
        username="leena", first_name="Leena", last_name="Lahti", role=Role.TEAM_LEADER, team=team
    )
    today = dt.date.today()
    born = today.replace(year=today.year - 25, day=1)

    def client(last_name: str, due: int | None, kind: str = "", **kwargs):
        c = ClientFactory(
            responsible_worker=worker,
            team=team,
            unit=team.unit,
            last_name=last_name,
            birth_date=born - dt.timedelta(days=len(last_name) * 37),
            registration_date=today - dt.timedelta(days=10),
            **kwargs,
        )
        if due is not None:
            type(c).objects.filter(pk=c.pk).update(
                next_due_date=today + dt.timedelta(days=due), next_due_kind=kind
            )
        return c

    # Names in the opposite order to their deadlines: the worklist must sort by what is due.
    overdue = client("Ylönen", -3, "initial_interview")
    soon = client("Mäkinen", 4, "job_search_conversation")
    later = client("Aho", 20, "job_search_conversation")
    nothing = client("Berg", None)
    portal_user = UserFactory(
        username="liisa", first_name="Liisa", last_name="Niemi", role=Role.CLIENT, team=None, unit=None
    )
    own = client("Niemi", 9, "job_search_conversation", first_name="Liisa", user=portal_user)
    plan_for(own)
    held = MeetingFactory(client=own, planned_date=today - dt.timedelta(days=7))
    trial = ServiceFactory(
        name={"fi": "Työkokeilu", "sv": "Arbetsprövning", "en": "Work trial"},
        summary={
            "fi": "Työkokeilussa asiakas kokeilee työtä työpaikalla ja selvittää soveltuvuuttaan alalle."
        },
        description={"fi": "Työkokeilu sopii työttömälle, joka haluaa palata työelämään."},
        kind="work_trial",
        available_places=5,
    )
    ServiceFactory(name={"fi": "Velkaneuvonta"}, summary={"fi": "Neuvontaa velkojen ja talouden hoitoon."})
    return {
        "team": team,
        "worker": worker,
        "leader": leader,
        "overdue": overdue,
        "soon": soon,
        "later": later,
        "nothing": nothing,
        "portal_user": portal_user,
        "own": own,
        "held": held,
        "trial": trial,
    }
