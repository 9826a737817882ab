"""A version whose scoring keeps failing ends in `error`, with the reason, visible in the API.

PostgreSQL refuses every verdict insert with a real OperationalError (a trigger raising SQLSTATE
53100, disk_full). The scoring task retries with backoff (tasks/verdicts.py); once its retries are
spent it records the reason on the submission. The task is called in process (`apply`: retries
run at once, without their countdown), against the real database.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from qualitygate.models import Submission
from qualitygate.tasks.verdicts import score_version
from tests.conftest import sample_body
from tests.security.conftest import make_app

pytestmark = pytest.mark.integration

DISK_FULL = """
CREATE FUNCTION refuse_verdicts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100';
END $$;
CREATE TRIGGER refuse_verdicts BEFORE INSERT ON verdict
FOR EACH ROW EXECUTE FUNCTION refuse_verdicts();
"""


@pytest.fixture
def pg_app(tmp_path: Path, pg_url: str) -> Iterator[Flask]:
    yield from make_app(tmp_path, database_url=pg_url, broker_url="filesystem://")


def test_persistent_database_errors_end_in_error_with_the_reason(
    pg_app: Flask, pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    # Celery logs each retry at INFO; a CLI test run before may have left the root at WARNING.
    caplog.set_level(logging.INFO)
    client = pg_app.test_client()
    sid = client.post("/api/v1/submissions", json=sample_body()).get_json()["submission_id"]
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(sa.text(DISK_FULL))
        version_id = conn.scalar(sa.text("SELECT id FROM description_version"))

    result = score_version.apply(args=[version_id])
    assert result.successful() and result.result is None  # gave up cleanly, no exception
    backoff = re.findall(r"retry: Retry in (\d+)s: OperationalError", caplog.text)
    assert backoff == ["1", "2", "4", "8", "16"]

    doc = client.get(f"/api/v1/submissions/{sid}").get_json()
    assert doc["status"] == "error" and doc["verdict"] is None
    assert doc["error"].startswith("database error: ")
    assert "No space left on device" in doc["error"]
    with engine.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(Submission)) == 1
    engine.dispose()
