"""Workers' feedback re-ranks suggestions (issue 19, point 3): training on stored refer and
dismiss records, the stored model, its effect and explanation, and the scheduled job."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from kohtaanto.jobs.defaults import default_schedule
from kohtaanto.jobs.tasks import REGISTRY
from kohtaanto.referrals.explain import explanation_sentences
from kohtaanto.referrals.matching import suggest_services
from kohtaanto.referrals.models import MatchFeedback
from kohtaanto.referrals.rerank import current_model, model_path, rerank_train
from tests.catalogue.factories import ServiceFactory
from tests.factories import ClientFactory
from tests.referrals.test_referrals import NEED, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich(world, settings):  # noqa: F811
    settings.RERANK_MIN_FEEDBACK = 20
    world["trial_b"] = ServiceFactory(
        name={"fi": "Työkokeilu yrityksessä"},
        summary={"fi": "Työkokeilu työpaikalla yrityksessä, kokeile työtä ja alaa."},
        available_places=3,
    )
    return world


def _feedback(w, service, action: str, n: int, rank: int, score: float, by=None) -> None:
    for _ in range(n):
        MatchFeedback.objects.create(
            client=w["client"],
            service=service,
            action=action,
            reason="not_relevant" if action == "dismissed" else "",
            need_text=NEED,
            rank=rank,
            score=score,
            created_by=by or w["worker"],
        )


def test_nothing_changes_until_enough_feedback(rich):
    _feedback(rich, rich["trial"], "dismissed", 5, 1, 5.0)
    _feedback(rich, rich["trial_b"], "referred", 5, 2, 4.5)
    assert rerank_train() == {"feedback": 10, "model": None}
    assert not model_path().exists() and current_model() is None
    rows = suggest_services(actor=rich["worker"], client_id=rich["client"].pk, need=NEED)
    assert all("feedback" not in s.explanation for s in rows)


def test_feedback_moves_a_service_and_the_explanation_says_so(rich):
    before = suggest_services(actor=rich["worker"], client_id=rich["client"].pk, need=NEED)
    order = [s.service.pk for s in before]
    top, second = before[0].service, before[1].service
    # workers keep dismissing the matcher's first choice and referring its second
    _feedback(rich, top, "dismissed", 15, 1, before[0].score)
    _feedback(rich, second, "referred", 15, 2, before[1].score)
    summary = rerank_train()
    assert summary["feedback"] == 30 and summary["model"]
    stored = json.loads(model_path().read_text())
    assert stored["version"] == summary["model"] and stored["trained_on"] == 30

    after = suggest_services(actor=rich["worker"], client_id=rich["client"].pk, need=NEED)
    assert [s.service.pk for s in after] != order
    assert after[0].service.pk == second.pk
    note = after[0].explanation["feedback"]
    assert note["model"] == summary["model"] and note["moved"] == 1
    moved_down = next(s for s in after if s.service.pk == top.pk)
    assert moved_down.explanation["feedback"]["moved"] < 0
    assert moved_down.explanation["feedback"]["score_change"] < note["score_change"]
    with translation.override("en"):
        assert "moved this service up 1 place (from 2 to 1)" in " ".join(
            explanation_sentences(after[0].explanation)
        )
        assert "moved this service down" in " ".join(explanation_sentences(moved_down.explanation))
    with translation.override("fi"):
        assert "nostivat palvelua 1 sijan" in " ".join(explanation_sentences(after[0].explanation))


def test_own_dismissals_weigh_more_for_that_worker(rich):
    from tests.factories import UserFactory

    other = UserFactory()
    before = suggest_services(actor=rich["worker"], client_id=rich["client"].pk, need=NEED)
    _feedback(rich, before[0].service, "referred", 12, 1, before[0].score, by=other)
    _feedback(rich, before[1].service, "dismissed", 12, 2, before[1].score, by=other)
    _feedback(rich, before[0].service, "dismissed", 3, 1, before[0].score)  # mine
    rerank_train()
    mine = suggest_services(actor=rich["worker"], client_id=rich["client"].pk, need=NEED)
    note = next(s for s in mine if s.service.pk == before[0].service.pk).explanation["feedback"]
    # the same records, seen by a worker who dismissed nothing, give a larger lift
    other_client = ClientFactory(responsible_worker=other, birth_date=rich["client"].birth_date)
    theirs = suggest_services(actor=other, client_id=other_client.pk, need=NEED)
    note_theirs = next(s for s in theirs if s.service.pk == before[0].service.pk).explanation["feedback"]
    assert note["score_change"] < note_theirs["score_change"]


def test_retrain_job_is_scheduled_daily_and_runs(rich):
    assert REGISTRY["matching_rerank_train"] is not None
    assert default_schedule()["matching_rerank_train"][0] == 1440
    _feedback(rich, rich["trial"], "dismissed", 12, 1, 5.0)
    _feedback(rich, rich["trial_b"], "referred", 12, 2, 4.5)
    result = REGISTRY["matching_rerank_train"].call()
    assert result["feedback"] == 24 and result["model"] == current_model().version


def test_broken_model_file_falls_back_to_the_matcher(rich):
    model_path().parent.mkdir(parents=True, exist_ok=True)
    model_path().write_text("{not json")
    assert current_model() is None
    rows = suggest_services(actor=rich["worker"], client_id=rich["client"].pk, need=NEED)
    assert rows and all("feedback" not in s.explanation for s in rows)


def test_feedback_on_a_deleted_service_is_refused_and_writes_nothing(client, rich):
    rich["other"].state = "archived"
    rich["other"].save()
    client.force_login(rich["worker"])
    c = rich["client"]
    url = f"/api/v1/referrals/clients/{c.pk}/dismissals"
    for service_id in (rich["other"].pk, 999_999):
        r = client.post(
            url, {"service_id": service_id, "reason": "not_relevant"}, content_type="application/json"
        )
        assert 400 <= r.status_code < 500
        assert (
            "no longer in the catalogue" in json.dumps(r.json()) or "palvelukatalogissa" in r.content.decode()
        )
    assert not MatchFeedback.objects.exists()
