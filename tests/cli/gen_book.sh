#!/bin/sh
# tools/gen-book: deterministic per seed, a valid book for csconsole sync,
# refuses to write over feeds or events, writes event segments at scale
# (--segments/--devices), and regenerates the committed sample-data/, whose
# events sync with nothing quarantined and tell the README's stories.
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
# ...and so is an existing DIR/events (stale segments would stay behind).
mkdir -p "$T/e2/events"
set +e; "$GEN" --scale small --seed 7 --anchor "$ANCHOR" --out "$T/e2" > "$T/refuse.out" 2>&1; rc=$?; set -e
[ "$rc" -ne 0 ] || fail "gen-book accepted an existing (empty) $T/e2/events"
assert_contains "$T/refuse.out" "$T/e2/events"
[ -z "$(ls -A "$T/e2/events")" ] && [ ! -e "$T/e2/feeds" ] || fail "the refused run wrote into $T/e2"

# --- Events at scale: --segments N --devices M ----------------------------------
# Bad combinations are refused before anything is written.
for args in "--segments 10" "--devices 3" "--segments 2 --devices 3"; do
  # shellcheck disable=SC2086
  set +e; "$GEN" --scale small --seed 7 --anchor "$ANCHOR" --out "$T/bad" $args > "$T/refuse.out" 2>&1; rc=$?; set -e
  [ "$rc" -eq 2 ] || fail "gen-book $args: exit $rc, expected 2"
  assert_contains "$T/refuse.out" "--segments N and --devices M"
  [ ! -e "$T/bad" ] || fail "the refused gen-book $args wrote $T/bad"
done
set +e; "$GEN" --scale sample --seed 1 --anchor "$ANCHOR" --out "$T/bad" --segments 4 --devices 2 > "$T/refuse.out" 2>&1; rc=$?; set -e
[ "$rc" -eq 2 ] || fail "gen-book --scale sample --segments: exit $rc, expected 2"
[ ! -e "$T/bad" ] || fail "the refused sample --segments run wrote $T/bad"

# Same arguments, same bytes; N segments in M device folders.
gen "$T/ev1" 7 --segments 45 --devices 6
gen "$T/ev2" 7 --segments 45 --devices 6
diff -r "$T/ev1" "$T/ev2" > "$T/diff" 2>&1 || { head -n 20 "$T/diff"; fail "same --segments arguments, different trees"; }
[ "$(find "$T/ev1/events" -type f -name '*.jsonl' | wc -l)" -eq 45 ] || fail "--segments 45 wrote $(find "$T/ev1/events" -type f | wc -l) segment files"
[ "$(find "$T/ev1/events" -mindepth 1 -maxdepth 1 -type d | wc -l)" -eq 6 ] || fail "--devices 6 wrote $(ls "$T/ev1/events" | wc -l) device folders"
# The feeds do not depend on the events.
diff -r "$T/a/feeds" "$T/ev1/feeds" > /dev/null 2>&1 || fail "--segments changed the feeds"
ev_n=$(find "$T/ev1/events" -type f -exec cat {} + | grep -c '"seq":')
# They sync: every segment imported, nothing quarantined; the events are the
# team's CSMs' on the book's accounts, with gap-free seqs from 1 per device.
write_config "$me" "$T/ev1" "$T/db/ev.db" > "$T/ev.yaml"
set +e; "$CSC" --config "$T/ev.yaml" sync > "$T/sync.out" 2>&1; rc=$?; set -e
[ "$rc" -eq 0 ] || { cat "$T/sync.out"; fail "sync of the small book with events exited $rc"; }
assert_contains "$T/sync.out" "events: 45 new segments: 45 imported ($ev_n new events)"
assert_not_contains "$T/sync.out" "quarantined"
assert_not_contains "$T/sync.out" "warning"
qe() { sqlite3 "$T/db/ev.db" "$1"; }
[ "$(qe 'SELECT count(DISTINCT device) FROM event')" -eq 6 ] || fail "events from $(qe 'SELECT count(DISTINCT device) FROM event') devices, expected 6"
[ "$(qe 'SELECT count(*) FROM event WHERE author NOT IN (SELECT handle FROM csm)')" -eq 0 ] || fail "events by authors outside the team"
[ "$(qe 'SELECT count(*) FROM event WHERE account IS NULL OR account NOT IN (SELECT crm_id FROM account)')" -eq 0 ] ||
  fail "events about accounts outside the book"
