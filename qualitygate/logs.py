"""Logging, configured once: module loggers everywhere, records stamped with submission/task ids."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import IO

from flask import Flask

from qualitygate.redact import RedactFilter

submission_id_var: ContextVar[str | None] = ContextVar("submission_id", default=None)
_configured = False


@contextmanager
def bind_submission(submission_id: str | None) -> Iterator[None]:
    """Stamp `submission_id` on every record logged inside the block (a task, a request)."""
    token = submission_id_var.set(submission_id)
    try:
        yield
    finally:
        submission_id_var.reset(token)


class ContextFilter(logging.Filter):
    """Adds `submission_id` and `task_id` to every record (`-` when unknown)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.submission_id = submission_id_var.get() or "-"
        task_id = "-"
        try:
            from celery import current_task

            if current_task and current_task.request.id:
                task_id = current_task.request.id
        except Exception:  # noqa: BLE001 - logging must never fail
            pass
        record.task_id = task_id
        return True


TEXT_FORMAT = (
    "%(asctime)s %(levelname)s %(name)s [submission=%(submission_id)s task=%(task_id)s] %(message)s"
)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message, submission_id, task_id[, exc_info]."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "submission_id": _known(getattr(record, "submission_id", None)),
            "task_id": _known(getattr(record, "task_id", None)),
        }
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _known(value: object) -> object:
    return None if value in (None, "-") else value


def make_handler(fmt: str = "text", stream: IO[str] | None = None) -> logging.Handler:
    """A handler (stderr by default) stamping submission/task ids, in `text` or `json` format."""
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.addFilter(RedactFilter())  # feedback tokens (credentials) never reach a log line
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    return handler


def configure(level: str = "INFO", fmt: str = "text") -> None:
    global _configured
    if _configured:
        return
    handler = make_handler(fmt)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _configured = True


def init_app(app: Flask) -> None:
    settings = app.config["QG_SETTINGS"]
    configure(settings.log_level, settings.log_format)

    @app.teardown_request
    def _unbind_submission(_exc: BaseException | None) -> None:
        # A view may bind a submission id; a server thread must not carry it into the next request.
        submission_id_var.set(None)
