"""Assemble the judges' work into one label file: `training/data/judged.jsonl`.

Each row is a label-file row (`training/labels.py`: the webhook's fields plus five 0/1 labels and
`split`), so it trains and evaluates through the same reader a client's own labelled file uses.
Beside the labels it keeps every judgment with its provenance, side by side, never merged away:

    "judgments": [{"judge": "judge-03", "date": "2026-11-30", "standard_version": 4,
                   "labels": {...}, "why": {...}, "unsure": [...]}, ...],
    "resolution": "single" | "agreed" | "primary" | "majority"

How the five training labels are resolved, per dimension:
- one judgment: its label (`single`);
- two that agree: that label (`agreed`);
- two that disagree: the first judge's label (`primary`). The second judgment is an audit
  sample, as a content team runs one; it measures agreement (the ceiling) without rewriting the
  labels it audits;
- three or more: the majority (`majority`).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from qualitygate.domain import DIMENSIONS, Dimension
from training.judging import OUT_FILE, ROOT, _read_jsonl, _write_jsonl, check_judgment, products
from training.splits import split_for


class JudgmentError(ValueError):
    """A judgment file with format problems (file, line, why)."""


def load_judgments(root: Path = ROOT) -> dict[str, list[dict[str, Any]]]:
    """item_id -> its judgments in judging order: first (n1/w1), second (n2/w2), third (a3)."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    problems = []
    files = sorted(
        (root / "judgments").glob("*/*.jsonl"), key=lambda p: (p.stem[1:], p.parent.name)
    )
    for path in files:
        for number, row in enumerate(_read_jsonl(path), start=1):
            for problem in check_judgment(row):
                problems.append(f"{path}:{number}: {problem}")
            row["batch"] = path.stem
            out[row["item_id"]].append(row)
    if problems:
        raise JudgmentError("\n".join(problems[:20]))
    return out


def resolve(judgments: list[dict[str, Any]]) -> tuple[dict[Dimension, int], str]:
    """The five training labels of one item and the rule that set them (see the module doc)."""
    if len(judgments) == 1:
        return {d: judgments[0][d] for d in DIMENSIONS}, "single"
    if len(judgments) == 2:
        first, second = judgments
        same = all(first[d] == second[d] for d in DIMENSIONS)
        return {d: first[d] for d in DIMENSIONS}, "agreed" if same else "primary"
    labels: dict[Dimension, int] = {}
    for dim in DIMENSIONS:
        votes = Counter(j[dim] for j in judgments)
        labels[dim] = 1 if votes[1] > votes[0] else 0
    return labels, "majority"


def assemble(out: Path = OUT_FILE, root: Path = ROOT) -> dict[str, int]:
    """Write the label file from every item with at least one judgment; return counts."""
    by_sku = {p["sku"]: p for p in products()}
    items = []
    for name in ("natural.jsonl", "written.jsonl"):
        if (root / "items" / name).exists():
            items += _read_jsonl(root / "items" / name)
    judgments = load_judgments(root)
    rows = []
    for item in sorted(items, key=lambda i: i["item_id"]):
        judged = judgments.get(item["item_id"])
        if not judged:
            continue
        labels, rule = resolve(judged)
        product = by_sku[item["sku"]]
        row: dict[str, Any] = {
            "event_id": item["item_id"],
            "brand": "default",
            "product": {
                "sku": item["sku"],
                "title": product["title"],
                "category": product["category"],
                "attributes": product["attributes"],
                "keywords": [],
            },
            "description": {
                "text": item["text"],
                "locale": "en-IN",
                "author": item.get("author", "flipkart-promptcloud"),
                "source": item["source"],
            },
            **{str(d): v for d, v in labels.items()},
            "split": split_for(item["sku"]),
            "resolution": rule,
            "judgments": [_provenance(j) for j in judged],
        }
        rows.append(row)
    _write_jsonl(out, rows)
    counts = Counter(r["resolution"] for r in rows)
    counts["rows"] = len(rows)
    print(json.dumps(dict(counts), sort_keys=True))
    return dict(counts)


def _provenance(judgment: dict[str, Any]) -> dict[str, Any]:
    return {
        "judge": judgment["judge"],
        "date": judgment["date"],
        "standard_version": judgment["standard_version"],
        "batch": judgment["batch"],
        "labels": {d: judgment[d] for d in DIMENSIONS},
        "why": {d: w for d, w in (judgment.get("why") or {}).items() if w},
        "unsure": judgment.get("unsure") or [],
    }


def judge_pairs(rows: list[dict[str, Any]]) -> dict[str, list[tuple[int, int]]]:
    """Per dimension, the (first, second) labels of every item judged at least twice."""
    pairs: dict[str, list[tuple[int, int]]] = {d: [] for d in DIMENSIONS}
    for row in rows:
        judged = row.get("judgments") or []
        if len(judged) >= 2:
            for dim in DIMENSIONS:
                pairs[dim].append((judged[0]["labels"][dim], judged[1]["labels"][dim]))
    return pairs


def card_stats(rows: list[dict[str, Any]]) -> str:
    """The dataset card's figures (docs/dataset.md) as markdown, from an assembled file."""
    from training.agreement import inter_judge

    lines = ["| source | split | rows | fail: " + " / ".join(DIMENSIONS) + " | acceptable |"]
    lines.append("| --- | --- | --- | --- | --- |")
    for source in ("natural", "written"):
        for split in ("train", "validation", "test"):
            part = [r for r in rows if r["description"]["source"] == source and r["split"] == split]
            if not part:
                continue
            fails = " / ".join(f"{sum(1 - r[d] for r in part) / len(part):.0%}" for d in DIMENSIONS)
            good = sum(all(r[d] for d in DIMENSIONS) for r in part) / len(part)
            lines.append(f"| {source} | {split} | {len(part)} | {fails} | {good:.0%} |")
    lines += [
        "",
        "| judged twice | n | " + " | ".join(DIMENSIONS) + " |",
        "| --- | --- |" + " --- |" * len(DIMENSIONS),
    ]
    for name, part in (
        ("natural", [r for r in rows if r["description"]["source"] == "natural"]),
        ("written", [r for r in rows if r["description"]["source"] == "written"]),
        ("all", rows),
    ):
        agreement = inter_judge(judge_pairs(part))
        n = agreement[DIMENSIONS[0]]["n"]
        cells = " | ".join(
            f"{agreement[d]['kappa']:.2f} ({agreement[d]['agreement']:.0%})" for d in DIMENSIONS
        )
        lines.append(f"| {name} | {n} | {cells} |")
    resolution = Counter(r["resolution"] for r in rows)
    judges = {j["judge"] for r in rows for j in r["judgments"]}
    unsure = Counter(d for r in rows for j in r["judgments"] for d in j["unsure"])
    lines += [
        "",
        f"Resolution: {dict(sorted(resolution.items()))}. Judges: {len(judges)}. "
        f"Judgments: {sum(len(r['judgments']) for r in rows)}. "
        f"Marked unsure: {dict(sorted(unsure.items()))}.",
    ]
    return "\n".join(lines) + "\n"
