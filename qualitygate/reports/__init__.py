"""Weekly quality metrics: SQL aggregates per ISO week and brand, files, charts and an HTML report.

Plain Python over a SQLAlchemy `Session`: nothing here imports Flask or Celery. The API view, the
CLI and the Monday beat task all call `export.export_week` (or `export.export_configured`).
"""
