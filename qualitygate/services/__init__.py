"""Domain services: what the views and tasks call. No Flask or Celery here."""
