#!/bin/sh
# sync_pack_generated.sh - packing changes no result on a generated book:
# a year of 240 segments from 3 devices (notes, touchpoints, risks and their
# updates across devices), once as written and once as packing leaves each
# folder on the anchor day (gen-book --packed: pack.c's rule and writer).
# A new laptop's first sync of either gives the same canonical dump, the
# same team portfolio (every column), the same account summaries and the
# same health snapshots, with the computed score; a database that imported
# the small files, given the packed folder, reads nothing new and keeps all
# of them; and a folder packed halfway (one device packed, the others not)
# gives them too.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
export CSCONSOLE_TODAY=2026-11-23

for form in small packed; do
  flag=""; [ "$form" = packed ] && flag=--packed
  # shellcheck disable=SC2086
  gen_book "$T/$form" --scale small --seed 11 --anchor 2026-11-23 --segments 240 --devices 3 --span 365 $flag
done
events=$GEN_EVENTS   # the same events in both forms
files() { find "$1/events" -name '*.jsonl' | wc -l | tr -d ' '; }
[ "$(files "$T/small")" -eq 240 ] || fail "the small folder holds $(files "$T/small") segments, not 240"
packed_files=$(files "$T/packed")
[ "$packed_files" -lt 60 ] || fail "packing left $packed_files files of 240"
find "$T/packed/events" -name 'pack-*.jsonl' | grep -q . || fail "the packed folder holds no pack"
me=$GEN_ME

# config NAME SHARED: a fresh database of NAME on SHARED, computed health
config() {
  mkdir -p "$T/db"
  printf 'me: %s\nshared_dir: "%s"\ndatabase: "%s"\nhealth.score: computed\n' \
    "$me" "$2" "$T/db/$1" > "$T/$1.yaml"
}
sync_as() { # NAME: one sync, its output in $T/NAME.sync.N
  n=$(( $(ls "$T/$1".sync.* 2>/dev/null | wc -l) + 1 ))
  "$CSC" --config "$T/$1.yaml" sync > "$T/$1.sync.$n" 2>&1 || { cat "$T/$1.sync.$n"; fail "$1: sync $n failed"; }
  cp "$T/$1.sync.$n" "$T/$1.sync"
}
snapshot() { # NAME: its dump, portfolio, summaries and snapshots in $T/NAME.*
  "$CSC" --config "$T/$1.yaml" dump > "$T/$1.dump" || fail "$1: dump failed"
  "$CSC" --config "$T/$1.yaml" accounts --scope team --format csv > "$T/$1.csv" || fail "$1: accounts failed"
  sqlite3 "$T/db/$1" "SELECT * FROM account_summary ORDER BY crm_id" > "$T/$1.summary"
  sqlite3 "$T/db/$1" "SELECT * FROM health ORDER BY account_id, source, day" > "$T/$1.health"
}
same() { # A B: identical dumps, portfolios, summaries and snapshots
  for ext in dump csv summary health; do
    cmp -s "$T/$1.$ext" "$T/$2.$ext" ||
      { diff "$T/$1.$ext" "$T/$2.$ext" | head -n 10; fail "$1 and $2: the $ext differs"; }
  done
}

# A new laptop, each form.
config small "$T/small"; sync_as small; snapshot small
config packed "$T/packed"; sync_as packed; snapshot packed
assert_contains "$T/small.sync" "240 new segments: 240 imported"
assert_contains "$T/packed.sync" "$packed_files new segments: $packed_files imported"
[ "$(grep -c '^event ' "$T/small.dump")" -eq "$events" ] ||
  fail "the dump holds $(grep -c '^event ' "$T/small.dump") events, gen-book wrote $events"
[ "$(sqlite3 "$T/db/small" "SELECT count(*) FROM account_summary WHERE next_touch_day IS NOT NULL OR open_risks > 0 OR sentiment IS NOT NULL")" -gt 0 ] ||
  fail "no summary shows an event"
same small packed

# The database that read the small files, now beside the packed folder
# (the sync tool carried the removals and the packs): nothing new.
mv "$T/small/events" "$T/small.events"   # as written, for the half-packed folder below
cp -R "$T/packed/events" "$T/small/events"
sync_as small
# the packs are new files holding events already here; the young segments
# packing left are the same files as before
packs=$(find "$T/packed/events" -name 'pack-*.jsonl' | wc -l | tr -d ' ')
assert_contains "$T/small.sync" "$packs new segments: $packs imported (0 new events, "
mv "$T/small.dump" "$T/before.dump"; mv "$T/small.csv" "$T/before.csv"
mv "$T/small.summary" "$T/before.summary"; mv "$T/small.health" "$T/before.health"
snapshot small
same before small

# Halfway: the first device's folder packed, the others as written.
mkdir -p "$T/half"
cp -R "$T/small/feeds" "$T/half/feeds"
cp "$T/small/ANCHOR" "$T/half/ANCHOR" 2>/dev/null || true
mkdir -p "$T/half/events"
first=$(ls "$T/packed/events" | head -n 1)
[ -n "$first" ] || fail "no device folder"
for d in $(ls "$T/packed/events"); do
  [ "$d" = "$first" ] && cp -R "$T/packed/events/$d" "$T/half/events/$d"
done
for d in $(ls "$T/small.events"); do
  [ "$d" = "$first" ] || cp -R "$T/small.events/$d" "$T/half/events/$d"
done
config half "$T/half"; sync_as half; snapshot half
same packed half
echo ok
