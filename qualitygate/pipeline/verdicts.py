"""Stored versions -> stored verdicts: the worker's side of the gate.

- **Which scorer**: this process's scorer is loaded once (`process_scorer`) and follows the model
  registry's active versions (`active_models`):
  `qualitygate model activate NAME` only flips a row in the database. Each worker looks at the
  registry at most every `QG_MODEL_CHECK_INTERVAL_S` seconds (one indexed query) and applies what
  changed between two tasks, with no restart:

  - the default model (brand None): a LoRA default over the base already in memory is swapped in
    as an adapter; anything else (a full fine-tune, another base) is loaded afresh;
  - brand adapters: each active brand version is read (~1 MB) and added over the one shared base;
    a deactivated one is dropped and its brand goes back to the default. An adapter that cannot be
    served (missing files, another base) is logged once and its brand keeps the default.

  Every verdict records the version that produced it (`Scorer.model_for`).
- **Verdicts**: the versions waiting together are claimed and scored in one batch, and one verdict
  each is committed (idempotent: a verdict is unique per version; `score_with_waiting`).
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy import case, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qualitygate.domain import Draft, build_draft
from qualitygate.ml.protocol import ServedModel
from qualitygate.models import (
    DescriptionVersion,
    DimensionScore,
    FindingRow,
    ModelVersion,
    Submission,
    SubmissionStatus,
    Verdict,
)
from qualitygate.pipeline.gate import GateVerdict, Scorer
from qualitygate.settings import Settings

if TYPE_CHECKING:
    from qualitygate.checks import RuleEngine

log = logging.getLogger(__name__)


# ---- which scorer: the registry's active models, loaded once per process --------------------


@dataclass(frozen=True, slots=True)
class ActiveModel:
    """What a worker needs to know to (re)load a model."""

    name: str
    path: Path
    brand: str | None


def active_models(session: Session) -> dict[str | None, ActiveModel]:
    """Active versions by scope: None for the default model, else the brand."""
    rows = session.scalars(select(ModelVersion).where(ModelVersion.active.is_(True)))
    return {r.brand: ActiveModel(r.name, Path(r.path), r.brand) for r in rows}


def load_model(
    model_dir: Path,
    precision: Literal["auto", "bf16", "fp32"] = "auto",
    name: str | None = None,
    pad_to_multiple_of: int | None = None,
) -> ServedModel | None:
    """Load the classifier at `model_dir`, or None (rules only) when no model is there.

    The one loader of a served model: the worker's cache, `qualitygate score`, the benchmarks and
    the tests call it (`ml.load_predictor` is what it calls once it has found a manifest).

    `pad_to_multiple_of` None: the predictor's default (QG_INFERENCE_PAD_TO_MULTIPLE_OF's).
    """
    if not (model_dir / "manifest.json").is_file():
        log.warning("no model at %s: scoring with rules only", model_dir)
        return None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from qualitygate.ml import load_predictor  # heavy import: torch + transformers

    if pad_to_multiple_of is None:
        return load_predictor(model_dir, precision=precision, name=name)
    return load_predictor(
        model_dir, precision=precision, name=name, pad_to_multiple_of=pad_to_multiple_of
    )


def load_scorer(settings: Settings) -> Scorer:
    """A scorer of `QG_MODEL_DIR` alone (no registry): the rule engine and, when enabled and
    present, the model. Benchmarks and tests build one; workers use `process_scorer`."""
    # Imported here, not at module level: the API processes never score and need no spaCy.
    from qualitygate.checks import RuleEngine

    rules = RuleEngine(config_dir=settings.config_dir)
    predictor = None
    if settings.model_enabled:
        predictor = load_model(
            settings.model_dir,
            settings.inference_precision,
            pad_to_multiple_of=settings.inference_pad_to_multiple_of,
        )
    return Scorer(rules, predictor)


ModelKey = tuple[str | None, Path] | None  # (registry name or None, directory); None = rules only
AdapterKey = frozenset[tuple[str, str, Path]]  # (brand, registry name, directory)


class ScorerCache:
    def __init__(self, settings: Settings, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self._clock = clock
        self._lock = threading.Lock()
        self._rules: RuleEngine | None = None
        self._scorer: Scorer | None = None
        self._key: ModelKey = None
        self._adapters: AdapterKey = frozenset()
        self._checked = -math.inf

    def get(self, session: Session) -> Scorer:
        """The scorer to use now; follows the registry if its active versions changed."""
        with self._lock:
            now = self._clock()
            if (
                self._scorer is not None
                and now - self._checked < self.settings.model_check_interval_s
            ):
                return self._scorer
            self._checked = now
            key, adapters = self._wanted(session)
            if self._scorer is None or key != self._key:
                self._swap(key)
            if adapters != self._adapters:
                self._sync_adapters(adapters)
            assert self._scorer is not None
            return self._scorer

    def _wanted(self, session: Session) -> tuple[ModelKey, AdapterKey]:
        if not self.settings.model_enabled:
            return None, frozenset()
        active = active_models(session)
        default = active.pop(None, None)
        key = (default.name, default.path) if default else (None, self.settings.model_dir)
        adapters = frozenset((str(b), a.name, a.path) for b, a in active.items())
        return key, adapters

    def _swap(self, key: ModelKey) -> None:
        if self._rules is None:
            from qualitygate.checks import RuleEngine  # spaCy: only where scoring happens

            self._rules = RuleEngine(config_dir=self.settings.config_dir)
        try:
            predictor = self._reuse_base(key) or self._load(key)
        except Exception:
            if self._scorer is None:
                raise
            log.exception("could not load model %s; keeping %s", key, self._scorer.model_version)
            return
        name = key[0] if key is not None else None
        if self._scorer is None or predictor is not self._scorer.predictor:
            self._adapters = frozenset()  # a new base: the brand adapters are added again
        self._scorer = Scorer(self._rules, predictor, model_name=name)
        self._key = key
        log.info("serving model %s", self._scorer.model_version)

    def _load(self, key: ModelKey) -> ServedModel | None:
        if key is None:
            return None
        return load_model(
            key[1],
            self.settings.inference_precision,
            name=key[0],
            pad_to_multiple_of=self.settings.inference_pad_to_multiple_of,
        )

    def _reuse_base(self, key: ModelKey) -> ServedModel | None:
        """The current predictor with `key` as its default adapter, when they share the base."""
        current = self._scorer.predictor if self._scorer is not None else None
        if key is None or current is None or not (key[1] / "manifest.json").is_file():
            return None
        from qualitygate.ml.artifacts import read_manifest

        if not current.can_share_base(read_manifest(key[1])):
            return None
        current.set_default(key[1], name=key[0])
        return current

    def _sync_adapters(self, wanted: AdapterKey) -> None:
        assert self._scorer is not None
        predictor = self._scorer.predictor
        if predictor is not None:
            keep = self._adapters & wanted
            for brand, _, _ in self._adapters - keep:
                predictor.remove_adapter(brand)
            for brand, name, path in sorted(wanted - keep):
                try:
                    predictor.add_adapter(path, name=name, brand=brand)
                except Exception:
                    predictor.remove_adapter(brand)
                    log.exception(
                        "could not load adapter %s for brand %s; the brand is scored by %s",
                        name,
                        brand,
                        self._scorer.model_version,
                    )
        self._adapters = wanted


_process_cache: ScorerCache | None = None


def process_scorer(settings: Settings, session: Session) -> Scorer:
    """This process's scorer: spaCy and the model load once per process, never per task.

    The first call's settings build it; later calls follow the registry's active versions.
    """
    global _process_cache
    if _process_cache is None:
        _process_cache = ScorerCache(settings)
    return _process_cache.get(session)


# ---- verdicts: claim the waiting versions, score them in one batch, commit one verdict each --


def draft_of(version: DescriptionVersion) -> Draft:
    sub = version.submission
    return build_draft(sub.brand, sub.product_dict(), version.text, version.locale)


def score_with_waiting(session: Session, settings: Settings, version_id: int) -> dict[int, Verdict]:
    """Score `version_id` with the versions waiting beside it, by this process's scorer.

    Work that arrived together is scored together: one batched call of checks and model for up
    to `QG_SCORE_BATCH_SIZE` versions (`claim_waiting`), their verdicts committed by
    `score_versions`. Returns every verdict of the batch, by version id.
    """
    batch = [version_id, *claim_waiting(session, version_id, settings.score_batch_size - 1)]
    return score_versions(session, process_scorer(settings, session), batch)


def claim_waiting(session: Session, exclude: int, limit: int) -> list[int]:
    """Claim other versions still waiting for a verdict, to score them in the same batch.

    The claim is a conditional UPDATE (queued -> scoring) per submission, so two workers never
    claim the same one. Their own tasks still run later and find the verdict already there.
    Versions of the task's own brand are claimed first: a batch of one brand is scored by one
    adapter in full batches, where a mixed one splits into a small batch per brand adapter.
    """
    if limit <= 0:
        return []
    own_brand = session.scalar(
        select(Submission.brand)
        .join(DescriptionVersion, DescriptionVersion.submission_id == Submission.id)
        .where(DescriptionVersion.id == exclude)
    )
    stmt = (
        select(DescriptionVersion.id, DescriptionVersion.submission_id)
        .join(Submission, Submission.id == DescriptionVersion.submission_id)
        .outerjoin(Verdict, Verdict.version_id == DescriptionVersion.id)
        .where(
            Verdict.id.is_(None),
            Submission.status == SubmissionStatus.QUEUED,
            DescriptionVersion.id != exclude,
        )
        .order_by(case((Submission.brand == own_brand, 0), else_=1), DescriptionVersion.created_at)
        .limit(limit)
    )
    claimed = []
    for version_id, submission_id in session.execute(stmt).all():
        result = session.execute(
            update(Submission)
            .where(Submission.id == submission_id, Submission.status == SubmissionStatus.QUEUED)
            .values(status=SubmissionStatus.SCORING)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(version_id)
    session.commit()
    return claimed


def score_versions(
    session: Session, scorer: Scorer, version_ids: Sequence[int]
) -> dict[int, Verdict]:
    """Score versions in one batch (one call of the checks and the model) and commit the verdicts.

    Versions that already have a verdict keep it; missing versions are skipped. `scoring_ms` of
    each verdict is its share of the batch's time.
    """
    versions = [v for vid in version_ids if (v := session.get(DescriptionVersion, vid))]
    for missing in set(version_ids) - {v.id for v in versions}:
        log.warning("version %s does not exist; nothing to score", missing)
    # Asked of the database, not of relationships that may be stale in this session.
    existing = {
        row.version_id: row
        for row in session.scalars(select(Verdict).where(Verdict.version_id.in_(version_ids)))
    }
    out = {v.id: existing[v.id] for v in versions if v.id in existing}
    todo = [v for v in versions if v.id not in existing]
    if not todo:
        return out
    for v in todo:
        v.submission.status = SubmissionStatus.SCORING
    session.commit()

    started = time.perf_counter()
    scored = _score_isolated(session, scorer, todo)
    share_ms = (time.perf_counter() - started) * 1000 / len(todo)
    rows = []
    with session.no_autoflush:  # each verdict is attached to its version before anything flushes
        for version, result in scored:
            verdict = _verdict_row(version, result, share_ms)
            session.add(verdict)
            _settle_status(version, result.status)
            rows.append((version, verdict, result))
    try:
        session.commit()
        out.update((v.id, verdict) for v, verdict, _ in rows)
    except IntegrityError:
        # A concurrent delivery recorded some of these first: keep theirs, write the others.
        session.rollback()
        for version, verdict, result in rows:
            out[version.id] = _commit_one(session, version, verdict, result)
    return out


def _score_isolated(
    session: Session, scorer: Scorer, todo: list[DescriptionVersion]
) -> list[tuple[DescriptionVersion, GateVerdict]]:
    """Score the batch in one call; if that throws, each member alone, so one version that
    cannot be scored is marked `error` with its reason and fails no other.

    With a single version the exception propagates: the task records it (and retries what
    is worth retrying), as before batching.
    """
    if len(todo) == 1:
        return [(todo[0], scorer.score_many([draft_of(todo[0])])[0])]
    try:
        return list(zip(todo, scorer.score_many([draft_of(v) for v in todo]), strict=True))
    except Exception:  # noqa: BLE001 - which member failed, and why, is found out below
        log.warning("a batch of %d failed to score; scoring its members one by one", len(todo))
    scored = []
    for version in todo:
        try:
            scored.append((version, scorer.score_many([draft_of(version)])[0]))
        except Exception as exc:  # noqa: BLE001 - recorded on the culprit, never on the batch
            log.warning("version %s cannot be scored: %s", version.id, exc, exc_info=True)
            _mark_version_error(version, f"{type(exc).__name__}: {exc}")
    session.commit()  # the culprits' errors stand whatever happens to the others' verdicts
    return scored


def _mark_version_error(version: DescriptionVersion, reason: str) -> None:
    sub = version.submission
    if version.id == sub.latest.id:
        sub.status = SubmissionStatus.ERROR
        sub.error = reason[:2000]


def _settle_status(version: DescriptionVersion, verdict_status: str) -> None:
    """The submission shows its latest version's verdict."""
    sub = version.submission
    if version.id == sub.latest.id:
        sub.status = (
            SubmissionStatus.PASSED if verdict_status == "pass" else SubmissionStatus.FLAGGED
        )
        sub.error = None


