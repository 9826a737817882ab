"""Splits are grouped by product: no product's descriptions appear in two splits."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualitygate.domain import Draft, Product
from training.labels import LabelledDraft, read_label_file
from training.splits import SplitError, assign_splits, split_for

DEMO = Path(__file__).parents[2] / "training" / "data" / "demo.jsonl"


def labelled(sku: str, split: str | None = None) -> LabelledDraft:
    draft = Draft(brand="b", product=Product(sku=sku, title="t"), text="x")
    return LabelledDraft(
        "e",
        draft,
        dict.fromkeys(("completeness", "readability", "accuracy", "brand_voice", "seo"), 1),
        split,
    )


def test_demo_split_is_grouped_by_product_and_large_enough() -> None:
    splits = assign_splits(read_label_file(DEMO))
    skus = {name: {ex.draft.product.sku for ex in rows} for name, rows in splits.items()}
    assert not skus["train"] & skus["validation"]
    assert not skus["train"] & skus["test"]
    assert not skus["validation"] & skus["test"]
    assert len(splits["test"]) >= 240
    assert len(splits["train"]) >= 1200


def test_stored_split_matches_the_hash() -> None:
    for ex in read_label_file(DEMO)[:200]:
        assert ex.split == split_for(ex.draft.product.sku)


def test_hash_split_when_the_file_has_none() -> None:
    rows = [labelled("A"), labelled("A"), labelled("B")]
    splits = assign_splits(rows)
    where_a = {name for name, part in splits.items() for ex in part if ex.draft.product.sku == "A"}
    assert len(where_a) == 1


def test_a_product_in_two_splits_is_refused() -> None:
    with pytest.raises(SplitError, match="SKU-9"):
        assign_splits([labelled("SKU-9", "train"), labelled("SKU-9", "test")])
