"""Threshold choice: agreement (kappa) on validation, for the model and for the gate."""

from __future__ import annotations

import numpy as np

from qualitygate.domain import DIMENSIONS, CheckResult, Finding
from training.metrics import all_metrics, choose_threshold
from training.thresholds import gate_policy


def test_choose_threshold_separates_classes() -> None:
    y = np.array([1, 1, 1, 0, 0])
    p = np.array([0.9, 0.8, 0.7, 0.3, 0.2])
    t = choose_threshold(y, p)
    assert 0.3 < t <= 0.7
    assert abs(t - 0.5) <= 0.2  # ties resolve toward 0.5


def test_gate_thresholds_account_for_rule_errors() -> None:
    def rules(score: float, error: bool = False) -> dict[str, CheckResult]:
        findings = (Finding("seo", "r", "error", "m"),) if error else ()
        return {d: CheckResult(d, score, findings if d == "seo" else ()) for d in DIMENSIONS}

    results = [rules(1.0), rules(1.0), rules(1.0, error=True), rules(1.0)]
    probs = [dict.fromkeys(DIMENSIONS, p) for p in (0.9, 0.8, 0.9, 0.1)]
    y = {d: np.array([1, 1, 0, 0]) for d in DIMENSIONS}
    _, thr, vetoes = gate_policy(y, results, probs, candidates=(0.5,))  # type: ignore[arg-type]
    # combined scores: 0.95, 0.9, (error), 0.55 -> the threshold must sit in (0.55, 0.9]
    assert all(0.55 < thr[d] <= 0.9 for d in DIMENSIONS)
    assert all(vetoes.values())  # the error sits on a true failure: the rules keep the veto


def test_a_rule_whose_errors_fight_the_judges_loses_its_veto() -> None:
    # SEO errors land on descriptions the judges accept (#1, #2) and miss the real failures,
    # which the model scores low. With the veto, F1 falls; without it the model decides.
    def rules(error: bool) -> dict[str, CheckResult]:
        findings = (Finding("seo", "r", "error", "m"),) if error else ()
        return {d: CheckResult(d, 0.8, findings if d == "seo" else ()) for d in DIMENSIONS}

    results = [rules(True), rules(True), rules(False), rules(False), rules(False)]
    probs = [dict.fromkeys(DIMENSIONS, p) for p in (0.9, 0.95, 0.9, 0.1, 0.05)]
    y = {d: np.array([1, 1, 1, 0, 0]) for d in DIMENSIONS}
    weights, thr, vetoes = gate_policy(y, results, probs)  # type: ignore[arg-type]
    assert vetoes["seo"] is False
    assert vetoes["accuracy"] is True  # no errors anywhere: nothing to lose, keep the default
    from qualitygate.pipeline.gate import decide

    verdicts = [
        decide(r, p, thr, rule_weights=weights, rule_vetoes=vetoes)  # type: ignore[arg-type]
        for r, p in zip(results, probs, strict=True)
    ]
    assert [v.dimensions["seo"].passed for v in verdicts] == [True, True, True, False, False]
    # The error is still shown to the writer as a finding, it just no longer decides alone.
    assert verdicts[0].dimensions["seo"].findings[0].severity == "error"


def test_metrics_are_for_the_flag_class() -> None:
    y = {d: np.array([1, 0, 0, 1]) for d in DIMENSIONS}
    passed = {d: np.array([1, 0, 1, 1]) for d in DIMENSIONS}
    m = all_metrics(y, passed, None)
    seo = m["dimensions"]["seo"]
    assert seo["precision"] == 1.0 and seo["recall"] == 0.5 and seo["flag_rate"] == 0.25
    assert m["min_accuracy"] == 0.75


def test_gate_policy_leans_on_whichever_signal_separates_the_classes() -> None:
    # Rules separate pass from fail on every dimension; the model is noise (high on the failures).
    y = {d: np.array([1, 1, 1, 0, 0, 0]) for d in DIMENSIONS}
    rule_scores = (0.9, 0.8, 0.85, 0.2, 0.3, 0.25)
    model = (0.2, 0.3, 0.1, 0.9, 0.8, 0.95)
    results = [{d: CheckResult(d, s, ()) for d in DIMENSIONS} for s in rule_scores]
    probs = [dict.fromkeys(DIMENSIONS, p) for p in model]
    weights, thr, _ = gate_policy(y, results, probs)  # type: ignore[arg-type]
    # Ties go to the weight nearest 0.5: the smallest move towards the rules that separates.
    assert all(weights[d] > 0.5 for d in DIMENSIONS), weights
    w = weights["seo"]
    combined = [w * s + (1 - w) * p for s, p in zip(rule_scores, model, strict=True)]
    assert all((c >= thr["seo"]) == bool(t) for c, t in zip(combined, y["seo"], strict=True))
    # Swap the roles: now the model separates and the rules are noise.
    results = [{d: CheckResult(d, 1 - s, ()) for d in DIMENSIONS} for s in rule_scores]
    probs = [dict.fromkeys(DIMENSIONS, 1 - p) for p in model]
    weights, thr, _ = gate_policy(y, results, probs)  # type: ignore[arg-type]
    assert all(weights[d] < 0.5 for d in DIMENSIONS), weights


def test_a_choice_whose_flags_are_precise_wins_over_a_higher_kappa() -> None:
    # Rules flag #3 and #4 (both real failures) and nothing else; the model is noisy. Flagging
    # with the model catches more failures (higher recall) but half its flags are wrong.
    def rules(flag: bool) -> dict[str, CheckResult]:
        findings = (Finding("accuracy", "r", "error", "m"),) if flag else ()
        return {d: CheckResult(d, 1.0, findings if d == "accuracy" else ()) for d in DIMENSIONS}

    y = {d: np.array([1, 1, 1, 0, 0, 0, 0, 1, 1, 1]) for d in DIMENSIONS}
    flagged_by_rules = [False, False, False, True, True, False, False, False, False, False]
    results = [rules(f) for f in flagged_by_rules]
    model = (0.9, 0.9, 0.2, 0.1, 0.1, 0.2, 0.2, 0.9, 0.2, 0.9)
    probs = [dict.fromkeys(DIMENSIONS, p) for p in model]
    weights, thr, vetoes = gate_policy(y, results, probs, candidates=(0.0, 1.0))  # type: ignore[arg-type]
    from qualitygate.pipeline.gate import decide

    verdicts = [
        decide(r, p, thr, rule_weights=weights, rule_vetoes=vetoes)  # type: ignore[arg-type]
        for r, p in zip(results, probs, strict=True)
    ]
    flags = np.array([not v.dimensions["accuracy"].passed for v in verdicts])
    truth_fail = y["accuracy"] == 0
    assert flags.any() and (truth_fail[flags]).mean() >= 0.8
