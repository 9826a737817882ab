"""`qualitygate train` reports label-file problems as a clean CLI error (no traceback)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from qualitygate.cli.train import evaluate_cmd, train_cmd


def test_train_refuses_a_bad_label_file(tmp_path: Path) -> None:
    bad = tmp_path / "labels.jsonl"
    bad.write_text('{"brand": "acme"}\n', encoding="utf-8")
    result = CliRunner().invoke(train_cmd, ["--data", str(bad), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "row 1, column 'product.sku': required text is missing" in result.output
    assert not (tmp_path / "m").exists()


def test_commands_document_their_options() -> None:
    assert "--mode [lora|full]" in CliRunner().invoke(train_cmd, ["--help"]).output
    assert "--amazon / --no-amazon" in CliRunner().invoke(evaluate_cmd, ["--help"]).output
