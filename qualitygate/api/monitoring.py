"""`GET /api/v1/monitoring/drift`: each brand's drift and live accuracy (docs/monitoring.md).

Tenant-scoped like the weekly metrics: `QG_METRICS_TOKEN` reads every brand, a tenant's read
token its own brand only (another brand answers 404). The work is `monitoring.health`; the
body is `schemas.MonitoringReportOut`, the model the OpenAPI document publishes.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, current_app, jsonify, request

from qualitygate import db
from qualitygate.api import auth
from qualitygate.api.metrics import authorize_reader, invalid_query, requested_brand
from qualitygate.monitoring.health import Thresholds, all_brands
from qualitygate.monitoring.live import Window
from qualitygate.reports.weeks import IsoWeek, WeekError
from qualitygate.schemas import MonitoringReportOut
from qualitygate.settings import Settings

bp = Blueprint("monitoring", __name__)


@bp.get("/monitoring/drift")
@auth.tenant_or_metrics_token
def drift() -> Response:
    settings: Settings = current_app.config["QG_SETTINGS"]
    brand = requested_brand(authorize_reader(settings))
    label = request.args.get("week")
    try:
        window = (
            Window.week(IsoWeek.parse(label), settings.timezone)
            if label
            else Window.last_days(datetime.now(UTC))
        )
    except WeekError as exc:
        raise invalid_query("week", str(exc)) from exc
    reports = all_brands(
        db.session(), window, settings.model_dir, Thresholds.from_settings(settings), brand
    )
    body = MonitoringReportOut(window=window.label, brands=[r.to_out() for r in reports])
    return jsonify(body.model_dump(mode="json"))
