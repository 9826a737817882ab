"""Credentials out of log lines and messages: feedback tokens, database passwords.

The token in `/feedback/<token>` is the writer's only credential, and it rides in every request
line of the page, its status polls and the Referer of its assets. Every handler this service
configures (its own log, gunicorn's access and error logs) passes records through
`RedactFilter`, which replaces the token with `[redacted]` before the line is written.

A database URL is shown (in CLI errors) only through `redact_url`: its password becomes `***`.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy.engine import make_url

REDACTED = "[redacted]"
_FEEDBACK_TOKEN = re.compile(r"(/feedback/)[^/\s?#\"']+")


def redact(text: str) -> str:
    """`text` with every feedback token replaced by `[redacted]`."""
    return _FEEDBACK_TOKEN.sub(rf"\g<1>{REDACTED}", text)


def redact_url(url: str) -> str:
    """A database URL with its password replaced by `***` (raises ArgumentError if not a URL)."""
    return make_url(url).render_as_string(hide_password=True)


class RedactFilter(logging.Filter):
    """Renders each record's message with its arguments, then redacts it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is logging's to report, not ours
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
