"""One submission that cannot be scored fails only itself, never the batch it was claimed in.

The issue's case, through a real worker process with the shipped model: a row stored before lone
surrogates were refused (SQLite keeps `"\\ud83d"` inside its JSON columns) makes the tokenizer
throw. 40 submissions wait; the first task claims the other 39 and scores all 40 as one batch.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from qualitygate.models import Submission, Verdict
from qualitygate.schemas import SubmissionIn
from qualitygate.services import submissions
from qualitygate.tasks.celery_app import enqueue_score
from tests.conftest import sample_body
from tests.integration.conftest import Stack, start_stack
from tests.support.services import wait_for

pytestmark = pytest.mark.integration

BATCH = 40


@pytest.fixture
def batching_stack(tmp_path: Path) -> Iterator[Stack]:
    # One task may claim the whole batch of 40 (the default is 16).
    yield from start_stack(tmp_path, "", "filesystem://", {"QG_SCORE_BATCH_SIZE": str(BATCH)})


def _store(stack: Stack, poison_at: int) -> tuple[list[int], str]:
    """40 queued submissions (committed, not yet enqueued); the one at `poison_at` poisoned."""
    version_ids, poisoned = [], ""
    with stack.session() as session:
        for i in range(BATCH):
            body = sample_body(event_id=f"evt-batch-{i}")
            accepted = submissions.accept(session, SubmissionIn.model_validate(body))
            version_ids.append(accepted.version_id)
            if i == poison_at:
                sub = accepted.submission
                sub.attributes = {**sub.attributes, "\ud83d": "Red"}
                session.commit()
                poisoned = sub.id
    return version_ids, poisoned


def test_one_poisoned_submission_in_a_batch_of_40_fails_alone(batching_stack: Stack) -> None:
    stack = batching_stack
    # Not first: the first task's own version is the one the old code wrongly marked `error`.
    version_ids, poisoned = _store(stack, poison_at=17)
    with stack.app.app_context():
        for vid in version_ids:  # as the webhook does: commit, then enqueue
            assert enqueue_score(vid)

    def settled() -> list[tuple[str, str, str | None]]:
        with stack.session() as s:
            rows = s.execute(sa.select(Submission.id, Submission.status, Submission.error)).all()
        done = [tuple(r) for r in rows if r.status in ("passed", "flagged", "error")]
        return done if len(done) == BATCH else []

    rows = wait_for(settled, 300, f"all {BATCH} settled; worker log:\n{stack.worker.log()[-3000:]}")
    assert isinstance(rows, list)
    errors = [(sid, error) for sid, status, error in rows if status == "error"]
    assert [sid for sid, _ in errors] == [poisoned]
    [(_, reason)] = errors
    assert reason and reason.startswith("TypeError") and "TextInputSequence" in reason
    with stack.session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Verdict)) == BATCH - 1
    log = stack.worker.log()
    assert f"a batch of {BATCH} failed to score" in log  # it really was one batch
