#!/usr/bin/env bash
# The test suite behind `make test` and `make test-dates`.
#
#   scripts/test.sh            architecture contract, lint, the whole suite on SQLite, then the database tests
#                              (tests/web) on PostgreSQL when a server answers at PG_TEST_URL
#   scripts/test.sh --dates    the suite again with the system date moved 400 days ahead and 400 days back
#                              (libfaketime), on SQLite: no test may depend on the day it runs
#
# Every database run happens even when an earlier one failed, and the summary at the end names each run with
# its result, so a SQLite failure never hides PostgreSQL's. With CI=true an unreachable PostgreSQL is a
# failure, not a silent SQLite-only pass. Exit status: 0 only when every run passed.
set -uo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-.venv/bin}
PG_TEST_URL=${PG_TEST_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DATE_SHIFTS=${DATE_SHIFTS:-"+400d -400d"}
summary=()
failed=0
WRAP=()

record() {  # record NAME STATUS
  if [ "$2" -eq 0 ]; then summary+=("  passed   $1"); else summary+=("  FAILED   $1"); failed=1; fi
}

run_pytest() {  # run_pytest NAME [ENV=VALUE...] -- PYTEST-ARGS...   (prefixed by $WRAP, e.g. faketime)
  local name=$1; shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  echo "== $name =="
  local data
  data=$(mktemp -d)
  env GONGKAI_DEBUG=1 GONGKAI_DATA_DIR="$data" "${envs[@]}" ${WRAP[@]+"${WRAP[@]}"} "$BIN/pytest" -p no:cacheprovider "$@"
  local status=$?
  rm -rf "$data"
  record "$name" $status
}

finish() {
  echo
  echo "== summary =="
  printf '%s\n' "${summary[@]}"
  exit $failed
}

if [ "${1:-}" = "--dates" ]; then
  command -v faketime >/dev/null || { echo "faketime is missing: run scripts/install-system-deps.sh" >&2; exit 1; }
  for shift_by in $DATE_SHIFTS; do
    # The monotonic clock moves with the wall clock (libfaketime's default): keeping it real breaks sleeps
    # with an absolute deadline (clock_nanosleep answers EINVAL), which subprocess timeouts use.
    WRAP=(faketime -f "$shift_by")
    # The browser tests (tests/browser) run in the ordinary run: Chromium under a moved clock is not what they
    # test, and their pages are dated by the data they create, not by today.
    run_pytest "SQLite, system date moved ${shift_by}" -- --ignore=tests/browser "${@:2}"
  done
  finish
fi

echo "== architecture contract and lint =="
"$BIN/lint-imports" --config .importlinter && "$BIN/ruff" check src tests bench
record "import contract and lint" $?

run_pytest "SQLite, whole suite" --

if "$BIN/python" scripts/pg_reachable.py "$PG_TEST_URL"; then
  run_pytest "PostgreSQL ($PG_TEST_URL), database tests" DATABASE_URL="$PG_TEST_URL" -- tests/web
elif [ "${CI:-}" = "true" ]; then
  record "PostgreSQL not reachable at $PG_TEST_URL (CI requires it)" 1
else
  summary+=("  skipped  PostgreSQL not reachable at $PG_TEST_URL: database tests ran on SQLite only")
fi
finish
