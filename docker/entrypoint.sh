#!/bin/sh
# Roles of the one QualityGate image. Everything is configured through QG_* variables.
set -eu
role="${1:-api}"
[ $# -gt 0 ] && shift
case "$role" in
  api)     exec gunicorn --bind "0.0.0.0:${QG_PORT:-8000}" --workers "${QG_API_WORKERS:-2}" \
             --access-logfile - "qualitygate.app:create_app()" "$@" ;;
  worker)  exec celery -A qualitygate.tasks.worker worker --loglevel=INFO \
             --concurrency "${QG_WORKER_CONCURRENCY:-1}" "$@" ;;
  beat)    exec celery -A qualitygate.tasks.worker beat --loglevel=INFO \
             --schedule /data/celerybeat-schedule "$@" ;;
  migrate) exec qualitygate db upgrade "$@" ;;
  train)   exec qualitygate train "$@" ;;
  *)       exec "$role" "$@" ;;
esac
