"""A tenant is one brand's CMS: the secret signing its webhooks, the token reading its data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from qualitygate.db import Base
from qualitygate.models._types import UtcDateTime, utcnow


class Tenant(Base):
    __tablename__ = "tenant"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The brand slug of the webhook body: a tenant submits and reads only its own brand.
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    # Kept as is: verifying an HMAC needs the key itself (a hash would not do).
    webhook_secret: Mapped[str] = mapped_column(String(200))
    # sha256 hex of the read token; the token itself is shown once, at creation or rotation.
    read_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
