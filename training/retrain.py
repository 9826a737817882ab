"""The loop: reviewer decisions -> a challenger -> only a better model ships.

`retrain()` reads top to bottom:
1. the champion: the active model of the brand (or of the default), else `QG_MODEL_DIR`;
2. its data cutoff: `data.labels_until` in its manifest (a retrained model), else its
   `created_at`; every review recorded after it is new;
3. the new reviews as label rows (the labels export's format, services/labels.py), the most
   recent `holdout_share` of them held back for evaluation, the rest added to the base judged
   data as training rows (rows of products in the base validation or test split are left out,
   so the frozen evaluation set stays unseen);
4. a LoRA challenger trained from the champion's weights (`init_from`) on that file: thresholds
   re-tuned on the base validation split, `reference.json` written, the cutoff recorded;
5. champion and challenger scored on the same two sets: the base test split (frozen) and the
   held-back recent reviews; `training.compare.promotion` decides; a comparison report (table +
   chart) is written into the challenger's directory either way;
6. the challenger is registered; it is activated only with `activate_if_better` and a
   promotion. Activation otherwise stays `qualitygate model activate NAME`.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualitygate.ml.artifacts import read_manifest
from qualitygate.models import Review, Submission
from qualitygate.monitoring.proposals import data_cutoff
from qualitygate.pipeline.verdicts import active_models
from qualitygate.services import model_registry
from qualitygate.services.labels import label_row
from training.compare import MARGIN, Promotion, Scores, gate_accuracy, promotion, save_report
from training.labels import LabelledDraft, parse_row, read_label_file

BASE_DATA = Path("training/data/judged.jsonl")
FROZEN = "frozen test split"
RECENT = "held-back recent reviews"


@dataclass(slots=True)
class RetrainConfig:
    out: Path
    brand: str | None = None
    base_data: Path = BASE_DATA
    holdout_share: float = 0.2  # the most recent reviews kept out of training, for evaluation
    base_rows: int | None = None  # None: every base training row; N: a seeded sample of N
    epochs: int = 2
    max_steps: int | None = None
    max_length: int = 256
    batch_size: int = 16
    learning_rate: float | None = None
    margin: float = MARGIN
    activate_if_better: bool = False
    seed: int = 13
    progress: bool = True
    eval_limit: int | None = None  # only the first N frozen evaluation rows (tests)


@dataclass(slots=True)
class RetrainResult:
    champion: str
    challenger: str
    challenger_dir: Path
    decision: Promotion
    activated: bool
    new_reviews: int
    trained_on: int
    held_back: int
    left_out: int
    cutoff: str
    scores: dict[str, Scores] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


class NothingToLearn(ValueError):
    """No reviews since the champion's cutoff: there is nothing to retrain on."""


def champion(session: Session, brand: str | None, default_dir: Path) -> tuple[str, Path]:
    """(name, directory) of the model serving `brand` (None: the default) now."""
    active = active_models(session)
    chosen = (active.get(brand) if brand else None) or active.get(None)
    if chosen is not None:
        return chosen.name, chosen.path
    return read_manifest(default_dir).version, default_dir


def new_reviews(
    session: Session, brand: str | None, since: dt.datetime
) -> list[tuple[dt.datetime, dict[str, Any]]]:
    """(recorded at, label row) of every review after `since`, of `brand` (None: all), oldest
    first."""
    stmt = select(Review).where(Review.created_at > since).order_by(Review.created_at, Review.id)
    if brand is not None:
        stmt = stmt.join(Submission, Review.submission_id == Submission.id).where(
            Submission.brand == brand
        )
    out = []
    for review in session.scalars(stmt):
        at = (
            review.created_at
            if review.created_at.tzinfo
            else review.created_at.replace(tzinfo=dt.UTC)
        )
        out.append((at, label_row(review)))
    return out


def _parse(rows: Sequence[Mapping[str, Any]]) -> list[LabelledDraft]:
    parsed = []
    for i, raw in enumerate(rows, start=1):
        issues: list[Any] = []
        row = parse_row(dict(raw), i, issues)
        if row is None:
            raise ValueError(f"review label row {i}: {'; '.join(map(str, issues))}")
        parsed.append(row)
    return parsed


