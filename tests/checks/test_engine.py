"""The RuleEngine contract the gate and the worker rely on."""

from __future__ import annotations

from qualitygate.checks import RuleEngine
from qualitygate.domain import DIMENSIONS, Draft, Product
from tests.checks.conftest import to_draft


def test_every_dimension_present_with_valid_scores_and_spans(engine: RuleEngine, records) -> None:
    drafts = [to_draft(r) for r in records]
    results = engine.check_many(drafts)
    assert len(results) == len(drafts)
    for draft, result in zip(drafts, results, strict=True):
        assert tuple(result) == DIMENSIONS
        for dim, res in result.items():
            assert res.dimension == dim
            assert 0.0 <= res.score <= 1.0
            for f in res.findings:
                assert f.dimension == dim
                assert f.severity in ("error", "warning", "info")
                if f.span is not None:
                    assert 0 <= f.span[0] < f.span[1] <= len(draft.text)


def test_check_equals_check_many(engine: RuleEngine, records) -> None:
    draft = to_draft(records[2])
    assert engine.check(draft) == engine.check_many([draft])[0]


def test_unknown_brand_gets_default_house_style(engine: RuleEngine) -> None:
    assert engine.guidelines("no-such-brand").name == "default"
    assert engine.guidelines("Aurelia").name == "aurelia"
    assert engine.guidelines("voltix").thresholds == {"accuracy": 0.8, "readability": 0.5}
    assert engine.guidelines("default").thresholds == {}
    assert engine.guidelines("bubblepop").grade_band == (5.0, 8.0)


def test_empty_draft_scores_without_crashing(engine: RuleEngine) -> None:
    result = engine.check(Draft(brand="x", product=Product(sku="1", title=""), text=""))
    assert tuple(result) == DIMENSIONS
    assert any(f.severity == "error" for f in result["completeness"].findings)


def test_clean_text_scores_full_marks_on_voice(engine: RuleEngine) -> None:
    text = (
        "This cotton shirt for men has a regular fit and a button-down collar. "
        "Machine wash cold and tumble dry low."
    )
    draft = Draft(brand="default", product=Product(sku="1", title="Cotton Shirt"), text=text)
    assert engine.check(draft)["brand_voice"].score == 1.0
