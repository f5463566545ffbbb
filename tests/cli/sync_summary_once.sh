#!/bin/sh
# Issue 15: a sync refreshes the account summaries once, after the health
# pass, instead of after the feeds and again inside the pass. The portfolio
# must not change for it: after every sync, the summaries (every column of
# account_summary) and `accounts --scope team --format csv` equal what a
# refresh of every account from the tables gives (`csconsole rebuild`), and
# the canonical dump is unchanged by that refresh. On the sample book (the
# vendor's score and the computed one, the default) and a generated book,
# for a first sync, a sync that imports a changed metrics file, and a sync
# that brings only events.
. "$CSC_ROOT/tests/lib.sh"
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 is not installed (tools/deps.sh installs it)"; exit 77; }
DB=$T/db/csconsole.db

# same_as_refresh LABEL: the summaries a sync left equal a full refresh.
same_as_refresh() {
  sqlite3 "$DB" "SELECT * FROM account_summary ORDER BY crm_id" > "$T/sum.sync"
  "$CSC" accounts --scope team --format csv > "$T/acc.sync" || fail "$1: accounts failed"
  "$CSC" dump > "$T/dump.sync" || fail "$1: dump failed"
  [ "$(wc -l < "$T/sum.sync")" -eq "$(sqlite3 "$DB" "SELECT count(*) FROM account")" ] ||
    fail "$1: $(wc -l < "$T/sum.sync") summaries for $(sqlite3 "$DB" "SELECT count(*) FROM account") accounts"
  "$CSC" rebuild > "$T/rebuild.out" 2>&1 || { cat "$T/rebuild.out"; fail "$1: rebuild failed"; }
  sqlite3 "$DB" "SELECT * FROM account_summary ORDER BY crm_id" > "$T/sum.fresh"
  "$CSC" accounts --scope team --format csv > "$T/acc.fresh"
  "$CSC" dump > "$T/dump.fresh"
  diff "$T/sum.sync" "$T/sum.fresh" > "$T/diff" || { head -n 20 "$T/diff"; fail "$1: summaries differ from a full refresh"; }
  diff "$T/acc.sync" "$T/acc.fresh" > "$T/diff" || { head -n 20 "$T/diff"; fail "$1: portfolio rows differ from a full refresh"; }
  diff "$T/dump.sync" "$T/dump.fresh" > "$T/diff" || { head -n 20 "$T/diff"; fail "$1: the dump changed"; }
  [ "$(sqlite3 "$DB" "SELECT count(*) FROM meta WHERE key = 'feeds_changed'")" = 0 ] ||
    fail "$1: the sync left its feeds_changed mark"
  echo "$1: $(wc -l < "$T/acc.sync") portfolio rows as a full refresh gives"
}

# run_book LABEL: first sync, a changed metrics file, an event only.
run_book() {
  rm -rf "$T/db"
  "$CSC" sync > "$T/sync.out" 2>&1 || { cat "$T/sync.out"; fail "$1: first sync failed"; }
  same_as_refresh "$1, first sync"
  # a metrics file with a new week for the first account: imported again
  acc=$(sqlite3 "$DB" "SELECT crm_id FROM account ORDER BY crm_id LIMIT 1")
  printf 'account,date,metric,value\n%s,%s,health_score,17\n%s,%s,logins,3\n' \
    "$acc" "$CSCONSOLE_TODAY" "$acc" "$CSCONSOLE_TODAY" > "$T/shared/feeds/metrics/zz-issue15.csv"
  "$CSC" sync > "$T/sync.out" 2>&1 || { cat "$T/sync.out"; fail "$1: second sync failed"; }
  assert_contains "$T/sync.out" "zz-issue15.csv: imported"
  same_as_refresh "$1, a metrics file imported"
  rm "$T/shared/feeds/metrics/zz-issue15.csv"
  "$CSC" note "$acc" --kind call --sentiment 1 --summary "issue 15: a bad call" > /dev/null 2>&1 ||
    fail "$1: note failed"
  "$CSC" sync > "$T/sync.out" 2>&1 || { cat "$T/sync.out"; fail "$1: third sync failed"; }
  same_as_refresh "$1, an event only"
}

setup_book aiko
run_book "sample book, vendor score"
sed -i '/^health.score:/d' "$CSCONSOLE_CONFIG"        # the default: computed
run_book "sample book, computed score"

# A generated book (small: 80 accounts, a year of metrics), computed score.
rm -rf "$T/shared"
gen_book "$T/shared" --scale small --seed 3 --anchor "$CSCONSOLE_TODAY"
me=$GEN_ME
sed -i "s/^me: .*/me: $me/" "$CSCONSOLE_CONFIG"
run_book "generated book, computed score"
