"""PostgreSQL connection attempts are bounded by QG_DB_CONNECT_TIMEOUT: a database host that accepts
TCP but never answers fails the engine, the migrations and the API's probe instead of hanging them.

`silent_pg_url` is a real listening socket that never speaks; libpq waits 2 s at least, so a
timeout of 1 fails after ~2 s, and anything near the 10 s default means the setting was ignored.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError

from qualitygate import db, migrate
from qualitygate.settings import load_settings
from tests.support.apps import second_app

pytestmark = pytest.mark.timeout(30)  # a regression fails here instead of hanging the suite
PROMPTLY_S = 6.0  # the 2 s libpq minimum plus a loaded machine; under the 10 s default


def _seconds(call: Callable[[], object]) -> float:
    start = time.monotonic()
    call()
    return time.monotonic() - start


def _connect(url: str) -> None:
    engine = db.make_engine(url)
    try:
        with pytest.raises(OperationalError, match="connection timeout expired"):
            engine.connect()
    finally:
        engine.dispose()


def test_an_engine_gives_up_on_a_server_that_never_answers(
    silent_pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QG_DB_CONNECT_TIMEOUT", "1")
    assert _seconds(lambda: _connect(silent_pg_url)) < PROMPTLY_S


def test_a_connect_timeout_in_the_url_wins_over_the_setting(
    silent_pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QG_DB_CONNECT_TIMEOUT", "30")
    assert _seconds(lambda: _connect(f"{silent_pg_url}?connect_timeout=1")) < PROMPTLY_S


def test_migrations_give_up_on_a_server_that_never_answers(
    silent_pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QG_DB_CONNECT_TIMEOUT", "1")

    def upgrade() -> None:
        with pytest.raises(migrate.DatabaseNotReady, match="connection timeout expired"):
            migrate.upgrade(silent_pg_url)

    assert _seconds(upgrade) < PROMPTLY_S


def test_the_app_uses_its_own_settings_timeout_and_readyz_answers_503(
    silent_pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QG_DB_CONNECT_TIMEOUT", "30")  # the app's settings object wins
    settings = load_settings(
        env="test",
        data_dir=tmp_path,
        database_url=silent_pg_url,
        db_connect_timeout=1,
        model_enabled=False,
    )
    with second_app(settings, upgrade=False) as app:
        client = app.test_client()
        start = time.monotonic()
        resp = client.get("/readyz")
        elapsed = time.monotonic() - start
    assert resp.status_code == 503
    assert resp.get_json() == {
        "status": "not_ready",
        "checks": {"database": "error: OperationalError", "broker": "ok"},
    }
    assert elapsed < PROMPTLY_S


@pytest.mark.parametrize("value", ["0", "-5", "ten"])
def test_the_setting_must_be_a_whole_number_of_seconds_from_1(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QG_DB_CONNECT_TIMEOUT", value)
    with pytest.raises(ValidationError, match="db_connect_timeout"):
        load_settings()
    monkeypatch.setenv("QG_DB_CONNECT_TIMEOUT", "1")
    assert load_settings().db_connect_timeout == 1
