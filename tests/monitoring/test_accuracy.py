"""Live accuracy from reviewers, from hand-made reviews written to the database."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from qualitygate.monitoring.accuracy import ReviewFact, live_accuracy
from qualitygate.monitoring.live import Window, review_facts
from qualitygate.reports.weeks import IsoWeek
from tests.monitoring import streams

WEEK = Window.week(IsoWeek.parse("2026-W47"), "UTC")
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


def wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The Wilson score interval, written out from its formula (an independent check)."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def _reviews(s: Session, n: int, wrong: dict[str, int], overrides: int, brand: str) -> None:
    streams.seed_reviews(s, n, wrong, overrides, brand, MONDAY)


def test_live_accuracy_from_hand_made_reviews(session: Session) -> None:
    # 40 reviews: SEO wrong on 10 (75% right), accuracy wrong on 2 (95%), 6 overrides (15%).
    _reviews(session, 40, {"seo": 10, "accuracy": 2}, overrides=6, brand="acme")
    _reviews(session, 5, {"seo": 5}, overrides=5, brand="other")  # another brand: not counted
    result = live_accuracy(review_facts(session, "acme", WEEK), floor=0.8, min_reviews=30)
    assert result.reviews == 40
    seo = result.accuracy["seo"]
    assert (seo.hits, seo.n, seo.value) == (30, 40, 0.75)
    assert (seo.low, seo.high) == pytest.approx(wilson(30, 40), abs=1e-9)
    assert result.accuracy["accuracy"].value == 0.95
    assert result.accuracy["completeness"].value == 1.0
    assert result.override_rate is not None and result.override_rate.value == 0.15
    assert (result.override_rate.low, result.override_rate.high) == pytest.approx(wilson(6, 40))
    # 75% is under the 80% floor, but the interval (≈60-86%) still reaches it: watch, not alarm.
    assert result.dimension_status["seo"] == "watch"
    assert result.dimension_status["accuracy"] == "ok"
    assert result.status == "watch"
    assert "seo" in result.note


def test_too_few_reviews_are_said_not_guessed(session: Session) -> None:
    _reviews(session, 12, {"seo": 12}, overrides=0, brand="acme")
    result = live_accuracy(review_facts(session, "acme", WEEK), min_reviews=30)
    assert result.status == "insufficient"
    assert result.accuracy == {} and result.override_rate is None
    assert result.note == "too few reviews to estimate live accuracy (12; at least 30 needed)"


def test_confidently_below_the_floor_is_drifting() -> None:
    facts = [ReviewFact({"readability": i < 20}, False) for i in range(50)]  # 60% right
    result = live_accuracy(facts, floor=0.8, min_reviews=30)
    assert result.accuracy["readability"].high < 0.8
    assert result.dimension_status["readability"] == "drifting"
    assert result.status == "drifting"
