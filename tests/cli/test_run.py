"""`qualitygate run`: the API and a worker in a session of its own; a stop signal stops both."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.conftest import sample_body
from tests.support.services import free_port, wait_for

pytestmark = pytest.mark.integration
QUALITYGATE = Path(sys.executable).parent / "qualitygate"


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has exited; only its exit status is left


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_run_serves_scores_and_stops_everything_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    log_path = tmp_path / "run.log"
    env = {**os.environ, "QG_DATA_DIR": str(tmp_path), "QG_MODEL_ENABLED": "false"}
    with log_path.open("wb") as log:
        run = subprocess.Popen(
            [str(QUALITYGATE), "run", "--port", str(port), "--api-workers", "1"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    descendants: list[int] = []
    try:
        base = f"http://127.0.0.1:{port}"

        def ready() -> bool:
            assert run.poll() is None, log_path.read_text()
            try:
                return requests.get(f"{base}/readyz", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        wait_for(ready, 90, "the API")
        wait_for(lambda: " ready." in log_path.read_text(), 90, "the worker")
        worker = int(re.search(r"worker pid (\d+)", log_path.read_text())[1])  # type: ignore[index]
        descendants = _children(run.pid)
        descendants += [g for c in descendants for g in _children(c)]  # gunicorn's own workers
        # The worker leads its own session (and autogroup): it can yield without slowing the API.
        assert os.getsid(worker) == worker != os.getsid(run.pid)

        resp = requests.post(f"{base}/api/v1/submissions", json=sample_body(), timeout=10)
        assert resp.status_code == 202, resp.text
        view = f"{base}/api/v1/submissions/{resp.json()['submission_id']}"
        wait_for(  # raises unless the worker scores it within the minute
            lambda: requests.get(view, timeout=5).json()["status"] in {"passed", "flagged"},
            60,
            "the verdict",
        )

        run.send_signal(signal.SIGTERM)  # what a supervisor sends; Ctrl-C goes the same way
        assert run.wait(timeout=60) == 0, log_path.read_text()[-3000:]
        assert worker in descendants and len(descendants) >= 3  # worker, gunicorn, its worker
        assert [pid for pid in descendants if _alive(pid)] == []
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
        for pid in descendants:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.timeout(60)
def test_run_refuses_a_database_that_does_not_open_before_starting_anything(
    tmp_path: Path,
) -> None:
    db_port = free_port()  # nothing listens there
    url = f"postgresql+psycopg://qg:hunter2-secret@127.0.0.1:{db_port}/qualitygate"
    env = {**os.environ, "QG_DATA_DIR": str(tmp_path), "QG_DATABASE_URL": url}
    run = subprocess.Popen(
        [str(QUALITYGATE), "run", "--port", str(free_port()), "--api-workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = run.communicate(timeout=45)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)  # it started the servers: kill them too
            run.wait()
    assert run.returncode == 2, stderr
    # One line and no "QualityGate API on ... (worker pid N)": neither server nor worker started.
    [line] = stderr.splitlines()
    shown = f"postgresql+psycopg://qg:***@127.0.0.1:{db_port}/qualitygate"
    assert line.startswith(f"Error: cannot open database {shown}: ")
    assert "Connection refused" in line
    assert stdout == ""
