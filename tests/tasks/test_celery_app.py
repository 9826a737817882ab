"""Which workers warm the scorer (spaCy + model): only those that take scoring tasks."""

from __future__ import annotations

from pathlib import Path

from qualitygate.settings import load_settings
from qualitygate.tasks.celery_app import consumes
from tests.support.apps import second_app


def test_a_worker_routed_to_callbacks_does_not_consume_scoring(tmp_path: Path) -> None:
    settings = load_settings(env="test", data_dir=tmp_path, model_enabled=False)
    with second_app(settings) as app:
        celery = app.extensions["celery"]
        # No -Q: a worker consumes every queue, scoring included.
        assert consumes(celery, settings.task_queue)
        # `celery worker -Q callbacks` selects the callbacks queue alone before warming.
        celery.amqp.queues.select([settings.callback_queue])
        assert consumes(celery, settings.callback_queue)
        assert not consumes(celery, settings.task_queue)
