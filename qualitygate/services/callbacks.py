"""Delivering verdicts to the CMS's callback URL: signed, retried with backoff, dead-lettered.

The Celery task is a thin loop around `deliver`: one call is one attempt, recorded as a
`CallbackAttempt` row whatever its outcome. The verdict's `callback_status` is the state machine:
None (no callback) -> "pending" (`mark_due`, before the task is queued) -> "delivered" (any 2xx)
or "dead" (`QG_CALLBACK_MAX_ATTEMPTS` failures, or a destination the SSRF guard refuses).
"""

from __future__ import annotations

import json
import logging
import random
from dataclasses import dataclass
from typing import Any, Literal

import requests
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualitygate import __version__
from qualitygate.errors import Unprocessable
from qualitygate.models import CallbackAttempt, Verdict
from qualitygate.schemas import submission_links, verdict_json
from qualitygate.security import signing, ssrf
from qualitygate.settings import Settings

log = logging.getLogger(__name__)

PENDING = "pending"
DELIVERED: Literal["delivered"] = "delivered"
FAILED: Literal["failed"] = "failed"
DEAD: Literal["dead"] = "dead"
DELIVERY_HEADER = "X-QualityGate-Delivery"
EVENT_HEADER = "X-QualityGate-Event"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one call of `deliver` did; `retry_in` (seconds) is set when another try is due."""

    status: Literal["delivered", "failed", "dead", "skipped"]
    attempt: int = 0
    retry_in: float | None = None


def check_intake(settings: Settings, url: str | None) -> None:
    """422 on field callback_url unless the scheme may receive callbacks (no DNS lookup here)."""
    if url is None:
        return
    try:
        ssrf.check_scheme(url, production=settings.env == "production")
    except ssrf.UnsafeUrl as exc:
        raise Unprocessable(
            "the request body is invalid",
            details=[{"field": "callback_url", "message": str(exc), "type": "unsafe_url"}],
        ) from exc


def mark_due(session: Session, verdict: Verdict) -> bool:
    """Set a fresh verdict's callback to pending and commit; True when a delivery must be queued.

    Only a verdict whose callback was never started qualifies, so a redelivered scoring task
    does not queue a second delivery.
    """
    if verdict.callback_status is not None or not verdict.version.submission.callback_url:
        return False
    verdict.callback_status = PENDING
    session.commit()
    return True


def submission_id_of(session: Session, verdict_id: int) -> str | None:
    verdict = session.get(Verdict, verdict_id)
    return verdict.version.submission_id if verdict is not None else None


def payload(settings: Settings, verdict: Verdict) -> dict[str, Any]:
    """The callback body: the documented VERDICT plus the submission's status and links."""
    sub = verdict.version.submission
    body = verdict_json(verdict, sub.id, sub.event_id)
    body["version"] = verdict.version.number
    body["submission_status"] = sub.status
    body["links"] = submission_links(settings, sub.id)
    return body


def encode(body: dict[str, Any]) -> bytes:
    """The exact bytes that are sent and signed."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def backoff(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Seconds before the attempt after `attempt` (1-based): base*2**(attempt-1) + jitter, capped.

    The jitter (uniform in [0, base)) spreads retries of many verdicts to one failing CMS.
    """
    rng = rng or random.Random()
    return float(min(cap, base * 2 ** (attempt - 1) + rng.uniform(0, base)))


def deliver(
    session: Session,
    settings: Settings,
    verdict_id: int,
    http: requests.Session | None = None,
) -> Outcome:
    """Make one delivery attempt of a verdict's callback, record it and commit.

    Idempotent: a verdict already delivered or dead (or without a callback URL) is skipped.
    """
    verdict = session.get(Verdict, verdict_id)
    if verdict is None:
        log.warning("verdict %s does not exist; no callback", verdict_id)
        return Outcome("skipped")
    url = verdict.version.submission.callback_url
    if not url or verdict.callback_status in (DELIVERED, DEAD):
        return Outcome("skipped")
    attempt = _attempts_so_far(session, verdict_id) + 1
    production = settings.env == "production"
    http_status: int | None
    error: str | None
    try:
        ssrf.check_destination(url, production=production)
    except ssrf.UnsafeUrl as exc:
        # A refused destination will not become acceptable by waiting: dead-letter now.
        return _record(session, verdict, attempt, DEAD, None, f"refused: {exc}")
    except ssrf.Unresolvable as exc:  # DNS trouble may pass: an ordinary failed attempt
        http_status, error = None, str(exc)
    else:
        http_status, error = _post(settings, verdict, url, attempt, http, production)
    if http_status is not None and 200 <= http_status < 300:
        return _record(session, verdict, attempt, DELIVERED, http_status, None)
    if attempt >= settings.callback_max_attempts:
        return _record(session, verdict, attempt, DEAD, http_status, error)
    _record(session, verdict, attempt, FAILED, http_status, error)
    delay = backoff(attempt, settings.callback_backoff_s, settings.callback_backoff_max_s)
    return Outcome(FAILED, attempt, delay)


def _post(
    settings: Settings,
    verdict: Verdict,
    url: str,
    attempt: int,
    http: requests.Session | None,
    production: bool,
) -> tuple[int | None, str | None]:
    body = encode(payload(settings, verdict))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"QualityGate-Callback/{__version__}",
        EVENT_HEADER: "verdict",
        # Stable across retries: receivers deduplicate on it.
        DELIVERY_HEADER: str(verdict.id),
        **signing.signed_headers(settings.callback_secret, body),
    }
    own = http is None
    client = http or ssrf.guarded_session(production=production)
    try:
        resp = client.post(
            url,
            data=body,
            headers=headers,
            timeout=settings.callback_timeout_s,
            allow_redirects=False,  # a redirect could point anywhere, past the guard
        )
    except (requests.RequestException, ssrf.UnsafeUrl) as exc:
        return None, f"{type(exc).__name__}: {exc}"[:2000]
    finally:
        if own:
            client.close()
    error = None if 200 <= resp.status_code < 300 else f"HTTP {resp.status_code}: {resp.text[:200]}"
    log.info("callback attempt %s for verdict %s: HTTP %s", attempt, verdict.id, resp.status_code)
    return resp.status_code, error


def _attempts_so_far(session: Session, verdict_id: int) -> int:
    stmt = select(func.count()).where(CallbackAttempt.verdict_id == verdict_id)
    return session.scalar(stmt) or 0


def _record(
    session: Session,
    verdict: Verdict,
    attempt: int,
    outcome: Literal["delivered", "failed", "dead"],
    http_status: int | None,
    error: str | None,
) -> Outcome:
    session.add(
        CallbackAttempt(
            verdict_id=verdict.id,
            attempt=attempt,
            outcome=outcome,
            http_status=http_status,
            error=error,
        )
    )
    verdict.callback_status = PENDING if outcome == FAILED else outcome
    session.commit()
    if outcome == DEAD:
        log.error("callback for verdict %s dead after attempt %s: %s", verdict.id, attempt, error)
    elif outcome == FAILED:
        log.warning("callback attempt %s for verdict %s failed: %s", attempt, verdict.id, error)
    return Outcome(outcome, attempt)
