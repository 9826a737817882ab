"""The export against a database seeded through the real pipeline, across two ISO weeks.

webhook over HTTP -> real worker (filesystem broker, SQLite) -> verdict -> the writer resubmits on
the feedback page over HTTP -> verdict -> reviewers decide (reviews service) -> then the worker
itself runs the export task for both weeks, and every number is checked against a recomputation
from the raw rows (tests/reports/expected.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from celery import Celery

from qualitygate.models import DescriptionVersion, Review, Submission, Verdict
from qualitygate.reports.metrics import ALL
from qualitygate.services import reviews as review_service
from qualitygate.tasks.celery_app import broker_options
from tests.conftest import sample_body
from tests.integration.conftest import Stack, start_stack
from tests.reports.expected import PERCENTILE_KEYS, Raw, expected, week_of
from tests.support.services import wait_for

pytestmark = pytest.mark.integration

BOILERPLATE = (
    "Buy Alisha Solid Women's Cycling Shorts for Rs.379 online. Alisha Solid Women's Cycling "
    "Shorts at best prices with FREE shipping & cash on delivery. Only Genuine Products. "
    "30 Day Replacement Guarantee."
)
# (brand, author, source, first text is boilerplate, resubmit, review decision on a pass)
PLAN = [
    ("acme", "alice", "freelance", False, False, "accepted"),
    ("acme", "bob", "ai", True, True, "accepted_with_edits"),
    ("zeta", "carol", "in-house", False, False, "rejected"),
    ("zeta", "dave", "ai", True, False, None),  # flagged; a reviewer overrides it
    ("acme", "alice", "freelance", False, False, None),  # never reviewed
    ("zeta", "carol", "in-house", True, True, "accepted"),
]


@pytest.fixture(params=["embedded", "postgres+redis"])
def stack(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Stack]:
    """SQLite + filesystem broker (ranked-window percentiles); PostgreSQL + Redis (native)."""
    monkeypatch.setenv("QG_MODEL_ENABLED", "false")  # rules only: fast, same pipeline
    if request.param == "embedded":
        yield from start_stack(tmp_path, "", "filesystem://")
    else:
        pg, redis = request.getfixturevalue("pg_url"), request.getfixturevalue("redis_url")
        yield from start_stack(tmp_path, pg, redis)


def _scored(stack: Stack, version_ids: list[int]) -> bool:
    with stack.session() as s:
        stmt = (
            sa.select(sa.func.count())
            .select_from(Verdict)
            .where(Verdict.version_id.in_(version_ids))
        )
        return s.scalar(stmt) == len(version_ids)


def _latest_version_ids(stack: Stack, sub_ids: list[str]) -> list[int]:
    with stack.session() as s:
        stmt = (
            sa.select(sa.func.max(DescriptionVersion.id))
            .where(DescriptionVersion.submission_id.in_(sub_ids))
            .group_by(DescriptionVersion.submission_id)
        )
        return list(s.scalars(stmt))


def _resubmit(stack: Stack, feedback_url: str, text: str) -> None:
    """The writer's path: open the feedback page, edit, submit the form (CSRF included)."""
    path = "/" + feedback_url.split("://", 1)[1].split("/", 1)[1]
    browser = requests.Session()
    page = browser.get(stack.url + path, timeout=10)
    assert page.status_code == 200, page.text[:500]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    base = re.search(r'name="base_version" value="(\d+)"', page.text).group(1)
    resp = browser.post(
        stack.url + path,
        data={"csrf_token": token, "base_version": base, "text": text},
        allow_redirects=False,
        timeout=10,
    )
    assert resp.status_code == 303, resp.text[:500]


