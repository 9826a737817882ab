"""Delivery attempts of a verdict to the CMS's callback URL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from qualitygate.db import Base
from qualitygate.models._types import UtcDateTime, utcnow


class CallbackAttempt(Base):
    __tablename__ = "callback_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    verdict_id: Mapped[int] = mapped_column(
        ForeignKey("verdict.id", ondelete="CASCADE"), index=True
    )
    attempt: Mapped[int] = mapped_column(Integer)
    # "delivered" (any 2xx), "failed" (will retry) or "dead" (gave up: the dead letter)
    outcome: Mapped[str] = mapped_column(String(12))
    http_status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
