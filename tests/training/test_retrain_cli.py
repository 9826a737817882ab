"""`qualitygate retrain` without new reviews says so and trains nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from qualitygate import migrate
from qualitygate.cli import main


def test_no_reviews_since_the_cutoff_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    migrate.upgrade(url)  # the CLI reads only a database at head
    monkeypatch.setenv("QG_DATABASE_URL", url)
    out = tmp_path / "challenger"
    result = CliRunner().invoke(main, ["retrain", "--brand", "acme", "--out", str(out)])
    assert result.exit_code == 1
    assert "no reviews of brand acme since" in result.output
    assert "nothing to retrain on" in result.output
    assert not out.exists()
    bad = CliRunner().invoke(main, ["retrain", "--brand", "Not A Brand"])
    assert bad.exit_code == 2 and "brand key" in bad.output
