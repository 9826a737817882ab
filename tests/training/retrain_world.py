"""A small world for the retraining tests: a champion with a systematic error, reviews of its
verdicts in a real (SQLite) database, and a small base label file.

The champion is the shipped model with its SEO output turned upside down (the classifier's SEO
row and bias negated) and the SEO decision left to the model (rule weight 0, no veto): it passes
what fails the standard and flags what meets it, systematically. Reviewers see its verdicts and
tick "gate wrong" wherever the judges disagree with it, so the labels export carries the judges'
labels: reviewer labels that fix the error.
"""

from __future__ import annotations

import itertools
import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from safetensors.torch import load_file, save_file
from sqlalchemy.orm import Session

from qualitygate.domain import DIMENSIONS
from qualitygate.ml import load_predictor
from qualitygate.ml.artifacts import read_manifest
from qualitygate.models import (
    DescriptionVersion,
    DimensionScore,
    Review,
    Reviewer,
    Submission,
    Verdict,
)
from qualitygate.monitoring.proposals import data_cutoff
from qualitygate.pipeline.gate import decide
from training.baselines import rule_results
from training.labels import LabelledDraft, read_label_file
from training.splits import assign_splits

REPO = Path(__file__).resolve().parents[2]
JUDGED = REPO / "training" / "data" / "judged.jsonl"
DEFAULT = REPO / "models" / "default"
CUTOFF = "2026-11-01T00:00:00+00:00"
SEO = DIMENSIONS.index("seo")
_ids = itertools.count(1)


def broken_champion(out: Path) -> Path:
    shutil.copytree(DEFAULT, out)
    weights = load_file(str(out / "adapter_model.safetensors"))
    for key in ("classifier.weight", "classifier.bias"):
        name = next(k for k in weights if k.endswith(f"classifier.{key.split('.')[1]}"))
        weights[name][SEO] = -weights[name][SEO]
    save_file(weights, str(out / "adapter_model.safetensors"))
    manifest = read_manifest(out)
    manifest.version = "champion-upside-down-seo"
    manifest.created_at = CUTOFF
    manifest.rule_weights = {**manifest.rule_weights, "seo": 0.0}
    manifest.rule_vetoes = {**manifest.rule_vetoes, "seo": False}
    manifest.save(out)
    return out


def base_file(out: Path, train_rows: int = 40, frozen_rows: int = 100) -> Path:
    """A base label file the shipped model knows: `train_rows` of the judged training rows to
    train on, the judged validation split whole (thresholds tuned on fewer rows swing too much
    to compare models), and `frozen_rows` other judged training rows as its frozen test split.
    The judged test split is left out: it is the reviewers' traffic (`review_pool`)."""
    rows = [json.loads(line) for line in JUDGED.read_text(encoding="utf-8").splitlines()]
    train = [r for r in rows if r["split"] == "train"]
    frozen = [{**r, "split": "test"} for r in train[train_rows : train_rows + 4 * frozen_rows]]
    skus = {r["product"]["sku"] for r in train[:train_rows]}
    frozen = [r for r in frozen if r["product"]["sku"] not in skus][:frozen_rows]
    picked = train[:train_rows] + [r for r in rows if r["split"] == "validation"] + frozen
    out.write_text("".join(json.dumps(r) + "\n" for r in picked), encoding="utf-8")
    return out


def review_pool(count: int, split: str = "test") -> list[LabelledDraft]:
    """Reviewed traffic: by default texts no model here was trained or tuned on (the judged test
    split, 224 rows); the benchmark, which needs more, takes the end of the training split."""
    rows = assign_splits(read_label_file(JUDGED))[split]
    return rows[:count] if split == "test" else rows[-count:]


def reviews_of(
    session: Session,
    model_dir: Path,
    rows: list[LabelledDraft],
    flip: bool = False,
    brand: str | None = None,
    review: bool = True,
    start: datetime | None = None,
) -> None:
    """The model's verdicts on `rows`, a minute apart from `start` (default: a day after the
    model's data cutoff, so they are all new to it), each reviewed: "gate wrong" where the
    judges' label differs (or, with `flip`, where it agrees: reviewers who label everything
    backwards). A reviewer accepts a text that meets the standard on every dimension, which
    for a flagged one is an override, and rejects the others."""
    predictor = load_predictor(model_dir, precision="fp32")
    manifest = predictor.manifest
    first = start or data_cutoff(model_dir) + timedelta(days=1)
    drafts = [r.draft for r in rows]
    reviewer = Reviewer(username=f"rev-{next(_ids)}", password_hash="x")
    session.add(reviewer)
    session.flush()
    for i, (row, rules, probs) in enumerate(
        zip(rows, rule_results(drafts), predictor.predict(drafts), strict=True)
    ):
        gate = decide(
            rules,
            probs,
            manifest.dimension_thresholds(),
            rule_weights=manifest.dimension_rule_weights(),
            rule_vetoes=manifest.dimension_rule_vetoes(),
        )
        at = first + timedelta(minutes=i)
        p = row.draft.product
        sub = Submission(
            event_id=f"{row.event_id}-{next(_ids)}",
            brand=brand or row.draft.brand,
            payload_hash="0" * 64,
            sku=p.sku,
            title=p.title,
            category=list(p.category),
            attributes=dict(p.attributes),
            keywords=list(p.keywords),
            created_at=at,
        )
        version = DescriptionVersion(number=1, text=row.draft.text, created_at=at)
        sub.versions.append(version)
        session.add(sub)
        session.flush()
        verdict = Verdict(
            version_id=version.id, status=gate.status, model_version=manifest.version, created_at=at
        )
        for d in DIMENSIONS:
            v = gate.dimensions[d]
            verdict.dimensions.append(
                DimensionScore(
                    dimension=d,
                    score=v.score,
                    passed=v.passed,
                    threshold=v.threshold,
                    rule_score=v.rule_score,
                    model_score=v.model_score,
                )
            )
        session.add(verdict)
        if not review:
            continue
        wrong = {d: (int(gate.dimensions[d].passed) != row.labels[d]) != flip for d in DIMENSIONS}
        accept = all(row.labels[d] for d in DIMENSIONS)
        session.add(
            Review(
                submission_id=sub.id,
                version_id=version.id,
                reviewer_id=reviewer.id,
                decision="accepted" if accept else "rejected",
                override=accept and gate.status == "flag",
                gate_wrong=wrong,
                created_at=at + timedelta(seconds=30),
            )
        )
    session.commit()
