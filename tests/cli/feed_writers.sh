# feed_writers.sh - issue 11: a large metrics import never locks the CSMs
# out: `csconsole note` run while it imports succeeds, quickly, and the
# import is still complete and right.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book
DB="$T/db/csconsole.db"
assert_status 0 "$CSC" sync > /dev/null 2>&1

# 3 million rows (~100 MB): 80 accounts x 10 metrics x 3,750 days.
ROWS=${FEED_WRITERS_ROWS:-3000000}
awk -v rows="$ROWS" 'BEGIN {
  print "account,date,metric,value"
  n = 0
  for (y = 2000; n < rows; y++) for (m = 1; m <= 12 && n < rows; m++)
    for (d = 1; d <= 28 && n < rows; d++) for (a = 1; a <= 80 && n < rows; a++)
      for (k = 0; k < 10 && n < rows; k++) {
        printf "ACC-%04d,%04d-%02d-%02d,bulk%d,%d\n", a, y, m, d, k, (a * 7 + k + d) % 1000
        n++
      }
}' > "$T/shared/feeds/metrics/bulk.csv"

"$CSC" sync > "$T/sync.out" 2> "$T/sync.err" &
sync_pid=$!
trap 'kill $sync_pid 2>/dev/null || true; wait || true; rm -rf "$T"' EXIT INT TERM
# Notes from the moment the sync has opened the database until it is done.
sleep 0.3
notes=0 during=0
while [ $notes -lt 20 ]; do
  running=0; kill -0 $sync_pid 2>/dev/null && running=1
  [ $running -eq 1 ] || [ $notes -lt 3 ] || break
  start=$(date +%s%N)
  set +e
  "$CSC" note ACC-0001 --kind call --summary "call $notes during the import" > "$T/n.out" 2> "$T/n.err"
  rc=$?
  set -e
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  [ $rc -eq 0 ] || { cat "$T/n.err"; fail "note $notes failed (exit $rc) while the import ran"; }
  echo "note $notes: exit $rc, ${ms} ms, import running: $running" >&2
  [ $ms -lt 1000 ] || fail "note $notes waited ${ms} ms for the import"
  notes=$((notes + 1)); during=$((during + running))
  sleep 0.2
done
wait $sync_pid || { cat "$T/sync.err"; fail "the sync failed"; }
[ $during -ge 3 ] || fail "only $during notes ran during the import: the test needs a larger file (FEED_WRITERS_ROWS)"
assert_contains "$T/sync.out" "feeds/metrics/bulk.csv: imported, $(echo "$ROWS" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta') rows"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM metric m JOIN metric_name n ON n.id = m.metric_id WHERE n.name LIKE 'bulk%'")" -eq "$ROWS" ] ||
  fail "the import is incomplete"
[ "$(sqlite3 "$DB" "SELECT value FROM metric m JOIN metric_name n ON n.id = m.metric_id
  JOIN account a ON a.id = m.account_id WHERE n.name = 'bulk3' AND a.crm_id = 'ACC-0007'
  AND m.day = CAST(julianday('2000-02-05') - julianday('1970-01-01') AS INTEGER)")" = "57.0" ] ||
  fail "a value of the import is wrong"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM event WHERE type = 'note.add'")" -ge "$notes" ] || fail "notes lost"
