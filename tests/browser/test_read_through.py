"""A read-through of the main screens as every demo role, in Finnish, Swedish and English
(issue 18): no internal code and, on the Finnish and Swedish pages, no English interface
text; a screenshot of each screen goes to KOHTAANTO_SCREENSHOTS/read-through for review.

The screens are the role's home, every link in its menu and, for the case worker, the first
client on the worklist, all on the demo data that `make run` loads.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import polib
import pytest

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LOCALES = {"fi": "fi-FI", "sv": "sv-SE", "en": "en-GB"}
SHOTS = Path(os.environ.get("KOHTAANTO_SCREENSHOTS", "var/screenshots")) / "read-through"
LOCALE_DIR = Path(__file__).resolve().parents[2] / "kohtaanto" / "locale"

SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
DOTTED = re.compile(r"\b[a-z]+\.[a-z][a-z_]+\b")
DOMAINS = ("fi", "se", "com", "org", "eu", "net", "io", "ax")
ABBREVIATIONS = {"t.ex"}  # Swedish "till exempel"


def english_interface_texts(lang: str) -> set[str]:
    """Interface strings whose translation differs from the English: seen whole on a
    Finnish or Swedish page, they are an untranslated word."""
    po = polib.pofile(str(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"))
    return {
        e.msgid
        for e in po
        if not e.obsolete
        and "%" not in e.msgid
        and len(e.msgid) > 3
        and e.msgstr
        and e.msgstr.strip().lower() != e.msgid.strip().lower()
    }


def codes_in(text: str) -> set[str]:
    found = set(SNAKE.findall(text))
    found |= {
        d for d in DOTTED.findall(text) if d.rsplit(".", 1)[1] not in DOMAINS and d not in ABBREVIATIONS
    }
    return found


def _slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


def _menu(page) -> list[str]:
    hrefs = page.locator("header nav a[href^='/']").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    return list(dict.fromkeys(h for h in hrefs if not h.startswith("/i18n/")))


def _screens(page, extra: list[str]) -> list[str]:
    page.goto("/")
    return list(dict.fromkeys(["/", *_menu(page), *extra]))


def _demo() -> dict[str, list[str]]:
    """The demo as `make run` loads it, without warming the matching index (not read here);
    returns the screens beyond the menu for each demo user."""
    from django.conf import settings

    from kohtaanto.catalogue.demo import catalogue_demo_install
    from kohtaanto.clients.models import Client
    from kohtaanto.djcli import _first_refresh, _load
    from kohtaanto.domain.organisation import HELSINKI
    from kohtaanto.organisation.services import organisation_install
    from kohtaanto.pages.demo_users import demo_users_install
    from kohtaanto.synthetic import generate
    from kohtaanto.synthetic import write as generate_write
    from tests.procurement.demo import procurement_pages
    from tests.subsidies.demo_pages import subsidy_pages

    organisation_install(org=HELSINKI)
    out = Path(settings.DATA_DIR) / "demo-1500-3"
    generate_write(out, generate(1500, seed=3, as_of=date.today()))
    _load(out)
    made = demo_users_install()
    catalogue_demo_install()
    _first_refresh()  # as `kohtaanto demo` ends (issue 12): the dashboard has data at once
    first = (
        Client.objects.filter(responsible_worker=made["worker"], job_search_status="active")
        .order_by("next_due_date", "id")
        .first()
    )
    assert first is not None, "the demo worker has no active client"
    # The network roles sit in the networks of the worker's active clients; the leader leads the team.
    readers = ("worker", "teamleader", "psychologist", "socialworker", "coordinator", "kela")
    pages = {username: [f"/clients/{first.pk}/"] for username in readers}
    pages["worker"].append(f"/clients/{first.pk}/typ/")  # the TYP joint service (issue 17)
    for username, paths in procurement_pages().items():  # contracts, invoices, rounds (issue 17)
        pages.setdefault(username, []).extend(paths)
    for username, paths in subsidy_pages().items():  # applications, decisions, payments (issue 16)
        pages.setdefault(username, []).extend(paths)
    return pages


def test_every_main_screen_reads_in_the_users_language(new_page, transactional_db):
    from kohtaanto.pages.demo_users import DEMO_PASSWORD, DEMO_USERS

    extra = _demo()
    english = {lang: english_interface_texts(lang) for lang in ("fi", "sv")}
    problems: list[str] = []
    shots = 0
    for lang, locale in LOCALES.items():
        for username in DEMO_USERS:
            page = new_page(locale)
            login(page, username, DEMO_PASSWORD)
            for path in _screens(page, extra.get(username, [])):
                response = page.goto(path)
                page.wait_for_load_state()
                if (
                    response is not None
                    and response.status == 403
                    and page.locator("input[name=reason]").count()
                ):
                    # Need to know: a client outside one's caseload opens with a stated reason.
                    page.check("input[name=reason][value=supervision]")
                    with page.expect_navigation():
                        page.click("form[action$='/access/'] button[type=submit]")
                    response = page.goto(path)
                where = f"{lang} {username} {path}"
                if response is None or response.status != 200:
                    problems.append(f"{where}: status {response.status if response else '?'}")
                    continue
                (SHOTS / lang).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / lang / f"{username}-{_slug(path)}.png"), full_page=True)
                shots += 1
                # Names an administrator types into a document (<code>) are syntax, not words.
                page.evaluate("document.querySelectorAll('code, kbd, samp').forEach(e => e.hidden = true)")
                text = page.locator("body").inner_text()
                if path.startswith("/insights/") and path != "/insights/export/":
                    # A fresh `make run` dashboard has data: "data as of" and filled tables.
                    # The areas' comparison is counted live from the register, not refreshed.
                    live = path == "/insights/national/"
                    refreshed = live or page.locator(".refresh-info[data-refreshed=yes]").count()
                    if not refreshed or not page.locator("main table.data tbody tr").count():
                        problems.append(f"{where}: no dashboard data")
                for code in sorted(codes_in(text)):
                    problems.append(f"{where}: code {code!r}")
                if lang in english:
                    lines = {line.strip() for line in text.splitlines()}
                    for line in sorted(lines & english[lang]):
                        problems.append(f"{where}: untranslated {line!r}")
            page.context.close()
    assert shots >= 3 * len(DEMO_USERS) * 2
    assert not problems, "\n".join(problems)
