"""How often each rule fires on Flipkart descriptions (the false-positive budget, docs/checks.md).

Reads only ../shared/data/flipkart_products_subset.jsonl.gz (never the held-out Amazon file) and
skips descriptions the data README marks as template-only ("Buy ... Cash On Delivery!") and empty
ones, so the table shows how the rules behave on real, non-template copy.

    .venv/bin/python bench/check_firing_rates.py [--examples RULE] [--markdown]
    .venv/bin/python bench/check_firing_rates.py --digest

`--digest` prints one SHA-256 over every finding and score of every Flipkart description
(template ones included) under every configured brand: run it on two checkouts to show that a
change (a speed-up) left the rules' output exactly as it was.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import re
from collections import Counter, defaultdict

from qualitygate.checks import RuleEngine
from training.sources import flipkart_drafts

TEMPLATE_RE = re.compile(r"Cash On Delivery!?\s*$|^Buy .* for Rs", re.IGNORECASE)


def digest(engine: RuleEngine) -> str:
    """SHA-256 of the rules' results on all Flipkart descriptions under every brand."""
    every = flipkart_drafts()
    drafts = [dataclasses.replace(d, brand=b) for b in engine.brands for d in every]
    sha = hashlib.sha256()
    for result in engine.check_many(drafts):
        row = {dim: dataclasses.asdict(res) for dim, res in result.items()}
        sha.update(json.dumps(row, sort_keys=True).encode() + b"\n")
    return f"{len(drafts)} results, sha256 {sha.hexdigest()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", help="print up to 15 findings of this rule")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--digest", action="store_true", help="print a digest of all findings")
    args = parser.parse_args()
    if args.digest:
        print(digest(RuleEngine()))
        return
    drafts = [d for d in flipkart_drafts() if d.text.strip() and not TEMPLATE_RE.search(d.text)]
    engine = RuleEngine()
    results = engine.check_many(drafts)
    fired: Counter[tuple[str, str, str]] = Counter()
    examples: defaultdict[str, list[str]] = defaultdict(list)
    for draft, result in zip(drafts, results, strict=True):
        seen: set[tuple[str, str, str]] = set()
        for dim, res in result.items():
            for f in res.findings:
                seen.add((dim, f.rule, f.severity))
                if f.rule == args.examples and len(examples[f.rule]) < 15:
                    where = draft.text[f.span[0] : f.span[1]][:80] if f.span else ""
                    examples[f.rule].append(f"{draft.product.title[:50]} | {f.message} | {where}")
        fired.update(seen)
    n = len(drafts)
    print(f"{n} non-template Flipkart descriptions\n")
    if args.markdown:
        print("| dimension | rule | severity | descriptions | rate |")
        print("| --- | --- | --- | ---: | ---: |")
    for (dimension, rule, sev), count in fired.most_common():
        if args.markdown:
            print(f"| {dimension} | {rule} | {sev} | {count} | {count / n:.1%} |")
        else:
            print(f"{dimension:13} {rule:24} {sev:8} {count:5} {count / n:7.1%}")
    for line in examples.get(args.examples or "", []):
        print(" -", line)


if __name__ == "__main__":
    main()
