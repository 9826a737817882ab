"""The manifest survives a round trip and bad manifests are refused with a reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qualitygate.ml.artifacts import (
    PACKAGED_BASE,
    ArtifactError,
    Manifest,
    read_manifest,
    resolve_base,
)


def test_round_trip(tmp_path: Path) -> None:
    manifest = Manifest(
        version="v1",
        mode="lora",
        base_model=PACKAGED_BASE,
        thresholds={
            "completeness": 0.4,
            "readability": 0.5,
            "accuracy": 0.6,
            "brand_voice": 0.5,
            "seo": 0.55,
        },
        metrics={"test": {"macro_f1": 0.9}},
        data={"sha256": "ab"},
        code_version="abc",
        training_config={"seed": 13, "lora_targets": ["query", "value"]},
    )
    manifest.save(tmp_path)
    again = read_manifest(tmp_path)
    assert again == manifest
    assert again.dimension_thresholds()["accuracy"] == 0.6
    assert again.label2id["seo"] == 4


def test_bad_manifests(tmp_path: Path) -> None:
    with pytest.raises(ArtifactError, match="no manifest"):
        read_manifest(tmp_path)
    Manifest(version="v", mode="lora", base_model=PACKAGED_BASE).save(tmp_path)
    raw = json.loads((tmp_path / "manifest.json").read_text())
    (tmp_path / "manifest.json").write_text(json.dumps({**raw, "typo": 1}))
    with pytest.raises(ArtifactError, match="unknown manifest keys"):
        read_manifest(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({**raw, "labels": ["seo"]}))
    with pytest.raises(ArtifactError, match="not the five dimensions"):
        read_manifest(tmp_path)


def test_packaged_base_resolves_to_a_local_model() -> None:
    assert (resolve_base(PACKAGED_BASE) / "config.json").is_file()
    with pytest.raises(ArtifactError):
        resolve_base("sentence-transformers/all-MiniLM-L6-v2")
