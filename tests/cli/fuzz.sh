#!/bin/sh
# The libFuzzer harnesses (tests/fuzz/, docs/testing.md "Fuzzing"), briefly:
# builds them with `make fuzz-build` (clang, ASan + UBSan), then runs each on
# its seed corpus plus a few seconds of fuzzing (FUZZ_CHECK_SECONDS, default
# 3; a fixed FUZZ_SEED so a run can be repeated). Any crash, sanitizer report,
# leak or broken invariant fails the test, naming the input that did it.
# Skips (77) only when clang or its libFuzzer runtime is not installed.
. "$CSC_ROOT/tests/lib.sh"

cc=${FUZZ_CC:-clang}
command -v "$cc" >/dev/null 2>&1 ||
  { echo "SKIP: $cc not installed (apt-get install clang libclang-rt-dev; tools/deps.sh does it as root)"; exit 77; }
printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' > "$T/probe.c"
"$cc" -fsanitize=fuzzer,address,undefined -o "$T/probe" "$T/probe.c" > "$T/probe.log" 2>&1 ||
  { cat "$T/probe.log"; echo "SKIP: $cc cannot link libFuzzer with ASan/UBSan (apt-get install libclang-rt-dev)"; exit 77; }

fuzz_build="$CSC_ROOT/build/fuzz"
make -C "$CSC_ROOT" --no-print-directory -j2 FUZZ_CC="$cc" fuzz-build > "$T/build.log" 2>&1 ||
  { tail -n 30 "$T/build.log"; fail "make fuzz-build failed"; }

# Every harness source has its binary and a seed corpus.
for src in "$CSC_ROOT"/tests/fuzz/fuzz_*.c; do
  n=${src##*/fuzz_}; n=${n%.c}
  [ -x "$fuzz_build/fuzz_$n" ] || fail "no binary for $src"
  [ -n "$(ls "$CSC_ROOT/tests/fuzz/corpus/$n" 2>/dev/null)" ] || fail "no seeds in tests/fuzz/corpus/$n"
done

# New inputs, logs and crashes go to tests/out/fuzz/ (kept after the run),
# never into the seeds.
work="${CSC_OUT:-$T}/fuzz"
rm -rf "$work"
set +e
# (TMPDIR: a harness that crashes leaves its scratch directory in $T)
TMPDIR="$T" FUZZ_WORK="$work" FUZZ_SEED="${FUZZ_SEED:-1}" \
  sh "$CSC_ROOT/tests/fuzz/run.sh" "$fuzz_build" "${FUZZ_CHECK_SECONDS:-3}" > "$T/run.txt" 2>&1
rc=$?
set -e
cat "$T/run.txt"
[ $rc -eq 0 ] || fail "a fuzz harness failed (above); the input is in $work/crash/"