def training_file(
    cfg: RetrainConfig, reviews: Sequence[Mapping[str, Any]], path: Path
) -> tuple[int, int]:
    """Base rows (their own splits) + review rows as `train`; returns (review rows used, left
    out because their product is in the base validation or test split)."""
    base = [json.loads(line) for line in cfg.base_data.read_text(encoding="utf-8").splitlines()]
    held = {r["product"]["sku"] for r in base if r.get("split") in ("validation", "test")}
    train_rows = [r for r in base if r.get("split") == "train"]
    if cfg.base_rows is not None:
        train_rows = random.Random(cfg.seed).sample(train_rows, min(cfg.base_rows, len(train_rows)))
    used = [{**r, "split": "train"} for r in reviews if r["product"]["sku"] not in held]
    rows = train_rows + [r for r in base if r.get("split") != "train"] + used
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return len(used), len(reviews) - len(used)


def train_challenger(cfg: RetrainConfig, data: Path, init_from: Path, cutoff_at: str) -> str:
    from training.config import TrainConfig
    from training.train import train

    start = read_manifest(init_from)
    version = f"{cfg.out.name}-{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S}"
    tcfg = TrainConfig(
        data=str(data),
        out=str(cfg.out),
        epochs=cfg.epochs,
        max_steps=cfg.max_steps,
        max_length=cfg.max_length,
        batch_size=cfg.batch_size,
        learning_rate=cfg.learning_rate,
        seed=cfg.seed,
        init_from=str(init_from) if start.mode == "lora" else None,
        version=version,
        progress=cfg.progress,
    )
    result = train(tcfg)
    manifest = read_manifest(cfg.out)
    manifest.brand = cfg.brand
    manifest.data = {**manifest.data, "labels_until": cutoff_at, "base_data": str(cfg.base_data)}
    manifest.save(cfg.out)
    return result.version


def evaluate(
    cfg: RetrainConfig, recent: Sequence[LabelledDraft], models: Sequence[Path]
) -> tuple[list[Scores], dict[str, int]]:
    """Each model's gate accuracy on the frozen base test split and the held-back reviews."""
    from training.baselines import rule_results
    from training.splits import assign_splits

    frozen = assign_splits(read_label_file(cfg.base_data))["test"][: cfg.eval_limit]
    sets = {FROZEN: frozen, RECENT: list(recent)}
    rules = {name: rule_results([r.draft for r in rows]) for name, rows in sets.items()}
    scores = [
        {name: gate_accuracy(model, rows, rules[name]) for name, rows in sets.items()}
        for model in models
    ]
    return scores, {name: len(rows) for name, rows in sets.items()}


def retrain(session: Session, cfg: RetrainConfig, default_dir: Path) -> RetrainResult:
    champ_name, champ_dir = champion(session, cfg.brand, default_dir)
    since = data_cutoff(champ_dir)
    reviews = new_reviews(session, cfg.brand, since)
    if not reviews:
        raise NothingToLearn(
            f"no reviews{' of brand ' + cfg.brand if cfg.brand else ''} since {since.isoformat()}"
            f" (the cutoff of {champ_name}): nothing to retrain on"
        )
    n_held = max(1, round(cfg.holdout_share * len(reviews))) if cfg.holdout_share > 0 else 0
    train_part, recent_part = reviews[: len(reviews) - n_held], reviews[len(reviews) - n_held :]
    cfg.out.mkdir(parents=True, exist_ok=True)
    data = cfg.out / "retrain-data.jsonl"
    used, left_out = training_file(cfg, [row for _, row in train_part], data)
    cutoff_at = reviews[-1][0].isoformat()
    version = train_challenger(cfg, data, champ_dir, cutoff_at)
    recent = _parse([row for _, row in recent_part])
    (champ_scores, chall_scores), sizes = evaluate(cfg, recent, [champ_dir, cfg.out])
    decision = promotion(champ_scores, chall_scores, cfg.margin)
    files = save_report(
        cfg.out, (champ_name, champ_scores), (version, chall_scores), sizes, decision
    )
    row = model_registry.register(session, cfg.out, name=version, brand=cfg.brand)
    activated = False
    if cfg.activate_if_better and decision.promote:
        model_registry.activate(session, row.name)
        activated = True
    return RetrainResult(
        champ_name,
        version,
        cfg.out,
        decision,
        activated,
        len(reviews),
        used,
        len(recent),
        left_out,
        since.isoformat(),
        {"champion": champ_scores, "challenger": chall_scores},
        files,
    )
