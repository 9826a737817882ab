"""Log records carry the submission id (and task id), in text or JSON."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from celery.exceptions import Retry

from qualitygate import db, logs
from qualitygate.services import callbacks
from qualitygate.tasks import verdicts as verdict_tasks  # what the worker's `include` loads
from tests.callbacks.conftest import make_verdict
from tests.conftest import sample_body


@pytest.fixture
def captured() -> Iterator[tuple[io.StringIO, logging.Handler]]:
    """A JSON handler on the root logger, as QG_LOG_FORMAT=json installs it."""
    stream = io.StringIO()
    handler = logs.make_handler("json", stream)
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream, handler
    root.removeHandler(handler)


def _records(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_json_records_carry_the_bound_submission_id(captured):
    stream, _ = captured
    log = logging.getLogger("qualitygate.test")
    with logs.bind_submission("sub-123"):
        log.warning("inside %s", "the block")
    log.warning("outside")
    inside, outside = _records(stream)[-2:]
    assert inside["message"] == "inside the block"
    assert inside["submission_id"] == "sub-123" and inside["task_id"] is None
    assert inside["level"] == "WARNING" and inside["logger"] == "qualitygate.test"
    assert inside["ts"].endswith("+00:00")
    assert outside["submission_id"] is None


def test_json_records_include_the_traceback(captured):
    stream, _ = captured
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("qualitygate.test").exception("failed")
    record = _records(stream)[-1]
    assert record["message"] == "failed" and "RuntimeError: boom" in record["exc_info"]


def test_text_format_stamps_submission_and_task():
    stream = io.StringIO()
    handler = logs.make_handler("text", stream)
    record = logging.LogRecord("qualitygate.test", logging.INFO, __file__, 1, "hello", None, None)
    with logs.bind_submission("sub-9"):
        assert handler.filter(record)
    handler.emit(record)
    assert "INFO qualitygate.test [submission=sub-9 task=-] hello" in stream.getvalue()


def test_a_task_run_stamps_its_submission_id_on_the_services_records(client, app, captured):
    """The callback task, run in process (a worker runs the same code), binds the id."""
    stream, _ = captured
    verdict = make_verdict("http://127.0.0.1:9/nothing-listens")  # refused: a failed attempt
    callbacks.mark_due(db.session(), verdict)
    sid = verdict.version.submission_id
    assert verdict_tasks.deliver_callback.name == "qualitygate.deliver_callback"
    task = app.extensions["celery"].tasks["qualitygate.deliver_callback"]
    with pytest.raises(Retry):  # called directly, Celery raises the retry instead of queueing it
        task(verdict.id)
    mine = [r for r in _records(stream) if r["logger"] == "qualitygate.services.callbacks"]
    assert mine and all(r["submission_id"] == sid for r in mine)
    assert logs.submission_id_var.get() is None  # unbound after the task


def test_a_request_does_not_leak_its_submission_id_into_the_next(client):
    assert client.post("/api/v1/submissions", json=sample_body()).status_code == 202
    assert logs.submission_id_var.get() is None
