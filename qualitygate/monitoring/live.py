"""What production did in a window, read from the database: the verdicts (as a drift `Sample`)
and the reviews (as `ReviewFact`s) of one brand."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualitygate.domain import build_draft
from qualitygate.models import DescriptionVersion, Review, Submission, Verdict
from qualitygate.monitoring.accuracy import ReviewFact
from qualitygate.monitoring.descriptors import PieceCounter, describe, packaged_piece_counter
from qualitygate.monitoring.reference import Sample
from qualitygate.reports.weeks import IsoWeek

BATCH = 500


@dataclass(frozen=True, slots=True)
class Window:
    """[start, end) in UTC, with the label reports show (`2026-W47` or `last 7 days`)."""

    label: str
    start: datetime
    end: datetime

    @classmethod
    def last_days(cls, now: datetime | None = None, days: int = 7) -> Window:
        end = now or datetime.now(UTC)
        return cls(f"last {days} days", end - timedelta(days=days), end)

    @classmethod
    def week(cls, week: IsoWeek, tz: str) -> Window:
        start, end = week.bounds(tz)
        return cls(week.label, start, end)


def brands(session: Session, window: Window) -> list[str]:
    """Brands with a verdict or a review in the window, sorted."""
    with_verdicts = (
        select(Submission.brand)
        .join(DescriptionVersion, DescriptionVersion.submission_id == Submission.id)
        .join(Verdict, Verdict.version_id == DescriptionVersion.id)
        .where(Verdict.created_at >= window.start, Verdict.created_at < window.end)
    )
    with_reviews = (
        select(Submission.brand)
        .join(Review, Review.submission_id == Submission.id)
        .where(Review.created_at >= window.start, Review.created_at < window.end)
    )
    found = set(session.scalars(with_verdicts.distinct())) | set(
        session.scalars(with_reviews.distinct())
    )
    return sorted(found)


def _verdicts(session: Session, brand: str, window: Window) -> Iterator[Verdict]:
    stmt = (
        select(Verdict)
        .join(DescriptionVersion, Verdict.version_id == DescriptionVersion.id)
        .join(Submission, DescriptionVersion.submission_id == Submission.id)
        .where(
            Submission.brand == brand,
            Verdict.created_at >= window.start,
            Verdict.created_at < window.end,
        )
        .order_by(Verdict.id)
        .execution_options(yield_per=BATCH)
    )
    yield from session.scalars(stmt)


def verdict_sample(
    session: Session, brand: str, window: Window, pieces: PieceCounter | None = None
) -> tuple[Sample, dict[str, int]]:
    """The window's verdicts of `brand` as a drift sample, and verdicts per model version."""
    counter = pieces or packaged_piece_counter()
    sample = Sample()
    models: dict[str, int] = {}
    for verdict in _verdicts(session, brand, window):
        version = verdict.version
        sub = version.submission
        draft = build_draft(sub.brand, sub.product_dict(), version.text, version.locale)
        dims = {d.dimension: d for d in verdict.dimensions}
        scores: dict[str, dict[str, float | None]] = {
            "gate": {k: d.score for k, d in dims.items()},
            "rule": {k: d.rule_score for k, d in dims.items()},
            "model": {k: d.model_score for k, d in dims.items()},
        }
        passed = {k: d.passed for k, d in dims.items()}
        if len(passed) < 5:  # a verdict without its five dimension rows cannot be compared
            continue
        sample.add(describe(draft, counter), scores, passed)
        models[verdict.model_version] = models.get(verdict.model_version, 0) + 1
    return sample, models


def review_facts(session: Session, brand: str, window: Window) -> list[ReviewFact]:
    stmt = (
        select(Review.gate_wrong, Review.override)
        .join(Submission, Review.submission_id == Submission.id)
        .where(
            Submission.brand == brand,
            Review.created_at >= window.start,
            Review.created_at < window.end,
        )
        .order_by(Review.id)
    )
    return [
        ReviewFact(dict(wrong or {}), bool(override)) for wrong, override in session.execute(stmt)
    ]
