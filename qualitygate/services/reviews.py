"""Human review: reviewer accounts, the review queue and recorded decisions.

The queue holds submissions whose latest version has a verdict and no review yet: passed ones
(the normal work) or flagged ones (which a reviewer may override, with a reason). Low-confidence
verdicts come first, then the oldest submissions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from qualitygate.domain import DIMENSIONS
from qualitygate.errors import Conflict, Unprocessable
from qualitygate.models import (
    DescriptionVersion,
    Review,
    ReviewDecision,
    Reviewer,
    Submission,
    SubmissionStatus,
    Verdict,
)
from qualitygate.models._types import utcnow
from qualitygate.schemas import normalize_text

MIN_PASSWORD = 8
MAX_REASON = 2000
QueueKind = Literal["passed", "flagged"]
# Age windows offered by the queue's filter: (newer than, older than) in hours.
AGES: dict[str, tuple[float | None, float | None]] = {
    "any": (None, None),
    "24h": (24, None),
    "7d": (24 * 7, None),
    "older-7d": (None, 24 * 7),
}
# Checked against when the username is unknown, so both failures take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


# ---- reviewers -------------------------------------------------------------------------------


def create_reviewer(session: Session, username: str, password: str) -> Reviewer:
    """Store a new reviewer with a salted scrypt hash of `password` and commit."""
    username = username.strip()
    if not username or len(username) > 100:
        raise Unprocessable("the username must be 1 to 100 characters")
    if len(password) < MIN_PASSWORD:
        raise Unprocessable(f"the password must be at least {MIN_PASSWORD} characters")
    if session.scalars(select(Reviewer).where(Reviewer.username == username)).first():
        raise Conflict(f"reviewer {username!r} already exists")
    reviewer = Reviewer(username=username, password_hash=generate_password_hash(password))
    session.add(reviewer)
    session.commit()
    return reviewer


def authenticate(session: Session, username: str, password: str) -> Reviewer | None:
    """The active reviewer with these credentials, or None."""
    stmt = select(Reviewer).where(Reviewer.username == username.strip())
    reviewer = session.scalars(stmt).first()
    if reviewer is None or not reviewer.active:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return reviewer if check_password_hash(reviewer.password_hash, password) else None


# ---- the queue -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueueFilter:
    kind: QueueKind = "passed"
    brand: str | None = None
    age: str = "any"  # a key of AGES


@dataclass(frozen=True, slots=True)
class QueueItem:
    submission: Submission
    version: DescriptionVersion
    verdict: Verdict


def queue(
    session: Session, flt: QueueFilter, now: datetime | None = None, limit: int = 200
) -> list[QueueItem]:
    """Latest versions with a verdict and no review, low-confidence first, then oldest first."""
    now = now or utcnow()
    latest = (
        select(
            DescriptionVersion.submission_id.label("sid"),
            func.max(DescriptionVersion.number).label("number"),
        )
        .group_by(DescriptionVersion.submission_id)
        .subquery()
    )
    status = SubmissionStatus.PASSED if flt.kind == "passed" else SubmissionStatus.FLAGGED
    stmt = (
        select(Submission, DescriptionVersion, Verdict)
        .join(DescriptionVersion, DescriptionVersion.submission_id == Submission.id)
        .join(
            latest,
            (latest.c.sid == DescriptionVersion.submission_id)
            & (latest.c.number == DescriptionVersion.number),
        )
        .join(Verdict, Verdict.version_id == DescriptionVersion.id)
        .outerjoin(Review, Review.version_id == DescriptionVersion.id)
        .where(Review.id.is_(None), Submission.status == status)
        .order_by(Verdict.low_confidence.desc(), Submission.created_at, Submission.id)
        .limit(limit)
    )
    if flt.brand:
        stmt = stmt.where(Submission.brand == flt.brand)
    newer, older = AGES.get(flt.age, (None, None))
    if newer is not None:
        stmt = stmt.where(Submission.created_at >= now - timedelta(hours=newer))
    if older is not None:
        stmt = stmt.where(Submission.created_at < now - timedelta(hours=older))
    return [QueueItem(s, v, vd) for s, v, vd in session.execute(stmt)]


def brands(session: Session) -> list[str]:
    """Every brand with a submission, for the queue's filter."""
    return list(session.scalars(select(Submission.brand).distinct().order_by(Submission.brand)))


# ---- recording a decision --------------------------------------------------------------------


def record_review(
    session: Session,
    *,
    reviewer: Reviewer,
    submission: Submission,
    version_number: int,
    decision: str,
    gate_wrong: Iterable[str] = (),
    reason: str | None = None,
    edited_text: str | None = None,
) -> Review:
    """Record one reviewer's decision on the latest version of a submission and commit.

    A flagged verdict can only be overridden (accepted, with or without edits) and needs a
    reason; a passed one takes any decision. `gate_wrong` names the dimensions the reviewer says
    the gate got wrong; it becomes a {dimension: bool} map over all five.
    """
    version = submission.latest
    if version.number != version_number:
        raise Conflict(
            f"version {version.number} arrived after the version {version_number} you reviewed",
            code="stale_version",
        )
    verdict = version.verdict
    if verdict is None:
        raise Conflict("this version has not been scored yet", code="not_scored")
    try:
        choice = ReviewDecision(decision)
    except ValueError:
        raise Unprocessable(
            "choose a decision", details=[{"field": "decision", "allowed": list(ReviewDecision)}]
        ) from None
    wrong = set(gate_wrong)
    unknown = wrong - set(DIMENSIONS)
    if unknown:
        raise Unprocessable(f"unknown dimension(s): {', '.join(sorted(unknown))}")
    reason = (reason or "").strip() or None
    if reason is not None and len(reason) > MAX_REASON:
        raise Unprocessable(f"the reason is longer than {MAX_REASON} characters")
    override = verdict.status == "flag"
    if override and choice is ReviewDecision.REJECTED:
        raise Unprocessable(
            "the gate already flagged this description; overriding means accepting it"
        )
    if override and reason is None:
        raise Unprocessable("give a reason for overriding the gate", details=[{"field": "reason"}])
    edited = normalize_text(edited_text).strip() if edited_text else ""
    changed = bool(edited) and edited != version.text.strip()
    review = Review(
        submission_id=submission.id,
        version_id=version.id,
        reviewer_id=reviewer.id,
        decision=choice.value,
        override=override,
        reason=reason,
        gate_wrong={dim: dim in wrong for dim in DIMENSIONS},
        edited_text=edited if choice is ReviewDecision.ACCEPTED_WITH_EDITS and changed else None,
    )
    session.add(review)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Conflict("this version has already been reviewed", code="already_reviewed") from None
    return review
