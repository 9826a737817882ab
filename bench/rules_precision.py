"""Rules alone against the judged labels: flag precision and recall per dimension.

    .venv/bin/python bench/rules_precision.py [--data training/data/judged.jsonl] [--split dev|test]

A dimension is flagged when its rule result fails as the gate reads rules alone (score < 0.5 or
an `error` finding: `training.baselines.rules_only`); a judged 0 is a flag. `dev` is train +
validation, where rules may be adjusted; `test` is reported separately and never tuned on. With
`--rules` it also prints, per dimension, how often each rule's firing agrees with the judges
(the evidence for narrowing a rule; run it on `dev` only).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import numpy as np

from qualitygate.domain import DIMENSIONS
from training.baselines import rule_results, rules_only
from training.judged_eval import figures
from training.labels import read_label_file
from training.splits import assign_splits

DEFAULT_DATA = Path(__file__).resolve().parents[1] / "training" / "data" / "judged.jsonl"
TARGET_PRECISION = 0.85


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--rules", action="store_true", help="per-rule agreement (dev only)")
    args = parser.parse_args()
    splits = assign_splits(read_label_file(args.data))
    rows = splits["test"] if args.split == "test" else splits["train"] + splits["validation"]
    results = rule_results([r.draft for r in rows])
    output = rules_only(results)
    y = {d: np.array([r.labels[d] for r in rows]) for d in DIMENSIONS}
    fig = figures("rules_only", y, output.passed)
    print(f"{len(rows)} judged rows ({args.split}); flag = rules fail the dimension")
    print(f"{'dimension':14} {'precision':>9} {'recall':>7} {'flagged':>8} {'judged 0':>9}  target")
    for dim in DIMENSIONS:
        per = fig.dimensions[dim]
        ok = "ok" if per["precision"] >= TARGET_PRECISION else "BELOW"
        print(
            f"{dim:14} {per['precision']:9.3f} {per['recall']:7.3f} "
            f"{int(per['flag_rate'] * len(rows)):8d} {int(per['true_flag_rate'] * len(rows)):9d}"
            f"  {ok}"
        )
    if not args.rules:
        return
    if args.split == "test":
        raise SystemExit("--rules reads the judges' labels rule by rule: dev split only")
    for dim in DIMENSIONS:
        fired: Counter[str] = Counter()
        right: Counter[str] = Counter()
        for row, res in zip(rows, results, strict=True):
            for rule in {f"{f.rule}:{f.severity}" for f in res[dim].findings}:
                fired[rule] += 1
                right[rule] += row.labels[dim] == 0
        print(f"\n{dim}: rule:severity  fired  judged-fail share")
        for rule, n in fired.most_common():
            print(f"  {rule:40} {n:5d}  {right[rule] / n:.2f}")


if __name__ == "__main__":
    main()
