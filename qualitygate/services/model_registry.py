"""The model registry: register trained model directories, pick the one the workers serve.

One version is active for the shared default (brand None) and at most one per brand (a LoRA
adapter trained for that brand, served over the same base). Brands without an active version of
their own are scored by the default. Workers poll the active versions (`active_models`, in
pipeline/verdicts.py beside the scorer cache that follows them) and switch without a restart.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualitygate.errors import Conflict, NotFound, Unprocessable
from qualitygate.models import ModelVersion
from qualitygate.models._types import utcnow


def read_manifest(path: Path) -> dict[str, Any]:
    manifest = path / "manifest.json"
    if not manifest.is_file():
        raise NotFound(f"no manifest.json in {path}: not a model directory")
    data: dict[str, Any] = json.loads(manifest.read_text(encoding="utf-8"))
    return data


def register(
    session: Session, path: Path, *, name: str | None = None, brand: str | None = None
) -> ModelVersion:
    """Record a model directory (not yet active). The name defaults to the manifest's version.

    The brand defaults to the manifest's (`qualitygate train --brand`); a brand's model must be a
    LoRA adapter, since workers apply it over the base they already hold.
    """
    path = path.resolve()
    manifest = read_manifest(path)
    name = name or str(manifest.get("version") or path.name)
    if session.scalars(select(ModelVersion).where(ModelVersion.name == name)).first():
        raise Conflict(f"a model named {name!r} is already registered", code="model_exists")
    trained_for = manifest.get("brand")
    if brand and trained_for and brand != trained_for:
        raise Conflict(
            f"{path} is an adapter for brand {trained_for!r}, not {brand!r}", code="brand_mismatch"
        )
    brand = brand or trained_for or None
    if brand is not None and manifest.get("mode", "lora") != "lora":
        raise Unprocessable(
            f"{path} is a {manifest.get('mode')!r} model; a brand's model must be a LoRA adapter",
            code="brand_needs_lora",
        )
    row = ModelVersion(name=name, path=str(path), manifest=manifest, brand=brand)
    session.add(row)
    session.commit()
    return row


def activate(session: Session, name: str) -> ModelVersion:
    """Make `name` the active version for its scope (default or its brand); commit."""
    row = session.scalars(select(ModelVersion).where(ModelVersion.name == name)).first()
    if row is None:
        raise NotFound(f"no registered model named {name!r}")
    scope = select(ModelVersion).where(ModelVersion.active.is_(True))
    scope = scope.where(
        ModelVersion.brand.is_(None) if row.brand is None else ModelVersion.brand == row.brand
    )
    for other in session.scalars(scope):
        other.active = False
    row.active = True
    row.activated_at = utcnow()
    session.commit()
    return row


def deactivate(session: Session, name: str) -> ModelVersion:
    """Stop serving `name`: its brand goes back to the default model (for the default: back to
    `QG_MODEL_DIR`); commit."""
    row = session.scalars(select(ModelVersion).where(ModelVersion.name == name)).first()
    if row is None:
        raise NotFound(f"no registered model named {name!r}")
    row.active = False
    session.commit()
    return row


def list_versions(session: Session) -> list[ModelVersion]:
    return list(session.scalars(select(ModelVersion).order_by(ModelVersion.created_at)))
