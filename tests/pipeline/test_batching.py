"""Work that arrives together is claimed once and scored in one batch, exactly once."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from qualitygate import db
from qualitygate.checks import RuleEngine
from qualitygate.models import Submission, Verdict
from qualitygate.pipeline import verdicts
from qualitygate.pipeline.gate import Scorer
from tests.conftest import sample_body


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(RuleEngine())


def _post(client, n: int) -> list[int]:
    ids = []
    for _ in range(n):
        sid = client.post("/api/v1/submissions", json=sample_body()).get_json()["submission_id"]
        ids.append(db.session().get(Submission, sid).latest.id)
    return ids


def test_claim_is_exclusive_and_skips_the_task_s_own_version(client):
    first, *others = _post(client, 4)
    session = db.session()
    claimed = verdicts.claim_waiting(session, first, limit=10)
    assert sorted(claimed) == sorted(others)
    assert verdicts.claim_waiting(session, first, limit=10) == []  # already claimed
    statuses = session.scalars(sa.select(Submission.status)).all()
    assert sorted(statuses) == ["queued", "scoring", "scoring", "scoring"]


def test_batch_scores_each_version_once_and_is_idempotent(client, scorer):
    ids = _post(client, 3)
    session = db.session()
    scored = verdicts.score_versions(session, scorer, [*ids, 999_999])
    assert sorted(scored) == sorted(ids)  # the missing id is skipped
    assert session.scalar(sa.select(sa.func.count()).select_from(Verdict)) == 3
    again = verdicts.score_versions(session, scorer, ids)
    assert {k: v.id for k, v in again.items()} == {k: v.id for k, v in scored.items()}
    assert session.scalar(sa.select(sa.func.count()).select_from(Verdict)) == 3
    assert {s.status for s in session.scalars(sa.select(Submission))} <= {"passed", "flagged"}
