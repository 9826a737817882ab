"""An app with QG_AUTH=required (what production runs) and tenants to call it with."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualitygate.security.signing import signed_headers
from qualitygate.services import tenants
from qualitygate.services.tenants import Credentials
from qualitygate.settings import Settings, load_settings
from tests.support.apps import second_app


def make_app(tmp_path: Path, **overrides: Any) -> Iterator[Flask]:
    """A second app in this process; the shared session factory and Celery app are restored."""
    settings = load_settings(
        env="test",
        data_dir=tmp_path,
        model_enabled=False,
        public_base_url="http://testserver",
        **overrides,
    )
    with second_app(settings) as app:
        yield app


@pytest.fixture
def secure_app(tmp_path: Path) -> Iterator[Flask]:
    yield from make_app(tmp_path, auth="required")


@pytest.fixture
def secure_client(secure_app: Flask) -> FlaskClient:
    return secure_app.test_client()


def add_tenant(app: Flask, slug: str) -> Credentials:
    with Session(app.extensions["qg_engine"]) as session:
        return tenants.create(session, slug)


@pytest.fixture
def acme(secure_app: Flask) -> Credentials:
    return add_tenant(secure_app, "acme")


@pytest.fixture
def zeta(secure_app: Flask) -> Credentials:
    return add_tenant(secure_app, "zeta")


def signed(secret: str, body: dict[str, Any], now: float | None = None) -> dict[str, Any]:
    """Keyword arguments for client.post: the exact bytes that were signed, and the headers."""
    raw = json.dumps(body).encode()
    return {
        "data": raw,
        "content_type": "application/json",
        "headers": signed_headers(secret, raw, now=now),
    }


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def settings_of(app: Flask) -> Settings:
    settings: Settings = app.config["QG_SETTINGS"]
    return settings
