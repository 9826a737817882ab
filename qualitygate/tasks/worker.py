"""Worker entry point: `celery -A qualitygate.tasks.worker worker`."""

from qualitygate.app import create_app

flask_app = create_app()
celery_app = flask_app.extensions["celery"]
