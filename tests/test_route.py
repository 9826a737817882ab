"""One submission's route, webhook to verdict row and callback, stays within ROUTE_TARGET files.

bench/route_files.py drives a real one in a fresh interpreter (signed webhook, real worker and
broker, real callback receiver) and records every package file a function is called in; here it
runs rules-only, which goes through the same files of the route as with the model.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bench.route_files import ROUTE_TARGET, is_foundation
from qualitygate.settings import PROJECT_ROOT

# The route in the order a submission first calls each file (docs/architecture.md and README.md,
# "Follow one submission", name the same list).
ROUTE = [
    "api/auth.py",
    "api/submissions.py",
    "schemas.py",
    "services/callbacks.py",
    "services/submissions.py",
    "tasks/celery_app.py",
    "tasks/verdicts.py",
    "pipeline/verdicts.py",
    "pipeline/gate.py",
]


def test_one_submission_goes_through_at_most_the_target_files() -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "bench.route_files", "--rules-only", "--json"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    groups = json.loads(done.stdout.strip().splitlines()[-1])
    assert sorted(groups["route"]) == sorted(ROUTE)  # a thread's timing may reorder, not add
    assert len(groups["route"]) <= ROUTE_TARGET
    # The scoring really ran: the checks are among the foundations the route called.
    assert any(f.startswith("checks/") for f in groups["foundations"])


def test_foundations_are_the_named_ones() -> None:
    assert is_foundation("db.py") and is_foundation("checks/seo.py")
    assert not is_foundation("schemas.py") and not is_foundation("pipeline/gate.py")
