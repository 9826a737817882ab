#!/bin/sh
# Roles of the one QualityGate image. Everything is configured through QG_* variables.
# Sizing and the measured effect of each knob: docs/operations.md, "Scaling out".
set -eu
role="${1:-api}"
[ $# -gt 0 ] && shift
case "$role" in
  api)
    # gthread: a request waiting on PostgreSQL or Redis leaves the core to another thread.
    # Several API processes share the /metrics counters through one folder, emptied at start.
    export PROMETHEUS_MULTIPROC_DIR="${PROMETHEUS_MULTIPROC_DIR:-/tmp/qg-prometheus}"
    rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
    exec gunicorn --bind "0.0.0.0:${QG_PORT:-8000}" --workers "${QG_API_WORKERS:-2}" \
      --worker-class gthread --threads "${QG_API_THREADS:-4}" --worker-tmp-dir /dev/shm \
      --access-logfile - --logger-class qualitygate.gunicorn_logger.RedactingLogger \
      "qualitygate.app:create_app()" "$@" ;;
  worker)
    # Worker processes on one host split its cores: one torch/BLAS thread pool per process.
    concurrency="${QG_WORKER_CONCURRENCY:-1}"
    if [ -z "${OMP_NUM_THREADS:-}" ]; then
      threads=$(( $(nproc) / concurrency ))
      export OMP_NUM_THREADS=$(( threads > 0 ? threads : 1 ))
    fi
    exec celery -A qualitygate.tasks.worker worker --loglevel=INFO \
      --concurrency "$concurrency" "$@" ;;
  beat)    exec celery -A qualitygate.tasks.worker beat --loglevel=INFO \
             --schedule /data/celerybeat-schedule "$@" ;;
  migrate) exec qualitygate db upgrade "$@" ;;
  train)   exec qualitygate train "$@" ;;
  *)       exec "$role" "$@" ;;
esac
