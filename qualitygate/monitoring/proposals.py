"""When to propose a retrain: enough reviews since the serving model's data cutoff.

Beat calls `proposals` every QG_MONITOR_INTERVAL_S and logs each one at warning level with the
command to run; nothing here trains or activates anything (`qualitygate retrain` does the first,
a person or `--activate-if-better` the second).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualitygate.ml.artifacts import read_manifest
from qualitygate.models import Review, Submission
from qualitygate.pipeline.verdicts import active_models


@dataclass(frozen=True, slots=True)
class Proposal:
    brand: str | None  # None: the default model
    model: str
    cutoff: dt.datetime
    reviews: int

    @property
    def command(self) -> str:
        return "qualitygate retrain" + (f" --brand {self.brand}" if self.brand else "")


def data_cutoff(model_dir: Path) -> dt.datetime:
    """The newest data a model learned from: `data.labels_until` (a retrained model), else its
    creation time."""
    manifest = read_manifest(model_dir)
    when = dt.datetime.fromisoformat(str(manifest.data.get("labels_until") or manifest.created_at))
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def reviews_since(session: Session, since: dt.datetime, brand: str | None = None) -> int:
    stmt = select(func.count()).select_from(Review).where(Review.created_at > since)
    if brand is not None:
        stmt = stmt.join(Submission, Review.submission_id == Submission.id).where(
            Submission.brand == brand
        )
    return int(session.scalar(stmt) or 0)


def proposals(session: Session, default_dir: Path, min_reviews: int) -> list[Proposal]:
    """Scopes (the default model, each brand with its own active adapter) with at least
    `min_reviews` reviews since their model's cutoff; none when `min_reviews` is 0."""
    if min_reviews <= 0:
        return []
    active = active_models(session)
    default = active.get(None)
    scopes: list[tuple[str | None, str | None, Path]] = [
        (None, default.name if default else None, default.path if default else default_dir)
    ]
    scopes += [(b, m.name, m.path) for b, m in sorted(active.items(), key=str) if b is not None]
    found = []
    for brand, name, path in scopes:
        since = data_cutoff(path)
        n = reviews_since(session, since, brand)
        if n >= min_reviews:
            found.append(Proposal(brand, name or read_manifest(path).version, since, n))
    return found
