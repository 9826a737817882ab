"""A burst of 1,000 webhooks: 1,000 verdicts, none duplicated, none lost."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import sqlalchemy as sa

from qualitygate.models import DescriptionVersion, Submission, Verdict
from tests.conftest import sample_body
from tests.integration.conftest import Stack
from tests.support.services import wait_for

pytestmark = pytest.mark.integration

N = 1000


def test_burst_of_1000_gets_1000_verdicts_exactly_once(production_stack: Stack) -> None:
    url = f"{production_stack.url}/api/v1/submissions"
    bodies = [sample_body(event_id=f"burst-{i}") for i in range(N)]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool, requests.Session() as http:
        codes = list(pool.map(lambda b: http.post(url, json=b, timeout=30).status_code, bodies))
    ingress_s = time.perf_counter() - started
    assert codes == [202] * N

    def verdicts() -> int:
        with production_stack.session() as s:
            return s.scalar(sa.select(sa.func.count()).select_from(Verdict)) or 0

    wait_for(lambda: verdicts() >= N, 600, f"{N} verdicts", interval=1)
    total_s = time.perf_counter() - started
    with production_stack.session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Submission)) == N
        per_version = s.execute(
            sa.select(DescriptionVersion.id, sa.func.count(Verdict.id))
            .outerjoin(Verdict)
            .group_by(DescriptionVersion.id)
        ).all()
        statuses = set(s.scalars(sa.select(Submission.status)))
    assert len(per_version) == N and {count for _, count in per_version} == {1}
    assert statuses <= {"passed", "flagged"}
    # Work that arrived together was scored in batches, not one by one.
    batches = [int(n) for n in re.findall(r"\(batch of (\d+)\)", production_stack.worker.log())]
    assert batches and max(batches) > 1
    print(
        f"\n{N} submissions: ingress {N / ingress_s:.0f} req/s, all verdicts after {total_s:.1f}s"
    )
