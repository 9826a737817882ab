"""Feedback tokens (the writer's credential, in the page's URL) never reach a log line: not
gunicorn's access log, not its error log, not the service's own handler."""

from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
from pathlib import Path

import requests
from gunicorn.config import Config

from qualitygate import migrate
from qualitygate.cli.run import api_argv
from qualitygate.gunicorn_logger import RedactingLogger
from qualitygate.logs import make_handler
from qualitygate.redact import REDACTED
from tests.conftest import sample_body
from tests.support.services import free_port, wait_for


def test_gunicorn_as_qualitygate_runs_it_writes_no_feedback_token(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "QG_ENV": "test", "QG_DATA_DIR": str(tmp_path), "QG_MODEL_ENABLED": "0"}
    migrate.upgrade(f"sqlite:///{tmp_path / 'qualitygate.db'}")
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            api_argv("127.0.0.1", port, workers=1),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _up(base), 60, "gunicorn")
        accepted = requests.post(f"{base}/api/v1/submissions", json=sample_body(), timeout=30)
        assert accepted.status_code == 202
        link = accepted.json()["links"]["feedback"]
        token = link.rsplit("/", 1)[1]
        path = f"/feedback/{token}"
        assert requests.get(f"{base}{path}", timeout=30).status_code == 200
        assert requests.get(f"{base}{path}/status?x=1", timeout=30).status_code == 200
        asset = requests.get(f"{base}/assets/feedback.js", headers={"Referer": link}, timeout=30)
        assert asset.status_code == 200
        assert requests.get(f"{base}/feedback/{token}x", timeout=30).status_code == 403
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    lines = log_path.read_text(errors="replace")
    assert token not in lines
    # The requests were logged, each with the token redacted.
    assert lines.count(f"/feedback/{REDACTED}") >= 4, lines[-2000:]


def _up(base: str) -> bool:
    try:
        return requests.get(f"{base}/healthz", timeout=2).status_code == 200
    except requests.ConnectionError:
        return False


def test_gunicorn_error_lines_are_redacted(tmp_path: Path) -> None:
    cfg = Config()
    cfg.set("errorlog", str(tmp_path / "error.log"))
    logger = RedactingLogger(cfg)
    logger.error("Error handling request %s", "/feedback/eyJzdWIiOiJhYmMifQ.Z3x.abc?x=1")
    logger.exception("Invalid request from ip=1.2.3.4: GET /feedback/tok.en.here HTTP/1.1")
    for handler in logger.error_log.handlers:
        handler.flush()
    text = (tmp_path / "error.log").read_text()
    assert "eyJzdWIi" not in text and "tok.en.here" not in text
    assert text.count(f"/feedback/{REDACTED}") == 2


def test_the_services_own_log_lines_are_redacted() -> None:
    stream = io.StringIO()
    record = logging.LogRecord(
        "qualitygate.web",
        logging.WARNING,
        __file__,
        1,
        "GET %s failed",
        ("/feedback/se.cr.et",),
        None,
    )
    make_handler("json", stream).handle(record)
    assert "se.cr.et" not in stream.getvalue() and f"/feedback/{REDACTED}" in stream.getvalue()
