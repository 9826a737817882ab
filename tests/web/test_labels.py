"""Reviews as training labels, and the two CLI commands (reviewer create, labels export)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from qualitygate import db
from qualitygate.cli import main
from qualitygate.models import Review, Reviewer
from qualitygate.models._types import utcnow
from qualitygate.services import reviews
from qualitygate.services.labels import export_rows
from tests.web.conftest import make_reviewer, make_submission
from training.labels import read_label_file


@pytest.fixture
def cli_env(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI reads QG_* like production does: point it at the test database."""
    settings = app.config["QG_SETTINGS"]
    monkeypatch.setenv("QG_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("QG_DATABASE_URL", settings.database_url)


def _review(sub, reviewer: Reviewer, decision: str, wrong=(), reason=None) -> Review:
    return reviews.record_review(
        db.session(),
        reviewer=reviewer,
        submission=sub,
        version_number=sub.latest.number,
        decision=decision,
        gate_wrong=wrong,
        reason=reason,
    )


def test_labels_follow_the_gate_flipped_where_the_reviewer_disagrees(client: FlaskClient):
    rita = make_reviewer()
    agreed = make_submission(event_id="evt-agreed")
    corrected = make_submission(event_id="evt-corrected")
    rejected = make_submission(event_id="evt-rejected")
    overridden = make_submission(event_id="evt-override", failed=["seo", "accuracy"])
    _review(agreed, rita, "accepted")
    _review(corrected, rita, "rejected", wrong=["accuracy"])
    _review(rejected, rita, "rejected")
    _review(overridden, rita, "accepted", wrong=["seo"], reason="Keyword is fine.")

    rows = {r["event_id"]: r for r in export_rows(db.session())}

    def labels(event_id: str) -> list[int]:
        row = rows[event_id]
        return [row[d] for d in ("completeness", "readability", "accuracy", "brand_voice", "seo")]

    assert labels("evt-agreed") == [1, 1, 1, 1, 1]
    assert labels("evt-corrected") == [1, 1, 0, 1, 1]
    assert labels("evt-rejected") == [1, 1, 1, 1, 1]  # nothing marked: the gate's labels
    assert labels("evt-override") == [1, 1, 0, 1, 1]  # seo flipped to 1, accuracy stays 0
    row = rows["evt-agreed"]
    assert row["brand"] == "default" and row["product"]["attributes"]["Pack of"] == "3"
    assert row["description"]["author"] == "writer-42"
    assert row["description"]["source"] == "freelance"


def test_export_command_writes_a_file_the_training_validator_accepts(
    client: FlaskClient, cli_env: None, tmp_path: Path
):
    rita = make_reviewer()
    first = make_submission(event_id="evt-1")
    second = make_submission(event_id="evt-2", failed=["readability"])
    _review(first, rita, "accepted_with_edits", wrong=["brand_voice"])
    _review(second, rita, "accepted", wrong=["readability"], reason="Short sentences are fine.")
    out = tmp_path / "labels.jsonl"

    result = CliRunner().invoke(main, ["labels", "export", "-o", str(out)])

    assert result.exit_code == 0, result.output
    assert "exported 2 labelled review(s)" in result.stderr
    examples = read_label_file(out)
    assert [e.event_id for e in examples] == ["evt-1", "evt-2"]
    assert examples[0].labels == {
        "completeness": 1,
        "readability": 1,
        "accuracy": 1,
        "brand_voice": 0,
        "seo": 1,
    }
    assert examples[1].labels["readability"] == 1
    assert examples[0].draft.text == first.latest.text and examples[0].author == "writer-42"


def test_export_since_filters_by_review_date(client: FlaskClient, cli_env: None):
    rita = make_reviewer()
    old = make_submission(event_id="evt-old")
    new = make_submission(event_id="evt-new")
    _review(old, rita, "accepted").created_at = utcnow() - timedelta(days=10)
    _review(new, rita, "accepted")
    db.session.commit()
    since = (utcnow() - timedelta(days=1)).date().isoformat()

    result = CliRunner().invoke(main, ["labels", "export", "--since", since])

    assert result.exit_code == 0, result.output
    assert [json.loads(line)["event_id"] for line in result.stdout.splitlines()] == ["evt-new"]


def test_reviewer_create_hashes_the_password_from_stdin(client: FlaskClient, cli_env: None):
    result = CliRunner().invoke(
        main, ["reviewer", "create", "nora", "--password-stdin"], input="s3cret-enough\n"
    )
    assert result.exit_code == 0, result.output
    stored = db.session.query(Reviewer).filter_by(username="nora").one()
    assert stored.password_hash.startswith("scrypt:") and "s3cret" not in stored.password_hash
    assert reviews.authenticate(db.session(), "nora", "s3cret-enough") is not None
    assert reviews.authenticate(db.session(), "nora", "s3cret-enough\n") is None

    again = CliRunner().invoke(
        main, ["reviewer", "create", "nora", "--password-stdin"], input="another-password\n"
    )
    assert again.exit_code == 1 and "already exists" in again.output
    short = CliRunner().invoke(
        main, ["reviewer", "create", "kim", "--password-stdin"], input="short\n"
    )
    assert short.exit_code == 1 and "at least 8" in short.output


def test_reviewer_create_prompts_twice(client: FlaskClient, cli_env: None):
    result = CliRunner().invoke(
        main, ["reviewer", "create", "omar"], input="long-password\nlong-password\n"
    )
    assert result.exit_code == 0, result.output
    assert reviews.authenticate(db.session(), "omar", "long-password") is not None
