"""Benchmark: LoRA (or full) fine-tuning on 1,200 training examples for 3 epochs.

    python bench/bench_training.py [--mode lora|full] [--examples 1200] [--epochs 3]
                                   [--precision auto|fp32|bf16]

Run it once with `--precision fp32` for the baseline (no autocast) beside the default `auto`.

Budget: <= 6 minutes on a 2-core CPU. Not a test: timings depend on the machine and its load.
Wall time covers everything `qualitygate train` does (load, tokenize, train, validate each epoch,
choose thresholds, score the test split, save).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import torch

from training.config import TrainConfig
from training.train import train

BUDGET_S = 360.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["lora", "full"], default="lora")
    parser.add_argument("--examples", type=int, default=1200)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--data", default="training/data/demo.jsonl")
    parser.add_argument("--out", default="var/bench")
    parser.add_argument("--precision", choices=["auto", "fp32", "bf16"], default="auto")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    cfg = TrainConfig(
        data=args.data,
        out=f"{args.out}/{args.mode}",
        mode=args.mode,
        epochs=args.epochs,
        limit=args.examples,
        patience=args.epochs,
        version=f"bench-{args.mode}",
        precision=args.precision,
    )
    started = time.perf_counter()
    result = train(cfg)
    wall = time.perf_counter() - started
    report = {
        "mode": args.mode,
        "precision": cfg.precision,
        "train_examples": result.sizes["train"],
        "epochs_run": result.epochs_run,
        "wall_time_s": round(wall, 1),
        "examples_per_s": round(result.sizes["train"] * result.epochs_run / wall, 2),
        "budget_s": BUDGET_S,
        "within_budget": wall <= BUDGET_S,
        "torch_threads": torch.get_num_threads(),
        "cpu_count": os.cpu_count(),
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "validation_macro_f1": round(result.validation["macro_f1"], 4),
        "test_macro_f1_model_alone": round(result.test.get("macro_f1", float("nan")), 4),
    }
    Path(args.out).mkdir(parents=True, exist_ok=True)
    (Path(args.out) / f"bench_{args.mode}_{cfg.precision}.json").write_text(
        json.dumps(report, indent=2) + "\n"
    )
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
