"""The systems the fine-tuned model is compared with: TF-IDF + logistic regression, and rules.

Every system returns `SystemOutput`: a P(pass)-like score and a pass/fail decision per dimension.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from qualitygate.domain import DIMENSIONS, CheckResult, Dimension, Draft
from qualitygate.ml.features import pair_text
from training.labels import LabelledDraft
from training.metrics import choose_threshold

Array = np.ndarray[Any, Any]


@dataclass(slots=True)
class SystemOutput:
    name: str
    scores: dict[Dimension, Array]  # higher = more likely to meet the standard
    passed: dict[Dimension, Array]
    thresholds: dict[Dimension, float]


def labels_of(rows: Sequence[LabelledDraft]) -> dict[Dimension, Array]:
    return {d: np.array([r.labels[d] for r in rows], dtype=int) for d in DIMENSIONS}


def _joined(rows: Sequence[LabelledDraft]) -> list[str]:
    return [" [SEP] ".join(pair_text(r.draft)) for r in rows]


def tfidf_logreg(
    train: Sequence[LabelledDraft],
    validation: Sequence[LabelledDraft],
    test: Sequence[LabelledDraft],
    seed: int = 13,
) -> SystemOutput:
    """Word + character n-gram TF-IDF, one balanced logistic regression per dimension;
    thresholds chosen on validation with the same criterion as the fine-tuned model."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=50000)
    chars = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        min_df=2,
        sublinear_tf=True,
        max_features=50000,
        lowercase=False,
    )
    texts = {
        name: _joined(rows) for name, rows in (("tr", train), ("va", validation), ("te", test))
    }
    x_train = hstack([words.fit_transform(texts["tr"]), chars.fit_transform(texts["tr"])]).tocsr()
    x = {k: hstack([words.transform(v), chars.transform(v)]).tocsr() for k, v in texts.items()}
    y_train, y_val = labels_of(train), labels_of(validation)
    scores: dict[Dimension, Array] = {}
    passed: dict[Dimension, Array] = {}
    thresholds: dict[Dimension, float] = {}
    for dim in DIMENSIONS:
        clf = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000, random_state=seed)
        clf.fit(x_train, y_train[dim])
        pass_col = list(clf.classes_).index(1)
        thresholds[dim] = choose_threshold(y_val[dim], clf.predict_proba(x["va"])[:, pass_col])
        scores[dim] = clf.predict_proba(x["te"])[:, pass_col]
        passed[dim] = (scores[dim] >= thresholds[dim]).astype(int)
    return SystemOutput("tfidf_logreg", scores, passed, thresholds)


def rule_results(drafts: Sequence[Draft]) -> list[dict[Dimension, CheckResult]]:
    from qualitygate.checks import RuleEngine

    return RuleEngine().check_many(list(drafts))


def rules_only(results: Sequence[Mapping[Dimension, CheckResult]]) -> SystemOutput:
    """A dimension passes when its rule score is >= 0.5 and no finding is an error."""
    scores = {d: np.array([r[d].score for r in results], dtype=float) for d in DIMENSIONS}
    passed = {
        d: np.array(
            [
                int(r[d].score >= 0.5 and not any(f.severity == "error" for f in r[d].findings))
                for r in results
            ]
        )
        for d in DIMENSIONS
    }
    return SystemOutput("rules_only", scores, passed, dict.fromkeys(DIMENSIONS, 0.5))


def model_only(
    probs: Sequence[Mapping[Dimension, float]], thresholds: Mapping[Dimension, float]
) -> SystemOutput:
    scores = {d: np.array([p[d] for p in probs], dtype=float) for d in DIMENSIONS}
    passed = {d: (scores[d] >= thresholds[d]).astype(int) for d in DIMENSIONS}
    return SystemOutput("model", scores, passed, dict(thresholds))


def combined_gate(
    results: Sequence[Mapping[Dimension, CheckResult]],
    probs: Sequence[Mapping[Dimension, float]],
    thresholds: Mapping[Dimension, float],
    version: str,
    rule_weights: Mapping[Dimension, float] | None = None,
    rule_vetoes: Mapping[Dimension, bool] | None = None,
) -> SystemOutput:
    """The production policy (`qualitygate.pipeline.gate.decide`) with the manifest's thresholds,
    rule weights and rule vetoes."""
    from qualitygate.pipeline.gate import decide

    verdicts = [
        decide(
            r,
            p,
            dict(thresholds),
            model_version=version,
            rule_weights=rule_weights,
            rule_vetoes=rule_vetoes,
        )
        for r, p in zip(results, probs, strict=True)
    ]
    scores = {d: np.array([v.dimensions[d].score for v in verdicts]) for d in DIMENSIONS}
    passed = {d: np.array([int(v.dimensions[d].passed) for v in verdicts]) for d in DIMENSIONS}
    return SystemOutput("combined_gate", scores, passed, dict(thresholds))
