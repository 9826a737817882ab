"""The worker's scorer: loaded once per process, following the registry's active models.

`qualitygate model activate NAME` only flips a row in the database. Each worker looks at the
registry at most every `QG_MODEL_CHECK_INTERVAL_S` seconds (one indexed query) and applies what
changed between two tasks, with no restart:

- the default model (brand None): a LoRA default over the base already in memory is swapped in
  as an adapter; anything else (a full fine-tune, another base) is loaded afresh;
- brand adapters: each active brand version is read (~1 MB) and added over the one shared base;
  a deactivated one is dropped and its brand goes back to the default. An adapter that cannot be
  served (missing files, another base) is logged once and its brand keeps the default.

Every verdict records the version that produced it (`Scorer.model_for`).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from qualitygate.ml.protocol import ServedModel
from qualitygate.pipeline.scorer import Scorer, load_model
from qualitygate.services import model_registry
from qualitygate.settings import Settings

if TYPE_CHECKING:
    from qualitygate.checks import RuleEngine

log = logging.getLogger(__name__)

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
        active = model_registry.active_models(session)
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
