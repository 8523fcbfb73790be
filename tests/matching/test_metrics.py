"""Metrics on tiny hand-made rankings, computed by hand from the README definitions."""

import math

import pytest

from kohtaanto.matching.metrics import evaluate, ndcg_at, precision_at_1, recall_at, reciprocal_rank

JUDGED = {"a": 2, "b": 1, "c": 1}


def test_perfect_ranking_scores_one():
    ranking = ["a", "b", "c", "x"]
    assert ndcg_at(ranking, JUDGED) == pytest.approx(1.0)
    assert recall_at(ranking, JUDGED) == 1.0
    assert reciprocal_rank(ranking, JUDGED) == 1.0
    assert precision_at_1(ranking, JUDGED) == 1.0


def test_ndcg_uses_exponential_gain_and_log2_discount():
    ranking = ["x", "b", "a"]
    dcg = 0 + (2**1 - 1) / math.log2(3) + (2**2 - 1) / math.log2(4)
    idcg = 3 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at(ranking, JUDGED) == pytest.approx(dcg / idcg)


def test_ndcg_cuts_at_ten():
    ranking = [f"x{i}" for i in range(10)] + ["a"]
    assert ndcg_at(ranking, JUDGED) == 0.0


def test_recall_at_5_counts_grade_one_and_two():
    ranking = ["x1", "c", "x2", "x3", "x4", "a"]
    assert recall_at(ranking, JUDGED, 5) == pytest.approx(1 / 3)


def test_mrr_first_relevant_of_any_grade():
    assert reciprocal_rank(["x", "x2", "c"], JUDGED) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x"], JUDGED) == 0.0


def test_p_at_1_needs_grade_two():
    assert precision_at_1(["b", "a"], JUDGED) == 0.0
    assert precision_at_1(["a"], JUDGED) == 1.0
    assert precision_at_1([], JUDGED) == 0.0


def test_p_at_1_counts_grade_three_of_the_broad_set():
    assert precision_at_1(["t"], {"t": 3, "a": 2}) == 1.0
    assert precision_at_1(["b"], {"t": 3, "b": 1}) == 0.0


def test_evaluate_averages_over_judged_queries_and_missing_run_scores_zero():
    qrels = {"q1": {"a": 2}, "q2": {"b": 1}}
    means, per = evaluate({"q1": ["a"], "unjudged": ["z"]}, qrels)
    assert set(per) == {"q1", "q2"}
    assert per["q2"]["ndcg@10"] == 0.0
    assert means["ndcg@10"] == pytest.approx(0.5)
    assert means["p@1"] == pytest.approx(0.5)
