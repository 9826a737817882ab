"""A second Flask app in the test process, with the process-wide state it touches restored."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from celery import current_app as current_celery
from flask import Flask

from qualitygate import db, migrate
from qualitygate.app import create_app
from qualitygate.settings import Settings


@contextmanager
def second_app(settings: Settings, *, upgrade: bool = True) -> Iterator[Flask]:
    """Migrate `settings`' database (unless `upgrade` is false) and build an app on it; afterwards
    give back the shared session factory's engine and Celery's current and default app
    (create_app takes both)."""
    if upgrade:
        migrate.upgrade(settings.sqlalchemy_url)
    previous_bind = db.SessionFactory.kw.get("bind")
    previous_celery = current_celery._get_current_object()
    app = create_app(settings)
    try:
        yield app
    finally:
        db.session.remove()
        app.extensions["qg_engine"].dispose()
        db.SessionFactory.configure(bind=previous_bind)
        previous_celery.set_current()
        previous_celery.set_default()