[ -z "$(qe 'SELECT device FROM event GROUP BY device HAVING min(seq) != 1 OR max(seq) != count(*)')" ] ||
  fail "a device's seqs are not 1, 2, 3... without gaps"
[ "$(qe "SELECT count(*) FROM event WHERE type NOT IN ('note.add', 'touch.schedule', 'risk.open')")" -gt 0 ] ||
  fail "--segments wrote no updates of earlier entities"

# The sample scale regenerates the committed sample-data/ byte for byte with
# the command in sample-data/README.md (the README itself is not generated,
# nor the Japanese demo's texts in sample-data/ja/, nor the reports' CRM exports of
# earlier days in sample-data/reports/).
grep -qF -- "--scale sample --seed 1 --anchor $ANCHOR --out sample-data" "$CSC_ROOT/sample-data/README.md" ||
  fail "sample-data/README.md no longer documents the command this test runs; update the test"
"$GEN" --scale sample --seed 1 --anchor "$ANCHOR" --out "$T/sample" > "$T/gen.out" 2>&1 ||
  { cat "$T/gen.out"; fail "gen-book --scale sample failed"; }
diff -r -x README.md -x ja -x reports "$CSC_ROOT/sample-data" "$T/sample" > "$T/diff" 2>&1 ||
  { head -n 40 "$T/diff"; fail "gen-book --scale sample does not reproduce sample-data/ (regenerate it or fix the generator)"; }
[ ! -e "$T/sample/README.md" ] || fail "gen-book wrote a README.md"
grep -qF -- "rm -rf sample-data/feeds sample-data/events" "$CSC_ROOT/sample-data/README.md" ||
  fail "sample-data/README.md does not say to remove events/ before regenerating"

# --- The sample book's events -----------------------------------------------------
# aiko's csconsole syncs the committed book: every segment imported, every
# event new, nothing quarantined, no clock warning (every stamp is before
# today, the anchor).
setup_book aiko
nseg=$(find "$T/shared/events" -type f -name '*.jsonl' | wc -l)
nev=$(find "$T/shared/events" -type f -name '*.jsonl' -exec cat {} + | grep -c '"seq":')
ndev=$(find "$T/shared/events" -mindepth 1 -maxdepth 1 -type d | wc -l)
[ "$nseg" -ge 20 ] && [ "$nev" -ge 60 ] && [ "$ndev" -ge 4 ] || fail "sample events: $nseg segments, $nev events, $ndev devices"
set +e; "$CSC" sync > "$T/sync.out" 2>&1; rc=$?; set -e
[ "$rc" -eq 0 ] || { cat "$T/sync.out"; fail "sync of the sample book exited $rc"; }
assert_contains "$T/sync.out" "events: $nseg new segments: $nseg imported ($nev new events)"
assert_not_contains "$T/sync.out" "quarantined"
assert_not_contains "$T/sync.out" "warning"
qs() { sqlite3 "$T/db/csconsole.db" "$1"; }
# Each device its owner's (aiko and ken wrote issue 17's stories from a second
# device: the owners the segment headers name); gap-free seqs.
nown=$(find "$T/shared/events" -type f -name '*.jsonl' -exec head -qn 1 {} + | sed -n 's/.*"owner":"\([^"]*\)".*/\1/p' | sort -u | wc -l)
[ "$(qs 'SELECT count(DISTINCT device) FROM event')" -eq "$ndev" ] || fail "events from $(qs 'SELECT count(DISTINCT device) FROM event') devices, $ndev folders"
[ "$(qs 'SELECT count(DISTINCT author) FROM event')" -eq "$nown" ] || fail "$(qs 'SELECT count(DISTINCT author) FROM event') authors, $nown owners in the segments"
[ -z "$(qs 'SELECT device FROM event GROUP BY device HAVING count(DISTINCT author) != 1 OR min(seq) != 1 OR max(seq) != count(*)')" ] ||
  fail "a sample device has several authors or gaps in its seqs"
