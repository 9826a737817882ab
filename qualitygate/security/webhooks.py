"""Verifying inbound webhooks: the callbacks' signature scheme (signing.py), read the other way.

A CMS signs `"<timestamp>.<raw body>"` with its tenant's secret, HMAC-SHA256, and sends
`X-QualityGate-Timestamp` and `X-QualityGate-Signature: v1=<hex>`. Each refusal has a reason code
the API returns, so a CMS developer can tell a clock problem from a wrong key.
"""

from __future__ import annotations

import hmac
import time

from qualitygate.security.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature

TOLERANCE_S = 300  # the replay window: a signed request older (or newer) than this is refused


class WebhookRefused(Exception):
    """The webhook is not authentic or not fresh; `reason` is the API's error code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def check_freshness(
    timestamp: str,
    signature_header: str,
    *,
    tolerance_s: float = TOLERANCE_S,
    now: float | None = None,
) -> int:
    """Both headers present and the timestamp within the window; returns the timestamp."""
    timestamp = timestamp.strip()
    if not timestamp or not signature_header.strip():
        raise WebhookRefused(
            "signature_missing", f"{TIMESTAMP_HEADER} and {SIGNATURE_HEADER} are required"
        )
    if not timestamp.isdigit():
        raise WebhookRefused("signature_invalid", f"{TIMESTAMP_HEADER} must be Unix seconds")
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > tolerance_s:
        raise WebhookRefused(
            "signature_stale",
            f"{TIMESTAMP_HEADER} is more than {int(tolerance_s)} s from the server's clock",
        )
    return int(timestamp)


def check_signature(secret: str, timestamp: int, signature_header: str, body: bytes) -> None:
    """The signature header matches the HMAC of `"<timestamp>.<body>"` (constant-time)."""
    expected = signature(secret, timestamp, body)
    given = signature_header.strip()
    if not hmac.compare_digest(expected.encode(), given.encode()):
        raise WebhookRefused(
            "signature_invalid", f"{SIGNATURE_HEADER} does not match the body and timestamp"
        )
