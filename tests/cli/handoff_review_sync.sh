# handoff_review_sync.sh - review marks travel to the team: ken covers aiko's
# absence and marks an account of her brief reviewed on his device; after a
# sync on both devices, aiko sees who reviewed it in her brief (text, json)
# and in "while you were out"; ken taking the mark back reaches her too.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book
rm -rf "$T/shared/events"
"$CSC" sync > /dev/null 2>&1 || fail "aiko's first sync failed"
write_config ken "$T/shared" "$T/db/ken.db" > "$T/ken.yaml"
as() { who=$1 now=$2; shift 2; CSCONSOLE_NOW=$now "$CSC" --config "$T/$who.yaml" "$@"; }
as ken 2026-11-23T09:00:00Z sync > /dev/null 2>&1 || fail "ken's first sync failed"

ACC=$(sqlite3 "$T/db/csconsole.db" "SELECT crm_id FROM account WHERE main_owner = 'aiko' AND active ORDER BY crm_id LIMIT 1")
[ -n "$ACC" ] || fail "no account of aiko in the sample"
DAYS="--from 2026-11-24 --until 2026-11-30"

as ken 2026-11-23T09:10:00Z handoff aiko $DAYS --reviewed "$ACC" > "$T/mark" 2>&1 ||
  { cat "$T/mark"; fail "ken could not mark $ACC reviewed"; }
assert_contains "$T/mark" "$ACC marked reviewed by ken"
# before any sync, aiko's device knows nothing of it
"$CSC" handoff aiko $DAYS --format json > "$T/b0.json" || fail "aiko's brief failed"
tr -d ' \n' < "$T/b0.json" | grep -q '"reviewed":{' && fail "aiko sees a review before the sync"

as ken 2026-11-23T09:11:00Z sync > /dev/null 2>&1 || fail "ken's sync failed"
CSCONSOLE_NOW=2026-11-23T09:20:00Z "$CSC" sync > /dev/null 2>&1 || fail "aiko's sync failed"
"$CSC" handoff aiko $DAYS > "$T/b1" || fail "aiko's brief failed"
grep -A200 "^$ACC" "$T/b1" | grep -m1 "reviewed" | grep -q "yes, by ken on" ||
  { cat "$T/b1"; fail "aiko does not see ken's review of $ACC"; }
"$CSC" handoff aiko $DAYS --format json > "$T/b1.json"
tr -d ' \n' < "$T/b1.json" | grep -q '"reviewed":{"by":"ken","at":"2026-11-23T09:10:00Z","shared":true}' ||
  { cat "$T/b1.json"; fail "the json brief does not say ken reviewed it"; }
"$CSC" changes aiko --since 2026-11-23 > "$T/ch"
assert_contains "$T/ch" "reviewed in the handoff brief (absence from 2026-11-24)"

# ken takes the mark back: aiko sees it gone after the syncs
as ken 2026-11-23T10:00:00Z handoff aiko $DAYS --unreviewed "$ACC" > "$T/un" 2>&1 ||
  { cat "$T/un"; fail "ken could not take the mark back"; }
as ken 2026-11-23T10:01:00Z sync > /dev/null 2>&1 || fail "ken's second sync failed"
CSCONSOLE_NOW=2026-11-23T10:05:00Z "$CSC" sync > /dev/null 2>&1 || fail "aiko's second sync failed"
"$CSC" handoff aiko $DAYS --format json > "$T/b2.json"
tr -d ' \n' < "$T/b2.json" | grep -q '"reviewed":{' && { cat "$T/b2.json"; fail "the mark is still there after --unreviewed"; }
"$CSC" changes aiko --since 2026-11-23 > "$T/ch2"
assert_contains "$T/ch2" "review mark taken back in the handoff brief"
# un-marking what is not marked says so
as ken 2026-11-23T10:10:00Z handoff aiko $DAYS --unreviewed "$ACC" > "$T/un2" 2>&1 && fail "--unreviewed of an unmarked account succeeded"
assert_contains "$T/un2" "it is not marked reviewed"
echo ok
