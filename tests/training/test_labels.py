"""The label file: both formats parse, and every problem names its row, column and reason."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from training.labels import CSV_COLUMNS, LabelFileError, example_to_row, read_label_file

ROW = {
    "event_id": "e1",
    "brand": "acme",
    "product": {
        "sku": "SKU-1",
        "title": "Acme Cotton Shirt",
        "category": ["Clothing", "Shirts"],
        "attributes": {"Color": "Blue", "Fabric": "Cotton"},
        "keywords": ["cotton shirt"],
    },
    "description": {
        "text": "A blue cotton shirt.",
        "locale": "en-US",
        "author": "w",
        "source": "cms",
    },
    "completeness": 1,
    "readability": 1,
    "accuracy": 0,
    "brand_voice": 1,
    "seo": 1,
}


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_jsonl_round_trip(tmp_path: Path) -> None:
    [example] = read_label_file(write_jsonl(tmp_path / "l.jsonl", [ROW]))
    assert example.draft.product.attributes["Color"] == "Blue"
    assert example.labels["accuracy"] == 0
    assert example_to_row(example) == ROW


def test_csv_with_dotted_json_columns(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerow(
            {
                "event_id": "e1",
                "brand": "acme",
                "product.sku": "SKU-1",
                "product.title": "Acme Shirt",
                "product.category": '["Clothing"]',
                "product.attributes": '{"Color": "Blue"}',
                "product.keywords": '["shirt"]',
                "description.text": "A blue shirt.",
                "completeness": "1",
                "readability": "1",
                "accuracy": "1",
                "brand_voice": "0",
                "seo": "1",
                "split": "test",
            }
        )
    [example] = read_label_file(path)
    assert example.draft.product.category == ("Clothing",)
    assert example.labels["brand_voice"] == 0
    assert example.split == "test"


def test_every_problem_has_row_column_and_reason(tmp_path: Path) -> None:
    bad_label = {**ROW, "seo": 2}
    no_title = {**ROW, "product": {**ROW["product"], "title": ""}}  # type: ignore[dict-item]
    bad_split = {**ROW, "split": "dev"}
    path = tmp_path / "l.jsonl"
    path.write_text(
        json.dumps(ROW)
        + "\n"
        + json.dumps(bad_label)
        + "\n{oops\n"
        + json.dumps(no_title)
        + "\n"
        + json.dumps(bad_split)
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(LabelFileError) as err:
        read_label_file(path)
    found = {(i.row, i.column) for i in err.value.issues}
    assert found == {(2, "seo"), (3, "-"), (4, "product.title"), (5, "split")}
    assert "row 2, column 'seo': label 2 is not 0 or 1" in str(err.value)


def test_csv_bad_json_and_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text(
        "brand,product.sku,product.title,description.text,product.attributes,"
        "completeness,readability,accuracy,brand_voice,seo\n"
        "acme,S1,T,text,{not json},1,1,1,1,\n",
        encoding="utf-8",
    )
    with pytest.raises(LabelFileError) as err:
        read_label_file(path)
    found = {(i.row, i.column, i.why.split(" (")[0]) for i in err.value.issues}
    assert (2, "product.attributes", "not valid JSON") in found
    assert (2, "seo", "label is missing") in found

    header_only = tmp_path / "h.csv"
    header_only.write_text("brand,description.text\n", encoding="utf-8")
    with pytest.raises(LabelFileError) as err:
        read_label_file(header_only)
    assert (1, "product.sku") in {(i.row, i.column) for i in err.value.issues}


def test_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(LabelFileError, match="must end in .jsonl or .csv"):
        read_label_file(tmp_path / "labels.txt")


def test_shipped_demo_file_is_valid() -> None:
    examples = read_label_file(Path(__file__).parents[2] / "training" / "data" / "demo.jsonl")
    assert len(examples) >= 1200


JUDGED = {
    **ROW,
    "judgments": [
        {
            "judge": "judge-01",
            "date": "2026-11-30",
            "standard_version": 4,
            "labels": {
                "completeness": 1,
                "readability": 1,
                "accuracy": 0,
                "brand_voice": 1,
                "seo": 1,
            },
            "why": {"accuracy": "text says blue, Color is Red"},
            "unsure": [],
        }
    ],
}


def test_a_judged_row_loads_like_any_labelled_row(tmp_path: Path) -> None:
    (example,) = read_label_file(write_jsonl(tmp_path / "judged.jsonl", [JUDGED]))
    assert example.labels["accuracy"] == 0


def test_judged_provenance_problems_name_row_field_and_why(tmp_path: Path) -> None:
    judgment = dict(JUDGED["judgments"][0])  # type: ignore[index]
    judgment.pop("judge")
    judgment["labels"] = {**judgment["labels"], "seo": 0, "readability": "yes"}
    bad = {**JUDGED, "judgments": [judgment]}
    with pytest.raises(LabelFileError) as caught:
        read_label_file(
            write_jsonl(tmp_path / "bad.jsonl", [JUDGED, bad, {**ROW, "judgments": []}])
        )
    problems = {(i.row, i.column, i.why) for i in caught.value.issues}
    assert problems == {
        (2, "judgments[0].judge", "provenance is missing"),
        (2, "judgments[0].labels.readability", "expected 0 or 1"),
        (2, "judgments[0].why.seo", "a 0 needs a why"),
        (3, "judgments", "expected a non-empty list of judgments"),
    }
