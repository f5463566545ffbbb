#!/bin/sh
# sync_health_incremental.sh - issue 15: the health pass after an event sync
# recomputes only the accounts the events touched, and for them only the
# current week (every earlier week keeps its snapshot) and the blind-spot
# flag; it skips the weeks before an account's first input (no metric, note
# or touch yet: no score can exist there) and judges a blind spot in full
# only when the score allows one; it scores from the inputs kept per account
# (health_inputs: what the metrics give, the weeks with a snapshot) without
# reading the metrics. None of that may change a result: the same events
# (and a note from before any metric, which makes older weeks scorable)
# synced into a copy without kept inputs, whose pass reads every metric and
# snapshot, give the same health table and flags; after
# the events sync, `health --recompute --weeks 1` (every account's current
# week and flag recomputed from all its facts) must leave the health table
# and the flags exactly as they are, and no week before an account's first
# input may hold a snapshot. Before the events, the feeds' own pass must
# equal `health --recompute --weeks 52`. A generated book of 1,500 accounts with 900
# segments (notes, risks, touchpoints) from 6 devices; once with the
# computed score, once with the vendor's shown (the pass runs the same).
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 is not installed (tools/deps.sh installs it)"; exit 77; }
gen_book "$T/book" --scale small --accounts 1500 --seed 7 --anchor "$CSCONSOLE_TODAY" --segments 900 --devices 6
me=$GEN_ME

snap() {   # snap DB FILE: the health table and the flags, in a fixed order
  sqlite3 "$1" "SELECT account_id, source, day, score, model FROM health ORDER BY account_id, source, day;
    SELECT '--flags'; SELECT crm_id, flag, reason, day FROM account_flag ORDER BY crm_id" > "$2"
}

