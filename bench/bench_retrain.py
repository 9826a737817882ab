"""Benchmark: retrain a brand's adapter from 300 new reviews (`qualitygate retrain --brand`).

    flock /tmp/qg-cpu.lock python bench/bench_retrain.py [--reviews 300] [--base-rows 300]
                                                         [--epochs 2] [--out var/bench/retrain]

A scratch SQLite database gets the shipped model as the active default and `--reviews` reviews
of brand `bench`: the shipped gate's verdicts on judged training rows (products in no evaluation
split), each reviewer ticking "gate wrong" where the judges disagree. Then one `retrain()` call
is timed: the training file, a LoRA challenger from the champion's weights (base rows + 80% of
the reviews, `--epochs`), thresholds on validation, champion and challenger scored on the
frozen test split and the 20% held-back reviews, the report, the registry.

Target: <= 3 minutes on this project's 2-core machine. Not a test: timings depend on load.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy.orm import Session

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from qualitygate import db  # noqa: E402
from qualitygate.db import Base  # noqa: E402
from qualitygate.services import model_registry  # noqa: E402
from tests.training import retrain_world as world  # noqa: E402
from training.retrain import RetrainConfig, retrain  # noqa: E402

TARGET_S = 180.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviews", type=int, default=300)
    parser.add_argument("--base-rows", type=int, default=300)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--out", default="var/bench/retrain")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        engine = db.make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        Base.metadata.create_all(engine)
        with Session(engine) as s:
            row = model_registry.register(s, world.DEFAULT)
            model_registry.activate(s, row.name)
            setup = time.perf_counter()
            world.reviews_of(
                s, world.DEFAULT, world.review_pool(args.reviews, "train"), brand="bench"
            )
            setup_s = time.perf_counter() - setup
            cfg = RetrainConfig(
                out=Path(tmp) / "challenger",
                brand="bench",
                base_rows=args.base_rows,
                epochs=args.epochs,
                progress=False,
            )
            started = time.perf_counter()
            result = retrain(s, cfg, world.DEFAULT)
            wall = time.perf_counter() - started
            report = (cfg.out / "comparison.md").read_text(encoding="utf-8")
        engine.dispose()
    record = {
        "reviews": args.reviews,
        "trained_on_reviews": result.trained_on,
        "held_back": result.held_back,
        "base_rows": args.base_rows,
        "epochs": args.epochs,
        "wall_time_s": round(wall, 1),
        "target_s": TARGET_S,
        "within_target": wall <= TARGET_S,
        "setup_s": round(setup_s, 1),
        "promote": result.decision.promote,
        "reasons": result.decision.reasons,
        "scores": result.scores,
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }
    (out / "bench_retrain.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    (out / "comparison.md").write_text(report, encoding="utf-8")
    print(json.dumps({k: v for k, v in record.items() if k != "scores"}, indent=1))


if __name__ == "__main__":
    main()
