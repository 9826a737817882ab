"""The promotion rule: not worse beyond the margin on any dimension of any set, better overall."""

from __future__ import annotations

from pathlib import Path

from qualitygate.domain import DIMENSIONS
from training.compare import overall, promotion, save_report

FROZEN, RECENT = "frozen test split", "held-back recent reviews"


def scores(
    seo: float, rest: float = 0.9, recent_seo: float | None = None
) -> dict[str, dict[str, float]]:
    frozen = {d: rest for d in DIMENSIONS} | {"seo": seo}
    recent = {d: rest for d in DIMENSIONS} | {"seo": seo if recent_seo is None else recent_seo}
    return {FROZEN: frozen, RECENT: recent}


def test_better_overall_and_nowhere_worse_is_promoted() -> None:
    decision = promotion(scores(0.5), scores(0.8))
    assert decision.promote and decision.worse == []
    assert decision.challenger_overall > decision.champion_overall
    assert "better overall" in decision.reasons[0]


def test_a_loss_beyond_the_margin_on_one_dimension_refuses_even_when_better_overall() -> None:
    champ = scores(0.5)
    chall = scores(0.9)
    chall[RECENT]["readability"] = 0.9 - 0.021  # lost 2.1 points on one dimension of one set
    decision = promotion(champ, chall, margin=0.02)
    assert not decision.promote
    assert decision.worse == [f"{RECENT}/readability"]
    assert decision.reasons[0].startswith("worse on readability (held-back recent reviews)")
    assert promotion(champ, chall, margin=0.03).promote  # within a wider stated margin


def test_equal_is_not_better() -> None:
    decision = promotion(scores(0.7), scores(0.7))
    assert not decision.promote
    assert decision.reasons == [
        f"not better overall: {overall(scores(0.7)):.4f} against the champion's "
        f"{overall(scores(0.7)):.4f}"
    ]


def test_no_recent_reviews_compares_on_the_frozen_set_alone() -> None:
    champ, chall = scores(0.5), scores(0.6)
    champ[RECENT], chall[RECENT] = {}, {}
    assert overall(chall) == sum(chall[FROZEN].values()) / 5
    assert promotion(champ, chall).promote


def test_the_report_is_written_either_way(tmp_path: Path) -> None:
    decision = promotion(scores(0.8), scores(0.5))
    files = save_report(
        tmp_path, ("champ", scores(0.8)), ("chall", scores(0.5)), {FROZEN: 80, RECENT: 30}, decision
    )
    assert [p.name for p in files] == ["comparison.md", "comparison.json", "comparison.png"]
    md = files[0].read_text()
    assert (
        "keep the champion" in md
        and "| frozen test split | 80 | seo | 0.800 | 0.500 | -0.300 ⚠ |" in md
    )
    assert files[2].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
