"""The same webhook delivered 50 times at once: one submission, one task, one verdict."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import sqlalchemy as sa

from qualitygate.models import Submission, Verdict
from tests.conftest import sample_body
from tests.integration.conftest import Stack
from tests.support.services import wait_for

pytestmark = pytest.mark.integration


def test_fifty_concurrent_deliveries_make_one_submission_and_one_verdict(
    production_stack: Stack,
) -> None:
    body = sample_body()
    url = f"{production_stack.url}/api/v1/submissions"

    def deliver(_: int) -> tuple[int, str]:
        resp = requests.post(url, json=body, timeout=30)
        return resp.status_code, resp.json()["submission_id"]

    with ThreadPoolExecutor(max_workers=25) as pool:
        results = list(pool.map(deliver, range(50)))

    codes = sorted(code for code, _ in results)
    assert codes == [200] * 49 + [202]
    assert len({sid for _, sid in results}) == 1

    def verdicts() -> int:
        with production_stack.session() as s:
            return s.scalar(sa.select(sa.func.count()).select_from(Verdict)) or 0

    wait_for(verdicts, 120, "the verdict")
    with production_stack.session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Submission)) == 1
    # Give any stray duplicate task time to run: still one verdict.
    wait_for(lambda: "succeeded" in production_stack.worker.log(), 30, "task finished")
    assert verdicts() == 1
    # Exactly one task ran: one "received" and one "succeeded" line.
    assert production_stack.worker.log().count("Task qualitygate.score_version") == 2