[ "$(qs 'SELECT count(*) FROM event WHERE author NOT IN (SELECT handle FROM csm)')" -eq 0 ] || fail "sample events by authors outside the team"
[ "$(qs "SELECT count(*) FROM event WHERE type != 'cover.set' AND type != 'cover.clear' AND account NOT IN (SELECT crm_id FROM account)")" -eq 0 ] ||
  fail "sample events about accounts outside the book"
# Values within the configuration's defaults: sentiment on the 1..N scale of
# csconsole.yaml's labels, risk categories from its risk_categories.
labels=$(sed -n 's/^  labels: \[\(.*\)\]/\1/p' "$CSC_ROOT/csconsole.yaml" | tr ',' '\n' | grep -c .)
[ "$labels" -ge 2 ] || fail "cannot read the sentiment labels from csconsole.yaml"
[ "$(qs "SELECT count(*) FROM note WHERE sentiment < 1 OR sentiment > $labels")" -eq 0 ] || fail "a sample note's sentiment is outside 1..$labels"
cats=$(awk '/^risk_categories:/ { f = 1; next } f && /^  - / { printf "%s'\''%s'\''", n++ ? "," : "", $2; next } f { exit }' "$CSC_ROOT/csconsole.yaml")
[ -n "$cats" ] || fail "cannot read risk_categories from csconsole.yaml"
[ "$(qs "SELECT count(*) FROM risk WHERE category NOT IN ($cats)")" -eq 0 ] || fail "a sample risk's category is not in csconsole.yaml's risk_categories"
# issue 17's feedback areas from csconsole.yaml's feedback.areas
areas=$(sed -n 's/^  areas: \[\(.*\)\]/\1/p' "$CSC_ROOT/csconsole.yaml" | tr -d ' ' | sed "s/[^,]*/'&'/g")
[ -n "$areas" ] || fail "cannot read feedback.areas from csconsole.yaml"
[ "$(qs "SELECT count(*) FROM feedback WHERE area NOT IN ($areas)")" -eq 0 ] || fail "a sample feedback's area is not in csconsole.yaml's feedback.areas"
# the 12 types of before and issue 17's four (opportunity.open/update/close, feedback.add)
[ "$(qs 'SELECT count(DISTINCT type) FROM event')" -eq 16 ] || fail "the sample uses $(qs 'SELECT count(DISTINCT type) FROM event') of the 16 event types"

# The stories (sample-data/README.md). today = the anchor.
A=$(qs "SELECT CAST(julianday('$ANCHOR') - julianday('1970-01-01') AS INTEGER)")
[ "$(qs "SELECT count(*) FROM note WHERE account = 'ACC-0002' AND NOT deleted")" -ge 1 ] || fail "story 1: no note on ACC-0002"
[ "$(qs "SELECT count(*) FROM risk WHERE account = 'ACC-0002' AND category = 'champion_left' AND severity = 'high' AND status = 'open'")" -eq 1 ] ||
  fail "story 1: ACC-0002 has no open high-severity champion_left risk"
[ "$(qs "SELECT count(*) FROM risk WHERE account = 'ACC-0003' AND status = 'open'")" -ge 1 ] || fail "story 2: no open risk on ACC-0003"
[ "$(qs "SELECT count(*) FROM touchpoint WHERE account = 'ACC-0003' AND status = 'open' AND due_day >= $A")" -ge 1 ] ||
  fail "story 2: no upcoming touchpoint on ACC-0003"
[ "$(qs "SELECT count(*) FROM touchpoint WHERE account = 'ACC-0004' AND status = 'open' AND due_day BETWEEN $A - 14 AND $A - 3")" -eq 1 ] ||
  fail "story 3: ACC-0004 has no open touchpoint due several days before the anchor"
[ "$(qs "SELECT $A - max(touch_day) FROM note WHERE account = 'ACC-0004' AND NOT deleted")" -ge 35 ] ||
  fail "story 3: ACC-0004's last touch is not about 40 days ago"
[ "$(qs "SELECT group_concat(DISTINCT account) FROM touchpoint WHERE status = 'open' AND due_day < $A")" = ACC-0004 ] ||
  fail "overdue touchpoints: $(qs "SELECT group_concat(DISTINCT account) FROM touchpoint WHERE status = 'open' AND due_day < $A"), expected only ACC-0004"
[ "$(qs "SELECT count(*) FROM note WHERE account = 'ACC-0005' AND kind = 'meeting' AND sentiment <= 2 AND touch_day BETWEEN $A - 14 AND $A - 1 AND NOT deleted")" -ge 1 ] ||
  fail "story 4: no negative meeting note on ACC-0005 a few days before the anchor"
[ "$(qs "SELECT count(*) FROM risk WHERE account = 'ACC-0005' AND category = 'bad_interaction' AND status = 'open'")" -eq 1 ] ||
  fail "story 4: no open bad_interaction risk on ACC-0005"
[ "$(qs "SELECT count(*) FROM account WHERE crm_id = 'ACC-0005' AND renewal_day BETWEEN $A + 14 AND $A + 28")" -eq 1 ] ||
  fail "story 4: ACC-0005 does not renew in about three weeks"
[ "$(qs "SELECT count(*) FROM note WHERE account = 'ACC-0006' AND NOT deleted")" -ge 1 ] &&
  [ "$(qs "SELECT count(*) FROM touchpoint WHERE account = 'ACC-0006' AND status = 'open'")" -ge 1 ] ||
  fail "story 5: ACC-0006 lacks a note or an open touchpoint"
[ "$(qs "SELECT count(*) FROM note WHERE account = 'ACC-0007' AND sentiment >= 4 AND touch_day <= $A - 30")" -ge 1 ] ||
  fail "story 6: no old positive note on ACC-0007"
[ "$(qs "SELECT (SELECT count(*) FROM risk WHERE account = 'ACC-0007' AND status = 'open') + (SELECT count(*) FROM touchpoint WHERE account = 'ACC-0007' AND status != 'done')")" -eq 0 ] ||
  fail "story 6: something is open on ACC-0007"
# A resolved risk with a history from two devices: open, severity update, resolve.
hist=$(qs "SELECT r.id FROM risk r WHERE r.status = 'resolved' AND
  (SELECT group_concat(type, ' ') FROM (SELECT type FROM event e WHERE e.entity = 'risk/' || r.id ORDER BY hlc)) = 'risk.open risk.update risk.resolve' AND
  (SELECT count(DISTINCT device) FROM event e WHERE e.entity = 'risk/' || r.id) = 2 AND
  EXISTS (SELECT 1 FROM event e WHERE e.entity = 'risk/' || r.id AND e.type = 'risk.update' AND e.data LIKE '%\"severity\"%')")
[ -n "$hist" ] || fail "no resolved risk with an open -> severity update -> resolve history from two devices"
# Coverage from an event; teammates' notes on aiko's accounts.
[ "$(qs "SELECT count(*) FROM absence WHERE source = 'event'")" -ge 1 ] || fail "no coverage (cover.set) among the sample events"
[ "$(qs "SELECT count(DISTINCT n.author) FROM note n JOIN account a ON a.crm_id = n.account WHERE (a.main_owner = 'aiko' OR a.sub_owner = 'aiko') AND n.author != 'aiko'")" -ge 3 ] ||
  fail "fewer than three teammates wrote notes on aiko's accounts"
[ "$(qs "SELECT count(DISTINCT account) FROM touchpoint WHERE author = 'aiko' AND status = 'open' AND due_day >= $A")" -ge 8 ] ||
  fail "aiko has upcoming touchpoints on fewer than 8 accounts"
# csconsole dump shows the entities.
"$CSC" dump > "$T/dump.out" 2>&1 || { cat "$T/dump.out"; fail "csconsole dump failed"; }
for kind in note risk touchpoint; do
  want=$(qs "SELECT count(*) FROM $kind")
  [ "$want" -gt 0 ] || fail "no $kind in the database after the sample sync"
  [ "$(grep -c "^$kind " "$T/dump.out")" -eq "$want" ] || fail "dump shows $(grep -c "^$kind " "$T/dump.out") ${kind}s, the database $want"
done
grep "^risk " "$T/dump.out" | grep -F "ACC-0002" | grep -qF "champion_left" || fail "dump does not show ACC-0002's champion_left risk"
exit 0
