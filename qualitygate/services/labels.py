"""Reviews as training labels, in the training pipeline's label format (training/labels.py).

One JSONL row per review: the webhook body's fields for the reviewed version plus five 0/1 labels
(1 = meets the standard). A label is the gate's pass/fail for that dimension, flipped where the
reviewer marked the gate wrong on it. The mapping is documented in docs/review.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualitygate.domain import DIMENSIONS, Dimension
from qualitygate.models import Review, Verdict


def gate_labels(verdict: Verdict) -> dict[Dimension, int]:
    """The gate's own view: 1 where the dimension passed."""
    passed = {d.dimension: d.passed for d in verdict.dimensions}
    return {dim: int(bool(passed.get(dim, False))) for dim in DIMENSIONS}


def review_labels(verdict: Verdict, gate_wrong: Mapping[str, bool]) -> dict[Dimension, int]:
    """The gate's labels, flipped on every dimension the reviewer says the gate got wrong."""
    labels = gate_labels(verdict)
    return {dim: 1 - value if gate_wrong.get(dim) else value for dim, value in labels.items()}


def label_row(review: Review) -> dict[str, Any]:
    """The label-file row for one review (the version the gate scored, not any edited text)."""
    version = review.version
    sub = review.submission
    verdict = version.verdict
    if verdict is None:  # a review is only recorded on a scored version
        raise ValueError(f"review {review.id} is on a version without a verdict")
    event_id = sub.event_id if version.number == 1 else f"{sub.event_id}#v{version.number}"
    row: dict[str, Any] = {
        "event_id": event_id,
        "brand": sub.brand,
        "product": sub.product_dict(),
        "description": {
            "text": version.text,
            "locale": version.locale,
            "author": version.author,
            "source": version.source,
        },
    }
    for dim, value in review_labels(verdict, review.gate_wrong or {}).items():
        row[dim] = value
    return row


def export_rows(session: Session, since: datetime | None = None) -> Iterator[dict[str, Any]]:
    """Label rows for every review (recorded at or after `since`), oldest first."""
    stmt = select(Review).order_by(Review.created_at, Review.id)
    if since is not None:
        stmt = stmt.where(Review.created_at >= since)
    for review in session.scalars(stmt):
        yield label_row(review)
