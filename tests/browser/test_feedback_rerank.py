"""Workers' feedback visibly changes a ranking on the client page, and the explanation says
so (issue 19, point 3): the same need before and after the re-ranker learned from refers
and dismissals."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import MATCH_TIMEOUT_MS, login

pytestmark = pytest.mark.browser

NEED = "Nuori asiakas haluaa kokeilla työtä työpaikalla ja tarvitsee työkokeilun."


def _headings(page) -> list[str]:
    return page.locator("#suggestions ol.suggestions > li h3 a").all_inner_texts()


@pytest.fixture
def no_model_after():
    """The model lives in the session's data folder: other browser tests must not see it."""
    from kohtaanto.referrals.rerank import model_path

    yield
    model_path().unlink(missing_ok=True)


def test_feedback_moves_a_service_up_and_the_explanation_says_so(
    new_page, casework, settings, no_model_after
):
    from kohtaanto.referrals.models import MatchFeedback
    from kohtaanto.referrals.rerank import rerank_train
    from tests.catalogue.factories import ServiceFactory

    settings.RERANK_MIN_FEEDBACK = 20
    w = casework
    company = ServiceFactory(
        name={"fi": "Työkokeilu yrityksessä", "en": "Work trial in a company"},
        summary={"fi": "Työkokeilu työpaikalla yrityksessä, kokeile työtä ja alaa."},
        available_places=3,
    )
    page = new_page()
    login(page, "anna")
    page.goto(f"/clients/{w['overdue'].pk}/")

    def suggest() -> list[str]:
        page.fill("#need", NEED)
        page.get_by_role("button", name="Suggest services").click()
        first = page.locator("#suggestions ol.suggestions > li").first
        expect(first.get_by_role("heading")).to_be_visible(timeout=MATCH_TIMEOUT_MS)
        return _headings(page)

    before = suggest()
    assert before[0] == "Work trial" and "Work trial in a company" in before, before
    assert page.locator("#suggestions").get_by_text("Workers' earlier choices").count() == 0

    # Workers keep setting the work trial aside and referring the company trial instead.
    for service, action, rank in ((w["trial"], "dismissed", 1), (company, "referred", 2)):
        for _ in range(15):
            MatchFeedback.objects.create(
                client=w["soon"],
                service=service,
                action=action,
                reason="no_capacity" if action == "dismissed" else "",
                need_text=NEED,
                rank=rank,
                score=4.0,
                created_by=w["worker"],
            )
    assert rerank_train()["model"]

    page.reload()
    after = suggest()
    assert after[0] == "Work trial in a company" and after.index("Work trial") > 0, after
    top = page.locator("#suggestions ol.suggestions > li").first
    top.get_by_text("Why this service?").click()
    expect(top.locator("ul.reasons")).to_contain_text("Workers' earlier choices moved this service up")
    moved_down = page.locator("#suggestions ol.suggestions > li").nth(after.index("Work trial"))
    moved_down.get_by_text("Why this service?").click()
    expect(moved_down.locator("ul.reasons")).to_contain_text("moved this service down")
