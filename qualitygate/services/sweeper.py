"""Nothing accepted is lost: find versions still waiting for a verdict long after they arrived.

A version can wait forever when the broker was down at enqueue time (the webhook still answered 202:
the row was committed) or a message was lost. The sweeper re-enqueues those; scoring is idempotent,
so a version that was merely slow is not scored twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualitygate.models import DescriptionVersion, Submission, SubmissionStatus, Verdict
from qualitygate.models._types import utcnow


def stale_versions(
    session: Session, older_than: timedelta, limit: int = 1000, now: datetime | None = None
) -> list[int]:
    """Versions with no verdict whose submission has been queued or scoring for `older_than`."""
    cutoff = (now or utcnow()) - older_than
    stmt = (
        select(DescriptionVersion.id)
        .join(Submission, Submission.id == DescriptionVersion.submission_id)
        .outerjoin(Verdict, Verdict.version_id == DescriptionVersion.id)
        .where(
            Verdict.id.is_(None),
            Submission.status.in_([SubmissionStatus.QUEUED, SubmissionStatus.SCORING]),
            DescriptionVersion.created_at < cutoff,
        )
        .order_by(DescriptionVersion.created_at)
        .limit(limit)
    )
    return list(session.scalars(stmt))
