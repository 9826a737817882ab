"""How often each rule fires on Flipkart descriptions (the false-positive budget, docs/checks.md).

Reads only ../shared/data/flipkart_products_subset.jsonl.gz (never the held-out Amazon file) and
skips descriptions the data README marks as template-only ("Buy ... Cash On Delivery!") and empty
ones, so the table shows how the rules behave on real, non-template copy.

    .venv/bin/python bench/check_firing_rates.py [--examples RULE] [--markdown]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict

from qualitygate.checks import RuleEngine
from training.sources import flipkart_drafts

TEMPLATE_RE = re.compile(r"Cash On Delivery!?\s*$|^Buy .* for Rs", re.IGNORECASE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", help="print up to 15 findings of this rule")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
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
