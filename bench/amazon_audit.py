"""The rules on the held-out Amazon file: a firing-rate table and 50 findings drawn for reading.

    .venv/bin/python bench/amazon_audit.py [--write] [--seed 16] [--sample 50]
        [--out docs/amazon-audit-sample.md] [--exclude docs/amazon-audit-sample.md ...]

Evaluation only: nothing here chooses a rule, lexicon or threshold (training.sources refuses the
file to anything that is not evaluating). Products map to drafts the way the repo maps every
PromptCloud record (`training.sources.record_to_draft`: specs become attributes, the cleaned
description is the text), under the default brand with no SEO brief.

Prints the firing-rate table (per rule and severity: descriptions with at least one finding, over
the non-empty descriptions) and the share of descriptions each dimension fails on rules alone.
`--write` also puts the table into docs/checks.md (between the amazon-firing-rates markers) and
writes docs/amazon-audit-sample.md: `--sample` warning and error findings drawn at random with a
fixed seed, each with its rule, dimension, severity, message, cited span, the product's title,
attributes and full description, for someone other than the rules' author to judge. `--out`
names the sample file (default `amazon-audit-sample.md` for seed 16, else
`amazon-audit-sample-SEED.md`); `--exclude` (repeatable) leaves out of the draw every product
that an earlier sample file lists (matched on its title or its description as the file quotes
them), so a second sample (`--seed 2 --out docs/amazon-audit-sample-2.md --exclude
docs/amazon-audit-sample.md`) shows a reader only new products. The firing-rate table always
covers every product.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from pathlib import Path

from qualitygate.checks import RuleEngine
from qualitygate.checks.common import quote
from qualitygate.domain import DIMENSIONS, CheckResult, Dimension, Draft, Finding, Severity
from training.sources import HELD_OUT_FILE, load_records, record_to_draft, shared_data_dir

ROOT = Path(__file__).resolve().parents[1]
CHECKS_DOC = ROOT / "docs" / "checks.md"
SAMPLE_DOC = ROOT / "docs" / "amazon-audit-sample.md"
START, END = "<!-- amazon-firing-rates:start -->", "<!-- amazon-firing-rates:end -->"
# Attributes that are logistics, not the product: left out of the audit entries.
_LOGISTICS = frozenset({"asin", "domestic shipping", "international shipping", "shipping weight"})


def amazon_drafts() -> list[Draft]:
    """Every Amazon product as a draft (default brand, no brief)."""
    path = shared_data_dir() / HELD_OUT_FILE
    return [record_to_draft(r) for r in load_records(path, for_evaluation=True)]


def firing_table(drafts: list[Draft], results: list[dict[Dimension, CheckResult]]) -> str:
    """Markdown: per dimension the rules-alone fail rate, then per rule how often it fires."""
    n = len(drafts)
    fired: Counter[tuple[Dimension, str, Severity]] = Counter()
    failed: Counter[str] = Counter()
    for result in results:
        seen = {(d, f.rule, f.severity) for d, r in result.items() for f in r.findings}
        fired.update(seen)
        for dim, res in result.items():
            if res.score < 0.5 or any(f.severity == "error" for f in res.findings):
                failed[dim] += 1
    lines = [
        f"{n} Amazon descriptions (non-empty), default brand, no SEO brief.",
        "",
        "| dimension | fails on rules alone |",
        "| --- | ---: |",
        *(f"| {d} | {failed[d]} ({failed[d] / n:.1%}) |" for d in DIMENSIONS),
        "",
        "| dimension | rule | severity | descriptions | rate |",
        "| --- | --- | --- | ---: | ---: |",
    ]
    order = sorted(fired.items(), key=lambda kv: (DIMENSIONS.index(kv[0][0]), -kv[1], kv[0]))
    for (dim, rule, sev), count in order:
        lines.append(f"| {dim} | {rule} | {sev} | {count} | {count / n:.1%} |")
    return "\n".join(lines)


def _attributes(draft: Draft) -> str:
    items = [
        f"{k}: {v}"
        for k, v in draft.product.attributes.items()
        if k.strip().lower() not in _LOGISTICS
    ]
    return "; ".join(items) or "(none)"


def _entry(number: int, draft: Draft, finding: Finding) -> str:
    span = f"'{quote(draft.text, finding.span, 200)}'" if finding.span else "(whole text)"
    text = _one_line(draft.text)
    return "\n".join(
        [
            f"{number}. **{finding.rule}** ({finding.dimension}, {finding.severity})",
            f"   - message: {finding.message}",
            f"   - cited span: {span}",
            f"   - title: {draft.product.title}",
            f"   - category: {' > '.join(draft.product.category) or '(none)'}",
            f"   - attributes: {_attributes(draft)}",
            f"   - description: {text}",
        ]
    )


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def sampled_products(path: Path) -> set[str]:
    """The titles and descriptions an earlier sample file lists (as `_entry` writes them)."""
    keys = re.findall(
        r"^ {3}- (?:title|description): (.+)$", path.read_text(encoding="utf-8"), re.M
    )
    return {_one_line(k) for k in keys if k.strip()}


def audit_sample(
    drafts: list[Draft],
    results: list[dict[Dimension, CheckResult]],
    seed: int,
    size: int,
    exclude: set[str] | None = None,
) -> str:
    """Markdown: `size` warning/error findings drawn uniformly at random (fixed seed), leaving
    out the products whose title or description is in `exclude`."""
    exclude = exclude or set()
    kept = [
        (draft, result)
        for draft, result in zip(drafts, results, strict=True)
        if _one_line(draft.product.title) not in exclude and _one_line(draft.text) not in exclude
    ]
    pool = [
        (draft, f)
        for draft, result in kept
        for res in result.values()
        for f in res.findings
        if f.severity in ("error", "warning")
    ]
    picked = random.Random(seed).sample(pool, min(size, len(pool)))
    left_out = (
        f" ({len(drafts) - len(kept)} products of an earlier sample left out)"
        if len(kept) < len(drafts)
        else ""
    )
    head = f"""# Amazon audit sample: {len(picked)} rule findings for reading

