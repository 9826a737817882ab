"""The JSON API, version 1."""

from __future__ import annotations

from flask import Flask

from qualitygate.api import auth, health, metrics, metrics_prom, monitoring, openapi, submissions


def init_app(app: Flask) -> None:
    auth.init_app(app)  # tenant credentials and the per-tenant rate limit (docs/operations.md)
    app.register_blueprint(submissions.bp, url_prefix="/api/v1")
    app.register_blueprint(openapi.bp, url_prefix="/api/v1")
    app.register_blueprint(metrics.bp, url_prefix="/api/v1")
    app.register_blueprint(monitoring.bp, url_prefix="/api/v1")
    app.register_blueprint(health.bp)
    metrics_prom.init_app(app)
