"""Who is calling the API: tenant credentials, checked before the view and the rate limit.

Views declare what they accept with a decorator; one app-level `before_request` hook enforces it,
so a view never runs for a caller it should not see. The hook runs before Flask-Limiter's, which
counts requests per tenant.

- `webhook_signature`: the body is signed with the tenant's secret (security/webhooks.py); the
  tenant is the body's `brand`.
- `tenant_token`: `Authorization: Bearer <read token>`; the view then shows that brand only.
- `tenant_or_metrics_token`: a tenant token is resolved here; the view accepts the global
  `QG_METRICS_TOKEN` itself.

The tenant is looked up here from what the request presents (its brand's active row, or the row
whose read-token hash matches); services/tenants.py creates and rotates those credentials. The
JSON body is read here once for the signature's brand and the view (`body_json`).

`QG_AUTH=optional` (development, test) lets requests without credentials through as before, but
credentials that are presented are verified. `QG_AUTH=required` (production) refuses them: 401.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, request
from flask_limiter import Limiter
from sqlalchemy import select
from sqlalchemy.orm import Session

from qualitygate import db, jsonbody
from qualitygate.api.metrics_prom import record_received
from qualitygate.errors import NotFound, Unauthorized
from qualitygate.jsonbody import BodyError
from qualitygate.models import Tenant
from qualitygate.security import webhooks
from qualitygate.security.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER
from qualitygate.security.tokens import TOKEN_PREFIX, token_hash
from qualitygate.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])
_POLICY = "_qualitygate_auth"
# The realm of the `WWW-Authenticate` challenge on a 401, per policy that reads a bearer token.
_REALMS = {"token": "qualitygate", "token_or_metrics": "qualitygate-metrics"}
_PARSED = "qg_json_body"


def _declare(policy: str) -> Callable[[F], F]:
    def mark(view: F) -> F:
        setattr(view, _POLICY, policy)
        return view

    return mark


webhook_signature = _declare("webhook")
tenant_token = _declare("token")
tenant_or_metrics_token = _declare("token_or_metrics")


def current_tenant() -> Tenant | None:
    """The tenant whose credentials this request carried (None: no credentials, optional mode)."""
    tenant: Tenant | None = g.get("qg_tenant")
    return tenant


def check_brand(brand: str, not_found: str) -> None:
    """404 (not 403, which would confirm the id exists) unless the caller may see `brand`."""
    tenant = current_tenant()
    if tenant is not None and tenant.slug != brand:
        raise NotFound(not_found)


def body_json() -> Any:
    """The request body parsed once per request (jsonbody.load: 400 when it is not usable JSON).

    413 is raised on reading when the body is too large.
    """
    if _PARSED not in g:
        setattr(g, _PARSED, jsonbody.load(request.get_data(cache=True)))
    return getattr(g, _PARSED)


def bearer_token() -> str | None:
    """The token of `Authorization: Bearer <token>`; None without a header of that scheme."""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return given.strip() if scheme.lower() == "bearer" else None


def _policy() -> str | None:
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, _POLICY, None)


def _authenticate() -> None:
    policy = _policy()
    if policy is None:
        return
    settings: Settings = current_app.config["QG_SETTINGS"]
    if policy == "webhook":
        g.qg_tenant = _webhook_tenant(settings)
    else:
        g.qg_tenant = _token_tenant(settings, metrics=policy == "token_or_metrics")


def _webhook_tenant(settings: Settings) -> Tenant | None:
    # What is wrong with a JSON body itself comes first (400): saying so leaks nothing, and the
    # body is parsed once for here and the view. 413 here when the body is too large; a body of
    # another type has no brand (the view answers 415).
    try:
        brand = _brand_of(body_json()) if request.is_json else ""
    except BodyError:
        record_received(None, "rejected")  # counted as the view counts its own 4xx
        raise
    timestamp_header = request.headers.get(TIMESTAMP_HEADER, "")
    signature_header = request.headers.get(SIGNATURE_HEADER, "")
    if not (timestamp_header or signature_header):  # presented credentials are always verified
        if settings.auth_required:
            raise Unauthorized(
                "webhooks must be signed (X-QualityGate-Timestamp, X-QualityGate-Signature)",
                code="signature_missing",
            )
        return None
    try:
        timestamp = webhooks.check_freshness(timestamp_header, signature_header)
        body = request.get_data(cache=True)
        tenant = _active_by_slug(db.session(), brand) if brand else None
        if tenant is None:
            raise webhooks.WebhookRefused(
                "unknown_tenant", "the body's brand is not an active tenant"
            )
        webhooks.check_signature(tenant.webhook_secret, timestamp, signature_header, body)
    except webhooks.WebhookRefused as exc:
        raise Unauthorized(exc.message, code=exc.reason) from None
    return tenant


def _brand_of(data: object) -> str:
    """The `brand` of a parsed body, or "" (the view reports what else is wrong with it)."""
    brand = data.get("brand") if isinstance(data, dict) else None
    return brand if isinstance(brand, str) else ""


def _token_tenant(settings: Settings, *, metrics: bool) -> Tenant | None:
    header = request.headers.get("Authorization", "")
    if not header.strip():
        if settings.auth_required and not metrics:  # metrics: the view answers 401 itself
            raise Unauthorized(
                "a tenant token is required (Authorization: Bearer <token>)", code="token_missing"
            )
        return None
    token = bearer_token()
    tenant = _active_by_token(db.session(), token) if token is not None else None
    if tenant is None and not metrics:  # metrics: it may be QG_METRICS_TOKEN, checked there
        raise Unauthorized("the bearer token is not a valid tenant token", code="token_invalid")
    return tenant


def _active_by_slug(session: Session, slug: str) -> Tenant | None:
    stmt = select(Tenant).where(Tenant.slug == slug, Tenant.active.is_(True))
    return session.scalars(stmt).one_or_none()


def _active_by_token(session: Session, token: str) -> Tenant | None:
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


def _challenge(resp: Response) -> Response:
    """Every 401 of a view that reads a bearer token says which scheme and realm it wants."""
    realm = _REALMS.get(_policy() or "")
    if resp.status_code == 401 and realm is not None:
        resp.headers.setdefault("WWW-Authenticate", f'Bearer realm="{realm}"')
    return resp


def _rate_key() -> str:
    tenant = current_tenant()
    return f"tenant:{tenant.slug}" if tenant else ""


def init_app(app: Flask) -> None:
    """Authenticate first, then count the request against its tenant's rate limit."""
    settings: Settings = app.config["QG_SETTINGS"]
    app.before_request(_authenticate)  # registered before the limiter's own hook: runs first
    app.after_request(_challenge)
    Limiter(
        key_func=_rate_key,
        app=app,
        storage_uri=settings.ratelimit_storage_url or "memory://",
        application_limits=[settings.ratelimit] if settings.ratelimit else [],
        # Requests without credentials (QG_AUTH=optional only) have no tenant to count against.
        application_limits_exempt_when=lambda: current_tenant() is None,
        strategy="moving-window",
        headers_enabled=True,
        # A rate-limit store outage must not refuse webhooks: count in memory meanwhile.
        in_memory_fallback_enabled=True,
        swallow_errors=True,
    )