def _commit_one(
    session: Session, version: DescriptionVersion, verdict: Verdict, result: GateVerdict
) -> Verdict:
    session.refresh(version)
    won = version.verdict
    if won is None:
        with session.no_autoflush:
            won = _verdict_row(version, result, verdict.scoring_ms)
            session.add(won)
    _settle_status(version, won.status)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        session.refresh(version)
        assert version.verdict is not None
        _settle_status(version, version.verdict.status)
        session.commit()
        return version.verdict
    return won


def mark_error(session: Session, version_id: int, reason: str) -> None:
    version = session.get(DescriptionVersion, version_id)
    if version is None:
        return
    version.submission.status = SubmissionStatus.ERROR
    version.submission.error = reason[:2000]
    session.commit()


def _verdict_row(version: DescriptionVersion, result: GateVerdict, elapsed_ms: float) -> Verdict:
    verdict = Verdict(
        version=version,
        status=result.status,
        model_version=result.model_version,
        low_confidence=result.low_confidence,
        scoring_ms=elapsed_ms,
    )
    for dim, d in result.dimensions.items():
        verdict.dimensions.append(
            DimensionScore(
                dimension=dim,
                score=d.score,
                passed=d.passed,
                threshold=d.threshold,
                rule_score=d.rule_score,
                model_score=d.model_score,
            )
        )
        for f in d.findings:
            verdict.findings.append(
                FindingRow(
                    dimension=f.dimension,
                    rule=f.rule,
                    severity=f.severity,
                    message=f.message,
                    span_start=f.span[0] if f.span else None,
                    span_end=f.span[1] if f.span else None,
                    suggestion=f.suggestion,
                )
            )
    return verdict