Drawn by `bench/amazon_audit.py --write` (seed {seed}): uniformly at random among the
{len(pool)} warning and error findings the rules give on the {len(kept)} non-empty descriptions
of the held-out Amazon file{left_out} (default brand, no SEO brief).
Nothing was chosen or tuned on this file. The rules' author has not judged these entries:
they are for an independent reader, who marks each finding right or wrong against
docs/quality-standard.md (the issue's bar: at most 5 of 50 wrong).

Data: product text crawled from amazon.com by PromptCloud (Amazon Product Dataset 2020,
DataStock / Kaggle `promptcloud/amazon-product-dataset-2020`), redistributed here with credit to
PromptCloud under the dataset's terms (CC BY-SA 4.0 as published; see ../shared/data/README.md).
Logistics attributes (ASIN, shipping) are left out of each entry.

"""
    return head + "\n\n".join(_entry(i, d, f) for i, (d, f) in enumerate(picked, start=1)) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="update the two docs")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument(
        "--out",
        type=Path,
        help="the sample file to write (default: docs/amazon-audit-sample.md for seed 16, "
        "docs/amazon-audit-sample-SEED.md for another seed, so the first sample is kept)",
    )
    parser.add_argument(
        "--exclude",
        type=Path,
        action="append",
        default=[],
        help="an earlier sample file whose products are left out of the draw (repeatable)",
    )
    args = parser.parse_args()
    exclude: set[str] = set()
    for path in args.exclude:
        exclude |= sampled_products(path)
    drafts = [d for d in amazon_drafts() if d.text.strip()]
    results = RuleEngine().check_many(drafts)
    table = firing_table(drafts, results)
    print(table)
    if not args.write:
        return
    doc = CHECKS_DOC.read_text(encoding="utf-8")
    if START not in doc or END not in doc:
        raise SystemExit(f"{CHECKS_DOC}: the {START} / {END} markers are missing")
    head, rest = doc.split(START, 1)
    tail = rest.split(END, 1)[1]
    CHECKS_DOC.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")
    sample = audit_sample(drafts, results, args.seed, args.sample, exclude)
    default_out = SAMPLE_DOC.with_name(f"amazon-audit-sample-{args.seed}.md")
    out = (args.out or (SAMPLE_DOC if args.seed == 16 else default_out)).resolve()
    out.write_text(sample, encoding="utf-8")
    print(f"wrote {CHECKS_DOC.relative_to(ROOT)} and {out}")


if __name__ == "__main__":
    main()
