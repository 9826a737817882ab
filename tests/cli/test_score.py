"""`qualitygate score`: one record per input line, in order; bad lines never stop the run."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from qualitygate.cli import main
from qualitygate.domain import DIMENSIONS
from tests.conftest import sample_body
from tests.integration.test_pipeline import BOILERPLATE


def test_score_file_keeps_order_and_reports_bad_lines(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("QG_DATA_DIR", str(tmp_path))
    good = sample_body(event_id="evt-good")
    bad = sample_body(event_id="evt-boilerplate")
    bad["description"] = {**good["description"], "text": BOILERPLATE}  # type: ignore[dict-item]
    invalid = sample_body(event_id="evt-invalid", brand="Not A Slug")
    lines = [json.dumps(good), "{not json", "", json.dumps(invalid), json.dumps(bad)]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"

    result = CliRunner().invoke(main, ["score", str(src), "-o", str(out), "--rules-only"])

    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["line"] for r in records] == [1, 2, 4, 5]  # the blank line 3 is skipped
    assert records[0]["event_id"] == "evt-good" and set(records[0]["dimensions"]) == set(DIMENSIONS)
    assert records[1]["error"]["code"] == "malformed_json" and "event_id" not in records[1]
    assert records[2]["event_id"] == "evt-invalid"
    assert records[2]["error"]["code"] == "validation_failed"
    assert records[2]["error"]["details"][0]["field"] == "brand"
    assert records[3]["event_id"] == "evt-boilerplate" and records[3]["status"] == "flag"
    assert records[3]["model_version"] == "rules-only"
    assert "scored 4 lines" in result.stderr and "2 invalid" in result.stderr
