"""Rules throughput on one core: all five dimensions over the Flipkart descriptions.

    .venv/bin/python bench/bench_checks.py [--repeat 3]

Prints descriptions per second for spaCy parsing alone, the rules alone and both together.
Thread pools are pinned to one thread so the number means "one core".
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import time  # noqa: E402

from qualitygate.checks import RuleEngine  # noqa: E402
from qualitygate.checks.text import analyse_many  # noqa: E402
from training.sources import flipkart_drafts  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    drafts = [d for d in flipkart_drafts() if d.text.strip()]
    texts = [d.text for d in drafts]
    words = sum(len(t.split()) for t in texts)
    engine = RuleEngine()
    engine.check_many(drafts[:64])  # warm-up: lazy tables, caches
    best_parse = best_rules = best_total = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        analyses = analyse_many(engine.nlp, texts)
        t1 = time.perf_counter()
        for draft, analysis in zip(drafts, analyses, strict=True):
            engine.check_analysed(draft, analysis)
        t2 = time.perf_counter()
        engine.check_many(drafts)
        t3 = time.perf_counter()
        best_parse = min(best_parse, t1 - t0)
        best_rules = min(best_rules, t2 - t1)
        best_total = min(best_total, t3 - t2)
    n = len(drafts)
    print(f"{n} Flipkart descriptions, {words / n:.0f} words on average; best of {args.repeat}")
    print(f"spaCy parse ({', '.join(engine.nlp.pipe_names)}): {n / best_parse:7.1f} desc/s")
    print(f"rules only:                  {n / best_rules:7.1f} desc/s")
    print(f"check_many (parse + rules):  {n / best_total:7.1f} desc/s")


if __name__ == "__main__":
    main()
