"""Registering and activating model versions: one active per scope (default, or a brand)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from qualitygate import db
from qualitygate.cli import main
from qualitygate.errors import Conflict, NotFound
from qualitygate.pipeline.verdicts import active_models
from qualitygate.services import model_registry


def _model_dir(root: Path, version: str) -> Path:
    d = root / version
    d.mkdir()
    (d / "manifest.json").write_text(json.dumps({"version": version, "labels": []}))
    return d


def test_activation_is_exclusive_per_scope(client, tmp_path):
    s = db.session()
    a = model_registry.register(s, _model_dir(tmp_path, "m-a"))
    b = model_registry.register(s, _model_dir(tmp_path, "m-b"))
    acme = model_registry.register(s, _model_dir(tmp_path, "acme-1"), brand="acme")
    model_registry.activate(s, a.name)
    model_registry.activate(s, acme.name)
    model_registry.activate(s, b.name)
    active = active_models(s)
    assert {k: v.name for k, v in active.items()} == {None: "m-b", "acme": "acme-1"}
    assert active[None].path == (tmp_path / "m-b").resolve()
    assert a.manifest["version"] == "m-a"


def test_register_refuses_duplicates_and_non_models(client, tmp_path):
    s = db.session()
    model_registry.register(s, _model_dir(tmp_path, "m-a"))
    with pytest.raises(Conflict):
        model_registry.register(s, tmp_path / "m-a")
    with pytest.raises(NotFound):
        model_registry.register(s, tmp_path)
    with pytest.raises(NotFound):
        model_registry.activate(s, "nope")


def test_cli_register_activate_list(client, tmp_path, monkeypatch, settings):
    monkeypatch.setenv("QG_DATA_DIR", str(settings.data_dir))
    path = _model_dir(tmp_path, "m-cli")
    runner = CliRunner()
    assert runner.invoke(main, ["model", "register", str(path)]).exit_code == 0
    result = runner.invoke(main, ["model", "activate", "m-cli"])
    assert result.exit_code == 0 and "activated m-cli for all brands" in result.output
    listing = runner.invoke(main, ["model", "list"]).output
    assert listing.startswith("* m-cli")
    bad = runner.invoke(main, ["model", "activate", "missing"])
    assert bad.exit_code != 0 and "no registered model named 'missing'" in bad.output
