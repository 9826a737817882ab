"""Celery, bound to Flask the canonical way (see celery_app.celery_init_app)."""
