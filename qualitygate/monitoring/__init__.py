"""Watching the gate in production: what "normal" looked like at training time (the reference),
drift of inputs and scores per brand and week, live accuracy from reviewers, and alerts.

Plain Python: the CLI, the API, the weekly export, the Prometheus collector and the beat task all
call the same functions (`health.brand_health`, `drift.compare`, `accuracy.live_accuracy`).
"""
