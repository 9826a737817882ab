"""Train/validation/test split, grouped by product so no product's drafts span two splits.

The split is a pure function of the product SKU (a SHA-256 bucket), so it is stable across runs,
machines and dataset regenerations. A label file may instead carry its own `split` column; it is
then checked for the same grouping.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence

from training.labels import LabelledDraft

# Shares of products, in percent (70 / 15 / 15).
TRAIN_PCT = 70
VALIDATION_PCT = 15


def split_for(sku: str, salt: str = "qualitygate-v1") -> str:
    bucket = int(hashlib.sha256(f"{salt}:{sku}".encode()).hexdigest(), 16) % 100
    if bucket < TRAIN_PCT:
        return "train"
    if bucket < TRAIN_PCT + VALIDATION_PCT:
        return "validation"
    return "test"


class SplitError(ValueError):
    """A label file whose own split puts one product in two splits."""


def assign_splits(examples: Sequence[LabelledDraft]) -> dict[str, list[LabelledDraft]]:
    """Group examples into splits: the file's `split` column if all rows have one, else SKU hash."""
    out: dict[str, list[LabelledDraft]] = {"train": [], "validation": [], "test": []}
    use_column = all(ex.split for ex in examples)
    seen: dict[str, set[str]] = defaultdict(set)
    for ex in examples:
        split = ex.split if use_column and ex.split else split_for(ex.draft.product.sku)
        seen[ex.draft.product.sku].add(split)
        out[split].append(ex)
    leaking = sorted(sku for sku, splits in seen.items() if len(splits) > 1)
    if leaking:
        raise SplitError(f"products in more than one split: {', '.join(leaking[:10])}")
    return out
