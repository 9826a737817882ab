"""The application factory: a table of contents of the service."""

from __future__ import annotations

from flask import Flask

from qualitygate import api, db_app, logs, web
from qualitygate.api import errors
from qualitygate.settings import Settings, load_settings
from qualitygate.tasks.celery_app import celery_init_app
from qualitygate.web.response import Response


def create_app(settings: Settings | None = None) -> Flask:
    """Build the API (and the Celery app bound to it) from settings; no work happens at import."""
    settings = settings or load_settings()
    app = Flask(__name__)
    app.response_class = Response
    app.config.update(
        QG_SETTINGS=settings,
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
    )
    logs.init_app(app)
    db_app.init_app(app)
    celery_init_app(app)
    errors.init_app(app)
    api.init_app(app)
    web.init_app(app)
    return app
