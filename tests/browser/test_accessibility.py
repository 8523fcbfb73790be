"""Automated accessibility check (axe-core, WCAG 2.1 A and AA rules) on the main pages, as
each role sees them, in the default language (Finnish). Fails on any serious or critical
violation; lesser ones are printed so they can be looked at.

axe-core comes from the pinned `axe-playwright-python` package (its axe.min.js), injected
through Playwright's evaluate, which the app's CSP (`script-src 'self'`) does not govern:
the test browser runs with the real CSP.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import MATCH_TIMEOUT_MS, login

pytestmark = pytest.mark.browser

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = {"serious", "critical"}


def _axe_script() -> str:
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


def audit(page, name: str, found: dict[str, list[dict]]) -> None:
    """Run axe on the page as it is now and keep its violations under `name`."""
    page.evaluate(_axe_script())
    result = page.evaluate(
        "opts => axe.run(document, opts)",
        {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    # Guard against a check that silently did nothing (script not injected, no rules run).
    assert result["testEngine"]["name"] == "axe-core" and result["passes"], f"axe did not run on {name}"
    found[name] = result["violations"]


def report(found: dict[str, list[dict]]) -> tuple[list[str], list[str]]:
    """(serious or critical, lesser) violations as readable lines."""
    bad, other = [], []
    for name, violations in found.items():
        for v in violations:
            targets = "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
            line = f"{name}: {v['id']} ({v['impact']}, {len(v['nodes'])}x) {v['help']} -> {targets}"
            (bad if v["impact"] in FAILING else other).append(line)
    return bad, other


def check(found: dict[str, list[dict]]) -> None:
    bad, other = report(found)
    for line in other:
        print("axe (not failing):", line)
    assert not bad, "serious or critical accessibility violations:\n" + "\n".join(bad)


def test_staff_pages_have_no_serious_violations(new_page, casework):
    w = casework
    found: dict[str, list[dict]] = {}
    page = new_page("fi-FI")

    page.goto("/accounts/login/")
    audit(page, "login", found)
    page.fill("#id_username", "anna")
    page.fill("#id_password", "wrong password")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main [role=alert]")).to_be_visible()
    audit(page, "login with error", found)

    login(page, "anna")
    expect(page.locator("#worklist tbody tr")).to_have_count(5)
    audit(page, "worklist", found)

    page.goto(f"/clients/{w['own'].pk}/")
    expect(page.locator("#messages-thread ol.thread")).to_be_visible()  # the HTMX part is in
    audit(page, "client page", found)
    page.fill("#need", "Nuori asiakas haluaa kokeilla työtä työpaikalla ja tarvitsee työkokeilun.")
    page.locator('form[hx-target="#suggestions"] button[type=submit]').click()
    expect(page.locator("#suggestions ol.suggestions > li").first).to_be_visible(timeout=MATCH_TIMEOUT_MS)
    page.locator("#suggestions details summary").first.click()
    audit(page, "client page with service suggestions", found)

    page.goto(f"/clients/{w['own'].pk}/meetings/new/")
    audit(page, "record a meeting", found)
    page.goto(f"/clients/{w['own'].pk}/plan/")
    audit(page, "plan editor", found)
    page.goto("/catalogue/")
    expect(page.locator("#services tbody tr")).to_have_count(2)
    audit(page, "catalogue list", found)
    page.goto(f"/catalogue/{w['trial'].pk}/")
    audit(page, "catalogue service", found)
    page.goto("/accounts/password/")
    audit(page, "change password", found)
    page.fill("#id_old_password", "wrong password")
    page.fill("#id_new_password1", "short")
    page.fill("#id_new_password2", "short")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main [role=alert]")).to_be_visible()
    audit(page, "change password with errors", found)

    leader = new_page("fi-FI")
    login(leader, "leena")
    expect(leader).to_have_url(re.compile(r"/team/caseloads/$"))
    audit(leader, "caseloads", found)

    check(found)


def test_portal_pages_have_no_serious_violations(new_page, casework):
    w = casework
    found: dict[str, list[dict]] = {}
    page = new_page("fi-FI")
    login(page, "liisa")
    page.goto("/portal/")
    audit(page, "portal home", found)
    page.goto("/portal/messages/")
    audit(page, "portal messages", found)
    page.locator("main form button[type=submit]").click()  # empty: the error state
    expect(page.locator("main form [role=alert]")).to_be_visible()
    audit(page, "portal messages with error", found)
    page.goto(f"/portal/meetings/{w['held'].pk}/feedback/")
    audit(page, "portal feedback", found)
    page.goto("/portal/consents/")
    audit(page, "portal consents", found)
    check(found)


PHONE = {"width": 375, "height": 800}
SHOTS = Path(os.environ.get("KOHTAANTO_SCREENSHOTS", "var/screenshots")) / "phone"


def test_every_portal_page_fits_a_phone(new_page, casework):
    """Issue 13, point 10: at 375 px no client page scrolls sideways, and axe finds nothing
    serious there either (the menu wraps, tables scroll inside their own box)."""
    from django.urls import reverse

    w = casework
    found: dict[str, list[dict]] = {}
    page = new_page("fi-FI", viewport=PHONE)
    login(page, "liisa")
    urls = [reverse(name) for name in ("portal_home", "portal_messages", "portal_consents")]
    urls += [reverse(name) for name in ("market_portal_profile", "portal_offers", "my_access_log")]
    urls.append(f"/portal/meetings/{w['held'].pk}/feedback/")
    too_wide = {}
    for url in urls:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[url] = width
        audit(page, f"{url} at 375 px", found)
        SHOTS.mkdir(parents=True, exist_ok=True)  # for a reviewer: the pages as a phone shows them
        page.screenshot(path=str(SHOTS / (url.strip("/").replace("/", "-") + ".png")), full_page=True)
    assert not too_wide, f"pages wider than {PHONE['width']} px: {too_wide}"
    check(found)
