"""A whole stack per test: migrated database, real broker, real worker process, real HTTP server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from qualitygate.settings import Settings, load_settings
from tests.support.apps import second_app
from tests.support.services import LiveServer, Worker

pytestmark = pytest.mark.integration


@dataclass
class Stack:
    settings: Settings
    url: str
    worker: Worker
    engine: sa.Engine
    app: Flask  # the API's app, served at `url` (for enqueueing as the API does)

    def session(self) -> Session:
        return Session(self.engine)


def start_stack(
    tmp_path: Path, database_url: str, broker_url: str, extra_env: Mapping[str, str] = {}
) -> Iterator[Stack]:
    """The stack; `extra_env` (QG_* variables) reaches the worker process."""
    run = uuid.uuid4().hex[:8]
    env = {
        "QG_ENV": "test",
        "QG_DATA_DIR": str(tmp_path),
        "QG_DATABASE_URL": database_url,
        "QG_BROKER_URL": broker_url,
        # A queue of its own, so nothing left on a shared Redis by another run is consumed here.
        "QG_TASK_QUEUE": f"scoring-{run}",
        "QG_CALLBACK_QUEUE": f"callbacks-{run}",
        "QG_EXPORT_QUEUE": f"exports-{run}",
        **extra_env,
    }
    settings = load_settings(
        env="test",
        data_dir=tmp_path,
        database_url=database_url,
        broker_url=broker_url,
        task_queue=env["QG_TASK_QUEUE"],
        callback_queue=env["QG_CALLBACK_QUEUE"],
        export_queue=env["QG_EXPORT_QUEUE"],
    )
    with second_app(settings) as app:
        server = LiveServer(app)
        worker = Worker(env, tmp_path / "worker.log")
        engine = sa.create_engine(settings.sqlalchemy_url)
        try:
            worker.wait_ready()
            yield Stack(settings, server.url, worker, engine, app)
        finally:
            worker.stop()
            server.stop()
            engine.dispose()


@pytest.fixture
def embedded_stack(tmp_path: Path) -> Iterator[Stack]:
    """SQLite + kombu filesystem transport: what `make run` uses."""
    yield from start_stack(tmp_path, "", "filesystem://")


@pytest.fixture
def production_stack(tmp_path: Path, pg_url: str, redis_url: str) -> Iterator[Stack]:
    """PostgreSQL + Redis: the production path."""
    yield from start_stack(tmp_path, pg_url, redis_url)
