"""CSRF protection and security headers for the pages."""

from __future__ import annotations

from flask import Response, request
from flask_wtf.csrf import CSRFProtect

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
    "frame-ancestors 'none'"
)
PAGE_BLUEPRINTS = frozenset({"web", "feedback", "review"})

csrf = CSRFProtect()


def protect() -> None:
    """A blueprint's before_request: reject a POST without a valid CSRF token (400)."""
    csrf.protect()


def security_headers(resp: Response) -> Response:
    headers = resp.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # same-origin: a feedback link's token never leaks to another site, while Flask-WTF's
    # HTTPS referrer check still sees our own form posts.
    headers.setdefault("Referrer-Policy", "same-origin")
    if request.blueprint in PAGE_BLUEPRINTS:
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Frame-Options", "DENY")
        if request.blueprint != "web":  # pages are private; assets may be cached
            headers.setdefault("Cache-Control", "no-store")
    return resp
