"""`qualitygate run`: migrate, then the API (gunicorn) and a separate Celery worker process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click

from qualitygate import migrate
from qualitygate.cli.db import database_errors
from qualitygate.settings import load_settings

BIN = Path(sys.executable).parent


def worker_argv(concurrency: int = 1, beat_schedule: Path | None = None) -> list[str]:
    """The celery worker command; with `beat_schedule`, beat runs inside it (one-machine setups)."""
    pool = (
        ["--pool=solo"] if concurrency == 1 else ["--pool=prefork", f"--concurrency={concurrency}"]
    )
    beat = ["--beat", f"--schedule={beat_schedule}"] if beat_schedule is not None else []
    return [
        str(BIN / "celery"),
        "-A",
        "qualitygate.tasks.worker",
        "worker",
        *pool,
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        *beat,
    ]


def api_argv(host: str, port: int, workers: int = 2) -> list[str]:
    """The gunicorn command serving the API, its access log on stdout."""
    return [
        str(BIN / "gunicorn"),
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        # Feedback tokens are credentials in the request line: redacted from every log line.
        "--logger-class",
        "qualitygate.gunicorn_logger.RedactingLogger",
        "qualitygate.app:create_app()",
    ]


@click.command("worker")
@click.option("--concurrency", default=1, show_default=True, help="Worker processes (1 = solo).")
def worker_cmd(concurrency: int) -> None:
    """Run a Celery worker (replaces this process)."""
    argv = worker_argv(concurrency)
    if concurrency > 1:
        # Each process gets its share of the cores: torch and BLAS size their pools from this.
        os.environ.setdefault("OMP_NUM_THREADS", str(max(1, (os.cpu_count() or 1) // concurrency)))
    os.execv(argv[0], argv)


@click.command("run")
@click.option("--host", default=None, help="Bind address (default QG_HOST).")
@click.option("--port", default=None, type=int, help="Port (default QG_PORT).")
@click.option("--api-workers", default=2, show_default=True, help="gunicorn worker processes.")
def run_cmd(host: str | None, port: int | None, api_workers: int) -> None:
    """Migrate the database, then serve the API and run a worker until Ctrl-C."""
    settings = load_settings()
    host, port = host or settings.host, port or settings.port
    # The API processes read QG_HOST/QG_PORT to build the links they hand out.
    os.environ["QG_HOST"], os.environ["QG_PORT"] = host, str(port)
    if settings.sqlalchemy_url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    with database_errors():  # a database that does not open: one line, before anything starts
        migrate.upgrade(settings.sqlalchemy_url)
    api = api_argv(host, port, api_workers)
    # Beat runs inside the worker here: the sweeper and the Monday export need no third process.
    worker = worker_argv(beat_schedule=settings.data_dir / "celerybeat-schedule")
    # The worker leads a session of its own, so it can yield the CPU to the API without slowing
    # this terminal's session (infra/priority.py). Ctrl-C reaches it through _stop, below.
    procs = [subprocess.Popen(worker, start_new_session=True), subprocess.Popen(api)]
    click.echo(
        f"QualityGate API on http://{host}:{port}  (worker pid {procs[0].pid}); Ctrl-C stops both",
        err=True,
    )
    for signum in (signal.SIGTERM, signal.SIGHUP):  # a supervisor's stop, a closed terminal
        signal.signal(signum, _interrupt)
    try:
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
        click.echo("a process exited; stopping the rest", err=True)
    except KeyboardInterrupt:
        click.echo("stopping…", err=True)
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)  # a second signal must not cut the stop short
        _stop(procs)
    sys.exit(max((p.returncode or 0) for p in procs) if any(p.returncode for p in procs) else 0)


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def _stop(procs: list[subprocess.Popen[bytes]], grace: float = 15.0) -> None:
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for p in procs:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
