"""`GET /metrics`: the Prometheus text exposition (series listed in docs/operations.md)."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, current_app, request

from qualitygate.monitoring.gauges import HealthCollector
from qualitygate.observability import Metrics, Outcome

bp = Blueprint("prometheus", __name__)


def init_app(app: Flask) -> None:
    metrics = Metrics(app.extensions["qg_engine"])
    metrics.add_collector(HealthCollector(app.extensions["qg_engine"], app.config["QG_SETTINGS"]))
    app.extensions["qg_metrics"] = metrics
    app.register_blueprint(bp)


def record_received(brand: str | None, outcome: Outcome) -> None:
    """Count one webhook request of this app (a no-op for an app without metrics)."""
    metrics: Metrics | None = current_app.extensions.get("qg_metrics")
    if metrics is not None:
        metrics.record_received(brand, outcome)


@bp.get("/metrics")
def metrics() -> Response:
    body, content_type = current_app.extensions["qg_metrics"].exposition(
        request.headers.get("Accept")
    )
    return Response(body, content_type=content_type)
