"""Through a real worker process: webhook -> scoring -> signed callback to a real receiver."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from qualitygate.security import signing
from qualitygate.settings import DEV_CALLBACK_SECRET
from tests.callbacks.conftest import Receiver
from tests.conftest import sample_body
from tests.integration.conftest import Stack, start_stack
from tests.support.services import same_links, wait_for

pytestmark = pytest.mark.integration


@pytest.fixture
def stack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Stack]:
    # The worker inherits these: rules only (fast start), retries in a fraction of a second,
    # and JSON logs so the test can read the submission id off each record.
    for name, value in {
        "QG_MODEL_ENABLED": "false",
        "QG_CALLBACK_BACKOFF_S": "0.05",
        "QG_CALLBACK_BACKOFF_MAX_S": "0.2",
        "QG_CALLBACK_TIMEOUT_S": "5",
        "QG_LOG_FORMAT": "json",
    }.items():
        monkeypatch.setenv(name, value)
    yield from start_stack(tmp_path, "", "filesystem://")


def _view(stack: Stack, sid: str) -> dict:
    return requests.get(f"{stack.url}/api/v1/submissions/{sid}", timeout=10).json()


def test_callback_arrives_after_a_webhook_and_survives_a_failure(
    stack: Stack, receiver: Receiver
) -> None:
    receiver.script = [503]  # the first try fails; Celery retries after the backoff
    body = sample_body(callback_url=receiver.url)
    resp = requests.post(f"{stack.url}/api/v1/submissions", json=body, timeout=10)
    assert resp.status_code == 202, resp.text
    sid = resp.json()["submission_id"]

    wait_for(
        lambda: _view(stack, sid)["callback"]["status"] == "delivered",
        120,
        f"callback delivered; worker log:\n{stack.worker.log()[-3000:]}",
    )
    view = _view(stack, sid)
    assert [
        (a["attempt"], a["outcome"], a["http_status"]) for a in view["callback"]["attempts"]
    ] == [
        (1, "failed", 503),
        (2, "delivered", 200),
    ]
    assert len(receiver.requests) == 2
    last = receiver.requests[-1]
    ts, sig = last.headers["X-QualityGate-Timestamp"], last.headers["X-QualityGate-Signature"]
    assert signing.verify(DEV_CALLBACK_SECRET, ts, sig, last.body)
    sent = json.loads(last.body)
    assert sent["status"] == view["verdict"]["status"]
    assert {k: sent[k] for k in view["verdict"]} == view["verdict"]
    assert sent["submission_status"] == view["status"]
    assert same_links(stack.settings, sent["links"], view["links"])

    # The worker's JSON log lines of both tasks carry the submission id.
    records = [json.loads(line) for line in stack.worker.log().splitlines() if line.startswith("{")]
    mine = [r for r in records if r.get("submission_id") == sid]
    assert any("callback attempt 1" in r["message"] for r in mine), records[-10:]
    scored = re.compile(r"scored: (pass|flag) \(batch of \d+\)$")
    assert any(scored.search(r["message"]) for r in mine), records[-10:]
    assert all(r["task_id"] for r in mine)
