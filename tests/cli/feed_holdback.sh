# feed_holdback.sh - issue 11: a CRM export read mid-write (cut inside an
# account, or cut after a few accounts) changes nothing: refused, or held
# back until it is seen again unchanged or accepted with sync --accept.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book
DB="$T/db/csconsole.db"
A="$T/shared/feeds/accounts.yaml"
active() { sqlite3 "$DB" "SELECT count(*) FROM account WHERE active = 1"; }
touches() { sqlite3 "$DB" "SELECT count(*) FROM event"; }

assert_status 0 "$CSC" sync > "$T/out1" 2> "$T/err1"
all=$(active)
[ "$all" -gt 50 ] || fail "the sample book has only $all active accounts"
cp "$A" "$T/accounts.full"
events=$(touches)

# Cut in the middle of a line, inside the 6th account.
n=$(grep -n '^  - id:' "$A" | sed -n 6p | cut -d: -f1)
head -n $((n + 2)) "$T/accounts.full" | head -c -4 > "$A"
assert_status 1 "$CSC" sync > "$T/out2" 2> "$T/err2"
assert_contains "$T/err2" "feeds/accounts.yaml: error: the file ends in the middle of a line"
[ "$(active)" -eq "$all" ] || fail "a cut accounts.yaml marked accounts inactive: $(active) of $all active"

# Cut at a line end after 5 accounts: it parses, but would retire most of the book.
# A playbook rule that holds for many accounts of the book as it stands must
# not run while the import is in doubt.
printf 'playbook:\n  - {name: renewal_soon, when: renewal, days: 365}\n' >> "$CSCONSOLE_CONFIG"
head -n $((n - 1)) "$T/accounts.full" > "$A"
assert_status 1 "$CSC" sync > "$T/out3" 2> "$T/err3"
assert_contains "$T/out3" "feeds/accounts.yaml: held back, nothing applied: it would mark $((all - 5)) of the $all active accounts inactive (more than 10%)"
assert_contains "$T/err3" "csconsole sync --accept feeds/accounts.yaml"
[ "$(active)" -eq "$all" ] || fail "the held-back import was applied: $(active) of $all active"
[ "$(touches)" -eq "$events" ] || fail "the playbook acted while an import was held back"
assert_contains "$T/out3" "playbook: not run while a feed import is held back (feeds/accounts.yaml)"
assert_status 1 "$CSC" doctor > "$T/doc" 2>&1
assert_contains "$T/doc" "feeds/accounts.yaml: error: its last import was held back"

# The full export again: applied, nothing held any more.
cp "$T/accounts.full" "$A"
assert_status 0 "$CSC" sync > "$T/out4" 2> "$T/err4"
[ "$(active)" -eq "$all" ] || fail "the full export did not import"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM feed_hold")" -eq 0 ] || fail "a hold was left behind"
assert_contains "$T/out4" "playbook: "
assert_not_contains "$T/out4" "not run"
[ "$(touches)" -gt "$events" ] || fail "the playbook did not run once the hold was lifted"

# A real shrink, accepted by hand.
head -n $((n - 1)) "$T/accounts.full" > "$A"
assert_status 1 "$CSC" sync > "$T/out5" 2> "$T/err5"
assert_contains "$T/out5" "held back"
assert_status 0 "$CSC" sync --accept accounts.yaml > "$T/out6" 2> "$T/err6"
assert_contains "$T/out6" "feeds/accounts.yaml: imported"
[ "$(active)" -eq 5 ] || fail "the accepted import left $(active) active accounts, not 5"
