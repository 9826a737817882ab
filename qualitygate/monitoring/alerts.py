"""Alerts: a warning log line per brand that drifts or whose live accuracy falls under the
floor, and an optional signed webhook (`QG_DRIFT_WEBHOOK_URL`), signed like the CMS callbacks
(`X-QualityGate-Signature` over timestamp and body with `QG_CALLBACK_SECRET`, docs/callbacks.md).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

import requests

from qualitygate.monitoring.health import BrandHealth
from qualitygate.security.signing import signed_headers
from qualitygate.settings import Settings

log = logging.getLogger(__name__)
EVENT = "monitoring.alert"


def needs_alert(report: BrandHealth) -> list[str]:
    """Why this brand needs attention (empty: it does not)."""
    reasons = []
    if report.drift.status == "drifting":
        signals = ", ".join(s.signal for s in report.drift.worst(3))
        reasons.append(f"drifting ({signals})")
    below = [d for d, s in report.accuracy.dimension_status.items() if s != "ok"]
    if below:
        reasons.append(
            "live accuracy under the floor: "
            + ", ".join(f"{d} {100 * report.accuracy.accuracy[d].value:.0f}%" for d in below)
        )
    return reasons


def alert_body(reports: Sequence[BrandHealth]) -> dict[str, Any]:
    return {
        "event": EVENT,
        "brands": [
            {"brand": r.brand, "status": r.status, "reasons": needs_alert(r), "report": r.to_dict()}
            for r in reports
        ],
    }


def raise_alerts(settings: Settings, reports: Sequence[BrandHealth]) -> list[BrandHealth]:
    """Log each brand that needs attention and POST them together to the webhook, if set.

    Returns the alerted reports. A failed POST raises requests.RequestException (the task
    retries); the log lines are already written.
    """
    alerted = [r for r in reports if needs_alert(r)]
    for r in alerted:
        log.warning(
            "monitoring: brand %s is %s over %s: %s",
            r.brand,
            r.status,
            r.window.label,
            "; ".join(needs_alert(r)),
        )
    if alerted and settings.drift_webhook_url:
        body = json.dumps(alert_body(alerted), sort_keys=True).encode()
        headers = {
            "Content-Type": "application/json",
            "X-QualityGate-Event": EVENT,
            **signed_headers(settings.callback_secret, body),
        }
        resp = requests.post(
            settings.drift_webhook_url,
            data=body,
            headers=headers,
            timeout=settings.callback_timeout_s,
        )
        resp.raise_for_status()
    return alerted
