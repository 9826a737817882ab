"""Readers for the third-party product data in ../shared/data (PromptCloud crawls, CC BY-SA 4.0).

Only the Flipkart file may feed anything that learns or is tuned. The Amazon file is held out:
`load_records` refuses it unless the caller says it is evaluating.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qualitygate.domain import Draft, Product

FLIPKART_FILE = "flipkart_products_subset.jsonl.gz"
HELD_OUT_FILE = "amazon_products_subset.jsonl.gz"


def shared_data_dir() -> Path:
    """Where the shared data lives: $QG_SHARED_DATA, else ../shared/data beside the checkout."""
    env = os.environ.get("QG_SHARED_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "shared" / "data"


def load_records(path: Path, *, for_evaluation: bool = False) -> Iterator[dict[str, Any]]:
    """Yield the JSON records of a gzipped JSONL file."""
    if path.name == HELD_OUT_FILE and not for_evaluation:
        raise PermissionError(
            f"{path.name} is held out for evaluation; nothing that learns may read it"
        )
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def record_to_draft(record: dict[str, Any], brand: str = "default") -> Draft:
    """Map a PromptCloud record onto the webhook's shape (specs become attributes)."""
    attributes = {str(k): str(v) for k, v in (record.get("specs") or {}).items()}
    if record.get("brand") and "Brand" not in attributes:
        attributes["Brand"] = str(record["brand"])
    product = Product(
        sku=str((record.get("extra") or {}).get("pid") or record["id"]),
        title=record.get("title") or "",
        category=tuple(record.get("category") or ()),
        attributes=attributes,
    )
    return Draft(brand=brand, product=product, text=record.get("description") or "")


def flipkart_drafts(path: Path | None = None) -> list[Draft]:
    """All Flipkart products as drafts, in file order."""
    path = path or shared_data_dir() / FLIPKART_FILE
    return [record_to_draft(r) for r in load_records(path)]
