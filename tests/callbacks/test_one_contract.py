"""One verdict, three readers: the API, the callback and `qualitygate score` get the same JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from qualitygate import db
from qualitygate.cli import main
from qualitygate.models import Submission
from qualitygate.pipeline import verdicts
from qualitygate.pipeline.verdicts import load_scorer
from qualitygate.services import callbacks
from tests.callbacks.conftest import Receiver
from tests.conftest import sample_body
from tests.integration.test_pipeline import BOILERPLATE


def test_api_callback_and_cli_give_the_same_verdict_json(
    client, fast, receiver: Receiver, tmp_path: Path, monkeypatch
) -> None:
    # Boilerplate: a flag with located findings in several dimensions, so spans, rounding and
    # the per-dimension grouping are all compared.
    body = sample_body(callback_url=receiver.url)
    body["description"] = {**body["description"], "text": BOILERPLATE}  # type: ignore[dict-item]
    assert client.post("/api/v1/submissions", json=body).status_code == 202
    session = db.session()
    sub = session.query(Submission).one()
    version_id = sub.versions[-1].id
    scored = verdicts.score_versions(session, load_scorer(fast), [version_id])
    verdict = scored[version_id]
    assert verdict.status == "flag" and verdict.findings

    api = client.get(f"/api/v1/submissions/{sub.id}").get_json()["verdict"]

    assert callbacks.mark_due(session, verdict)
    assert callbacks.deliver(session, fast, verdict.id).status == "delivered"
    sent = json.loads(receiver.requests[0].body)
    for extra in ("version", "submission_status", "links"):  # the callback's own additions
        sent.pop(extra)

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(body) + "\n", encoding="utf-8")
    monkeypatch.setenv("QG_DATA_DIR", str(tmp_path))
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["score", str(src), "-o", str(out), "--rules-only"])
    assert result.exit_code == 0, result.output
    cli = json.loads(out.read_text())
    assert cli.pop("line") == 1
    assert cli.pop("submission_id") is None  # the CLI stores nothing: no submission

    assert sent == api
    assert cli == {k: v for k, v in api.items() if k != "submission_id"}
    assert api["submission_id"] == sub.id and api["event_id"] == body["event_id"]
    assert any(f["span"] for f in api["findings"])
