"""HMAC-SHA256 signatures of callback bodies, as documented in docs/callbacks.md.

The signed message is ``"<timestamp>.<raw body>"``: binding the timestamp lets a receiver refuse
replays of an old, validly signed request (``tolerance_s``).
"""

from __future__ import annotations

import hashlib
import hmac
import time

TIMESTAMP_HEADER = "X-QualityGate-Timestamp"
SIGNATURE_HEADER = "X-QualityGate-Signature"
SCHEME = "v1"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The header value ``v1=<hex hmac-sha256 of "<timestamp>.<body>">``."""
    message = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"{SCHEME}={digest}"


def signed_headers(secret: str, body: bytes, now: float | None = None) -> dict[str, str]:
    timestamp = int(time.time() if now is None else now)
    return {
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secret, timestamp, body),
    }


def verify(
    secret: str,
    timestamp: str,
    signature_header: str,
    body: bytes,
    *,
    tolerance_s: float = 300,
    now: float | None = None,
) -> bool:
    """True when the signature matches and the timestamp is within `tolerance_s` of now."""
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    current = time.time() if now is None else now
    if abs(current - ts) > tolerance_s:
        return False
    expected = signature(secret, ts, body)
    return hmac.compare_digest(expected.encode(), signature_header.strip().encode())
