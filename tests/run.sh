#!/bin/sh
# Runs every test: the cmocka unit binaries in BUILD/tests/, then the CLI and
# TUI scripts (tests/cli/*.sh, tests/tui/*.sh). Each script is one test: exit 0
# passes, 77 skips, anything else fails. Prints one line per test and ends with
# "N passed, N failed". Usage: tests/run.sh BUILD [PATTERN]
set -u
BUILD=${1:-build}
PATTERN=${2:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$BUILD" && pwd)
OUT="$ROOT/tests/out"
rm -rf "$OUT"; mkdir -p "$OUT"
export CSC="$BUILD/csconsole" CSC_BUILD="$BUILD" CSC_ROOT="$ROOT" CSC_OUT="$OUT"
export LC_ALL=C.UTF-8 TZ=UTC NO_COLOR= CSCONSOLE_TODAY=2026-11-23
unset CSCONSOLE_CONFIG XDG_CONFIG_HOME XDG_DATA_HOME NO_COLOR LANGUAGE   # English unless a test asks

passed=0; failed=0; skipped=0; failures=""
run_one() { # name, command...
  name=$1; shift
  case "$name" in *"$PATTERN"*) ;; *) return ;; esac
  log="$OUT/$(echo "$name" | tr '/' '_').log"
  if "$@" >"$log" 2>&1; then
    passed=$((passed + 1)); echo "PASS $name"
  else
    rc=$?
    if [ $rc -eq 77 ]; then skipped=$((skipped + 1)); echo "SKIP $name"; return; fi
    failed=$((failed + 1)); failures="$failures $name"
    echo "FAIL $name (exit $rc, log: tests/out/$(basename "$log"))"
    tail -n 20 "$log" | sed 's/^/    /'
  fi
}

for t in "$BUILD"/tests/test_*; do
  [ -x "$t" ] || continue
  run_one "unit/$(basename "$t")" "$t"
done
for t in "$ROOT"/tests/cli/*.sh "$ROOT"/tests/tui/*.sh; do
  [ -f "$t" ] || continue
  run_one "$(basename "$(dirname "$t")")/$(basename "$t" .sh)" sh "$t"
done

[ -n "$failures" ] && echo "failed:$failures"
if [ $skipped -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ $failed -eq 0 ] && [ $passed -gt 0 ]
