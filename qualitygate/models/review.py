"""Human review: reviewers and their decisions, which become new training labels."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qualitygate.db import Base
from qualitygate.models._types import JsonType, UtcDateTime, utcnow
from qualitygate.models.submission import DescriptionVersion, Submission


class ReviewDecision(enum.StrEnum):
    ACCEPTED = "accepted"  # accepted as is
    ACCEPTED_WITH_EDITS = "accepted_with_edits"  # accepted with minor edits
    REJECTED = "rejected"


class Reviewer(Base):
    __tablename__ = "reviewer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Stored in the session cookie at sign-in and compared on every request; signing out bumps
    # it, so a copied or kept cookie stops working (the cookie itself cannot be recalled).
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Review(Base):
    """One reviewer's decision on one description version."""

    __tablename__ = "review"
    __table_args__ = (UniqueConstraint("version_id", name="uq_review_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[str] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(
        ForeignKey("description_version.id", ondelete="CASCADE")
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewer.id"))
    decision: Mapped[str] = mapped_column(String(24))
    # True when the gate had flagged this version and the reviewer overrode it.
    override: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(Text)
    # Per dimension: True where the reviewer says the gate got that dimension wrong.
    gate_wrong: Mapped[dict[str, bool]] = mapped_column(JsonType, default=dict)
    edited_text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)

    submission: Mapped[Submission] = relationship()
    version: Mapped[DescriptionVersion] = relationship()
    reviewer: Mapped[Reviewer] = relationship()
