"""Human judgment of descriptions against the written standard: work files in, label file out.

A content team labels one description at a time, blind, against `docs/quality-standard.md`. This
module only lays out the work and assembles what the judges wrote; it never sets a label.

    python -m training.judging prepare    # blind batches of natural Flipkart text + writers' lists
    python -m training.judging batch-written  # blind batches of the writers' copy, once written
    python -m training.judging adjudicate # blind batches of the items two judges disagree on
    python -m training.judging check FILE # a judge's own file: format only (ids, 0/1, a why per 0)
    python -m training.judging assemble   # every judgment -> training/data/judged.jsonl
    python -m training.judging stats      # the dataset card's figures (docs/dataset.md)

Files under `training/data/judged/`:

- `batches/<id>.md`: what a judge saw: title, category, attributes and the description, nothing
  else (no gate verdict, no writer's intent). `n1-*` natural first judgment, `w1-*` written;
  the `*2-*` batches are the same items again for a second, independent judge; `a3-*` are the
  items two judges disagree on, for a third judge who has seen neither judgment.
- `writing/<id>.md` and `written/<id>.jsonl`: the writers' work lists and their copy; the
  writers' own notes on what they meant (`written/notes/`) are never shown to a judge.
- `judgments/<judge>/<batch>.jsonl`: one judgment per line, see `JUDGMENT_FIELDS`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from qualitygate.domain import DIMENSIONS
from training.sources import FLIPKART_FILE, load_records, shared_data_dir
from training.splits import split_for

ROOT = Path(__file__).resolve().parent / "data" / "judged"
OUT_FILE = Path(__file__).resolve().parent / "data" / "judged.jsonl"
STANDARD_VERSION = 4
BATCH_SIZE = 10
# Items judged twice, per source (the issue asks for at least 300 of each kind).
SECOND_JUDGED = {"natural": 320, "written": 320}
WRITTEN_TOTAL = 600
# Categories the field case calls "fashion": at most two thirds of the written copy.
FASHION = ("Clothing", "Footwear", "Jewellery")
JUDGMENT_FIELDS = ("item_id", "judge", "date", "standard_version", *DIMENSIONS, "why", "unsure")
SPLIT_ORDER = {"test": 0, "validation": 1, "train": 2}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def products() -> list[dict[str, Any]]:
    """Flipkart products as judges and writers see them: sku, title, category, attributes."""
    out = []
    for record in load_records(shared_data_dir() / FLIPKART_FILE):
        attributes = {str(k): str(v) for k, v in (record.get("specs") or {}).items()}
        if record.get("brand") and "Brand" not in attributes:
            attributes["Brand"] = str(record["brand"])
        out.append(
            {
                "sku": str(record["extra"]["pid"]),
                "title": record["title"],
                "category": list(record.get("category") or []),
                "attributes": attributes,
                "text": record.get("description") or "",
            }
        )
    return out


def _ordered(items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Test products first, then validation, then train; shuffled by hash inside each split.

    Second judgments take the first batches, so the evaluation splits are all judged twice.
    """
    return sorted(
        items, key=lambda i: (SPLIT_ORDER[split_for(i["sku"])], _digest("order:" + i["item_id"]))
    )


def render_item(item: dict[str, Any], product: dict[str, Any]) -> str:
    attrs = "\n".join(f"- {k}: {v}" for k, v in product["attributes"].items()) or "- (none)"
    return (
        f"## item {item['item_id']}\n\n"
        f"**Title:** {product['title']}\n\n"
        f"**Category:** {' > '.join(product['category']) or '(none)'}\n\n"
        f"**Attributes:**\n{attrs}\n\n"
        "**Target keywords:** none (no SEO brief)\n\n"
        f"**Description:**\n\n{item['text']}\n"
    )


def write_batches(prefix: str, items: list[dict[str, Any]], by_sku: dict[str, Any]) -> list[str]:
    """Write items in batches of BATCH_SIZE as markdown; return the batch ids."""
    (ROOT / "batches").mkdir(parents=True, exist_ok=True)
    ids = []
    for start in range(0, len(items), BATCH_SIZE):
        batch_id = f"{prefix}-{start // BATCH_SIZE + 1:03d}"
        chunk = items[start : start + BATCH_SIZE]
        body = "\n---\n\n".join(render_item(i, by_sku[i["sku"]]) for i in chunk)
        header = (
            f"# Batch {batch_id}: {len(chunk)} descriptions to judge\n\n"
            f"Judge each against the quality standard (version {STANDARD_VERSION}), "
            "brand: default.\n\n"
        )
        (ROOT / "batches" / f"{batch_id}.md").write_text(header + body, encoding="utf-8")
        ids.append(batch_id)
    return ids


