"""`qualitygate drift`: a status per brand with the evidence, from the configured database."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session

from qualitygate import db, migrate
from qualitygate.cli import main
from tests.monitoring import streams

MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


def test_drift_command_prints_each_brand_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    migrate.upgrade(url)  # the CLI reads only a database at head
    engine = db.make_engine(url)
    with Session(engine) as s:
        streams.seed(s, streams.halves()[1], "steady", MONDAY)
        streams.seed(s, streams.halves()[1], "longer", MONDAY, mutate=streams.doubled)
    engine.dispose()
    model = streams.write_model_dir(tmp_path / "model", streams.reference())
    monkeypatch.setenv("QG_DATABASE_URL", url)
    monkeypatch.setenv("QG_MODEL_DIR", str(model))

    result = CliRunner().invoke(main, ["drift", "--week", "2026-W47"])
    assert result.exit_code == 0, result.output
    assert "longer: DRIFTING  (2026-W47)" in result.output
    assert "steady: OK  (2026-W47)" in result.output
    assert "text_length" in result.output  # the evidence names the signal
    assert "too few reviews" in result.output

    one = CliRunner().invoke(main, ["drift", "--week", "2026-W47", "--brand", "longer", "--json"])
    assert one.exit_code == 0, one.output
    [report] = json.loads(one.output)
    assert report["brand"] == "longer" and report["status"] == "drifting"
    assert report["drift"]["verdicts"] == len(streams.halves()[1])

    bad = CliRunner().invoke(main, ["drift", "--week", "2026-W99"])
    assert bad.exit_code == 2 and "--week" in bad.output
