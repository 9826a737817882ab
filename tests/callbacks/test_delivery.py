"""Delivering verdicts to a real HTTP receiver on loopback: retries, dead letter, signature."""

from __future__ import annotations

import json
import random
import time

import pytest
import sqlalchemy as sa

from qualitygate import db
from qualitygate.models import CallbackAttempt, Verdict
from qualitygate.schemas import CallbackOut
from qualitygate.security import signing
from qualitygate.services import callbacks
from qualitygate.settings import Settings, load_settings
from tests.callbacks.conftest import Receiver, make_verdict
from tests.support.services import same_links


def _deliver_until_settled(settings: Settings, verdict_id: int) -> list[callbacks.Outcome]:
    """What the task does, in process: one attempt, then sleep the backoff, until settled."""
    outcomes = []
    for _ in range(settings.callback_max_attempts + 2):
        outcome = callbacks.deliver(db.session(), settings, verdict_id)
        outcomes.append(outcome)
        if outcome.retry_in is None:
            break
        time.sleep(outcome.retry_in)
    return outcomes


def _attempts(verdict_id: int) -> list[CallbackAttempt]:
    stmt = sa.select(CallbackAttempt).where(CallbackAttempt.verdict_id == verdict_id)
    return list(db.session().scalars(stmt.order_by(CallbackAttempt.attempt)))


def test_fails_twice_then_delivers_a_signed_verdict(client, fast, receiver: Receiver):
    receiver.script = [500, 503]
    verdict = make_verdict(receiver.url)
    assert callbacks.mark_due(db.session(), verdict)

    outcomes = _deliver_until_settled(fast, verdict.id)

    assert [o.status for o in outcomes] == ["failed", "failed", "delivered"]
    attempts = _attempts(verdict.id)
    assert [(a.attempt, a.outcome, a.http_status) for a in attempts] == [
        (1, "failed", 500),
        (2, "failed", 503),
        (3, "delivered", 200),
    ]
    assert attempts[0].error.startswith("HTTP 500") and attempts[2].error is None
    db.session.remove()
    assert db.session().get(Verdict, verdict.id).callback_status == "delivered"

    # Every request is signed with the documented algorithm over "<timestamp>.<raw body>".
    assert len(receiver.requests) == 3
    for req in receiver.requests:
        ts = req.headers["X-QualityGate-Timestamp"]
        sig = req.headers["X-QualityGate-Signature"]
        assert sig.startswith("v1=") and abs(time.time() - int(ts)) < 60
        assert signing.verify(fast.callback_secret, ts, sig, req.body)
        assert not signing.verify("another-secret", ts, sig, req.body)
        assert not signing.verify(fast.callback_secret, ts, sig, req.body + b" ")
        assert req.headers["Content-Type"] == "application/json"
        assert req.headers["X-QualityGate-Delivery"] == str(verdict.id)

    # The body is the documented VERDICT plus the submission's status and links.
    sent = json.loads(receiver.requests[-1].body)
    view = client.get(f"/api/v1/submissions/{sent['submission_id']}").get_json()
    verdict_part = {
        k: v for k, v in sent.items() if k not in {"submission_status", "links", "version"}
    }
    assert verdict_part == view["verdict"]
    assert sent["submission_status"] == view["status"] == "flagged"
    assert same_links(fast, sent["links"], view["links"])
    assert sent["version"] == 1
    assert view["callback"]["status"] == "delivered"
    assert [a["outcome"] for a in view["callback"]["attempts"]] == ["failed", "failed", "delivered"]


def test_always_failing_receiver_is_dead_lettered_and_visible_in_the_api(
    client, fast, receiver: Receiver
):
    receiver.default = 502
    settings = fast.model_copy(update={"callback_max_attempts": 4})
    verdict = make_verdict(receiver.url)
    callbacks.mark_due(db.session(), verdict)

    outcomes = _deliver_until_settled(settings, verdict.id)

    assert [o.status for o in outcomes] == ["failed"] * 3 + ["dead"]
    assert len(receiver.requests) == 4
    sid = db.session().get(Verdict, verdict.id).version.submission_id
    view = client.get(f"/api/v1/submissions/{sid}").get_json()
    cb = view["callback"]
    assert cb["status"] == "dead"
    assert [(a["attempt"], a["outcome"], a["http_status"]) for a in cb["attempts"]] == [
        (1, "failed", 502),
        (2, "failed", 502),
        (3, "failed", 502),
        (4, "dead", 502),
    ]
    assert all(a["error"].startswith("HTTP 502") and a["at"] for a in cb["attempts"])
    CallbackOut.model_validate(cb)  # the documented (OpenAPI) shape
    doc = client.get("/api/v1/openapi.json").get_json()
    assert "callback" in doc["components"]["schemas"]["SubmissionOut"]["required"]
    # A dead letter stays dead: another run of the task sends nothing.
    assert callbacks.deliver(db.session(), settings, verdict.id).status == "skipped"
    assert len(receiver.requests) == 4