def prepare() -> None:
    """Natural batches (every non-empty description) and the writers' work lists."""
    catalogue = products()
    by_sku = {p["sku"]: p for p in catalogue}
    natural = [
        {"item_id": f"n-{p['sku']}", "sku": p["sku"], "source": "natural", "text": p["text"]}
        for p in catalogue
        if p["text"].strip()
    ]
    natural = _ordered(natural)
    (ROOT / "items").mkdir(parents=True, exist_ok=True)
    _write_jsonl(ROOT / "items" / "natural.jsonl", natural)
    first = write_batches("n1", natural, by_sku)
    second = write_batches("n2", natural[: SECOND_JUDGED["natural"]], by_sku)
    # Writers get every product outside fashion (with attributes) and fashion up to 600 in all.
    with_attrs = [p for p in catalogue if p["attributes"]]
    other = [p for p in with_attrs if p["category"][:1] and p["category"][0] not in FASHION]
    fashion = [p for p in with_attrs if p not in other]
    fashion.sort(key=lambda p: _digest("write:" + p["sku"]))
    chosen = other + fashion[: WRITTEN_TOTAL - len(other)]
    chosen.sort(key=lambda p: _digest("list:" + p["sku"]))
    (ROOT / "writing").mkdir(parents=True, exist_ok=True)
    for start in range(0, len(chosen), BATCH_SIZE):
        list_id = f"wl-{start // BATCH_SIZE + 1:03d}"
        chunk = chosen[start : start + BATCH_SIZE]
        body = "\n---\n\n".join(_render_product(p) for p in chunk)
        (ROOT / "writing" / f"{list_id}.md").write_text(
            f"# Writing list {list_id}: {len(chunk)} products\n\n{body}", encoding="utf-8"
        )
    print(f"natural: {len(natural)} items, {len(first)} + {len(second)} batches")
    print(f"writing: {len(chosen)} products ({len(other)} outside fashion)")


def _render_product(p: dict[str, Any]) -> str:
    attrs = "\n".join(f"- {k}: {v}" for k, v in p["attributes"].items())
    return (
        f"## product {p['sku']}\n\n**Title:** {p['title']}\n\n"
        f"**Category:** {' > '.join(p['category'])}\n\n**Attributes:**\n{attrs}\n"
    )


def written_items() -> list[dict[str, Any]]:
    items = []
    for path in sorted((ROOT / "written").glob("wl-*.jsonl")):
        for row in _read_jsonl(path):
            items.append(
                {
                    "item_id": row["item_id"],
                    "sku": row["sku"],
                    "source": "written",
                    "text": row["text"],
                    "author": row["writer"],
                    "written_on": row["date"],
                }
            )
    return items


def batch_written() -> None:
    """Blind batches of the writers' copy, written after the copy exists."""
    by_sku = {p["sku"]: p for p in products()}
    items = _ordered(written_items())
    _write_jsonl(ROOT / "items" / "written.jsonl", items)
    first = write_batches("w1", items, by_sku)
    second = write_batches("w2", items[: SECOND_JUDGED["written"]], by_sku)
    print(f"written: {len(items)} items, {len(first)} + {len(second)} batches")


def adjudicate() -> None:
    """Blind batches (`a3-*`) of every item whose two judgments disagree on any dimension."""
    from training.judged import load_judgments

    by_sku = {p["sku"]: p for p in products()}
    items = {
        i["item_id"]: i
        for name in ("natural.jsonl", "written.jsonl")
        for i in _read_jsonl(ROOT / "items" / name)
    }
    disputed = [
        items[item_id]
        for item_id, judged in sorted(load_judgments().items())
        if len(judged) == 2 and any(judged[0][d] != judged[1][d] for d in DIMENSIONS)
    ]
    ids = write_batches("a3", _ordered(disputed), by_sku)
    print(f"disputed: {len(disputed)} items, {len(ids)} batches")


def check_judgment(row: dict[str, Any], known: set[str] | None = None) -> list[str]:
    """Format problems of one judgment line (never its content)."""
    problems = []
    for name in JUDGMENT_FIELDS:
        if name not in row:
            problems.append(f"missing field {name!r}")
    if known is not None and row.get("item_id") not in known:
        problems.append(f"unknown item_id {row.get('item_id')!r}")
    raw_why = row.get("why")
    why: dict[str, Any] = raw_why if isinstance(raw_why, dict) else {}
    for dim in DIMENSIONS:
        if row.get(dim) not in (0, 1):
            problems.append(f"{dim} must be 0 or 1, got {row.get(dim)!r}")
        elif row[dim] == 0 and not str(why.get(dim) or "").strip():
            problems.append(f"{dim} is 0 but why.{dim} is empty")
    unsure = row.get("unsure")
    if not isinstance(unsure, list) or any(u not in DIMENSIONS for u in unsure):
        problems.append("unsure must be a list of dimension names")
    if row.get("standard_version") != STANDARD_VERSION:
        problems.append(f"standard_version must be {STANDARD_VERSION}")
    return problems


def check_file(path: Path) -> int:
    known = _known_items()
    bad = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            print(f"line {number}: not JSON ({exc.msg})")
            bad += 1
            continue
        for problem in check_judgment(row, known or None):
            print(f"line {number}: {problem}")
            bad += 1
    print("ok" if not bad else f"{bad} problem(s)")
    return 1 if bad else 0


def _known_items() -> set[str]:
    ids: set[str] = set()
    for name in ("natural.jsonl", "written.jsonl"):
        path = ROOT / "items" / name
        if path.exists():
            ids.update(r["item_id"] for r in _read_jsonl(path))
    return ids


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.judging", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("prepare")
    sub.add_parser("batch-written")
    sub.add_parser("adjudicate")
    check = sub.add_parser("check")
    check.add_argument("file", type=Path)
    sub.add_parser("assemble")
    sub.add_parser("stats")
    args = parser.parse_args(argv)
    if args.command == "prepare":
        prepare()
    elif args.command == "batch-written":
        batch_written()
    elif args.command == "adjudicate":
        adjudicate()
    elif args.command == "check":
        return check_file(args.file)
    elif args.command == "stats":
        from training.judged import card_stats

        print(card_stats(_read_jsonl(OUT_FILE)), end="")
    elif args.command == "assemble":
        from training.judged import assemble

        assemble()
    return 0


if __name__ == "__main__":
    sys.exit(main())
