"""Rule-based checks: one module per dimension, run together by a `RuleEngine`.

CONTRACT (the gate and the worker rely on it; the implementation behind it may change):

    engine = RuleEngine(config_dir=None)        # loads spaCy, category templates, brand guidelines once
    engine.guidelines("acme") -> BrandGuidelines # unknown brand -> the `default` house style
    engine.check_many(drafts) -> list[dict[Dimension, CheckResult]]   # batched (spaCy nlp.pipe)
    engine.check(draft) -> dict[Dimension, CheckResult]

Every dimension is present in each result dict; scores are in [0, 1], 1 = meets the standard.
"""
