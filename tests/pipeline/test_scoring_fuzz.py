"""Random texts and attributes through `qualitygate score` and the worker's batch path: every item
ends in a verdict or an error of its own, and no item is lost or fails another.

Texts mix every Unicode category (surrogates, controls, zero-width and bidi characters included);
attribute values are strings, integers, floats (NaN and infinities too) and booleans. Example
counts stay small: this runs in the ordinary suite.
"""

from __future__ import annotations

import json
import uuid

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualitygate import db
from qualitygate.checks import RuleEngine
from qualitygate.cli.score import _parse, score_batch
from qualitygate.models import DescriptionVersion, Submission, SubmissionStatus, Verdict
from qualitygate.pipeline import verdicts
from qualitygate.pipeline.gate import Scorer
from tests.conftest import sample_body

ANY_CHAR = st.characters(exclude_categories=())  # surrogates and controls included
NASTY = st.sampled_from(["\u0000", "\ud83d", "\u202e", "\u200b", "\ufeff", "\u2066", "\r\n"])
TEXT = st.lists(st.one_of(st.text(ANY_CHAR, max_size=40), NASTY), max_size=8).map("".join)
WORDS = st.text(st.characters(categories=["L", "Zs"]), max_size=300)
VALUE = st.one_of(
    TEXT, st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.booleans()
)
ATTRIBUTES = st.dictionaries(TEXT, VALUE, max_size=6)
CODES = {"malformed_json", "json_too_deep", "number_too_long", "validation_failed"}


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(RuleEngine())


def _body(text: str, attributes: dict[str, object], title: str) -> dict[str, object]:
    body = sample_body(event_id=f"evt-{uuid.uuid4().hex[:8]}")
    product = dict(body["product"])  # type: ignore[call-overload]
    product.update(title=title, attributes=attributes)
    body["product"] = product
    body["description"] = {"text": text}
    return body


@given(
    items=st.lists(
        st.tuples(st.one_of(TEXT, WORDS), ATTRIBUTES, st.one_of(TEXT, WORDS)), max_size=5
    )
)
@settings(max_examples=25, deadline=None, derandomize=True, database=None)
def test_qualitygate_score_answers_every_line(scorer: Scorer, items: list) -> None:
    lines = [json.dumps(_body(*item)) for item in items]  # NaN stays NaN, "\ud83d" an escape
    records = score_batch(scorer, list(_parse(iter(lines))))
    assert [r["line"] for r in records] == list(range(1, len(lines) + 1))
    for record in records:
        if "error" in record:
            assert record["error"]["code"] in CODES | {"scoring_failed"}
        else:
            assert record["status"] in ("pass", "flag") and record["dimensions"]


@given(items=st.lists(st.tuples(st.one_of(WORDS, TEXT), ATTRIBUTES), min_size=1, max_size=5))
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_the_workers_batch_gives_each_stored_version_a_verdict_or_its_own_error(
    client: object, scorer: Scorer, items: list
) -> None:
    # Rows as they may sit in the database, unvalidated: stored before a limit existed, or
    # written by another tool. SQLite's text columns cannot hold a lone surrogate; JSON can.
    session = db.session()
    ids = []
    for text, attributes in items:
        sub = Submission(
            event_id=f"evt-{uuid.uuid4().hex}",
            brand="default",
            payload_hash="-",
            sku="SKU",
            title="Shorts",
            category=["Clothing"],
            attributes={k: str(v) for k, v in attributes.items()},
            keywords=[],
            status=SubmissionStatus.QUEUED,
        )
        sub.versions.append(
            DescriptionVersion(number=1, text=text.encode("utf-8", "replace").decode())
        )
        session.add(sub)
        session.commit()
        ids.append(sub.latest.id)
    scored = verdicts.score_versions(session, scorer, ids)
    db.session.remove()
    session = db.session()
    for vid in ids:
        version = session.get(DescriptionVersion, vid)
        assert version is not None
        has_verdict = session.scalar(sa.select(Verdict.id).where(Verdict.version_id == vid))
        if vid in scored:
            assert has_verdict and version.submission.status in ("passed", "flagged")
        else:
            assert not has_verdict
            assert version.submission.status == "error" and version.submission.error
