# import_check.sh - `csconsole import --check` and `csconsole sync --dry-run`
# show what the feeds would do (rows new, changed, deactivated, rejected, the
# first errors) and write nothing: the database dumps the same and its file
# keeps its size and mtime, no segment is published, no database is created.
# Then a real sync does what the preview said.
. "$(dirname "$0")/../lib.sh"

setup_book
DB="$T/db/csconsole.db"
S="$T/shared"

# No database yet: the preview reads from an empty one and makes none.
assert_status 0 "$CSC" import --check > "$T/o0" 2>&1
assert_contains "$T/o0" "feeds/accounts.yaml: would import, 80 rows read: 80 new accounts, 0 changed, 0 deactivated, 0 rejected"
assert_contains "$T/o0" "nothing was written"
[ ! -e "$DB" ] && [ ! -e "$T/db" ] || fail "import --check made a database"

"$CSC" sync > "$T/sync1" 2>&1 || { cat "$T/sync1"; fail "first sync failed"; }
# An event in the outbox, which a dry run must not publish.
"$CSC" note ACC-0001 --kind call --summary "preview test" > /dev/null 2>&1 || fail "note failed"

# The CRM's next export: ACC-0001 renamed (changed), ACC-0080 gone, ACC-9001
# new, ACC-9002 with a bad touch model (rejected). With a row rejected no
# account is marked inactive (feed_accounts.c): the preview says so too.
awk '/^  - id: ACC-0080$/ { exit } { print }' "$S/feeds/accounts.yaml" |
  sed 's/^    name: "株式会社さくらロジスティクス"$/    name: "さくらロジスティクス株式会社"/' > "$T/acc.yaml"
cat >> "$T/acc.yaml" <<'YAML'
  - id: ACC-9001
    name: "Preview Newco"
    touch_model: low
    stage: onboarding
    main_owner: aiko
  - id: ACC-9002
    name: "Broken Row Inc."
    touch_model: medium
    stage: adoption
    main_owner: aiko
YAML
grep -q 'さくらロジスティクス株式会社' "$T/acc.yaml" || fail "fixture: the rename did not apply"
cp "$T/acc.yaml" "$S/feeds/accounts.yaml"
# Metrics: one value new, one changed, one bad row.
printf 'ACC-0001,2026-11-30,active_seats,200\nACC-0001,2026-11-23,support_tickets,12\nACC-0001,2026-11-30,logins,many\n' >> "$S/feeds/metrics/weekly.csv"

state() {
  sqlite3 "$DB" .dump > "$T/dump.$1"
  stat -c '%s %Y' "$DB" > "$T/stat.$1"
  ls -a "$T/db" > "$T/dbdir.$1"
  (cd "$S" && find events -type f | LC_ALL=C sort) > "$T/events.$1"
}
state before
sleep 1   # an mtime that changed would show

check_output() { # FILE: the preview's per-file lines
  assert_contains "$1" "feeds/team.yaml: unchanged (already imported), nothing to import"
  assert_contains "$1" "feeds/accounts.yaml: would import, 81 rows read: 1 new account, 1 changed, 0 deactivated, 1 rejected"
  assert_contains "$1" "  feeds/accounts.yaml:1393:18: error: touch_model \"medium\""
  assert_contains "$1" "no account was marked inactive, because rows were rejected"
  assert_contains "$1" "feeds/metrics/weekly.csv: would import, 5,877 rows read: 1 new value, 1 changed, 0 taken back, 1 rejected"
  assert_contains "$1" "  feeds/metrics/weekly.csv:5879: error: value \"many\" is not a number"
  assert_contains "$1" "feeds/metrics/daily.csv: unchanged"
  assert_contains "$1" "nothing was written"
}
assert_status 1 "$CSC" import --check > "$T/o1" 2>&1
check_output "$T/o1"
state after
for x in dump stat dbdir events; do
  cmp -s "$T/$x.before" "$T/$x.after" || { diff "$T/$x.before" "$T/$x.after" | head; fail "import --check changed the $x"; }
done

assert_status 1 "$CSC" sync --dry-run > "$T/o2" 2>&1
check_output "$T/o2"
assert_contains "$T/o2" "events: not exchanged (dry run)"
state after
for x in dump stat dbdir events; do
  cmp -s "$T/$x.before" "$T/$x.after" || { diff "$T/$x.before" "$T/$x.after" | head; fail "sync --dry-run changed the $x"; }
done

