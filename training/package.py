"""Write a trained model as an artifact: weights (safetensors) or adapter, manifest, model card."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualitygate.ml.artifacts import Manifest
from training.thresholds import CRITERION

if TYPE_CHECKING:
    from training.config import TrainConfig
    from training.train import TrainResult

REPO = Path(__file__).resolve().parents[1]


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def code_version() -> str:
    """The git commit, with `-dirty` when the training or serving code has uncommitted edits."""
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "training", "qualitygate/ml"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{sha}-dirty" if dirty else sha


def save_artifact(cfg: TrainConfig, model: Any, tokenizer: Any, result: TrainResult) -> str:
    """Save weights + manifest + README into cfg.out; return the version string."""
    from training.model_card import render_model_card

    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out), safe_serialization=True)
    if cfg.mode == "full":
        tokenizer.save_pretrained(str(out))
    data_hash = file_sha256(cfg.data)
    now = dt.datetime.now(dt.UTC)
    version = cfg.version or f"{out.name}-{cfg.mode}-{now:%Y%m%d}-{data_hash[:8]}"
    manifest = Manifest(
        version=version,
        mode=cfg.mode,
        base_model=cfg.base_model,
        brand=cfg.brand,
        thresholds=result.thresholds,
        model_thresholds=result.model_thresholds,
        rule_weights=result.rule_weights,
        rule_vetoes=result.rule_vetoes,
        threshold_criterion=CRITERION
        if cfg.gate_thresholds
        else "max Cohen's kappa with the labels on validation (model alone)",
        max_length=cfg.max_length,
        tokenizer="self" if cfg.mode == "full" else "base",
        metrics={"validation": result.validation, "test": result.test},
        data={"path": str(cfg.data), "sha256": data_hash, "sizes": result.sizes},
        training_config={
            **cfg.to_dict(),
            "epochs_run": result.epochs_run,
            "best_epoch": result.best_epoch,
        },
        code_version=result.code_version,
        train_wall_time_s=round(result.wall_time_s, 1),
        created_at=now.isoformat(timespec="seconds"),
    )
    manifest.save(out)
    (out / "README.md").write_text(render_model_card(manifest), encoding="utf-8")
    return version
