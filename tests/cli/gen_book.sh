#!/bin/sh
# tools/gen-book: deterministic per seed, a valid book for csconsole sync,
# refuses to write over feeds, and regenerates the committed sample-data/.
. "$CSC_ROOT/tests/lib.sh"
GEN="$CSC_BUILD/tools/gen-book"
[ -x "$GEN" ] || fail "$GEN is missing (make all builds the tools)"
ANCHOR=2026-11-23

# tree_sum DIR: one checksum line per file, paths relative to DIR.
tree_sum() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum); }

gen() { # OUTDIR SEED [more args]: gen-book --scale small, must succeed
  out=$1 seed=$2; shift 2
  "$GEN" --scale small --seed "$seed" --anchor "$ANCHOR" --out "$out" "$@" > "$T/gen.out" 2>&1 ||
    { cat "$T/gen.out"; fail "gen-book --scale small --seed $seed --out $out failed"; }
}

# Same seed twice: byte-identical trees (and not empty ones).
gen "$T/a" 7
gen "$T/b" 7
[ -s "$T/a/feeds/team.yaml" ] || fail "gen-book wrote no feeds/team.yaml"
[ -n "$(find "$T/a/feeds/metrics" -type f -name '*.csv')" ] || fail "gen-book wrote no metric files"
diff -r "$T/a" "$T/b" > "$T/diff" 2>&1 || { head -n 20 "$T/diff"; fail "same seed, different trees"; }
[ "$(tree_sum "$T/a")" = "$(tree_sum "$T/b")" ] || fail "same seed, different checksums"

# Another seed: another book (the accounts and their metrics differ).
gen "$T/c" 8
if diff -r "$T/a" "$T/c" > /dev/null 2>&1; then fail "seeds 7 and 8 gave identical trees"; fi
cmp -s "$T/a/feeds/accounts.csv" "$T/c/feeds/accounts.csv" && fail "seeds 7 and 8 gave the same accounts.csv"

# The anchor: recorded in ANCHOR; weekly snapshots dated up to the anchor,
# daily logins up to the day before (docs in tools/gen-book.c).
[ "$(cat "$T/a/ANCHOR")" = "$ANCHOR" ] || fail "ANCHOR holds \"$(cat "$T/a/ANCHOR")\", expected $ANCHOR"
last_login=$(cat "$T/a"/feeds/metrics/*.csv | awk -F, '$3 == "logins" { print $2 }' | LC_ALL=C sort | tail -n 1)
[ "$last_login" = "$(date -u -d "$ANCHOR - 1 day" +%F)" ] || fail "last daily logins row on $last_login, expected the day before $ANCHOR"
last_health=$(cat "$T/a"/feeds/metrics/*.csv | awk -F, '$3 == "health_score" { print $2 }' | LC_ALL=C sort | tail -n 1)
[ "$last_health" = "$ANCHOR" ] || fail "last weekly snapshot on $last_health, expected $ANCHOR"
# Without --anchor the book's today is CSCONSOLE_TODAY.
CSCONSOLE_TODAY=2027-03-03 "$GEN" --scale small --seed 7 --out "$T/d" > "$T/gen.out" 2>&1 ||
  { cat "$T/gen.out"; fail "gen-book without --anchor failed"; }
[ "$(cat "$T/d/ANCHOR")" = 2027-03-03 ] || fail "without --anchor, ANCHOR holds \"$(cat "$T/d/ANCHOR")\", expected CSCONSOLE_TODAY 2027-03-03"

# The generated book passes csconsole sync: exit 0, nothing rejected, every
# feed file imported, as many accounts/CSMs/metric rows as the files hold.
me=$(sed -n 's/^  - handle: *//p' "$T/a/feeds/team.yaml" | head -n 1)
[ -n "$me" ] || fail "no CSM handle in $T/a/feeds/team.yaml"
write_config "$me" "$T/a" "$T/db/small.db" > "$T/small.yaml"
set +e; "$CSC" --config "$T/small.yaml" sync > "$T/sync.out" 2>&1; rc=$?; set -e
[ "$rc" -eq 0 ] || { cat "$T/sync.out"; fail "sync of the small book exited $rc"; }
assert_not_contains "$T/sync.out" "rejected"
assert_not_contains "$T/sync.out" "error"
nfiles=$(find "$T/a/feeds" -type f | wc -l)
assert_contains "$T/sync.out" "sync: $nfiles files: $nfiles imported;"
q() { sqlite3 "$T/db/small.db" "$1"; }
want=$(grep -c '^ACC-' "$T/a/feeds/accounts.csv")
[ "$want" -gt 0 ] || fail "accounts.csv has no account rows"
[ "$(q 'SELECT count(*) FROM account')" -eq "$want" ] || fail "database has $(q 'SELECT count(*) FROM account') accounts, the feed $want"
want=$(grep -c '^  - handle:' "$T/a/feeds/team.yaml")
[ "$(q 'SELECT count(*) FROM csm')" -eq "$want" ] || fail "database has $(q 'SELECT count(*) FROM csm') CSMs, the feed $want"
want=$(cat "$T/a"/feeds/metrics/*.csv | grep -c '^ACC-')
[ "$(q 'SELECT count(*) FROM metric')" -eq "$want" ] || fail "database has $(q 'SELECT count(*) FROM metric') metric rows, the feeds $want"
# The generator wrote only into its --out directory.
[ "$(tree_sum "$T/a")" = "$(tree_sum "$T/b")" ] || fail "the book changed during sync"

# An existing DIR/feeds is refused: non-zero exit, a message naming it, and
# the files there stay as they were.
before=$(tree_sum "$T/a")
set +e; "$GEN" --scale small --seed 9 --anchor "$ANCHOR" --out "$T/a" > "$T/refuse.out" 2>&1; rc=$?; set -e
[ "$rc" -ne 0 ] || fail "gen-book wrote over an existing $T/a/feeds (exit 0)"
assert_contains "$T/refuse.out" "$T/a/feeds"
assert_contains "$T/refuse.out" "already exists"
[ "$(tree_sum "$T/a")" = "$before" ] || fail "the refused run changed $T/a"
# ...even when feeds/ is empty (stale-file protection is about the directory).
mkdir -p "$T/e/feeds"
set +e; "$GEN" --scale small --seed 7 --anchor "$ANCHOR" --out "$T/e" > "$T/refuse.out" 2>&1; rc=$?; set -e
[ "$rc" -ne 0 ] || fail "gen-book accepted an existing (empty) $T/e/feeds"
[ -z "$(ls -A "$T/e/feeds")" ] || fail "the refused run wrote into $T/e/feeds"

# The sample scale regenerates the committed sample-data/ byte for byte with
# the command in sample-data/README.md (the README itself is not generated).
grep -qF -- "--scale sample --seed 1 --anchor $ANCHOR --out sample-data" "$CSC_ROOT/sample-data/README.md" ||
  fail "sample-data/README.md no longer documents the command this test runs; update the test"
"$GEN" --scale sample --seed 1 --anchor "$ANCHOR" --out "$T/sample" > "$T/gen.out" 2>&1 ||
  { cat "$T/gen.out"; fail "gen-book --scale sample failed"; }
diff -r -x README.md "$CSC_ROOT/sample-data" "$T/sample" > "$T/diff" 2>&1 ||
  { head -n 40 "$T/diff"; fail "gen-book --scale sample does not reproduce sample-data/ (regenerate it or fix the generator)"; }
[ ! -e "$T/sample/README.md" ] || fail "gen-book wrote a README.md"
exit 0
