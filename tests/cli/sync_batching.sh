#!/bin/sh
# sync_batching.sh - how a cold sync groups segments changes nothing: a
# generated book with 120 segments from 5 devices (notes, touchpoints, risks
# and their updates across devices) synced in one batch, one segment per
# batch, and batches of 7, gives the same canonical dump, the same team
# portfolio (every column), the same account summaries and the same device
# rows (seqs, newest clock and stamp); and a rebuild
# (every segment read again, every entity and summary recomputed) gives them
# again. Also the sample book: one batch against one segment per batch.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }

gen_book "$T/book" --scale small --seed 7 --anchor 2026-11-23 --segments 120 --devices 5
me=$GEN_ME

# run NAME SOURCE [BATCH]: a fresh database synced from a copy of SOURCE
# (CSCONSOLE_IMPORT_BATCH=BATCH when given); leaves its dump, portfolio and
# summaries in $T/NAME.*
run() {
  name=$1 src=$2 batch=${3:-}
  rm -rf "$T/$name"
  mkdir -p "$T/$name"
  cp -R "$src" "$T/$name/shared"
  write_config "$me" "$T/$name/shared" "$T/$name/db" > "$T/$name.yaml"
  if [ -n "$batch" ]; then
    CSCONSOLE_IMPORT_BATCH=$batch "$CSC" --config "$T/$name.yaml" sync > "$T/$name.sync" 2>&1 ||
      { cat "$T/$name.sync"; fail "$name: sync failed"; }
  else
    "$CSC" --config "$T/$name.yaml" sync > "$T/$name.sync" 2>&1 ||
      { cat "$T/$name.sync"; fail "$name: sync failed"; }
  fi
  snapshot "$name"
}
snapshot() {
  "$CSC" --config "$T/$1.yaml" dump > "$T/$1.dump" || fail "$1: dump failed"
  "$CSC" --config "$T/$1.yaml" accounts --scope team --format csv > "$T/$1.csv" || fail "$1: accounts failed"
  sqlite3 "$T/$1/db" "SELECT * FROM account_summary ORDER BY crm_id" > "$T/$1.summary"
  # each device's row as its segments left it (brought up to date once per
  # batch): gap-free seqs, newest wall clock and stamp; not the times of the run
  sqlite3 "$T/$1/db" "SELECT id, owner, contiguous, max_seq, last_wall, last_hlc FROM device ORDER BY id" > "$T/$1.device"
}
same() { # A B: identical dumps, portfolios, summaries and device rows
  for ext in dump csv summary device; do
    cmp -s "$T/$1.$ext" "$T/$2.$ext" ||
      { diff "$T/$1.$ext" "$T/$2.$ext" | head -n 10; fail "$1 and $2: the $ext differs"; }
  done
}

run one "$T/book"
run each "$T/book" 1
run seven "$T/book" 7
# The sync read every segment, and the events changed the state.
assert_contains "$T/one.sync" "120 new segments: 120 imported"
assert_contains "$T/each.sync" "120 new segments: 120 imported"
events=$GEN_EVENTS
[ "$(grep -c '^event ' "$T/one.dump")" -eq "$events" ] || fail "the dump holds $(grep -c '^event ' "$T/one.dump") events, gen-book wrote $events"
grep -q '^register ' "$T/one.dump" || fail "no register in the dump"
[ "$(sqlite3 "$T/one/db" "SELECT count(*) FROM account_summary WHERE next_touch_day IS NOT NULL OR open_risks > 0 OR sentiment IS NOT NULL")" -gt 0 ] ||
  fail "no summary shows an event"
[ "$(sqlite3 "$T/one/db" "SELECT count(*) FROM summary_pending")" -eq 0 ] || fail "summaries left pending"
[ "$(grep -c . "$T/one.device")" -ge 5 ] && ! grep -q '||$' "$T/one.device" || fail "device rows missing or without a stamp"
same one each
same one seven

# A rebuild recomputes everything from the events: the same again.
"$CSC" --config "$T/one.yaml" rebuild > "$T/rebuild.out" 2>&1 || { cat "$T/rebuild.out"; fail "rebuild failed"; }
mv "$T/one.dump" "$T/before.dump"; mv "$T/one.csv" "$T/before.csv"; mv "$T/one.summary" "$T/before.summary"
mv "$T/one.device" "$T/before.device"
snapshot one
same before one

# The sample book, its curated stories: one batch against one per segment.
run sample "$CSC_ROOT/sample-data"
run sample1 "$CSC_ROOT/sample-data" 1
grep -q '^event ' "$T/sample.dump" || fail "the sample's events are missing from the dump"
same sample sample1
echo "ok: the same dump, portfolio and summaries in every batching, and after a rebuild"
