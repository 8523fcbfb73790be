"""A client's visit to the portal in the browser: the plan and its acknowledgement, a
message to the worker (which the worker then sees), and feedback on a held meeting."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.browser


def test_client_portal_visit(new_page, casework):
    from kohtaanto.clients.models import EmploymentPlan
    from kohtaanto.portal.models import Feedback, Message

    w = casework
    page = new_page()
    login(page, "liisa")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Liisa")

    # The plan in plain language, then "I have read and accept the plan".
    plan = page.locator("section[aria-labelledby=h-plan]")
    expect(plan).to_contain_text("Löytää työ logistiikasta.")
    expect(plan).to_contain_text("Päivitä CV")
    expect(plan).to_contain_text("You apply for 4 jobs a month.")
    plan.get_by_role("button", name="I have read and accept the plan").click()
    expect(page.locator("main > div[role=status]")).to_contain_text("You have accepted your plan")
    expect(plan).to_contain_text("You accepted this plan on")
    expect(plan.get_by_role("button")).to_have_count(0)
    assert EmploymentPlan.objects.get(client=w["own"]).acknowledged_at is not None

    # A message to the worker.
    page.get_by_role("link", name="Read and send messages to your worker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Messages with your worker")
    page.get_by_label("Your message").fill("Hei! Voinko siirtää ensi viikon tapaamisen?")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("main > div[role=status]")).to_contain_text("Your message was sent.")
    expect(page.locator("ol.thread")).to_contain_text("Voinko siirtää ensi viikon tapaamisen?")
    assert Message.objects.filter(client=w["own"], side="client").count() == 1

    # Feedback on the meeting held last week: a score and a few words.
    page.get_by_role("link", name="Back to my page").click()
    section = page.locator("section[aria-labelledby=h-feedback]")
    section.get_by_role("link", name="Give feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback on your meeting")
    page.check("input[name=score][value='4']")
    page.fill("textarea[name=text]", "Selkeä tapaaminen, sain hyviä vinkkejä.")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator("main > div[role=status]")).to_contain_text("Thank you for your feedback.")
    expect(page.locator("section[aria-labelledby=h-feedback]")).to_contain_text("feedback given")
    fb = Feedback.objects.get(meeting=w["held"])
    assert (fb.score, fb.text) == (4, "Selkeä tapaaminen, sain hyviä vinkkejä.")

    # The responsible worker sees the message on the client page (loaded there by HTMX).
    staff = new_page()
    login(staff, "anna")
    staff.goto(f"/clients/{w['own'].pk}/")
    expect(staff.locator("#messages-thread ol.thread")).to_contain_text(
        "Voinko siirtää ensi viikon tapaamisen?"
    )
