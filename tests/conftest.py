"""Shared fixtures: a database and a filesystem broker per test run, real services where present."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from qualitygate import db, migrate  # noqa: E402
from qualitygate.app import create_app  # noqa: E402
from qualitygate.db import Base  # noqa: E402
from qualitygate.models import Submission  # noqa: E402
from qualitygate.settings import Settings, load_settings  # noqa: E402
from tests.support import services  # noqa: E402

PG_ADMIN_URL = os.environ.get(
    "QG_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("QG_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(autouse=True)
def _session_binding_restored() -> Iterator[None]:
    """A command run in-process (`CliRunner`) binds the process's session factory to the database
    it opened (`db.configure`) and leaves this thread's scoped session on it; the next test's
    `db.session()` would write to that database instead of the session-wide app's. Production
    runs one command per process. After each test: the session removed, the binding put back."""
    bind = db.SessionFactory.kw.get("bind")
    yield
    db.session.remove()
    db.SessionFactory.configure(bind=bind)


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("qg")


@pytest.fixture(scope="session")
def settings(run_dir: Path) -> Settings:
    return load_settings(
        env="test", data_dir=run_dir, model_enabled=False, public_base_url="http://testserver"
    )


@pytest.fixture(scope="session")
def app(settings: Settings) -> Flask:
    migrate.upgrade(settings.sqlalchemy_url)
    return create_app(settings)


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    yield app.test_client()
    _clean(app, app.config["QG_SETTINGS"])


def _clean(app: Flask, settings: Settings) -> None:
    """Each test starts from an empty database and an empty queue."""
    db.session.remove()
    with app.extensions["qg_engine"].begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    for msg in (settings.broker_dir / "queue").glob("*"):
        msg.unlink()


def queued_messages(settings: Settings) -> list[Path]:
    return sorted((settings.broker_dir / "queue").glob("*.msg"))


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped at the end."""
    reason = services.postgres_unavailable(PG_ADMIN_URL)
    if reason:
        pytest.skip(f"PostgreSQL not available at {PG_ADMIN_URL}: {reason}")
    name = f"qg_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def silent_pg_url() -> Iterator[str]:
    """A PostgreSQL URL (with a password) whose server accepts TCP and never answers."""
    with services.silent_server() as port:
        yield f"postgresql+psycopg://qg:hunter2-secret@127.0.0.1:{port}/qualitygate"


@pytest.fixture(scope="session")
def redis_url() -> str:
    reason = services.redis_unavailable(REDIS_URL)
    if reason:
        pytest.skip(f"Redis not available at {REDIS_URL}: {reason}")
    return REDIS_URL


def sample_body(**overrides: object) -> dict[str, object]:
    """A valid webhook body built on a real Flipkart product (PromptCloud, CC BY-SA 4.0)."""
    body: dict[str, object] = {
        "event_id": f"cms-evt-{uuid.uuid4().hex[:8]}",
        "brand": "default",
        "product": {
            "sku": "SRTEH2FF9KEDEFGF",
            "title": "Alisha Solid Women's Cycling Shorts",
            "category": ["Clothing", "Women's Clothing", "Lingerie, Sleep & Swimwear", "Shorts"],
            "attributes": {
                "Color": "Red",
                "Fabric": "Cotton Lycra",
                "Pack of": "3",
                "Ideal For": "Women's",
                "Pattern": "Solid",
                "Type": "Cycling Shorts",
            },
            "keywords": ["cycling shorts"],
        },
        "description": {
            "text": "Alisha Solid Women's Cycling Shorts in red cotton lycra, a pack of 3. "
            "The soft, stretchy fabric moves with you on the bike and at the gym. "
            "Machine wash cold and dry flat to keep the colour bright.",
            "locale": "en-US",
            "author": "writer-42",
            "source": "freelance",
        },
    }
    body.update(overrides)
    return body


__all__ = ["Submission", "queued_messages", "sample_body"]
