"""A submission is one CMS event about one product; each text the writer sends is a version."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qualitygate.db import Base
from qualitygate.models._types import JsonType, UtcDateTime, new_id, utcnow

if TYPE_CHECKING:
    from qualitygate.models.verdict import Verdict


class SubmissionStatus(enum.StrEnum):
    QUEUED = "queued"
    SCORING = "scoring"
    PASSED = "passed"
    FLAGGED = "flagged"
    ERROR = "error"


class Submission(Base):
    __tablename__ = "submission"
    __table_args__ = (UniqueConstraint("brand", "event_id", name="uq_submission_brand_event"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    event_id: Mapped[str] = mapped_column(String(200))
    brand: Mapped[str] = mapped_column(String(100), index=True)
    # sha256 of the canonical request body: a replayed event must carry the same body.
    payload_hash: Mapped[str] = mapped_column(String(64))
    sku: Mapped[str] = mapped_column(String(200), index=True)
    title: Mapped[str] = mapped_column(Text)
    category: Mapped[list[str]] = mapped_column(JsonType, default=list)
    attributes: Mapped[dict[str, str]] = mapped_column(JsonType, default=dict)
    keywords: Mapped[list[str]] = mapped_column(JsonType, default=list)
    callback_url: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=SubmissionStatus.QUEUED, index=True)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    versions: Mapped[list[DescriptionVersion]] = relationship(
        back_populates="submission", order_by="DescriptionVersion.number", lazy="selectin"
    )

    @property
    def latest(self) -> DescriptionVersion:
        return self.versions[-1]

    def product_dict(self) -> dict[str, Any]:
        return {
            "sku": self.sku,
            "title": self.title,
            "category": list(self.category or []),
            "attributes": dict(self.attributes or {}),
            "keywords": list(self.keywords or []),
        }


class DescriptionVersion(Base):
    __tablename__ = "description_version"
    __table_args__ = (UniqueConstraint("submission_id", "number", name="uq_version_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[str] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(20), default="en-US")
    author: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    submission: Mapped[Submission] = relationship(back_populates="versions")
    verdict: Mapped[Verdict | None] = relationship(back_populates="version", lazy="selectin")
