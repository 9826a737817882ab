"""Probes for the real services, and a real worker process for integration tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from qualitygate.cli.run import worker_argv

BIN = Path(sys.executable).parent


def postgres_unavailable(url: str) -> str | None:
    try:
        engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - the reason is the message
        return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    return None


def redis_unavailable(url: str) -> str | None:
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"
    return None


def free_port() -> int:
    """A loopback port nothing listens on now (for a server this test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def silent_server() -> Iterator[int]:
    """A loopback port that takes connections and never says a word: the kernel completes the
    TCP handshake into the listen backlog, and no one accepts or answers (a hung database host)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        yield int(s.getsockname()[1])


class Worker:
    """A real `celery worker` process with the given QG_* environment."""

    def __init__(self, env: Mapping[str, str], log_path: Path, concurrency: int = 1) -> None:
        argv = worker_argv(concurrency)  # the very command `qualitygate run` starts
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.proc = subprocess.Popen(
            argv,
            env={**os.environ, **env},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = 90) -> None:
        wait_for(
            lambda: " ready." in self.log() or self.proc.poll() is not None, timeout, "worker ready"
        )
        if self.proc.poll() is not None:
            raise RuntimeError(f"worker exited early:\n{self.log()[-3000:]}")

    def stop(self, timeout: float = 20) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._log.close()


def wait_for(
    predicate: Callable[[], object], timeout: float, what: str, interval: float = 0.1
) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout}s waiting for {what}")


class LiveServer:
    """A real HTTP server for a Flask app, in a thread, on a free loopback port."""

    def __init__(self, app: object) -> None:
        import threading

        from werkzeug.serving import make_server

        self._server = make_server("127.0.0.1", 0, app, threaded=True)  # type: ignore[arg-type]
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)


def same_links(settings: object, a: dict[str, str], b: dict[str, str]) -> bool:
    """Links are equal up to the feedback token's signing time (it has 1 s resolution)."""
    from qualitygate.schemas import read_feedback_token

    def sid(link: str) -> str:
        return read_feedback_token(settings, link.rsplit("/", 1)[1])  # type: ignore[arg-type]

    return a["self"] == b["self"] and sid(a["feedback"]) == sid(b["feedback"])
