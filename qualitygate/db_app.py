"""Flask binding of the database: one engine per process, session removed after each request."""

from __future__ import annotations

from flask import Flask

from qualitygate import db
from qualitygate.settings import Settings


def init_app(app: Flask) -> None:
    settings: Settings = app.config["QG_SETTINGS"]
    if settings.sqlalchemy_url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    app.extensions["qg_engine"] = db.configure(
        settings.sqlalchemy_url, connect_timeout=settings.db_connect_timeout
    )

    @app.teardown_appcontext
    def _remove_session(_exc: BaseException | None) -> None:
        db.session.remove()
