"""The retraining loop end to end: real reviews in a real database, real (tiny) LoRA training,
champion and challenger scored on the same sets, registry and activation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from qualitygate import db
from qualitygate.db import Base
from qualitygate.services import model_registry
from tests.training import retrain_world as world
from training.compare import MARGIN
from training.retrain import FROZEN, RECENT, NothingToLearn, RetrainConfig, retrain

pytestmark = pytest.mark.slow


@dataclass
class World:
    session: Session
    champion: str
    base: Path
    tmp: Path

    def config(self, name: str, **overrides: object) -> RetrainConfig:
        # Tiny: 40 base training rows + 105 reviews, 96 tokens, 2 epochs (20 steps). The margin
        # is stated for these small sets: one of the 45 held-back reviews is 0.022, so the
        # default 0.02 would refuse any challenger that differs from the champion on a single
        # review (measured here: completeness -0.04 to -0.07 and readability -0.09 beside
        # SEO +0.6; at 256 tokens the same).
        settings: dict[str, object] = dict(
            out=self.tmp / name,
            base_data=self.base,
            epochs=2,
            max_length=96,
            margin=0.10,
            learning_rate=5e-3,
            holdout_share=0.3,
            progress=False,
        )
        settings.update(overrides)
        return RetrainConfig(**settings)  # type: ignore[arg-type]


def _world(tmp: Path, champion_dir: Path, flip: bool) -> Iterator[World]:
    engine = db.make_engine(f"sqlite:///{tmp / 'db.sqlite'}")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        row = model_registry.register(s, champion_dir)
        model_registry.activate(s, row.name)
        world.reviews_of(s, champion_dir, world.review_pool(150), flip=flip)
        yield World(s, row.name, world.base_file(tmp / "base.jsonl"), tmp)
    engine.dispose()


@pytest.fixture
def broken(tmp_path: Path) -> Iterator[World]:
    """The upside-down-SEO champion, and reviewers who correct it."""
    yield from _world(tmp_path, world.broken_champion(tmp_path / "champion"), flip=False)


def _active(s: Session) -> list[str]:
    return [m.name for m in model_registry.list_versions(s) if m.active]


def test_reviews_that_fix_a_systematic_error_win_and_ship_only_with_the_flag(
    broken: World,
) -> None:
    s = broken.session
    plain = retrain(s, broken.config("challenger-1"), world.DEFAULT)
    assert (plain.new_reviews, plain.trained_on, plain.held_back) == (150, 105, 45)
    champ, chall = plain.scores["champion"], plain.scores["challenger"]
    print(plain.decision, plain.scores)  # shown when an assertion below fails
    # The systematic error: SEO. The challenger wins on it, on both evaluation sets.
    assert chall[RECENT]["seo"] >= champ[RECENT]["seo"] + 0.3
    assert chall[FROZEN]["seo"] > champ[FROZEN]["seo"]
    assert plain.decision.promote, plain.decision.reasons
    # Without the flag nothing ships: registered, inactive, the champion still serves.
    assert not plain.activated
    assert _active(s) == [broken.champion]
    assert plain.challenger in [m.name for m in model_registry.list_versions(s)]
    report = (plain.challenger_dir / "comparison.md").read_text()
    assert "decision: **promote**" in report and "| held-back recent reviews | 45 | seo |" in report
    assert (plain.challenger_dir / "comparison.png").is_file()
    assert (plain.challenger_dir / "reference.json").is_file()

    flagged = retrain(s, broken.config("challenger-2", activate_if_better=True), world.DEFAULT)
    assert flagged.decision.promote and flagged.activated
    assert _active(s) == [flagged.challenger]
    # The new champion's cutoff is its newest review: nothing is new any more.
    with pytest.raises(NothingToLearn):
        retrain(s, broken.config("challenger-3"), world.DEFAULT)


@pytest.fixture
def adversarial(tmp_path: Path) -> Iterator[World]:
    """The shipped model, and reviewers who mark every right call wrong and every wrong one
    right: labels that teach the opposite of the standard."""
    yield from _world(tmp_path, world.DEFAULT, flip=True)


def test_a_worse_challenger_is_refused_even_with_the_flag(adversarial: World) -> None:
    s = adversarial.session
    result = retrain(
        s,
        adversarial.config("worse", activate_if_better=True, learning_rate=1e-2, margin=MARGIN),
        world.DEFAULT,
    )
    assert not result.decision.promote and not result.activated
    assert result.decision.worse, result.decision.reasons
    assert any(r.startswith("worse on") and f"{MARGIN:.2f}" in r for r in result.decision.reasons)
    assert _active(s) == [adversarial.champion]
    assert "keep the champion" in (result.challenger_dir / "comparison.md").read_text()
