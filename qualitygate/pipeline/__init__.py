"""Stored version -> verdict: the step the service exists for, in one package.

    verdicts.py  the worker's side: the scorer this process serves (loaded once, following the
                 model registry's active versions), claiming the versions waiting together,
                 scoring them in one batch and committing one verdict each (idempotent: a
                 verdict is unique per version)
    gate.py      drafts -> verdicts: checks + model (`Scorer`), the policy (`decide`, a pure
                 function), and the passage behind a fail the rules do not explain (`explain`)

The Celery task (tasks/verdicts.py) and `qualitygate score` (cli/score.py) both call this package;
neither knows how scoring works. It imports neither Flask nor Celery.
"""
