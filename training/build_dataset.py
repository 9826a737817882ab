"""Build the demo training set from the Flipkart file: real texts, weak labels, injected defects.

    python -m training.build_dataset --out training/data/demo.jsonl

Deterministic: every product gets its own `random.Random(f"{seed}:{sku}")`, so a product's rows
do not change when other products are added or removed. See docs/dataset.md for the label rules.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from qualitygate.domain import DIMENSIONS, Dimension, Draft, Product
from training.defects import accuracy, brand_voice, completeness, readability, seo
from training.defects.text import sentences
from training.labels import LabelledDraft, example_to_row
from training.sources import flipkart_drafts
from training.splits import split_for

DEFAULT_OUT = Path(__file__).parent / "data" / "demo.jsonl"
# Originals whose real text contradicts their own attributes (read by hand; see the file's header).
AUDIT_FILE = Path(__file__).parent / "data" / "label_audit.yaml"
SOURCE = "flipkart_promptcloud_2016"
MAX_WORDS = 120  # keeps every injected defect inside the model's token window
# Flipkart's two marketplace templates: "Buy <title> only for Rs. N ... Only Genuine Products" and
# "Buy <title> For Only Rs. N Online in India. Shop Online For Apparels ..." (the data README's
# regex knows only the first; the second is 23% of apparel).
TEMPLATE_RE = re.compile(
    r"Only Genuine Products|Buy .{3,200}? (?:(?:only )?(?:for|at)|(?:for|at) only) Rs\.?\s?\d",
    re.IGNORECASE,
)
SPEC_BLOCK_RE = re.compile(r"\s*,?\s*Specifications of .*$", re.DOTALL)
# Chance that a defective variant carries each dimension's defect.
DEFECT_P: dict[Dimension, float] = {
    "completeness": 0.25,
    "readability": 0.3,
    "accuracy": 0.45,
    "brand_voice": 0.3,
    "seo": 0.35,
}
EXTRA_VARIANT_P = 0.35
BENIGN_P = 0.35
RUN_ON_WORDS = 55
MIN_NEW_WORDS = 8  # fewer: the title and price restated ("<title> Price: Rs. N <title>")


def clean_text(text: str) -> str:
    """Drop the flattened spec sheet (it restates every attribute) and cap the length."""
    text = SPEC_BLOCK_RE.sub("", text).strip().rstrip(",")
    kept: list[str] = []
    for sentence in sentences(text):
        if kept and len(" ".join(kept).split()) + len(sentence.split()) > MAX_WORDS:
            break
        kept.append(sentence)
    out = " ".join(kept)
    if len(out.split()) > MAX_WORDS:
        out = " ".join(out.split()[:MAX_WORDS]).rstrip(",;") + "."
    return out


def is_template(text: str) -> bool:
    return TEMPLATE_RE.search(text) is not None


def new_words(text: str, title: str) -> set[str]:
    """Distinct words of the text that the title and the price tag do not already say."""
    known = {w.lower() for w in re.findall(r"[A-Za-z]+", title)} | {"price", "rs"}
    return {w.lower() for w in re.findall(r"[A-Za-z]{2,}", text)} - known


def weak_labels(text: str, title: str = "") -> dict[Dimension, int]:
    """Labels for an untouched real description (weak supervision; see docs/dataset.md)."""
    longest = max((len(s.split()) for s in sentences(text)), default=0)
    substance = not is_template(text) and len(text.split()) >= 20
    return {
        "completeness": int(substance and len(new_words(text, title)) >= MIN_NEW_WORDS),
        "readability": int(longest <= RUN_ON_WORDS),
        "accuracy": 1,
        "brand_voice": 1,
        "seo": 1,
    }


def _defective(
    rng: random.Random, draft: Draft, labels: dict[Dimension, int], keywords: list[str]
) -> tuple[str, list[str], dict[Dimension, int], list[str]]:
    """Apply a random non-empty set of defects, in an order where later edits keep earlier ones."""
    wanted = [d for d in DIMENSIONS if rng.random() < DEFECT_P[d]] or [rng.choice(DIMENSIONS)]
    text, product, labels, applied = draft.text, draft.product, dict(labels), []
    steps = (("completeness", completeness), ("accuracy", accuracy))
    for dim, module in steps:
        if dim in wanted and (hit := module.inject(rng, text, product)):
            text, labels[dim] = hit[0], 0
            applied.append(f"{dim}:{hit[1]}")
    if "seo" in wanted:
        text, keywords, name = seo.inject(rng, text, product, keywords)
        applied.append(f"seo:{name}")
    for dim, module in (("brand_voice", brand_voice), ("readability", readability)):
        if dim in wanted and (hit := module.inject(rng, text, product)):
            text, labels[dim] = hit[0], 0
            applied.append(f"{dim}:{hit[1]}")
    return text, keywords, labels, applied


def load_audit(path: Path = AUDIT_FILE) -> dict[str, str]:
    """SKU -> why its original text is inaccurate."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    return {str(k): str(v) for k, v in (data or {}).items()}


