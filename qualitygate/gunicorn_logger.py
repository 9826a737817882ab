"""gunicorn's logger with feedback tokens redacted from access and error lines.

`qualitygate run` and the Docker image start gunicorn with
`--logger-class qualitygate.gunicorn_logger.RedactingLogger`.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from qualitygate.redact import RedactFilter


# gunicorn ships no type hints.
class RedactingLogger(Logger):  # type: ignore[misc]
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactFilter) for f in log.filters):
                log.addFilter(RedactFilter())
