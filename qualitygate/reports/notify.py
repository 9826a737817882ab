"""Tell a configured webhook that a week's files are ready: POST {"week", "files"}."""

from __future__ import annotations

import logging
from pathlib import Path

import requests

log = logging.getLogger(__name__)


def notify(url: str, week: str, files: list[Path], timeout: float = 10.0) -> int:
    """POST the week and the file names (not paths: the receiver knows where exports live).

    Returns the HTTP status; raises requests.RequestException when it is not 2xx or the
    receiver is unreachable, so the caller can retry.
    """
    body = {"week": week, "files": [p.name for p in files]}
    resp = requests.post(url, json=body, timeout=timeout)
    resp.raise_for_status()
    log.info("export webhook notified for %s (%s)", week, resp.status_code)
    return resp.status_code
