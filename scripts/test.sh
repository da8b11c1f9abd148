#!/usr/bin/env bash
# The whole test run, as CI does it:
#   system packages (PostgreSQL, Chromium, gettext) from Debian when missing,
#   ruff and mypy, the suite on SQLite, the suite on a throw-away PostgreSQL
#   cluster on loopback, then the browser tests in Debian's Chromium.
# Exits non-zero on the first failure; the cluster is always removed.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=config.settings.test
PYTEST=("$BIN/pytest" -q -p no:schemathesis)

need_apt=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v msgfmt >/dev/null || need_apt+=(gettext)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing from Debian: ${need_apt[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

echo "== ruff"
"$BIN/ruff" check .
echo "== mypy"
"$BIN/mypy" suivi

echo "== pytest on SQLite"
"${PYTEST[@]}" -m "not browser"

echo "== pytest on PostgreSQL"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGPORT=${SUIVI_TEST_PGPORT:-54329}
PGDATA=$(mktemp -d -t suivi-pg.XXXXXX)
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDATA"
stop_cluster() {
  (cd / && as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1) || true
  rm -rf "$PGDATA"
}
trap stop_cluster EXIT
(
  cd /  # the postgres user must be able to read the working directory
  as_postgres "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
    -o "-k $PGDATA -p $PGPORT -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
)
DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/suivi" "${PYTEST[@]}" -m "not browser"

echo "== browser tests (Chromium)"
"${PYTEST[@]}" -m browser
echo "== all tests passed"
