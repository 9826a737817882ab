"""The gate's decision on one description version, with its per-dimension scores and findings."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qualitygate.db import Base
from qualitygate.models._types import UtcDateTime, utcnow

if TYPE_CHECKING:
    from qualitygate.models.submission import DescriptionVersion


class Verdict(Base):
    __tablename__ = "verdict"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Unique: one verdict per description version, so a redelivered task cannot write twice.
    version_id: Mapped[int] = mapped_column(
        ForeignKey("description_version.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(8))  # "pass" | "flag"
    model_version: Mapped[str] = mapped_column(String(200))
    low_confidence: Mapped[bool] = mapped_column(Boolean, default=False)
    scoring_ms: Mapped[float] = mapped_column(Float, default=0.0)
    # CMS callback: None (no callback_url), "pending", "delivered" or "dead" (gave up)
    callback_status: Mapped[str | None] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)

    version: Mapped[DescriptionVersion] = relationship(back_populates="verdict")
    dimensions: Mapped[list[DimensionScore]] = relationship(
        back_populates="verdict",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="DimensionScore.id",
    )
    findings: Mapped[list[FindingRow]] = relationship(
        back_populates="verdict",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="FindingRow.id",
    )


class DimensionScore(Base):
    __tablename__ = "dimension_score"
    __table_args__ = (UniqueConstraint("verdict_id", "dimension", name="uq_dimension_per_verdict"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdict.id", ondelete="CASCADE"))
    dimension: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float)
    passed: Mapped[bool] = mapped_column(Boolean)
    threshold: Mapped[float] = mapped_column(Float)
    rule_score: Mapped[float] = mapped_column(Float)
    model_score: Mapped[float | None] = mapped_column(Float)

    verdict: Mapped[Verdict] = relationship(back_populates="dimensions")


class FindingRow(Base):
    __tablename__ = "finding"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    verdict_id: Mapped[int] = mapped_column(
        ForeignKey("verdict.id", ondelete="CASCADE"), index=True
    )
    dimension: Mapped[str] = mapped_column(String(20))
    rule: Mapped[str] = mapped_column(String(100), index=True)
    severity: Mapped[str] = mapped_column(String(8))
    message: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    suggestion: Mapped[str | None] = mapped_column(Text)

    verdict: Mapped[Verdict] = relationship(back_populates="findings")

    @property
    def span(self) -> tuple[int, int] | None:
        """(start, end) as on the domain's Finding; None for a finding about the whole text."""
        if self.span_start is None or self.span_end is None:
            return None
        return (self.span_start, self.span_end)
