"""Traffic for the monitoring tests: real Flipkart drafts (the judged file's validation and test
splits), scored with seeded random scores, written to the database as the worker writes them."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from sqlalchemy.orm import Session

from qualitygate.domain import DIMENSIONS, Draft
from qualitygate.models import (
    DescriptionVersion,
    DimensionScore,
    Review,
    Reviewer,
    Submission,
    Verdict,
)
from qualitygate.monitoring.descriptors import describe, packaged_piece_counter
from qualitygate.monitoring.reference import Reference, Sample, build_reference
from training.labels import read_label_file
from training.splits import assign_splits

JUDGED = Path(__file__).resolve().parents[2] / "training" / "data" / "judged.jsonl"
THRESHOLD = 0.7
_ids = itertools.count(1)
Scores = dict[str, dict[str, float]]


@cache
def drafts(split: str) -> tuple[Draft, ...]:
    return tuple(r.draft for r in assign_splits(read_label_file(JUDGED))[split])


@cache
def halves() -> tuple[tuple[Draft, ...], tuple[Draft, ...]]:
    """The validation and test drafts shuffled into two halves drawn alike: the reference's
    and a live stream's (the splits themselves differ in category mix, products being few)."""
    pool = list(drafts("validation") + drafts("test"))
    random.Random(7).shuffle(pool)
    return tuple(pool[: len(pool) // 2]), tuple(pool[len(pool) // 2 :])


def scores(rng: random.Random, model_shift: float = 0.0) -> Scores:
    """The gate's three scores per dimension, drawn as a plausible serving model would give."""
    out: Scores = {"gate": {}, "rule": {}, "model": {}}
    for d in DIMENSIONS:
        model = min(1.0, max(0.0, rng.betavariate(5, 2) - model_shift))
        rule = 1.0 if rng.random() < 0.6 else rng.uniform(0.3, 1.0)
        out["model"][d], out["rule"][d] = model, rule
        out["gate"][d] = 0.5 * rule + 0.5 * model
    return out


def reference(seed: int = 1) -> Reference:
    rng = random.Random(seed)
    sample = Sample()
    counter = packaged_piece_counter()
    for draft in halves()[0]:
        s = scores(rng)
        sample.add(describe(draft, counter), s, {d: s["gate"][d] >= THRESHOLD for d in DIMENSIONS})
    return build_reference(sample, "test-model", {"split": "validation"})


def write_model_dir(path: Path, ref: Reference) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    ref.save(path)
    return path


def doubled(draft: Draft) -> Draft:
    return replace(draft, text=f"{draft.text} {draft.text}")


def seed(
    s: Session,
    stream: Sequence[Draft],
    brand: str,
    at: datetime,
    seed: int = 2,
    model_shift: float = 0.0,
    mutate: Callable[[Draft], Draft] | None = None,
) -> list[DescriptionVersion]:
    """One submission, version and verdict per draft, a minute apart from `at`."""
    rng = random.Random(seed)
    versions = []
    for i, original in enumerate(stream):
        draft = mutate(original) if mutate else original
        when = at + timedelta(minutes=i)
        p = draft.product
        sub = Submission(
            event_id=f"evt-{next(_ids)}",
            brand=brand,
            payload_hash="0" * 64,
            sku=p.sku,
            title=p.title,
            category=list(p.category),
            attributes=dict(p.attributes),
            keywords=list(p.keywords),
            created_at=when,
        )
        version = DescriptionVersion(number=1, text=draft.text, created_at=when)
        sub.versions.append(version)
        s.add(sub)
        s.flush()
        sc = scores(rng, model_shift)
        verdict = Verdict(
            version_id=version.id, status="pass", model_version="test-model", created_at=when
        )
        for d in DIMENSIONS:
            passed = sc["gate"][d] >= THRESHOLD
            verdict.dimensions.append(
                DimensionScore(
                    dimension=d,
                    score=sc["gate"][d],
                    passed=passed,
                    threshold=THRESHOLD,
                    rule_score=sc["rule"][d],
                    model_score=sc["model"][d],
                )
            )
            if not passed:
                verdict.status = "flag"
        s.add(verdict)
        versions.append(version)
    s.commit()
    return versions


def seed_reviews(
    s: Session, n: int, wrong: dict[str, int], overrides: int, brand: str, at: datetime
) -> list[DescriptionVersion]:
    """`n` verdicts of `brand` (as `seed`), each reviewed an hour later: the first `wrong[d]`
    mark dimension d wrong, the first `overrides` overrode the gate."""
    versions = seed(s, halves()[1][:n], brand, at)
    reviewer = Reviewer(username=f"rita-{brand}", password_hash="x")
    s.add(reviewer)
    s.flush()
    for i, version in enumerate(versions):
        s.add(
            Review(
                submission_id=version.submission_id,
                version_id=version.id,
                reviewer_id=reviewer.id,
                decision="accepted",
                override=i < overrides,
                gate_wrong={d: i < k for d, k in wrong.items()},
                created_at=at + timedelta(hours=1, minutes=i),
            )
        )
    s.commit()
    return versions
