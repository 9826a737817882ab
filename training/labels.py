"""Labelled-file format: one description per row, the webhook's fields plus five 0/1 labels.

JSONL rows look like the webhook body plus labels:

    {"event_id": "...", "brand": "acme",
     "product": {"sku": "...", "title": "...", "category": ["..."], "attributes": {"k": "v"},
                 "keywords": ["..."]},
     "description": {"text": "...", "locale": "en-US", "author": "...", "source": "..."},
     "completeness": 1, "readability": 1, "accuracy": 0, "brand_voice": 1, "seo": 1,
     "split": "train"}

A judged file (`training/data/judged.jsonl`) adds `judgments`: every judge's labels with their
provenance (judge, date, standard version, a why for each 0), checked here too.

CSV uses dotted column names (`product.title`, `description.text`, ...); list and dict columns
(`product.category`, `product.attributes`, `product.keywords`) hold JSON. `split` is optional.
Every problem is reported with its row, column and reason; nothing is silently skipped.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qualitygate.domain import DIMENSIONS, Dimension, Draft, Product

SPLITS = ("train", "validation", "test")
REQUIRED = ("brand", "product.sku", "product.title", "description.text")
CSV_COLUMNS = (
    "event_id",
    "brand",
    "product.sku",
    "product.title",
    "product.category",
    "product.attributes",
    "product.keywords",
    "description.text",
    "description.locale",
    "description.author",
    "description.source",
    *DIMENSIONS,
    "split",
)
MAX_REPORTED = 20


@dataclass(frozen=True, slots=True)
class LabelledDraft:
    """One row of a label file."""

    event_id: str
    draft: Draft
    labels: dict[Dimension, int]
    split: str | None = None
    author: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class LabelIssue:
    row: int
    column: str
    why: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.why}"


class LabelFileError(ValueError):
    """A label file with problems; `issues` lists every one (row, column, why)."""

    def __init__(self, path: Path, issues: list[LabelIssue]) -> None:
        self.path = path
        self.issues = issues
        shown = "\n".join(f"  {i}" for i in issues[:MAX_REPORTED])
        more = (
            f"\n  ... and {len(issues) - MAX_REPORTED} more" if len(issues) > MAX_REPORTED else ""
        )
        super().__init__(f"{path}: {len(issues)} problem(s)\n{shown}{more}")


def _flatten(row: dict[str, Any]) -> dict[str, Any]:
    """JSONL nesting -> the dotted names CSV uses, so both formats share one validator."""
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if key in ("product", "description") and isinstance(value, dict):
            for sub, sub_value in value.items():
                flat[f"{key}.{sub}"] = sub_value
        else:
            flat[key] = value
    return flat


def _json_column(value: Any, column: str, kind: type, issues: list[LabelIssue], row: int) -> Any:
    if value is None or value == "":
        return kind()
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            issues.append(LabelIssue(row, column, f"not valid JSON ({exc.msg})"))
            return kind()
    if not isinstance(value, kind):
        issues.append(LabelIssue(row, column, f"expected a JSON {kind.__name__}"))
        return kind()
    return value


def _label(value: Any, column: str, issues: list[LabelIssue], row: int) -> int:
    text = str(value).strip() if value is not None else ""
    if text == "":
        issues.append(LabelIssue(row, column, "label is missing (expected 0 or 1)"))
    elif text in ("0", "1", "0.0", "1.0") or value is True or value is False:
        return int(float(text)) if not isinstance(value, bool) else int(value)
    else:
        issues.append(LabelIssue(row, column, f"label {value!r} is not 0 or 1"))
    return 0


def parse_row(raw: dict[str, Any], row: int, issues: list[LabelIssue]) -> LabelledDraft | None:
    """Validate one row (dotted or nested); append issues and return None if it is unusable."""
    flat = _flatten(raw)
    before = len(issues)
    for column in REQUIRED:
        value = flat.get(column)
        if not isinstance(value, str) or (column != "description.text" and not value.strip()):
            issues.append(LabelIssue(row, column, "required text is missing"))
    category = _json_column(flat.get("product.category"), "product.category", list, issues, row)
    attributes = _json_column(
        flat.get("product.attributes"), "product.attributes", dict, issues, row
    )
    keywords = _json_column(flat.get("product.keywords"), "product.keywords", list, issues, row)
    labels = {dim: _label(flat.get(dim), dim, issues, row) for dim in DIMENSIONS}
    _check_judgments(flat.get("judgments"), issues, row)
    split = flat.get("split") or None
    if split is not None and split not in SPLITS:
        issues.append(LabelIssue(row, "split", f"{split!r} is not one of {', '.join(SPLITS)}"))
    if len(issues) > before:
        return None
    product = Product(
        sku=str(flat["product.sku"]),
        title=str(flat["product.title"]),
        category=tuple(str(c) for c in category),
        attributes={str(k): str(v) for k, v in attributes.items()},
        keywords=tuple(str(k) for k in keywords),
    )
    draft = Draft(
        brand=str(flat["brand"]),
        product=product,
        text=str(flat["description.text"]),
        locale=str(flat.get("description.locale") or "en-US"),
    )
    return LabelledDraft(
        event_id=str(flat.get("event_id") or f"row-{row}"),
        draft=draft,
        labels=labels,
        split=split,
        author=str(flat.get("description.author") or ""),
        source=str(flat.get("description.source") or ""),
    )


def _check_judgments(value: Any, issues: list[LabelIssue], row: int) -> None:
    """Judged files (docs/dataset.md) carry each judge's labels with provenance; check them."""
    if value is None:
        return
    if not isinstance(value, list) or not value:
        issues.append(LabelIssue(row, "judgments", "expected a non-empty list of judgments"))
        return
    for i, judgment in enumerate(value):
        column = f"judgments[{i}]"
        if not isinstance(judgment, dict):
            issues.append(LabelIssue(row, column, "expected an object"))
            continue
        for name in ("judge", "date", "standard_version"):
            if judgment.get(name) in (None, ""):
                issues.append(LabelIssue(row, f"{column}.{name}", "provenance is missing"))
        raw_labels, raw_why = judgment.get("labels"), judgment.get("why")
        labels: dict[str, Any] = raw_labels if isinstance(raw_labels, dict) else {}
        why: dict[str, Any] = raw_why if isinstance(raw_why, dict) else {}
        for dim in DIMENSIONS:
            if labels.get(dim) not in (0, 1):
                issues.append(LabelIssue(row, f"{column}.labels.{dim}", "expected 0 or 1"))
            elif labels[dim] == 0 and not str(why.get(dim) or "").strip():
                issues.append(LabelIssue(row, f"{column}.why.{dim}", "a 0 needs a why"))


