"""Accepting webhook events: idempotent on (brand, event_id), committed before queueing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qualitygate.errors import Conflict, NotFound
from qualitygate.models import DescriptionVersion, Submission, SubmissionStatus
from qualitygate.schemas import SubmissionIn


@dataclass(frozen=True, slots=True)
class Accepted:
    submission: Submission
    version_id: int
    created: bool  # False: a replay of an event already accepted (nothing new to queue)


def accept(session: Session, payload: SubmissionIn) -> Accepted:
    """Store a new submission and its first version and commit; replays return the stored one.

    New events are the common case, so the insert is tried first and the unique (brand, event_id)
    constraint detects a replay: one database round trip fewer per webhook than looking first
    (measured in BENCHMARKS.md, "Profile").
    """
    digest = payload.canonical_hash()
    sub = Submission(
        event_id=payload.event_id,
        brand=payload.brand,
        payload_hash=digest,
        sku=payload.product.sku,
        title=payload.product.title,
        category=list(payload.product.category),
        attributes=payload.product.attribute_strings(),
        keywords=list(payload.product.keywords),
        callback_url=payload.callback_url,
        status=SubmissionStatus.QUEUED,
    )
    d = payload.description
    version = DescriptionVersion(
        number=1, text=d.text, locale=d.locale, author=d.author, source=d.source
    )
    sub.versions.append(version)
    session.add(sub)
    try:
        session.commit()
    except IntegrityError:
        # This event was accepted before (a replay), or a concurrent delivery of it won the race.
        session.rollback()
        existing = _find(session, payload.brand, payload.event_id)
        if existing is None:
            raise
        return _replay(existing, digest)
    return Accepted(sub, version.id, created=True)


def get(session: Session, submission_id: str) -> Submission:
    sub = session.get(Submission, submission_id)
    if sub is None:
        raise NotFound(f"no submission with id {submission_id!r}")
    return sub


def _find(session: Session, brand: str, event_id: str) -> Submission | None:
    stmt = select(Submission).where(Submission.brand == brand, Submission.event_id == event_id)
    return session.scalars(stmt).one_or_none()


def _replay(existing: Submission, digest: str) -> Accepted:
    if existing.payload_hash != digest:
        raise Conflict(
            f"event_id {existing.event_id!r} was already accepted with a different body",
            code="idempotency_conflict",
            details={"submission_id": existing.id},
        )
    return Accepted(existing, existing.latest.id, created=False)
