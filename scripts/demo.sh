#!/usr/bin/env bash
# The demo: database, data, the task worker (imports) and the web server.
# Ctrl-C stops both processes.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=config.settings.local
PY=.venv/bin/python
$PY manage.py migrate --noinput
$PY manage.py load_demo
$PY manage.py run_worker --no-startup-delay -v 0 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "Suivi: http://127.0.0.1:8000/  (Ctrl-C to stop)"
$PY manage.py runserver 127.0.0.1:8000