def product_examples(
    draft: Draft, seed: int, audited: Mapping[str, str] | None = None
) -> list[tuple[LabelledDraft, list[str]]]:
    """The original description plus one or two defective variants for one product."""
    audited = audited or {}
    rng = random.Random(f"{seed}:{draft.product.sku}")
    text = clean_text(draft.text)
    if not text:
        return []
    keywords = seo.choose_keywords(rng, draft.product, text)
    base_labels = weak_labels(text, draft.product.title)
    if draft.product.sku in audited:
        base_labels["accuracy"] = 0
    variants: list[tuple[str, list[str], dict[Dimension, int], list[str]]] = []
    original, applied = text, []
    if rng.random() < BENIGN_P and (hit := accuracy.benign(rng, text, draft.product)):
        original, applied = hit[0], [f"benign:{hit[1]}"]
    variants.append((original, keywords, base_labels, applied))
    for _ in range(1 + int(rng.random() < EXTRA_VARIANT_P)):
        variants.append(_defective(rng, replace(draft, text=text), base_labels, list(keywords)))
    out = []
    for k, (new_text, kws, labels, applied) in enumerate(variants):
        product = Product(
            sku=draft.product.sku,
            title=draft.product.title,
            category=draft.product.category,
            attributes=draft.product.attributes,
            keywords=tuple(kws),
        )
        final = {**labels, "seo": int(seo.seo_ok(new_text, kws))}
        example = LabelledDraft(
            event_id=f"fk-{draft.product.sku}-{k}",
            draft=Draft(brand=draft.brand, product=product, text=new_text),
            labels=final,
            split=split_for(draft.product.sku),
            author="original" if k == 0 else "defect-injection",
            source=SOURCE,
        )
        out.append((example, applied))
    return out


def build(seed: int = 13, source: Path | None = None) -> list[tuple[LabelledDraft, list[str]]]:
    examples: list[tuple[LabelledDraft, list[str]]] = []
    audited = load_audit()
    for draft in flipkart_drafts(source):
        examples.extend(product_examples(draft, seed, audited))
    return examples


def write(path: Path, examples: list[tuple[LabelledDraft, list[str]]]) -> None:
    """JSONL in the label-file format; `defects` is informational and ignored by the reader."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for example, applied in examples:
            row: dict[str, Any] = example_to_row(example)
            row["defects"] = applied
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def summary(examples: list[tuple[LabelledDraft, list[str]]]) -> str:
    lines = [f"{len(examples)} descriptions"]
    splits = Counter(ex.split for ex, _ in examples)
    lines.append("splits: " + ", ".join(f"{k}={v}" for k, v in sorted(splits.items())))
    for dim in DIMENSIONS:
        fails = sum(1 for ex, _ in examples if ex.labels[dim] == 0)
        lines.append(f"{dim:>13}: fail {fails} ({fails / len(examples):.1%})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    examples = build(seed=args.seed)
    write(args.out, examples)
    print(summary(examples))


if __name__ == "__main__":
    main()
