"""The content lead's figures on tiny hand-made tables whose answers were worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qualitygate.domain import DIMENSIONS
from training.agreement import acceptable, acceptance, inter_judge, kappa, kappas


def test_kappa_matches_the_hand_computed_value() -> None:
    # 8 of 10 agree (p_o = 0.8); both raters say 1 six times (p_e = .6*.6 + .4*.4 = 0.52):
    # kappa = (0.8 - 0.52) / (1 - 0.52) = 0.58333...
    a = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
    b = [1, 1, 1, 1, 1, 0, 0, 0, 0, 1]
    assert kappa(a, b) == pytest.approx(0.28 / 0.48)


def test_kappa_is_one_for_identical_raters_and_nan_when_undefined() -> None:
    assert kappa([1, 0, 1], [1, 0, 1]) == pytest.approx(1.0)
    assert math.isnan(kappa([1, 1, 1], [1, 1, 1]))
    assert math.isnan(kappa([], []))


def _table(rows: list[dict[str, int]]) -> dict[str, np.ndarray]:
    return {d: np.array([r.get(d, 1) for r in rows]) for d in DIMENSIONS}


# Five descriptions. Judges: #3 is incomplete and #4 fails SEO, the rest are acceptable.
JUDGES = _table([{}, {}, {"completeness": 0}, {"seo": 0}, {}])
# The gate flags #2 (readability, wrongly) and #4 (SEO, rightly); it passes #1, #3 and #5.
GATE = _table([{}, {"readability": 0}, {}, {"seo": 0}, {}])


def test_acceptance_headline_on_a_hand_made_table() -> None:
    assert acceptable(JUDGES).tolist() == [1, 1, 0, 0, 1]
    figures = acceptance(JUDGES, GATE)
    assert figures["n"] == 5
    assert figures["passed"] == 3 and figures["flagged"] == 2
    assert figures["filter_rate"] == pytest.approx(2 / 5)
    assert figures["acceptance_no_gate"] == pytest.approx(3 / 5)
    assert figures["judge_reject_rate"] == pytest.approx(2 / 5)
    # Passed #1, #3, #5: two of three are acceptable.
    assert figures["acceptance_among_passed"] == pytest.approx(2 / 3)
    # Flagged #2 (acceptable) and #4 (not): half the flags were real.
    assert figures["flags_real"] == pytest.approx(1 / 2)


def test_per_dimension_kappa_and_inter_judge_agreement() -> None:
    per = kappas(JUDGES, GATE)
    assert per["seo"] == pytest.approx(1.0)  # both flag only #4
    # readability: judges constant 1, gate flags #2 -> p_o = 0.8, p_e = 0.8: kappa 0
    assert per["readability"] == pytest.approx(0.0)
    pairs = {d: [(1, 1), (0, 0), (1, 0), (1, 1)] for d in DIMENSIONS}
    ij = inter_judge(pairs)
    # p_o = 3/4; first says 1 three times, second twice: p_e = .75*.5 + .25*.5 = 0.5 -> 0.5
    assert ij["accuracy"]["n"] == 4
    assert ij["accuracy"]["agreement"] == pytest.approx(0.75)
    assert ij["accuracy"]["kappa"] == pytest.approx(0.5)