for SCORE in computed vendor; do
  rm -rf "$T/$SCORE"
  mkdir -p "$T/$SCORE"
  cp -R "$T/book" "$T/$SCORE/shared"
  write_config "$me" "$T/$SCORE/shared" "$T/$SCORE/db" > "$T/$SCORE.yaml"
  [ "$SCORE" = vendor ] || sed -i '/^health.score:/d' "$T/$SCORE.yaml"
  db=$T/$SCORE/db
  mv "$T/$SCORE/shared/events" "$T/$SCORE/events.aside"
  "$CSC" --config "$T/$SCORE.yaml" sync > "$T/$SCORE.feeds" 2>&1 || { cat "$T/$SCORE.feeds"; fail "$SCORE: feeds sync failed"; }
  rm -rf "$T/$SCORE/shared/events"
  mv "$T/$SCORE/events.aside" "$T/$SCORE/shared/events"
  weeks_before=$(sqlite3 "$db" "SELECT count(*) FROM health WHERE source = 'model'")
  # The feeds' pass (every account, the weeks without a snapshot) against a
  # recomputation that drops and rescores all 52 weeks: the same snapshots and
  # flags. (test_healthcalc's test_empty_weeks checks the skipped weeks against
  # the model scored directly for each day.)
  snap "$db" "$T/$SCORE.feeds.pass"
  "$CSC" --config "$T/$SCORE.yaml" health --recompute --weeks 52 > "$T/$SCORE.recompute52" 2>&1 ||
    { cat "$T/$SCORE.recompute52"; fail "$SCORE: health --recompute --weeks 52 failed"; }
  snap "$db" "$T/$SCORE.feeds.full"
  cmp -s "$T/$SCORE.feeds.pass" "$T/$SCORE.feeds.full" ||
    { diff "$T/$SCORE.feeds.pass" "$T/$SCORE.feeds.full" | head -n 10; fail "$SCORE: the feeds' health pass differs from a full recomputation"; }

  # The same events synced into a copy that has no kept inputs (as a
  # database from before them): its pass reads every metric and snapshot.
  # (its own copy of the shared folder: the copy is the same device)
  mkdir -p "$T/$SCORE.nokept"
  cp "$db" "$T/$SCORE.nokept/db"
  cp -R "$T/$SCORE/shared" "$T/$SCORE.nokept/shared"
  sqlite3 "$T/$SCORE.nokept/db" "DELETE FROM health_inputs"
  sed "s|$db|$T/$SCORE.nokept/db|; s|$T/$SCORE/shared|$T/$SCORE.nokept/shared|" "$T/$SCORE.yaml" > "$T/$SCORE.nokept.yaml"
  # A note of long ago (before any metric) on both: the weeks from then on
  # gain a score from its sentiment alone, scored without the metrics from
  # the kept row's empty weeks, or from every metric read.
  acct=$(sqlite3 "$db" "SELECT crm_id FROM account WHERE active ORDER BY crm_id LIMIT 1")
  since=$(sqlite3 "$db" "SELECT date((SELECT min(day) FROM metric) * 86400 - 40 * 86400, 'unixepoch')")
  for cfgf in "$T/$SCORE.yaml" "$T/$SCORE.nokept.yaml"; do
    "$CSC" --config "$cfgf" note "$acct" --kind call --summary "an old call" --sentiment 4 --date "$since" > /dev/null ||
      fail "$SCORE: the old note failed"
  done
  "$CSC" --config "$T/$SCORE.nokept.yaml" sync > "$T/$SCORE.nokept.sync" 2>&1 ||
    { cat "$T/$SCORE.nokept.sync"; fail "$SCORE: events sync without kept inputs failed"; }
  snap "$T/$SCORE.nokept/db" "$T/$SCORE.nokept.snap"

  "$CSC" --config "$T/$SCORE.yaml" sync > "$T/$SCORE.sync" 2>&1 || { cat "$T/$SCORE.sync"; fail "$SCORE: events sync failed"; }
  assert_contains "$T/$SCORE.sync" "900 new segments: 900 imported"
  touched=$(sqlite3 "$db" "SELECT count(DISTINCT e.account) FROM event e JOIN account a ON a.crm_id = e.account")
  [ "$touched" -gt 300 ] || fail "$SCORE: the events touch $touched accounts: too few to tell"
  flags=$(sqlite3 "$db" "SELECT count(*) FROM account_flag")
  [ "$flags" -gt 0 ] || fail "$SCORE: no blind-spot flag at all: the flags are not tested"
  weeks_after=$(sqlite3 "$db" "SELECT count(*) FROM health WHERE source = 'model'")
  snap "$db" "$T/$SCORE.incremental"
  cmp -s "$T/$SCORE.incremental" "$T/$SCORE.nokept.snap" ||
    { diff "$T/$SCORE.incremental" "$T/$SCORE.nokept.snap" | head -n 10; fail "$SCORE: scoring from the kept inputs differs from reading every metric"; }
  old_weeks=$(sqlite3 "$db" "SELECT count(*) FROM health WHERE source = 'model' AND day < (SELECT min(day) FROM metric)")
  [ "$old_weeks" -gt 0 ] || fail "$SCORE: the old note scored no week before the metrics"

  "$CSC" --config "$T/$SCORE.yaml" health --recompute --weeks 1 > "$T/$SCORE.recompute" 2>&1 ||
    { cat "$T/$SCORE.recompute"; fail "$SCORE: health --recompute failed"; }
  snap "$db" "$T/$SCORE.full"
  cmp -s "$T/$SCORE.incremental" "$T/$SCORE.full" ||
    { diff "$T/$SCORE.incremental" "$T/$SCORE.full" | head -n 10; fail "$SCORE: the event sync's health pass differs from a full recomputation of the week"; }

  # No snapshot before an account's first input, and none appeared for a week
  # the events did not make scorable (the week of the sync is kept).
  early=$(sqlite3 "$db" "SELECT count(*) FROM health h JOIN account a ON a.id = h.account_id
    WHERE h.source = 'model' AND h.day < coalesce((SELECT min(day) FROM metric m WHERE m.account_id = a.id), 1e9)
    AND NOT EXISTS (SELECT 1 FROM note n WHERE n.account = a.crm_id AND NOT n.deleted AND n.touch_day <= h.day)
    AND NOT EXISTS (SELECT 1 FROM touchpoint t WHERE t.account = a.crm_id AND t.done_day <= h.day)")
  [ "$early" -eq 0 ] || fail "$SCORE: $early snapshots before their account's first input"
  [ "$weeks_after" -ge "$weeks_before" ] || fail "$SCORE: snapshots went from $weeks_before to $weeks_after"
  echo "$SCORE score: $touched accounts touched, $flags flags, $old_weeks snapshots before the metrics: health and flags as with every metric read, and as a full recomputation gives"
done

# The kept inputs (health_inputs) are only as good as the metrics: a feed
# import forgets them in its own transaction. Active seats of this week for
# 40 accounts change in the metrics feed; the sync is killed after its
# events phase, so the feeds are imported and no health pass has run: nothing
# may be kept then. The next sync's pass (over every account, the feeds
# changed) keeps them again, and the result is a full recomputation's.
db=$T/computed/db
kept=$(sqlite3 "$db" "SELECT count(*) FROM health_inputs")
active=$(sqlite3 "$db" "SELECT count(*) FROM account WHERE active")
[ "$kept" -eq "$active" ] || fail "$kept accounts' inputs kept, $active active accounts"
last=$(ls "$T/computed/shared/feeds/metrics/" | sort | tail -n 1)
sqlite3 "$db" "SELECT crm_id FROM account WHERE active ORDER BY crm_id LIMIT 40" |
  while read -r acct; do echo "$acct,$CSCONSOLE_TODAY,active_seats,1"; done >> "$T/computed/shared/feeds/metrics/$last"
rc=0
CSCONSOLE_CRASH_AT=after-ingest "$CSC" --config "$T/computed.yaml" sync > "$T/crash.out" 2>&1 || rc=$?
[ "$rc" -eq 137 ] || { cat "$T/crash.out"; fail "the sync was not killed after its events phase (exit $rc)"; }
[ "$(sqlite3 "$db" "SELECT count(*) FROM health_inputs")" -eq 0 ] || fail "inputs kept across a metrics import"
"$CSC" --config "$T/computed.yaml" sync > "$T/after.sync" 2>&1 || { cat "$T/after.sync"; fail "the sync after the kill failed"; }
[ "$(sqlite3 "$db" "SELECT count(*) FROM health_inputs")" -eq "$active" ] || fail "the inputs are not kept again"
snap "$db" "$T/after.incremental"
"$CSC" --config "$T/computed.yaml" health --recompute --weeks 1 > "$T/after.recompute" 2>&1 || fail "health --recompute failed"
snap "$db" "$T/after.full"
cmp -s "$T/after.incremental" "$T/after.full" ||
  { diff "$T/after.incremental" "$T/after.full" | head -n 10; fail "after a metrics import, the pass differs from a full recomputation"; }
first40="SELECT id FROM account WHERE active ORDER BY crm_id LIMIT 40"
with_seats=$(sqlite3 "$db" "SELECT count(*) FROM account WHERE id IN ($first40) AND seats > 0")
changed=$(sqlite3 "$db" "SELECT count(*) FROM health_inputs h JOIN account a ON a.id = h.account_id
  WHERE a.id IN ($first40) AND abs(h.adoption - 1.0 / a.seats) < 1e-12")
[ "$with_seats" -gt 20 ] && [ "$changed" -eq "$with_seats" ] ||
  fail "$changed of the $with_seats accounts with seats show the new active seats"
echo "a metrics import forgets the kept inputs; the next pass keeps them again, as a full recomputation gives"
