"""kill -9 a worker in the middle of a burst: a new worker finishes, every version scored once.

The worker runs the solo pool, so SIGKILL takes the whole worker with its unacknowledged task:
no parent survives to reject it (`reject_on_worker_lost` needs one, with the prefork pool).
Redis keeps that message in its unacked set and hands it out again once it is older than
QG_BROKER_VISIBILITY_TIMEOUT_S (5 s here, 600 s by default); tasks are acknowledged late, and the
unique verdict per version makes a task that ran twice write once.
"""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

import pytest

from tests.faults.conftest import Ledger, bodies, fault_stack, start_worker, submit
from tests.integration.conftest import Stack
from tests.support.services import wait_for

pytestmark = pytest.mark.integration

N = 100
TASK = re.compile(r"Task qualitygate\.score_version\[([0-9a-f-]+)\] (received|succeeded)")


@pytest.fixture
def stack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_url: str, redis_url: str):
    yield from fault_stack(tmp_path, monkeypatch, pg_url, redis_url)


def _in_flight(log: str) -> set[str]:
    """Tasks the worker received and has not finished."""
    seen: dict[str, str] = {}
    for task_id, event in TASK.findall(log):
        seen[task_id] = event
    return {t for t, event in seen.items() if event == "received"}


def test_sigkill_mid_burst_loses_nothing_and_scores_once(stack: Stack, ledger: Ledger) -> None:
    started = time.monotonic()
    assert submit(stack, bodies("kill", N)) == [202] * N

    # Kill once some verdicts exist and a task is in flight (received, not finished).
    def mid_task() -> set[str]:
        done = ledger.verdicts()
        return _in_flight(stack.worker.log()) if 5 <= done < N - 10 else set()

    wait_for(mid_task, 120, "a task in flight after some verdicts", interval=0.02)
    os.killpg(stack.worker.proc.pid, signal.SIGKILL)
    stack.worker.proc.wait(timeout=10)
    at_kill = ledger.verdicts()
    killed_tasks = _in_flight(stack.worker.log())
    assert killed_tasks and at_kill < N

    replacement = start_worker(stack, "worker-2")
    try:
        ledger.wait_all(N, 240)
        time.sleep(3)  # let any late duplicate delivery run: it must not write
        ledger.assert_exactly_once(N)
        # The message of the task that died with the worker came back to the new one.
        redelivered = {t for t, event in TASK.findall(replacement.log()) if event == "received"}
        assert killed_tasks <= redelivered
    finally:
        replacement.stop()
    print(
        f"\nkill -9: {N} sent, {at_kill} verdicts at the kill, {ledger.verdicts()} verdicts, "
        f"0 duplicates, 0 lost, {len(killed_tasks)} task(s) redelivered; "
        f"{time.monotonic() - started:.0f}s"
    )
