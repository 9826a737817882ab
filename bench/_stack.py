"""The production stack for benchmarks: a fresh PostgreSQL database, Redis queues of its own,
gunicorn serving the API and `celery worker` processes, all on this machine, all cleaned up.

Used by bench_e2e.py and bench_coldstart.py. Loopback only.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PG_ADMIN_URL = os.environ.get(
    "QG_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("QG_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def wait_for(
    predicate: Callable[[], object], timeout: float, what: str, every: float = 0.05
) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Stack:
    """PostgreSQL database + Redis queues + settings; processes are started on demand."""

    def __init__(self, *, model_enabled: bool = True) -> None:
        import sqlalchemy as sa

        from qualitygate import migrate

        self.run = uuid.uuid4().hex[:8]
        self.dir = Path(tempfile.mkdtemp(prefix=f"qg-bench-{self.run}-"))
        self.db_name = f"qg_bench_{self.run}"
        self._admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        try:
            import redis

            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
            with self._admin.connect() as conn:
                conn.execute(sa.text(f'CREATE DATABASE "{self.db_name}"'))
        except Exception as exc:  # noqa: BLE001 - no stack, no benchmark: say which part is missing
            raise SystemExit(
                f"needs PostgreSQL at {PG_ADMIN_URL} (QG_BENCH_POSTGRES_URL) and Redis at "
                f"{REDIS_URL} (QG_BENCH_REDIS_URL): {type(exc).__name__}: {exc}"
            ) from exc
        self.db_url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + self.db_name
        self.engine = sa.create_engine(self.db_url)
        self.procs: list[subprocess.Popen[bytes]] = []
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        (self.dir / "prometheus").mkdir()
        self.env = {
            **os.environ,
            "QG_ENV": "production",
            "QG_SECRET_KEY": secrets.token_hex(16),
            "QG_CALLBACK_SECRET": secrets.token_hex(16),
            "QG_AUTH": "required",
            "QG_DATA_DIR": str(self.dir),
            "QG_DATABASE_URL": self.db_url,
            "QG_BROKER_URL": REDIS_URL,
            "QG_RATELIMIT_STORAGE_URL": REDIS_URL,
            # The limiter runs (its cost is part of ingress) but must not refuse the load.
            "QG_RATELIMIT": "100000/second",
            "QG_TASK_QUEUE": f"scoring-bench-{self.run}",
            "QG_CALLBACK_QUEUE": f"callbacks-bench-{self.run}",
            "QG_EXPORT_QUEUE": f"exports-bench-{self.run}",
            "QG_PUBLIC_BASE_URL": self.url,
            "QG_MODEL_ENABLED": "true" if model_enabled else "false",
            "PROMETHEUS_MULTIPROC_DIR": str(self.dir / "prometheus"),
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false",
        }
        migrate.upgrade(self.db_url)

    # -- processes ---------------------------------------------------------------------------

    def _spawn(self, argv: list[str], log: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
        with (self.dir / log).open("ab") as out:
            proc = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.procs.append(proc)
        return proc

    def start_api(self, workers: int = 2, threads: int = 1) -> subprocess.Popen[bytes]:
        """gunicorn as docker/entrypoint.sh runs it (threads > 1: gthread); returns once /readyz
        answers 200."""
        import requests

        argv = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{self.port}"]
        argv += ["--workers", str(workers), "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"]
        # As served: feedback tokens redacted from the request lines (costs one regex per line).
        argv += ["--logger-class", "qualitygate.gunicorn_logger.RedactingLogger"]
        if threads > 1:
            argv += ["--worker-class", "gthread", "--threads", str(threads)]
        argv += ["qualitygate.app:create_app()"]
        proc = self._spawn(argv, "api.log", self.env)

        def ready() -> bool:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log('api.log')[-3000:]}")
            try:
                return requests.get(f"{self.url}/readyz", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        wait_for(ready, 60, "the API")
        return proc

    def start_worker(
        self, name: str, threads: int = 0, env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        """One `celery worker` (solo pool), the command `qualitygate run` starts; `threads` pins
        its thread pools (0: the default, one per core); `env` adds or replaces variables."""
        from qualitygate.cli.run import worker_argv

        full = {k: v for k, v in self.env.items() if k not in THREAD_VARS}
        if threads:
            full.update({var: str(threads) for var in THREAD_VARS})
        full.update(env or {})
        argv = [*worker_argv(1), "-n", f"{name}-{self.run}@%h"]
        return self._spawn(argv, f"{name}.log", full)

    def wait_worker_ready(self, name: str, timeout: float = 120) -> None:
        wait_for(lambda: " ready." in self.log(f"{name}.log"), timeout, f"worker {name}", 0.02)

    def log(self, name: str) -> str:
        path = self.dir / name
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self, proc: subprocess.Popen[bytes], timeout: float = 20) -> None:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if proc in self.procs:
            self.procs.remove(proc)

    # -- data --------------------------------------------------------------------------------

    def create_tenant(self, slug: str = "default") -> str:
        """The tenant's webhook secret."""
        from sqlalchemy.orm import Session

        from qualitygate.services import tenants

        with Session(self.engine) as session:
            return tenants.create(session, slug).webhook_secret

    def close(self) -> None:
        """Stop every process, drop the database, delete this run's Redis keys."""
        import shutil

        import redis
        import sqlalchemy as sa

        for proc in list(self.procs):
            self.stop(proc)
        self.engine.dispose()
        with self._admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)'))
        self._admin.dispose()
        r = redis.Redis.from_url(REDIS_URL)
        keys = [k for k in r.scan_iter(match=f"*bench-{self.run}*")]
        if keys:
            r.delete(*keys)
        shutil.rmtree(self.dir, ignore_errors=True)
