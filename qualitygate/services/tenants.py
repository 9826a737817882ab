"""Tenants: one per brand, with a webhook signing secret and a read token.

The secret is stored as is (an HMAC needs its key); the read token only as its sha256, so a copy
of the database reads nobody's data. Both are shown once, when created or rotated.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qualitygate.errors import Conflict, NotFound, Unprocessable
from qualitygate.models import Tenant

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")  # the webhook's brand pattern (schemas.py)
SECRET_PREFIX = "qgs_"  # prefixes let secret scanners recognise leaked credentials
TOKEN_PREFIX = "qgt_"


@dataclass(frozen=True, slots=True)
class Credentials:
    """What `create` hands out once: the secret signs webhooks, the token reads."""

    tenant: Tenant
    webhook_secret: str
    read_token: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_secret() -> str:
    return SECRET_PREFIX + secrets.token_hex(32)


def _new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def create(session: Session, slug: str) -> Credentials:
    """Store tenant `slug` with a fresh secret and token and commit."""
    if not SLUG.match(slug):
        raise Unprocessable(f"{slug!r} is not a brand slug (lower-case letters, digits, - and _)")
    secret, token = _new_secret(), _new_token()
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
    tenant.webhook_secret = _new_secret()
    session.commit()
    return tenant.webhook_secret


def rotate_token(session: Session, slug: str) -> str:
    """A new read token for `slug` (the old one stops working at once); returns it."""
    tenant = _get(session, slug)
    token = _new_token()
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


def active_by_slug(session: Session, slug: str) -> Tenant | None:
    stmt = select(Tenant).where(Tenant.slug == slug, Tenant.active.is_(True))
    return session.scalars(stmt).one_or_none()


def active_by_token(session: Session, token: str) -> Tenant | None:
    """The active tenant whose read token this is, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    digest = token_hash(token)
    stmt = select(Tenant).where(Tenant.read_token_hash == digest, Tenant.active.is_(True))
    tenant = session.scalars(stmt).one_or_none()
    # The lookup is by hash, so timing reveals nothing about the token; compare anyway.
    if tenant is None or not hmac.compare_digest(tenant.read_token_hash, digest):
        return None
    return tenant
