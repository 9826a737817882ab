"""Stored version -> verdict: the step the service exists for, in one package.

    verdicts.py  claim the versions waiting together, score them in one batch, commit one verdict
                 each (idempotent: a verdict is unique per version)
    cache.py     the scorer a process serves, loaded once and following the model registry
    scorer.py    checks + model -> gate, for a batch of drafts; `load_model`
    gate.py      the policy: rule results + model probabilities -> pass/flag (a pure function)
    explain.py   a dimension failed by the model alone gets the sentence that drives it

The Celery task (tasks/score.py) and `qualitygate score` (cli/score.py) both call this package;
neither knows how scoring works. It imports neither Flask nor Celery.
"""
