"""Live accuracy from reviewers: per dimension, the share of reviewed verdicts the reviewer did
not mark wrong, with a Wilson 95% interval (scipy's `binomtest(...).proportion_ci`).

A review's `gate_wrong[dimension]` says the gate got that dimension wrong (a false flag or a
miss); the override rate is the share of reviews that overrode a flag. Below `min_reviews`
reviews nothing is estimated: the result says "too few reviews" instead of a number that would
be mostly noise. A dimension is `drifting` when even the interval's upper bound is under the
floor (`QG_LIVE_ACCURACY_FLOOR`), `watch` when the estimate alone is under it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scipy.stats import binomtest

from qualitygate.domain import DIMENSIONS
from qualitygate.monitoring.drift import STATUS_ORDER, Status
from qualitygate.schemas import LiveAccuracyOut, RateOut

MIN_REVIEWS = 30
FLOOR = 0.80
CONFIDENCE = 0.95


@dataclass(frozen=True, slots=True)
class ReviewFact:
    """What one review says about the gate: the dimensions it got wrong, and the override."""

    gate_wrong: Mapping[str, bool]
    override: bool


@dataclass(frozen=True, slots=True)
class Rate:
    value: float
    low: float
    high: float
    hits: int
    n: int

    def to_out(self) -> RateOut:
        return RateOut(
            value=round(self.value, 4),
            ci95=(round(self.low, 4), round(self.high, 4)),
            count=self.hits,
            n=self.n,
        )


@dataclass(frozen=True, slots=True)
class LiveAccuracy:
    status: Status
    reviews: int
    note: str
    accuracy: dict[str, Rate]  # empty when there are too few reviews
    override_rate: Rate | None
    dimension_status: dict[str, Status]

    def to_out(self) -> LiveAccuracyOut:
        return LiveAccuracyOut(
            status=self.status,
            reviews=self.reviews,
            note=self.note,
            accuracy={d: r.to_out() for d, r in self.accuracy.items()},
            dimension_status=self.dimension_status,
            override_rate=None if self.override_rate is None else self.override_rate.to_out(),
        )


def rate(hits: int, n: int, confidence: float = CONFIDENCE) -> Rate:
    ci = binomtest(hits, n).proportion_ci(confidence_level=confidence, method="wilson")
    return Rate(hits / n, float(ci.low), float(ci.high), hits, n)


def live_accuracy(
    reviews: Sequence[ReviewFact], floor: float = FLOOR, min_reviews: int = MIN_REVIEWS
) -> LiveAccuracy:
    n = len(reviews)
    if n < min_reviews:
        note = f"too few reviews to estimate live accuracy ({n}; at least {min_reviews} needed)"
        return LiveAccuracy("insufficient", n, note, {}, None, {})
    accuracy: dict[str, Rate] = {
        d: rate(sum(1 for r in reviews if not r.gate_wrong.get(d)), n) for d in DIMENSIONS
    }
    status_by_dim: dict[str, Status] = {}
    for d, r in accuracy.items():
        status_by_dim[d] = "drifting" if r.high < floor else "watch" if r.value < floor else "ok"
    below = [d for d, s in status_by_dim.items() if s != "ok"]
    note = (
        f"below the floor of {floor:.0%}: " + ", ".join(below)
        if below
        else f"every dimension at or above the floor of {floor:.0%}"
    )
    status = max(status_by_dim.values(), key=lambda s: STATUS_ORDER[s])
    overrides = rate(sum(1 for r in reviews if r.override), n)
    return LiveAccuracy(status, n, note, accuracy, overrides, status_by_dim)