def _seed(stack: Stack) -> list[str]:
    subs: list[tuple[str, str]] = []
    for brand, author, source, bad, _resub, _decision in PLAN:
        body = sample_body(brand=brand)
        text = BOILERPLATE if bad else body["description"]["text"]  # type: ignore[index]
        body["description"] = {**body["description"], "text": text, "author": author,  # type: ignore[dict-item]
                               "source": source}  # fmt: skip
        resp = requests.post(f"{stack.url}/api/v1/submissions", json=body, timeout=10)
        assert resp.status_code == 202, resp.text
        subs.append((resp.json()["submission_id"], resp.json()["links"]["feedback"]))
    ids = [sid for sid, _ in subs]
    wait_for(lambda: _scored(stack, _latest_version_ids(stack, ids)), 180,
             f"first verdicts; worker log:\n{stack.worker.log()[-2000:]}")  # fmt: skip
    for (sid, link), plan in zip(subs, PLAN, strict=True):
        if plan[4]:
            _resubmit(stack, link, sample_body()["description"]["text"] + f" Revised for {sid}.")  # type: ignore[index]
    wait_for(lambda: _scored(stack, _latest_version_ids(stack, ids)), 180,
             f"revised verdicts; worker log:\n{stack.worker.log()[-2000:]}")  # fmt: skip

    with stack.session() as s:
        rv = review_service.create_reviewer(s, "lead", "a-long-password-1")
        for sid, plan in zip(ids, PLAN, strict=True):
            sub = s.get(Submission, sid)
            s.refresh(sub)
            verdict = sub.latest.verdict
            if verdict.status == "flag":
                if plan[5] is None and plan[0] == "zeta":  # the override
                    review_service.record_review(
                        s, reviewer=rv, submission=sub, version_number=sub.latest.number,
                        decision="accepted", gate_wrong=["completeness"], reason="specs are right",
                    )  # fmt: skip
            elif plan[5] is not None:
                review_service.record_review(
                    s, reviewer=rv, submission=sub, version_number=sub.latest.number,
                    decision=plan[5], gate_wrong=["seo"] if plan[5] != "rejected" else [],
                )  # fmt: skip
    return ids


def _shift_back_a_week(stack: Stack, sub_ids: list[str]) -> None:
    """Move whole submissions (every timestamp of their chain) 7 days into the past.

    The pipeline stamps rows with the current time and a test cannot wait a week; shifting every
    row of a submission by the same offset keeps its internal durations (webhook -> verdict ->
    review) intact, so the earlier week holds real pipeline data too.
    """
    week = timedelta(days=7)
    with stack.session() as s:
        versions = sa.select(DescriptionVersion.id).where(
            DescriptionVersion.submission_id.in_(sub_ids)
        )
        for model, cond in [
            (Submission, Submission.id.in_(sub_ids)),
            (DescriptionVersion, DescriptionVersion.submission_id.in_(sub_ids)),
            (Verdict, Verdict.version_id.in_(versions)),
            (Review, Review.submission_id.in_(sub_ids)),
        ]:
            # Row by row, in Python: `created_at - interval` in SQL is text arithmetic on SQLite.
            for row in s.scalars(sa.select(model).where(cond)):
                row.created_at = row.created_at - week  # an UPDATE per row at commit
        s.commit()


def _export_on_worker(stack: Stack, week: str) -> dict:
    """Send the beat task for `week` through the broker; the real worker writes the files."""
    celery = Celery("export-test")
    celery.conf.update(
        broker_url=stack.settings.broker_url,
        broker_transport_options=broker_options(stack.settings),
        task_default_queue=stack.settings.task_queue,
    )
    target = stack.settings.exports_dir / f"qualitygate-metrics-{week}.json"
    target.unlink(missing_ok=True)
    # To the export queue, where the app's task_routes send it (the worker consumes it too).
    celery.send_task("qualitygate.export_weekly", args=[week], queue=stack.settings.export_queue)
    wait_for(target.exists, 120, f"export of {week}; worker log:\n{stack.worker.log()[-2000:]}")
    for ext in ("csv", "html"):
        assert (stack.settings.exports_dir / f"qualitygate-metrics-{week}.{ext}").is_file()
    return json.loads(target.read_text())


def test_export_of_two_weeks_matches_the_raw_rows(stack: Stack) -> None:
    ids = _seed(stack)
    _shift_back_a_week(stack, ids[: len(ids) // 2])
    with stack.session() as s:
        raw = Raw.load(s)
    weeks = sorted({week_of(v.created_at) for v in raw.verdicts})
    assert len(weeks) >= 2  # the shifted half and the rest

    for week in weeks:
        doc = _export_on_worker(stack, week)
        want = expected(raw, week)
        got = doc["brands"]
        assert set(got) == set(want), week
        for brand, metrics in want.items():
            for key in PERCENTILE_KEYS:
                exp = metrics.pop(key)
                assert got[brand].pop(key) == (
                    None if exp is None else pytest.approx(exp, abs=2e-3)
                )
            assert got[brand] == metrics, (week, brand)
        assert got[ALL]["scored"]["total"] > 0
    totals = [json.loads((stack.settings.exports_dir / f"qualitygate-metrics-{w}.json").read_text())
              ["brands"][ALL]["scored"]["total"] for w in weeks]  # fmt: skip
    assert sum(totals) == len(raw.verdicts) == 8  # 6 first versions + 2 revisions
    assert len(raw.reviews) >= 4 and any(r.override for r in raw.reviews)