# The real sync does what the preview said.
assert_status 1 "$CSC" sync > "$T/sync2" 2>&1
q() { sqlite3 "$DB" "$1"; }
[ "$(q "SELECT active FROM account WHERE crm_id = 'ACC-0080'")" = 1 ] || fail "ACC-0080 deactivated despite a rejected row"
[ "$(q "SELECT name FROM account WHERE crm_id = 'ACC-0001'")" = "さくらロジスティクス株式会社" ] || fail "ACC-0001 not renamed"
[ "$(q "SELECT count(*) FROM account WHERE crm_id = 'ACC-9001'")" = 1 ] || fail "ACC-9001 not added"
[ "$(q "SELECT count(*) FROM account WHERE crm_id = 'ACC-9002'")" = 0 ] || fail "ACC-9002 imported"
[ "$(q "SELECT value FROM metric m JOIN account a ON a.id = m.account_id JOIN metric_name n ON n.id = m.metric_id
      WHERE a.crm_id = 'ACC-0001' AND n.name = 'support_tickets' AND m.day = 20780")" = 12.0 ] || fail "the changed value was not imported"
# Now nothing is left to do.
assert_status 0 "$CSC" import --check > "$T/o3" 2>&1
assert_contains "$T/o3" "feeds/accounts.yaml: unchanged"
assert_contains "$T/o3" "0 would import"
# The bad row fixed by leaving it out: now ACC-0080 would be deactivated.
awk '/^  - id: ACC-9002$/ { exit } { print }' "$T/acc.yaml" > "$S/feeds/accounts.yaml"
state before
assert_status 0 "$CSC" import --check > "$T/o3b" 2>&1
assert_contains "$T/o3b" "feeds/accounts.yaml: would import, 80 rows read: 0 new accounts, 0 changed, 1 deactivated, 0 rejected"
state after
cmp -s "$T/dump.before" "$T/dump.after" || fail "import --check changed the database"
"$CSC" sync > "$T/sync3" 2>&1 || { cat "$T/sync3"; fail "third sync failed"; }
[ "$(q "SELECT active FROM account WHERE crm_id = 'ACC-0080'")" = 0 ] || fail "ACC-0080 not deactivated by the sync"

# FILE: an export that is not in the shared directory yet. A CRM export that
# lists two accounts would deactivate nearly all: the preview says it would
# be held back.
printf 'id,name,touch_model,stage,main_owner\nACC-0001,Sakura,high,adoption,aiko\nACC-7777,New One,low,onboarding,aiko\n' > "$T/export.csv"
state before
assert_status 1 "$CSC" import --check --as accounts "$T/export.csv" > "$T/o4" 2>&1
assert_contains "$T/o4" "feeds/accounts.csv: would be held back, nothing applied: it would mark"
# Its name tells the kind when it is the feed's name; otherwise --as is needed.
cp "$T/export.csv" "$T/accounts.csv"
assert_status 1 "$CSC" import --check "$T/accounts.csv" > "$T/o5" 2>&1
assert_contains "$T/o5" "feeds/accounts.csv: would be held back"
assert_status 2 "$CSC" import --check "$T/export.csv" > "$T/o6" 2>&1
assert_contains "$T/o6" "--as team, --as accounts or --as metrics"
# A metrics export: one value the book does not have yet.
printf 'account,date,metric,value\nACC-0002,2026-11-30,logins,42\n' > "$T/extra.csv"
assert_status 0 "$CSC" import --check --as metrics "$T/extra.csv" > "$T/o8" 2>&1
assert_contains "$T/o8" "feeds/metrics/extra.csv: would import, 1 row read: 1 new value, 0 changed, 0 taken back, 0 rejected"
cp "$T/extra.csv" "$T/extra.yml"
assert_status 2 "$CSC" import --check --as metrics "$T/extra.yml" > "$T/o9" 2>&1
assert_contains "$T/o9" "a metrics feed is a .csv or .yaml file"
assert_status 2 "$CSC" import "$T/export.csv" > "$T/o7" 2>&1
assert_contains "$T/o7" "only --check"
state after
for x in dump stat dbdir events; do
  cmp -s "$T/$x.before" "$T/$x.after" || { diff "$T/$x.before" "$T/$x.after" | head; fail "import --check FILE changed the $x"; }
done
ls "${TMPDIR:-/tmp}" | grep -q '^csconsole-check\.' && ls -d "${TMPDIR:-/tmp}"/csconsole-check.* | while read -r d; do
  [ "$(stat -c %Y "$d")" -lt "$(($(date +%s) - 120))" ] || fail "a temporary copy was left: $d"; done
echo ok
