"""The feedback re-ranker (matching.rerank) on synthetic feedback with known preferences."""

from __future__ import annotations

import json

import pytest

from kohtaanto.matching.rerank import (
    Candidate,
    FeedbackExample,
    RerankConfig,
    RerankModel,
    apply,
    estimate_prior_strength,
    features_of,
    ndcg_at,
    train,
)
from kohtaanto.synthetic.feedback import FeedbackWorld


def _logged(world: FeedbackWorld, n: int, seed: int) -> tuple[list[FeedbackExample], dict]:
    examples, own = [], {}
    for ev in world.events(n, seed=seed):
        shown = world.ranking(ev)
        feats = {s.service: s.features for s in shown}
        for c in world.choices(ev, [s.service for s in shown], allow_new=False):
            examples.append(FeedbackExample(c.service, c.referred, feats[c.service], ev.worker))
            if not c.referred:
                own.setdefault(ev.worker, {}).setdefault(c.service, 0)
                own[ev.worker][c.service] += 1
    return examples, own


@pytest.fixture(scope="module")
def trained():
    world = FeedbackWorld(seed=3)
    examples, own = _logged(world, 1500, seed=31)
    return world, train(examples, RerankConfig()), own


def test_generator_is_deterministic_and_knows_preferences():
    a, b = FeedbackWorld(seed=5), FeedbackWorld(seed=5)
    ev = a.events(3, seed=1)[0]
    assert [s.service for s in a.ranking(ev)] == [s.service for s in b.ranking(ev)]
    assert a.choices(ev, [s.service for s in a.ranking(ev)]) == b.choices(
        ev, [s.service for s in b.ranking(ev)]
    )
    gains = a.gains(ev)
    assert gains and all(0 < g <= 3 for g in gains.values())
    disliked = {a.ids[i] for i in a.dislikes[ev.worker]}
    assert not any(gains.get(s, 0) >= 3 for s in disliked)  # a disliked service is never ideal


def test_does_nothing_until_enough_feedback():
    examples = [FeedbackExample(f"s{i % 5}", i % 2 == 0, {"relevance": 1.0}) for i in range(49)]
    assert train(examples, RerankConfig(min_feedback=50)) is None
    one_class = [FeedbackExample("s", True, {"relevance": 1.0}) for _ in range(100)]
    assert train(one_class, RerankConfig(min_feedback=50)) is None
    cands = [Candidate("a", 2.0, {}), Candidate("b", 1.0, {})]
    out = apply(None, cands)
    assert [r.id for r in out] == ["a", "b"] and all(r.delta == 0 for r in out)


def test_replay_improves_ndcg_and_keeps_new_services(trained):
    world, model, own = trained
    assert model is not None and model.trained_on > 500
    base_scores, new_scores, dropped = [], [], 0
    for ev in world.events(200, seed=32):
        shown = world.ranking(ev)
        out = apply(
            model,
            [Candidate(s.service, s.score, s.features) for s in shown],
            own_dismissals=own.get(ev.worker),
        )
        base, reranked = [s.service for s in shown], [r.id for r in out]
        gains = world.gains(ev)
        base_scores.append(ndcg_at(base, gains))
        new_scores.append(ndcg_at(reranked, gains))
        dropped += sum(1 for s in base[:10] if world.is_new(s) and s not in reranked[:10])
    gain = sum(new_scores) / len(new_scores) - sum(base_scores) / len(base_scores)
    assert gain >= 0.03
    assert dropped == 0


def test_prior_is_shrunk_and_bounded():
    counts = {f"s{i}": (i % 4, 8) for i in range(40)}
    a = estimate_prior_strength(counts, 0.2, fallback=20.0)
    assert 2.0 <= a <= 500.0
    assert estimate_prior_strength({"x": (1, 2)}, 0.5, fallback=20.0) == 20.0
    m = RerankModel(
        "v", 100, 0.3, 10.0, [0.0] * 6, [1.0] * 6, [0.0] * 6, 0.0, {"few": (0, 2), "many": (0, 200)}
    )
    # two dismissals move a service far less than two hundred
    assert 0 > m.service_logodds("few") > m.service_logodds("many")
    assert m.service_logodds("unseen") == pytest.approx(0.0)


def test_own_dismissals_weigh_more_for_that_worker(trained):
    world, model, _own = trained
    ev = world.events(1, seed=99)[0]
    shown = world.ranking(ev)
    cands = [Candidate(s.service, s.score, s.features) for s in shown]
    target = next(r for r in apply(model, cands)[:5] if not r.new)
    mine = apply(model, cands, own_dismissals={target.id: 2})
    theirs = apply(model, cands)
    d_mine = next(r.delta for r in mine if r.id == target.id)
    d_theirs = next(r.delta for r in theirs if r.id == target.id)
    assert d_mine < d_theirs


def test_new_service_keeps_its_place_in_the_top_ten():
    counts = {f"old{i}": (0, 100) for i in range(12)}  # all heavily dismissed...
    counts.update({f"good{i}": (90, 100) for i in range(12)})  # ...these all referred
    m = RerankModel("v", 2400, 0.5, 10.0, [0.0] * 6, [1.0] * 6, [0.0] * 6, 0.0, counts)
    cands = [Candidate("fresh", 4.0, {})] + [Candidate(f"old{i}", 3.9 - i / 100, {}) for i in range(9)]
    cands += [Candidate(f"good{i}", 3.0, {}) for i in range(12)]
    out = apply(m, cands, RerankConfig(max_shift=5.0, weight=1.0))
    top = [r.id for r in out[:10]]
    assert "fresh" in top
    fresh = next(r for r in out if r.id == "fresh")
    assert fresh.new and fresh.delta == 0 and fresh.reserved and fresh.rank == 1  # back at its place
    assert all(r.id.startswith("good") for r in out[1:10])  # the feedback lifted the referred ones


def test_shift_is_bounded_and_model_round_trips_as_json(trained):
    _world, model, _own = trained
    again = RerankModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert again.version == model.version and again.counts == model.counts
    cands = [Candidate(f"svc-{i:04d}", 1.0, features_of({"relevance": 1.0}, i + 1)) for i in range(30)]
    cfg = RerankConfig(max_shift=0.2)
    assert all(abs(r.delta) <= 0.2 + 1e-9 for r in apply(again, cands, cfg))
    with pytest.raises(ValueError, match="format"):
        RerankModel.from_dict({**model.to_dict(), "format": 99})


def test_bounded_memory_keeps_newest_examples():
    old = [FeedbackExample("old", False, {"relevance": 0.0}) for _ in range(500)]
    new = [FeedbackExample(f"n{i % 7}", i % 3 == 0, {"relevance": float(i % 5)}) for i in range(300)]
    m = train(old + new, RerankConfig(max_examples=300, min_feedback=50))
    assert m is not None and m.trained_on == 300 and "old" not in m.counts
