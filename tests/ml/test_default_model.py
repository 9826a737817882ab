"""The model shipped in the repository loads and scores all five dimensions."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualitygate.domain import DIMENSIONS, Draft, Product
from qualitygate.ml import load_predictor
from qualitygate.ml.artifacts import read_manifest

DEFAULT = Path(__file__).parents[2] / "models" / "default"


@pytest.mark.slow
def test_shipped_default_model_predicts_probabilities() -> None:
    manifest = read_manifest(DEFAULT)
    assert manifest.mode == "lora"
    assert (DEFAULT / "adapter_model.safetensors").stat().st_size < 5_000_000
    predictor = load_predictor(DEFAULT)
    product = Product(
        sku="s",
        title="Alibi Solid Women's Top",
        category=("Clothing",),
        attributes={"Color": "Black", "Fabric": "Cotton", "Ideal For": "Women's"},
        keywords=("women's top",),
    )
    drafts = [
        Draft(
            brand="default",
            product=product,
            text="This black cotton women's top is soft "
            "and breathable, with a relaxed fit and a round neck for everyday wear.",
        ),
        Draft(brand="default", product=product, text="BEST TOP EVER!!! totally lit fam 🔥🔥"),
    ]
    probs = predictor.predict(drafts)
    assert len(probs) == 2
    for p in probs:
        assert set(p) == set(DIMENSIONS)
        assert all(0.0 <= v <= 1.0 for v in p.values())
    assert set(predictor.thresholds) == set(DIMENSIONS)
    assert predictor.version == manifest.version


@pytest.mark.slow
def test_batches_are_padded_to_the_setting_without_changing_scores() -> None:
    from qualitygate.pipeline.verdicts import load_model

    predictor = load_model(DEFAULT, pad_to_multiple_of=16)
    assert predictor is not None and predictor.pad_to_multiple_of == 16
    widths: list[int] = []
    predictor._model.register_forward_pre_hook(
        lambda _m, _a, kw: widths.append(kw["input_ids"].shape[1]), with_kwargs=True
    )
    product = Product(
        sku="s",
        title="Alibi Solid Women's Top",
        category=("Clothing",),
        attributes={"Color": "Black", "Fabric": "Cotton"},
    )
    drafts = [
        Draft(brand="default", product=product, text="A black cotton top, " + "soft " * n)
        for n in (3, 11, 29)
    ]
    padded = predictor.predict(drafts)
    predictor.pad_to_multiple_of = 1
    longest = predictor.predict(drafts)
    assert widths[0] % 16 == 0 and widths[1] % 16 != 0 and widths[0] - 16 < widths[1] <= widths[0]
    # Padding is masked out: the probabilities agree to bf16 rounding.
    for a, b in zip(padded, longest, strict=True):
        assert all(abs(a[d] - b[d]) < 0.01 for d in DIMENSIONS)

    # A batch of long texts goes through in row slices within the attention budget, same scores.
    from qualitygate.ml.predictor import MAX_ATTENTION_SCORES

    shapes: list[tuple[int, int]] = []
    predictor._model.register_forward_pre_hook(
        lambda _m, _a, kw: shapes.append(tuple(kw["input_ids"].shape)), with_kwargs=True
    )
    long = [
        Draft(brand="default", product=product, text=f"Top number {i}. " + "soft cotton " * 120)
        for i in range(12)
    ]
    sliced = predictor.predict(long)
    assert len(shapes) > 1 and all(r * w * w <= MAX_ATTENTION_SCORES for r, w in shapes)
    assert sum(r for r, _ in shapes) == len(long)
    for one, draft in zip(sliced, long, strict=True):
        alone = predictor.predict([draft])[0]
        assert all(abs(one[d] - alone[d]) < 0.01 for d in DIMENSIONS)
    with pytest.raises(ValueError, match="pad_to_multiple_of"):
        load_model(DEFAULT, pad_to_multiple_of=0)
