"""The judged label format: judgments are checked, resolved, and load as a label file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.judged import JudgmentError, assemble, judge_pairs, resolve
from training.judging import check_judgment, products
from training.labels import read_label_file

GOOD = {
    "item_id": "n-X",
    "judge": "judge-01",
    "date": "2026-11-30",
    "standard_version": 4,
    "completeness": 0,
    "readability": 1,
    "accuracy": 1,
    "brand_voice": 1,
    "seo": 1,
    "why": {"completeness": "a company blurb: never says what the product is"},
    "unsure": [],
}


def test_a_good_judgment_has_no_problems() -> None:
    assert check_judgment(GOOD) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"why": {}}, "completeness is 0 but why.completeness is empty"),
        ({"seo": 2}, "seo must be 0 or 1, got 2"),
        ({"unsure": ["tone"]}, "unsure must be a list of dimension names"),
        ({"standard_version": 3}, "standard_version must be 4"),
    ],
)
def test_format_problems_are_named(change: dict[str, object], problem: str) -> None:
    assert problem in check_judgment({**GOOD, **change})


def test_missing_fields_and_unknown_items_are_named() -> None:
    row = {k: v for k, v in GOOD.items() if k != "judge"}
    assert "missing field 'judge'" in check_judgment(row)
    assert "unknown item_id 'n-X'" in check_judgment(GOOD, known={"n-Y"})


def _judgment(judge: str, **labels: int) -> dict[str, object]:
    row: dict[str, object] = {**GOOD, "judge": judge, "completeness": 1, "why": {}}
    row.update(labels)
    row["why"] = {d: "evidence" for d, v in labels.items() if v == 0}
    return row


def test_resolution_keeps_the_primary_judge_and_takes_a_majority_of_three() -> None:
    one = [_judgment("a", seo=0)]
    assert resolve(one) == (
        {**{d: 1 for d in ("completeness", "readability", "accuracy", "brand_voice")}, "seo": 0},
        "single",
    )
    labels, rule = resolve([_judgment("a", seo=0), _judgment("b", seo=0)])
    assert rule == "agreed" and labels["seo"] == 0
    labels, rule = resolve([_judgment("a", seo=0), _judgment("b")])
    assert rule == "primary" and labels["seo"] == 0
    labels, rule = resolve([_judgment("a", seo=0), _judgment("b"), _judgment("c")])
    assert rule == "majority" and labels["seo"] == 1


def _lay_out(root: Path, sku: str, judgments: dict[str, list[dict[str, object]]]) -> None:
    items = root / "items"
    items.mkdir(parents=True)
    item = {"item_id": f"n-{sku}", "sku": sku, "source": "natural", "text": "A cotton kurta."}
    (items / "natural.jsonl").write_text(json.dumps(item) + "\n", encoding="utf-8")
    for batch, rows in judgments.items():
        for row in rows:
            folder = root / "judgments" / str(row["judge"])
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{batch}.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")


def test_assembled_rows_load_through_the_label_file_reader(tmp_path: Path) -> None:
    sku = products()[0]["sku"]
    first = {**_judgment("judge-01", readability=0), "item_id": f"n-{sku}"}
    second = {**_judgment("judge-07"), "item_id": f"n-{sku}"}
    _lay_out(tmp_path / "judged", sku, {"n1-001": [first], "n2-001": [second]})
    out = tmp_path / "judged.jsonl"
    counts = assemble(out, tmp_path / "judged")
    assert counts == {"rows": 1, "primary": 1}
    row = json.loads(out.read_text(encoding="utf-8"))
    # Both judges' labels are kept side by side with their provenance, first judge first.
    assert [j["judge"] for j in row["judgments"]] == ["judge-01", "judge-07"]
    assert row["judgments"][0]["why"] == {"readability": "evidence"}
    assert row["judgments"][0]["standard_version"] == 4
    assert judge_pairs([row])["readability"] == [(0, 1)]
    (example,) = read_label_file(out)
    assert example.labels["readability"] == 0
    assert example.source == "natural"
    assert example.draft.product.sku == sku


def test_a_malformed_judgment_stops_assembly_with_file_and_line(tmp_path: Path) -> None:
    sku = products()[0]["sku"]
    bad = {**_judgment("judge-01", seo=0), "item_id": f"n-{sku}", "why": {}}
    _lay_out(tmp_path / "judged", sku, {"n1-001": [bad]})
    with pytest.raises(JudgmentError, match=r"n1-001.jsonl:1: seo is 0 but why.seo is empty"):
        assemble(tmp_path / "out.jsonl", tmp_path / "judged")


def test_judgments_are_ordered_first_second_third_whatever_the_names(tmp_path: Path) -> None:
    sku = products()[0]["sku"]
    rows = {
        "a3-001": [{**_judgment("judge-09", seo=0), "item_id": f"n-{sku}"}],
        "n2-001": [{**_judgment("judge-05", seo=0), "item_id": f"n-{sku}"}],
        "n1-001": [{**_judgment("judge-01"), "item_id": f"n-{sku}"}],
    }
    _lay_out(tmp_path / "judged", sku, rows)
    out = tmp_path / "judged.jsonl"
    assert assemble(out, tmp_path / "judged") == {"rows": 1, "majority": 1}
    row = json.loads(out.read_text(encoding="utf-8"))
    assert [j["batch"] for j in row["judgments"]] == ["n1-001", "n2-001", "a3-001"]
    assert row["seo"] == 0  # two of three judges fail it