def test_a_delivered_verdict_is_not_sent_again(client, fast, receiver: Receiver):
    verdict = make_verdict(receiver.url, status="pass")
    callbacks.mark_due(db.session(), verdict)
    assert callbacks.deliver(db.session(), fast, verdict.id).status == "delivered"
    # A redelivered task (acks_late) and a redelivered scoring task both change nothing.
    assert callbacks.deliver(db.session(), fast, verdict.id).status == "skipped"
    assert callbacks.mark_due(db.session(), db.session().get(Verdict, verdict.id)) is False
    assert len(receiver.requests) == 1 and len(_attempts(verdict.id)) == 1


def test_timeout_counts_as_a_failed_attempt(client, fast, receiver: Receiver):
    receiver.delay = 1.0
    settings = fast.model_copy(update={"callback_timeout_s": 0.2})
    verdict = make_verdict(receiver.url)
    callbacks.mark_due(db.session(), verdict)
    outcome = callbacks.deliver(db.session(), settings, verdict.id)
    assert outcome.status == "failed" and outcome.retry_in is not None
    (attempt,) = _attempts(verdict.id)
    assert attempt.http_status is None and "Timeout" in attempt.error


def test_connection_refused_counts_as_a_failed_attempt(client, fast):
    verdict = make_verdict("http://127.0.0.1:9/nothing-listens-here")
    callbacks.mark_due(db.session(), verdict)
    assert callbacks.deliver(db.session(), fast, verdict.id).status == "failed"
    (attempt,) = _attempts(verdict.id)
    assert "ConnectionError" in attempt.error


def test_unresolvable_host_is_retried_not_dead_lettered(client, fast):
    verdict = make_verdict("https://no-such-host.invalid/hook")
    callbacks.mark_due(db.session(), verdict)
    outcome = callbacks.deliver(db.session(), fast, verdict.id)
    assert outcome.status == "failed" and outcome.retry_in is not None
    (attempt,) = _attempts(verdict.id)
    assert "cannot resolve" in attempt.error


def test_refused_destination_is_dead_at_once_without_a_request(client, fast):
    production = load_settings(
        env="production",
        secret_key="s3cret",
        callback_secret="cb-s3cret",
        database_url="postgresql+psycopg://qg@db/qg",
        callback_max_attempts=5,
    )
    verdict = make_verdict("https://169.254.169.254/latest/meta-data")
    callbacks.mark_due(db.session(), verdict)
    outcome = callbacks.deliver(db.session(), production, verdict.id)
    assert outcome.status == "dead" and outcome.retry_in is None
    (attempt,) = _attempts(verdict.id)
    assert attempt.outcome == "dead" and "link-local" in attempt.error


def test_no_callback_url_means_no_callback(client, fast):
    verdict = make_verdict(None)
    assert callbacks.mark_due(db.session(), verdict) is False
    assert callbacks.deliver(db.session(), fast, verdict.id).status == "skipped"
    sid = verdict.version.submission_id
    assert client.get(f"/api/v1/submissions/{sid}").get_json()["callback"] == {
        "status": None,
        "attempts": [],
    }


@pytest.mark.parametrize("attempt", [1, 2, 3, 6])
def test_backoff_doubles_with_bounded_jitter_and_a_cap(attempt):
    rng = random.Random(attempt)
    delays = [callbacks.backoff(attempt, 2.0, 60.0, rng) for _ in range(50)]
    low = 2.0 * 2 ** (attempt - 1)
    assert all(min(60.0, low) <= d <= min(60.0, low + 2.0) for d in delays)
    if low + 2.0 < 60.0:
        assert len(set(delays)) > 1  # jittered, not a thundering herd
