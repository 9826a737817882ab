"""Worker entry point: `celery -A qualitygate.tasks.worker worker`."""

from qualitygate import tasks as _tasks  # noqa: F401
from qualitygate.app import create_app
from qualitygate.tasks import runtime as _runtime  # noqa: F401  (connects the worker signals)

flask_app = create_app()
celery_app = flask_app.extensions["celery"]
