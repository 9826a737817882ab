"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app
from sqlalchemy import text

from qualitygate import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@bp.get("/readyz")
def readyz() -> tuple[dict[str, Any], int]:
    checks: dict[str, str] = {}
    try:
        db.session().execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        checks["database"] = f"error: {type(exc).__name__}"
    try:
        with current_app.extensions["celery"].connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["broker"] = f"error: {type(exc).__name__}"
    ready = all(v == "ok" for v in checks.values())
    settings = current_app.config["QG_SETTINGS"]
    if settings.model_enabled:
        # Informational, not required: the API never loads the model, and a worker without one
        # scores with the rules alone. Only the file's presence is checked (cheap).
        present = (settings.model_dir / "manifest.json").is_file()
        checks["model"] = "ok" if present else "missing"
    return {"status": "ready" if ready else "not_ready", "checks": checks}, 200 if ready else 503
