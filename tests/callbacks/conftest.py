"""A real HTTP receiver on loopback, and verdict rows to deliver."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from qualitygate import db
from qualitygate.models import DimensionScore, FindingRow, Verdict
from qualitygate.schemas import SubmissionIn
from qualitygate.services import submissions
from qualitygate.settings import Settings
from tests.conftest import sample_body


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """Answers each POST with the next status of `script` (then `default`), after `delay` s."""

    url: str
    script: list[int] = field(default_factory=list)
    default: int = 200
    delay: float = 0.0
    requests: list[Received] = field(default_factory=list)
    on_request: object = None  # optional callable(Received) -> None, run before answering


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("Content-Length", "0"))
            got = Received(self.path, dict(self.headers.items()), self.rfile.read(length))
            state.requests.append(got)
            if callable(state.on_request):
                state.on_request(got)
            if state.delay:
                time.sleep(state.delay)
            status = state.script.pop(0) if state.script else state.default
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a client that timed out and hung up is what some tests are about

    server = Server(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_port}/hooks/quality"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def fast(settings: Settings) -> Settings:
    """The test settings with a tiny backoff and timeout, so retries take milliseconds."""
    return settings.model_copy(
        update={
            "callback_backoff_s": 0.01,
            "callback_backoff_max_s": 0.05,
            "callback_timeout_s": 2.0,
            "callback_max_attempts": 5,
        }
    )


def make_verdict(callback_url: str | None, status: str = "flag") -> Verdict:
    """A committed submission with one scored version (rows written directly, no scorer)."""
    session = db.session()
    payload = SubmissionIn.model_validate(sample_body(callback_url=callback_url))
    accepted = submissions.accept(session, payload)
    verdict = Verdict(
        version_id=accepted.version_id, status=status, model_version="rules-only", scoring_ms=12.5
    )
    for dim in ("completeness", "readability", "accuracy", "brand_voice", "seo"):
        passed = dim != "accuracy" or status == "pass"
        verdict.dimensions.append(
            DimensionScore(
                dimension=dim,
                score=0.9 if passed else 0.2,
                passed=passed,
                threshold=0.5,
                rule_score=0.9 if passed else 0.2,
                model_score=None,
            )
        )
    if status == "flag":
        verdict.findings.append(
            FindingRow(
                dimension="accuracy",
                rule="attribute_contradiction",
                severity="error",
                message="the text says blue; the product is red",
                span_start=0,
                span_end=4,
                suggestion="red",
            )
        )
    accepted.submission.status = "flagged" if status == "flag" else "passed"
    session.add(verdict)
    session.commit()
    return verdict
