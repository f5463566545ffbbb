# feed_settle.sh - issue 11: a feed that is still being written is not
# imported (feeds.settle_seconds); the next sync imports it once complete.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book
unset CSCONSOLE_SETTLE_SECONDS
echo "feeds.settle_seconds: 1" >> "$CSCONSOLE_CONFIG"
DB="$T/db/csconsole.db"
D="$T/shared/feeds/metrics/daily.csv"
logins() { sqlite3 "$DB" "SELECT value FROM metric m JOIN account a ON a.id = m.account_id
  JOIN metric_name n ON n.id = m.metric_id WHERE a.crm_id = 'ACC-0001' AND n.name = 'logins'
  AND m.day = CAST(julianday('2026-12-01') - julianday('1970-01-01') AS INTEGER)"; }

# Files copied a moment ago: the sync waits the settle interval, then imports.
assert_status 0 "$CSC" sync > "$T/out1" 2> "$T/err1"
assert_contains "$T/out1" "feeds/metrics/daily.csv: imported"
sha1=$(sqlite3 "$DB" "SELECT sha256 FROM feed_file WHERE path = 'feeds/metrics/daily.csv'")

# An exporter writing in place, a row every 0.2 s, while the sync runs.
( i=1; while [ $i -le 20 ]; do echo "ACC-0001,2026-12-01,logins,$i" >> "$D"; sleep 0.2; i=$((i + 1)); done ) &
writer=$!
sleep 0.5
assert_status 0 "$CSC" sync > "$T/out2" 2> "$T/err2"
assert_contains "$T/out2" "feeds/metrics/daily.csv: waiting: still being written, not imported now"
assert_contains "$T/err2" "feeds/metrics/daily.csv: warning: the file is still being written"
assert_contains "$T/out2" "1 waiting"
[ "$(sqlite3 "$DB" "SELECT sha256 FROM feed_file WHERE path = 'feeds/metrics/daily.csv'")" = "$sha1" ] ||
  fail "the half-written file was recorded as imported"
[ -z "$(logins)" ] || fail "a value of the half-written file was imported: $(logins)"
wait $writer

# Complete and settled: imported, with the last row's value.
sleep 1.1
assert_status 0 "$CSC" sync > "$T/out3" 2> "$T/err3"
assert_contains "$T/out3" "feeds/metrics/daily.csv: imported"
[ "$(logins)" = "20.0" ] || fail "expected the complete file's value 20.0, got $(logins)"
