"""The worker's scorer: loaded once per process, swapped when the registry's active model changes.

`qualitygate model activate NAME` only flips a row in the database. Each worker looks at the
registry at most every `QG_MODEL_CHECK_INTERVAL_S` seconds (one indexed query) and, when the active
version differs from the one it holds, loads the new one and swaps it in between two tasks: no
restart, and every verdict records the version that produced it.
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

from qualitygate.scoring import Scorer, load_model
from qualitygate.services import model_registry
from qualitygate.settings import Settings

if TYPE_CHECKING:
    from qualitygate.checks import RuleEngine

log = logging.getLogger(__name__)

ModelKey = tuple[str | None, Path] | None  # (registry name or None, directory); None = rules only


class ScorerCache:
    def __init__(self, settings: Settings, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self._clock = clock
        self._lock = threading.Lock()
        self._rules: RuleEngine | None = None
        self._scorer: Scorer | None = None
        self._key: ModelKey = None
        self._checked = -math.inf

    def get(self, session: Session) -> Scorer:
        """The scorer to use now; reloads the model if the active version changed."""
        with self._lock:
            now = self._clock()
            if (
                self._scorer is not None
                and now - self._checked < self.settings.model_check_interval_s
            ):
                return self._scorer
            self._checked = now
            key = self._wanted(session)
            if self._scorer is None or key != self._key:
                self._swap(key)
            assert self._scorer is not None
            return self._scorer

    def _wanted(self, session: Session) -> ModelKey:
        if not self.settings.model_enabled:
            return None
        active = model_registry.active_models(session).get(None)
        if active is not None:
            return (active.name, active.path)
        return (None, self.settings.model_dir)

    def _swap(self, key: ModelKey) -> None:
        if self._rules is None:
            from qualitygate.checks import RuleEngine  # spaCy: only where scoring happens

            self._rules = RuleEngine(config_dir=self.settings.config_dir)
        try:
            precision = self.settings.inference_precision
            predictor = load_model(key[1], precision) if key is not None else None
        except Exception:
            if self._scorer is None:
                raise
            log.exception("could not load model %s; keeping %s", key, self._scorer.model_version)
            return
        name = key[0] if key is not None else None
        self._scorer = Scorer(self._rules, predictor, model_name=name)
        self._key = key
        log.info("serving model %s", self._scorer.model_version)