def _jsonl_rows(path: Path, issues: list[LabelIssue]) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                issues.append(LabelIssue(number, "-", f"not valid JSON ({exc.msg})"))
                continue
            if not isinstance(obj, dict):
                issues.append(LabelIssue(number, "-", "a row must be a JSON object"))
                continue
            yield number, obj


def _csv_rows(path: Path, issues: list[LabelIssue]) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in (*REQUIRED, *DIMENSIONS) if c not in (reader.fieldnames or [])]
        for column in missing:
            issues.append(LabelIssue(1, column, "column is missing from the header"))
        if missing:
            return
        # Row numbers match a spreadsheet: the header is row 1.
        for number, row in enumerate(reader, start=2):
            yield number, dict(row)


def read_label_file(path: str | Path) -> list[LabelledDraft]:
    """Read and validate a .jsonl or .csv label file; raise LabelFileError listing every problem."""
    path = Path(path)
    issues: list[LabelIssue] = []
    if path.suffix not in (".jsonl", ".csv"):
        raise LabelFileError(path, [LabelIssue(0, "-", "file must end in .jsonl or .csv")])
    rows = _csv_rows(path, issues) if path.suffix == ".csv" else _jsonl_rows(path, issues)
    examples = [ex for number, raw in rows if (ex := parse_row(raw, number, issues)) is not None]
    if not examples and not issues:
        issues.append(LabelIssue(0, "-", "the file holds no rows"))
    if issues:
        raise LabelFileError(path, issues)
    return examples


def example_to_row(example: LabelledDraft) -> dict[str, Any]:
    """The nested JSONL row for one example (the inverse of `parse_row`)."""
    product = example.draft.product
    row: dict[str, Any] = {
        "event_id": example.event_id,
        "brand": example.draft.brand,
        "product": {
            "sku": product.sku,
            "title": product.title,
            "category": list(product.category),
            "attributes": dict(product.attributes),
            "keywords": list(product.keywords),
        },
        "description": {
            "text": example.draft.text,
            "locale": example.draft.locale,
            "author": example.author,
            "source": example.source,
        },
    }
    for dim, value in example.labels.items():
        row[dim] = value
    if example.split is not None:
        row["split"] = example.split
    return row


def write_jsonl(path: Path, examples: Iterable[LabelledDraft]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for example in examples:
            fh.write(json.dumps(example_to_row(example), ensure_ascii=False, sort_keys=True) + "\n")
