"""Fault tests: the production stack (PostgreSQL, Redis, real worker processes), then break it.

Everything runs on loopback and is bounded in time. A test that restarts Redis starts its own
private redis-server on a free port; the shared one on 6379 is never touched.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from qualitygate.models import DescriptionVersion, Submission, Verdict
from qualitygate.settings import Settings
from tests.conftest import sample_body
from tests.integration.conftest import Stack, start_stack
from tests.support.services import Worker, free_port, redis_unavailable, wait_for

pytestmark = pytest.mark.integration

# Rules only (the faults are about delivery, not the model) and one version per task, so a
# killed task is one known version; a short visibility timeout so its message returns quickly.
FAULT_ENV = {
    "QG_MODEL_ENABLED": "false",
    "QG_SCORE_BATCH_SIZE": "1",
    "QG_BROKER_VISIBILITY_TIMEOUT_S": "5",
}


def fault_stack(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    broker_url: str,
    **extra_env: str,
) -> Iterator[Stack]:
    """start_stack() with FAULT_ENV (and `extra_env`) seen by the API and the worker alike."""
    for name, value in {**FAULT_ENV, **extra_env}.items():
        monkeypatch.setenv(name, value)
    yield from start_stack(tmp_path, database_url, broker_url)


def worker_env(settings: Settings) -> dict[str, str]:
    """The environment start_stack() gave its worker, to start another one like it."""
    return {
        "QG_ENV": "test",
        "QG_DATA_DIR": str(settings.data_dir),
        "QG_DATABASE_URL": settings.database_url,
        "QG_BROKER_URL": settings.broker_url,
        "QG_TASK_QUEUE": settings.task_queue,
        "QG_CALLBACK_QUEUE": settings.callback_queue,
        "QG_EXPORT_QUEUE": settings.export_queue,
    }


def start_worker(stack: Stack, name: str) -> Worker:
    worker = Worker(worker_env(stack.settings), stack.settings.data_dir / f"{name}.log")
    worker.wait_ready()
    return worker


def submit(stack: Stack, bodies: list[dict[str, object]], threads: int = 4) -> list[int]:
    url = f"{stack.url}/api/v1/submissions"
    with ThreadPoolExecutor(max_workers=threads) as pool, requests.Session() as http:
        return list(pool.map(lambda b: http.post(url, json=b, timeout=60).status_code, bodies))


def bodies(prefix: str, n: int) -> list[dict[str, object]]:
    return [sample_body(event_id=f"{prefix}-{i}") for i in range(n)]


class Ledger:
    """Counts read straight from the database (own engine: it survives terminated backends)."""

    def __init__(self, url: str) -> None:
        self.engine = sa.create_engine(url, pool_pre_ping=True)

    def verdicts(self) -> int:
        with self.engine.connect() as conn:
            return conn.scalar(sa.select(sa.func.count()).select_from(Verdict)) or 0

    def count_submissions(self) -> int:
        with self.engine.connect() as conn:
            return conn.scalar(sa.select(sa.func.count()).select_from(Submission)) or 0

    def per_version(self) -> list[int]:
        """Verdicts per description version, one entry per version."""
        stmt = (
            sa.select(sa.func.count(Verdict.id))
            .select_from(DescriptionVersion)
            .outerjoin(Verdict, Verdict.version_id == DescriptionVersion.id)
            .group_by(DescriptionVersion.id)
        )
        with self.engine.connect() as conn:
            return list(conn.scalars(stmt))

    def statuses(self) -> dict[str, int]:
        stmt = sa.select(Submission.status, sa.func.count()).group_by(Submission.status)
        with self.engine.connect() as conn:
            return {status: n for status, n in conn.execute(stmt).all()}

    def wait_all(self, n: int, timeout: float) -> None:
        wait_for(lambda: self.verdicts() >= n, timeout, f"{n} verdicts", interval=0.5)

    def assert_exactly_once(self, n: int) -> None:
        """n submissions, each version scored exactly once, none lost, none in error."""
        per_version = self.per_version()
        assert len(per_version) == n
        assert per_version.count(0) == 0, "lost"
        assert [c for c in per_version if c > 1] == [], "duplicates"
        assert set(self.statuses()) <= {"passed", "flagged"}

    def dispose(self) -> None:
        self.engine.dispose()


@pytest.fixture
def ledger(pg_url: str) -> Iterator[Ledger]:
    book = Ledger(pg_url)
    yield book
    book.dispose()


class PrivateRedis:
    """A redis-server of this test's own, on a free loopback port, without persistence."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary
        argv = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--daemonize", "no", "--dir", str(self.workdir)]  # fmt: skip
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: redis_unavailable(self.url) is None, 20, "private redis")

    def kill(self) -> None:
        """SIGKILL: whatever it held (queued and unacknowledged messages) is gone."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def restart(self, down_s: float) -> None:
        self.kill()
        time.sleep(down_s)
        self.start()


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.kill()
