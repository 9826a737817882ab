"""Redis restarted while submissions arrive: every accepted submission still gets its verdict.

The private Redis keeps nothing across the restart (no RDB, no AOF), the worst case: messages
queued or unacknowledged at the kill are gone, and publishes while it is down fail. The API still
answers 202 (the row is committed first) and the submission stays `queued`; the sweeper
(`qualitygate.sweep_queued`, run by celery beat every QG_SWEEP_INTERVAL_S in production) finds
versions waiting longer than QG_SWEEP_AFTER_S and queues them again. Here the test calls the
sweep task function itself, in the stack's app, the way beat's run would.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from qualitygate.tasks.sweeper import sweep_queued
from tests.faults.conftest import Ledger, PrivateRedis, bodies, fault_stack, submit
from tests.integration.conftest import Stack

pytestmark = pytest.mark.integration

N = 150


@pytest.fixture
def stack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_url: str, private_redis: PrivateRedis
):
    yield from fault_stack(tmp_path, monkeypatch, pg_url, private_redis.url, QG_SWEEP_AFTER_S="3")


def test_redis_restart_mid_burst_every_accepted_submission_gets_a_verdict(
    stack: Stack, private_redis: PrivateRedis, ledger: Ledger
) -> None:
    started = time.monotonic()
    codes: list[int] = []
    sender = threading.Thread(target=lambda: codes.extend(submit(stack, bodies("redis", N), 2)))
    sender.start()
    # Restart once the burst is under way, while requests keep arriving.
    deadline = time.monotonic() + 60
    while ledger.count_submissions() < 30 and time.monotonic() < deadline:
        time.sleep(0.02)
    private_redis.restart(down_s=1.5)
    sender.join(timeout=300)
    assert codes == [202] * N  # accepted means committed, broker or not

    swept = 0
    deadline = time.monotonic() + 240
    while ledger.verdicts() < N and time.monotonic() < deadline:
        time.sleep(4)  # older than QG_SWEEP_AFTER_S, as beat would find them
        swept += sweep_queued()
    assert ledger.verdicts() == N, f"{N - ledger.verdicts()} still without a verdict"
    time.sleep(3)  # re-enqueued versions that were merely slow must not be scored twice
    ledger.assert_exactly_once(N)
    assert swept > 0  # the restart lost messages or refused publishes; the sweeper made up
    print(
        f"\nredis restart: {N} sent, {N} accepted, {ledger.verdicts()} verdicts, "
        f"{swept} re-enqueued by the sweeper, 0 duplicates, 0 lost; "
        f"{time.monotonic() - started:.0f}s"
    )
