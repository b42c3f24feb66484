#!/usr/bin/env bash
# The whole suite on SQLite, then on PostgreSQL. Called by `make test` (and so by .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
# Two workers on the two-core machines this runs on; PYTEST_WORKERS=0 runs in one process.
WORKERS="${PYTEST_WORKERS:-2}"

scripts/ensure-chromium.sh

echo "== test suite on SQLite"
env -u DATABASE_URL "$BIN/pytest" -n "$WORKERS" "$@"

TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
if "$BIN/python" - "$TEST_DATABASE_URL" <<'PY'
import sys
import psycopg
import dj_database_url
cfg = dj_database_url.parse(sys.argv[1])
try:
    psycopg.connect(dbname=cfg["NAME"], user=cfg["USER"] or None, password=cfg["PASSWORD"] or None,
                    host=cfg["HOST"] or None, port=cfg["PORT"] or None, connect_timeout=5).close()
except Exception as exc:
    print(f"PostgreSQL at {sys.argv[1]} is unreachable: {exc}".strip())
    sys.exit(1)
PY
then
  echo "== test suite on PostgreSQL ($TEST_DATABASE_URL)"
  DATABASE_URL="$TEST_DATABASE_URL" "$BIN/pytest" -n "$WORKERS" "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "FAIL: PostgreSQL is required under CI=true; set TEST_DATABASE_URL or start PostgreSQL." >&2
  exit 1
else
  echo "SKIPPED: the PostgreSQL pass (no server at TEST_DATABASE_URL=$TEST_DATABASE_URL)."
fi
