"""Rules throughput on one core: all five dimensions over the Flipkart descriptions.

    .venv/bin/python bench/bench_checks.py [--repeat 5]

Prints descriptions per second (median and range over the repeats) for spaCy parsing alone, the
rules alone and both together (`check_many`, the target: >= 250 desc/s, issue 16), and, as the
baseline measured in the same run, `check_many` with spaCy's stock attribute_ruler Matcher
instead of `checks.nlp.ruler_index`. Thread pools are pinned to one thread so the number means
"one core"; the load average is printed because other jobs on the machine skew the figures.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

from spacy.pipeline import AttributeRuler  # noqa: E402

from qualitygate.checks import RuleEngine  # noqa: E402
from qualitygate.checks.text import analyse_many  # noqa: E402
from training.sources import flipkart_drafts  # noqa: E402


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    drafts = [d for d in flipkart_drafts() if d.text.strip()]
    texts = [d.text for d in drafts]
    words = sum(len(t.split()) for t in texts)
    engine = RuleEngine()
    ruler = engine.nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    indexed = vars(ruler).get("match")
    engine.check_many(drafts[:64])  # warm-up: lazy tables, caches
    times: dict[str, list[float]] = {"parse": [], "rules": [], "total": [], "baseline": []}
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        analyses = analyse_many(engine.nlp, texts)
        t1 = time.perf_counter()
        for draft, analysis in zip(drafts, analyses, strict=True):
            engine.check_analysed(draft, analysis)
        t2 = time.perf_counter()
        del analyses
        times["parse"].append(t1 - t0)
        times["rules"].append(t2 - t1)
        times["total"].append(_timed(lambda: engine.check_many(drafts)))
        if indexed is not None:
            del ruler.match  # back to the class's Matcher-based match
            times["baseline"].append(_timed(lambda: engine.check_many(drafts)))
            vars(ruler)["match"] = indexed  # put the instance's indexed match back
    n = len(drafts)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{n} Flipkart descriptions, {words / n:.0f} words on average; {args.repeat} runs")
    print(f"load average at the end: {load}")
    print(f"{'desc/s':44} {'median':>8} {'min':>8} {'max':>8}")
    labels = {
        "parse": f"spaCy parse ({', '.join(engine.nlp.pipe_names)})",
        "rules": "rules only, all five dimensions",
        "total": "check_many (parse + rules)",
        "baseline": "check_many, stock attribute_ruler Matcher",
    }
    for key, label in labels.items():
        rates = [n / t for t in times[key]]
        if rates:
            med, lo, hi = statistics.median(rates), min(rates), max(rates)
            print(f"{label:44} {med:8.1f} {lo:8.1f} {hi:8.1f}")


if __name__ == "__main__":
    main()
