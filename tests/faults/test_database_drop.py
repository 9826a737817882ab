"""PostgreSQL connections dropped while the worker scores: tasks retry and complete.

The test terminates every other backend of the database (the worker's included) again and
again while verdicts are being written. A task whose connection dies raises OperationalError and
is retried with backoff (tasks/verdicts.py: 1 s, 2 s, 4 s ... up to 5 times); the engine's
pool_pre_ping replaces dead pooled connections before they are used.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.faults.conftest import Ledger, bodies, fault_stack, submit
from tests.integration.conftest import Stack
from tests.support.services import wait_for

pytestmark = pytest.mark.integration

N = 100
TERMINATE = sa.text(
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)
RETRY = re.compile(r"Task qualitygate\.score_version\[[0-9a-f-]+\] retry: Retry in \d+s")


@pytest.fixture
def stack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_url: str, redis_url: str):
    yield from fault_stack(tmp_path, monkeypatch, pg_url, redis_url)


def test_terminated_connections_mid_task_are_retried_to_completion(
    stack: Stack, ledger: Ledger, pg_url: str
) -> None:
    started = time.monotonic()
    assert submit(stack, bodies("pgdrop", N)) == [202] * N
    killer = sa.create_engine(pg_url, poolclass=sa.pool.NullPool)
    terminated = 0
    try:
        # Drop connections while scoring runs, until a task has met it mid-flight and retried.
        def retried() -> bool:
            nonlocal terminated
            with killer.connect() as conn:
                terminated += conn.scalar(TERMINATE) or 0
            return bool(RETRY.search(stack.worker.log())) or ledger.verdicts() >= N

        wait_for(retried, 90, "a task to meet a dropped connection", interval=0.05)
    finally:
        killer.dispose()
    retries = len(RETRY.findall(stack.worker.log()))
    assert retries >= 1, "every termination missed the tasks: no retry to observe"

    ledger.wait_all(N, 180)
    ledger.assert_exactly_once(N)  # none ended in error: the retries succeeded
    print(
        f"\npg drop: {N} sent, {terminated} backends terminated, {retries} task retries, "
        f"{ledger.verdicts()} verdicts, 0 duplicates, 0 lost; {time.monotonic() - started:.0f}s"
    )
