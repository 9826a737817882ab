"""Tenants: one per brand, with a webhook signing secret and a read token (security/tokens.py).

Both are shown once, when created or rotated. Who is calling is resolved from them by
api/auth.py, before any view runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qualitygate.errors import Conflict, NotFound, Unprocessable
from qualitygate.models import Tenant
from qualitygate.security.tokens import new_secret, new_token, token_hash

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")  # the webhook's brand pattern (schemas.py)


@dataclass(frozen=True, slots=True)
class Credentials:
    """What `create` hands out once: the secret signs webhooks, the token reads."""

    tenant: Tenant
    webhook_secret: str
    read_token: str


def create(session: Session, slug: str) -> Credentials:
    """Store tenant `slug` with a fresh secret and token and commit."""
    if not SLUG.match(slug):
        raise Unprocessable(f"{slug!r} is not a brand slug (lower-case letters, digits, - and _)")
    secret, token = new_secret(), new_token()
    tenant = Tenant(slug=slug, webhook_secret=secret, read_token_hash=token_hash(token))
    session.add(tenant)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"tenant {slug!r} already exists") from None
    return Credentials(tenant, secret, token)


def _get(session: Session, slug: str) -> Tenant:
    tenant = session.scalars(select(Tenant).where(Tenant.slug == slug)).one_or_none()
    if tenant is None:
        raise NotFound(f"no tenant {slug!r}")
    return tenant


def rotate_secret(session: Session, slug: str) -> str:
    """A new webhook secret for `slug` (the old one stops working at once); returns it."""
    tenant = _get(session, slug)
    tenant.webhook_secret = new_secret()
    session.commit()
    return tenant.webhook_secret


def rotate_token(session: Session, slug: str) -> str:
    """A new read token for `slug` (the old one stops working at once); returns it."""
    tenant = _get(session, slug)
    token = new_token()
    tenant.read_token_hash = token_hash(token)
    session.commit()
    return token


def set_active(session: Session, slug: str, active: bool) -> Tenant:
    tenant = _get(session, slug)
    tenant.active = active
    session.commit()
    return tenant


def all_tenants(session: Session) -> list[Tenant]:
    return list(session.scalars(select(Tenant).order_by(Tenant.slug)))
