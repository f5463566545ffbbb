#!/bin/sh
# sync_events_deferred.sh - issue 15: `csconsole sync` leaves the summaries
# its events change noted (summary_pending) for its health pass, which
# refreshes them once with the accounts it recomputes, in one statement
# over summary_pending (not every account's when more than 500 changed).
# This must change no result. A generated book of 1,200 accounts whose
# 700 segments touch more than 500 of them: the feeds synced first (events/
# set aside), then the events, as a teammate's backlog arrives; after it,
# the summaries (every column), the team portfolio and the canonical dump
# equal what `csconsole rebuild` gives (every entity and every summary
# recomputed from the tables), and nothing is left noted. Then the same
# with the sync killed between its events phase and its health pass: the
# summaries it left noted are refreshed by the next sync, to the same rows.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 is not installed (tools/deps.sh installs it)"; exit 77; }
gen_book "$T/book" --scale small --accounts 1200 --seed 5 --anchor "$CSCONSOLE_TODAY" --segments 700 --devices 6
me=$GEN_ME

# feeds_then_events NAME: a fresh database with the feeds, then the events.
feeds_then_events() {
  rm -rf "$T/$1"
  mkdir -p "$T/$1"
  cp -R "$T/book" "$T/$1/shared"
  write_config "$me" "$T/$1/shared" "$T/$1/db" > "$T/$1.yaml"
  [ "$SCORE" = vendor ] || sed -i '/^health.score:/d' "$T/$1.yaml"   # the default: computed
  mv "$T/$1/shared/events" "$T/$1/events.aside"
  "$CSC" --config "$T/$1.yaml" sync > "$T/$1.feeds" 2>&1 || { cat "$T/$1.feeds"; fail "$1: feeds sync failed"; }
  rm -rf "$T/$1/shared/events"
  mv "$T/$1/events.aside" "$T/$1/shared/events"
}
# same_as_rebuild NAME: summaries, portfolio and dump as a full recomputation gives.
same_as_rebuild() {
  db=$T/$1/db
  [ "$(sqlite3 "$db" "SELECT count(*) FROM summary_pending")" -eq 0 ] || fail "$1: summaries left noted"
  sqlite3 "$db" "SELECT * FROM account_summary ORDER BY crm_id" > "$T/$1.sum"
  "$CSC" --config "$T/$1.yaml" accounts --scope team --format csv > "$T/$1.csv" || fail "$1: accounts failed"
  "$CSC" --config "$T/$1.yaml" dump > "$T/$1.dump" || fail "$1: dump failed"
  "$CSC" --config "$T/$1.yaml" rebuild > "$T/$1.rebuild" 2>&1 || { cat "$T/$1.rebuild"; fail "$1: rebuild failed"; }
  sqlite3 "$db" "SELECT * FROM account_summary ORDER BY crm_id" > "$T/$1.sum.fresh"
  "$CSC" --config "$T/$1.yaml" accounts --scope team --format csv > "$T/$1.csv.fresh"
  "$CSC" --config "$T/$1.yaml" dump > "$T/$1.dump.fresh"
  for ext in sum csv dump; do
    cmp -s "$T/$1.$ext" "$T/$1.$ext.fresh" ||
      { diff "$T/$1.$ext" "$T/$1.$ext.fresh" | head -n 10; fail "$1: the $ext differs from a rebuild's"; }
  done
  [ "$(wc -l < "$T/$1.sum")" -eq 1200 ] || fail "$1: $(wc -l < "$T/$1.sum") summaries for 1200 accounts"
}

for SCORE in computed vendor; do
  feeds_then_events plain_$SCORE
  "$CSC" --config "$T/plain_$SCORE.yaml" sync > "$T/plain_$SCORE.sync" 2>&1 || { cat "$T/plain_$SCORE.sync"; fail "events sync failed"; }
  assert_contains "$T/plain_$SCORE.sync" "700 new segments: 700 imported"
  db=$T/plain_$SCORE/db
  touched=$(sqlite3 "$db" "SELECT count(DISTINCT e.account) FROM event e JOIN account a ON a.crm_id = e.account")
  [ "$touched" -gt 500 ] || fail "the events touch $touched accounts: not more than 500"
  [ "$(sqlite3 "$db" "SELECT count(*) FROM account_summary WHERE sentiment IS NOT NULL OR open_risks > 0 OR next_touch_day IS NOT NULL")" -gt 500 ] ||
    fail "fewer than 500 summaries show an event"
  same_as_rebuild plain_$SCORE

  # Killed after its events phase: the summaries stay noted, the next sync refreshes them.
  feeds_then_events crash_$SCORE
  rc=0
  CSCONSOLE_CRASH_AT=after-ingest "$CSC" --config "$T/crash_$SCORE.yaml" sync > "$T/crash_$SCORE.out" 2>&1 || rc=$?
  [ "$rc" -eq 137 ] || { cat "$T/crash_$SCORE.out"; fail "the sync was not killed after its events phase (exit $rc)"; }
  db=$T/crash_$SCORE/db
  noted=$(sqlite3 "$db" "SELECT count(*) FROM summary_pending")
  [ "$noted" -ge "$touched" ] || fail "$noted summaries noted after the events phase, $touched accounts touched"
  "$CSC" --config "$T/crash_$SCORE.yaml" sync > "$T/crash_$SCORE.sync" 2>&1 || { cat "$T/crash_$SCORE.sync"; fail "the sync after the kill failed"; }
  same_as_rebuild crash_$SCORE
  cmp -s "$T/plain_$SCORE.sum" "$T/crash_$SCORE.sum" || { diff "$T/plain_$SCORE.sum" "$T/crash_$SCORE.sum" | head; fail "the summaries differ after the kill"; }
  cmp -s "$T/plain_$SCORE.dump" "$T/crash_$SCORE.dump" || fail "the dump differs after the kill"
  echo "$SCORE score: $touched accounts touched: summaries, portfolio and dump as a rebuild gives, after a kill too"
done
