#!/bin/sh
# Runs the libFuzzer harnesses built by `make fuzz-build`, one after another on
# one core. Usage: tests/fuzz/run.sh FUZZ_BUILD SECONDS [NAME...]
#   FUZZ_BUILD  where fuzz_NAME binaries are (build/fuzz)
#   SECONDS     how long each harness fuzzes (after running its seeds)
#   NAME...     harnesses to run (default: every fuzz_* in FUZZ_BUILD)
# Each harness starts from its seeds (tests/fuzz/corpus/NAME/, read only) and
# from what earlier runs found ($FUZZ_WORK/corpus/NAME/, default FUZZ_BUILD);
# new inputs go to the latter, crashes to $FUZZ_WORK/crash/NAME-*, the log to
# $FUZZ_WORK/log/NAME.log. Prints per harness its runs, exec/s, coverage
# (cov: edges, ft: features) and corpus size; exits 1 when one crashed.
# FUZZ_SEED (default: libFuzzer's random one) fixes the mutations.
set -u
BUILD=${1:?usage: tests/fuzz/run.sh FUZZ_BUILD SECONDS [NAME...]}
SECONDS_EACH=${2:?usage: tests/fuzz/run.sh FUZZ_BUILD SECONDS [NAME...]}
shift 2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${FUZZ_WORK:-$BUILD}
export LC_ALL=C.UTF-8 TZ=UTC
# leaks count as failures; UBSan stops at the first report (also compiled in)
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

names="$*"
if [ -z "$names" ]; then
  for b in "$BUILD"/fuzz_*; do
    [ -x "$b" ] && names="$names ${b##*/fuzz_}"
  done
fi
[ -n "$names" ] || { echo "no harnesses in $BUILD: run make fuzz-build" >&2; exit 1; }

mkdir -p "$WORK/crash" "$WORK/log"
failed=""
printf '%-14s %10s %8s %6s %6s %8s %s\n' harness runs exec/s cov ft corpus result
for n in $names; do
  bin="$BUILD/fuzz_$n"
  [ -x "$bin" ] || { echo "$n: no $bin" >&2; failed="$failed $n"; continue; }
  mkdir -p "$WORK/corpus/$n"
  log="$WORK/log/$n.log"
  seed_opt=""
  [ -n "${FUZZ_SEED:-}" ] && seed_opt="-seed=$FUZZ_SEED"
  # -timeout: one input taking longer is a hang (reported as a crash)
  "$bin" -max_total_time="$SECONDS_EACH" -timeout=25 -rss_limit_mb=2560 -print_final_stats=1 \
    $seed_opt -artifact_prefix="$WORK/crash/$n-" \
    "$WORK/corpus/$n" "$ROOT/tests/fuzz/corpus/$n" >"$log" 2>&1
  rc=$?
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
  ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
  corp=$(echo "$last" | sed -n 's/.* corp: \([^ ]*\).*/\1/p')
  if [ $rc -eq 0 ]; then
    result=ok
  else
    result="FAILED (exit $rc, log: $log)"
    failed="$failed $n"
  fi
  printf '%-14s %10s %8s %6s %6s %8s %s\n' "$n" "${runs:-?}" "${speed:-?}" "${cov:-?}" \
    "${ft:-?}" "${corp:-?}" "$result"
  if [ $rc -ne 0 ]; then
    # the reason: the sanitizer's or the invariant's report and the input saved
    { grep -E -m1 -A10 'ERROR: |fuzz invariant failed|runtime error' "$log"
      grep -E 'Test unit written' "$log"; } | sed 's/^/    /'
  fi
done
if [ -n "$failed" ]; then
  echo "fuzz: failed:$failed (reproduce: $BUILD/fuzz_NAME CRASH_FILE)"
  exit 1
fi
exit 0
