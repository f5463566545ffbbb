# undo_opportunity.sh - `csconsole undo` of issue 17's events: an
# opportunity opened is withdrawn (opportunity.close outcome withdrawn), an
# update is taken back by an update of the previous values, a close by a
# reopen (opportunity.update status open), a feedback by feedback.retract
# (the reports and show leave it out); --dry-run says each and changes
# nothing; a teammate gets the same rows after a sync; an opportunity a
# teammate changed since is not undone blindly.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book
rm -rf "$T/shared/events"
"$CSC" sync > /dev/null 2>&1 || fail "the first sync failed"
write_config ken "$T/shared" "$T/db/ken.db" > "$T/ken.yaml"
ken() { "$CSC" --config "$T/ken.yaml" "$@"; }
ken sync > /dev/null 2>&1 || fail "ken's first sync failed"
q() { sqlite3 "$T/db/$1.db" "$2"; }
row() { q "$1" "SELECT status || ' ' || stage || ' ' || amount_minor || ' ' || currency || ' ' || close_day_iso
  FROM (SELECT *, date(close_day * 86400, 'unixepoch') AS close_day_iso FROM opportunity) WHERE id = '$2'"; }
# The day numbers of the opportunity table are days since 1970-01-01 (date.h).
[ "$(q csconsole "SELECT date(0, 'unixepoch')")" = 1970-01-01 ] || fail "sqlite3 date()"

# --- a note first: the undo of an opportunity must not take it back ----------------
"$CSC" note ACC-0002 --kind call --summary "Pricing call" > /dev/null 2>&1 || fail "note"

# --- open -> withdrawn --------------------------------------------------------------
"$CSC" opportunity ACC-0002 --kind upsell --amount 12,000 --currency USD --stage proposal \
  --close 2027-01-15 > "$T/opp" 2>/dev/null || fail "opportunity"
OPP=$(cat "$T/opp")
"$CSC" undo --dry-run > "$T/u" || fail "undo --dry-run"
assert_contains "$T/u" "would undo: opening of opportunity 'upsell, proposal' on "
[ "$(row csconsole "$OPP")" = "open proposal 1200000 USD 2027-01-15" ] || fail "--dry-run changed the opportunity"
"$CSC" undo > "$T/u" || { cat "$T/u"; fail "undo of the open"; }
assert_contains "$T/u" "undone: opening of opportunity 'upsell, proposal' on "
[ "$(row csconsole "$OPP")" = "withdrawn proposal 1200000 USD 2027-01-15" ] || fail "the open is not withdrawn: $(row csconsole "$OPP")"
[ "$(q csconsole "SELECT json_extract(data, '\$.outcome') FROM event WHERE type = 'opportunity.close' AND entity = 'opportunity/$OPP'")" = withdrawn ] ||
  fail "no opportunity.close withdrawn written"
[ "$(q csconsole "SELECT count(*) FROM note WHERE summary = 'Pricing call' AND deleted = 0")" = 1 ] ||
  fail "the undo of the open took the note back"
"$CSC" show ACC-0002 > "$T/show"
grep -F "withdrawn" "$T/show" | grep -qF "upsell" || { cat "$T/show"; fail "show: the withdrawn opportunity"; }
"$CSC" report pipeline --format csv > "$T/pipe.csv"
assert_not_contains "$T/pipe.csv" "1200000"
assert_not_contains "$T/pipe.csv" "12000.00"

# --- update -> the previous values; close -> reopened --------------------------------
"$CSC" opportunity ACC-0002 --kind seats --amount 300,000 --currency JPY --stage discovery \
  --close 2027-02-01 > "$T/opp2" 2>/dev/null || fail "second opportunity"
OPP2=$(cat "$T/opp2")
"$CSC" opportunity --update "$OPP2" --stage negotiation --amount 450,000 --close 2027-03-01 > /dev/null 2>&1 ||
  fail "update"
[ "$(row csconsole "$OPP2")" = "open negotiation 450000 JPY 2027-03-01" ] || fail "update applied: $(row csconsole "$OPP2")"
"$CSC" opportunity --close-won "$OPP2" --note "PO signed" > /dev/null 2>&1 || fail "close-won"
[ "$(row csconsole "$OPP2")" = "won negotiation 450000 JPY 2027-03-01" ] || fail "close applied"
"$CSC" undo --dry-run > "$T/u" || fail "undo --dry-run of the close"
assert_contains "$T/u" "would undo: close of opportunity 'seats, negotiation' on "
"$CSC" undo > "$T/u" || { cat "$T/u"; fail "undo of the close"; }
assert_contains "$T/u" "undone: close of opportunity 'seats, negotiation' on "
[ "$(row csconsole "$OPP2")" = "open negotiation 450000 JPY 2027-03-01" ] || fail "not reopened: $(row csconsole "$OPP2")"
[ "$(q csconsole "SELECT coalesce(closed_day, 'none') || ' ' || coalesce(note, 'none') FROM opportunity WHERE id = '$OPP2'")" = "none none" ] ||
  fail "a reopened opportunity keeps no closed day or closing note"
"$CSC" undo > "$T/u" || { cat "$T/u"; fail "undo of the update"; }
assert_contains "$T/u" "undone: change of opportunity 'seats, discovery' on "   # named as it was before the change
[ "$(row csconsole "$OPP2")" = "open discovery 300000 JPY 2027-02-01" ] || fail "update not undone: $(row csconsole "$OPP2")"
[ "$(q csconsole "SELECT json_extract(data, '\$.stage') || ' ' || json_extract(data, '\$.amount') || ' ' || json_extract(data, '\$.currency') || ' ' || json_extract(data, '\$.close_day') FROM event WHERE type = 'opportunity.update' AND entity = 'opportunity/$OPP2' ORDER BY hlc DESC LIMIT 1")" = "discovery 300000 JPY 2027-02-01" ] ||
  fail "the compensating update's fields"

# --- feedback -> feedback.retract: gone from the report --------------------------------
"$CSC" report feedback --format csv > "$T/fb0.csv" || fail "report feedback (before)"
"$CSC" feedback ACC-0002 --area integrations --type missing_feature \
  --text "A webhook when a shipment is late" > "$T/fb" 2>/dev/null || fail "feedback"
FB=$(cat "$T/fb")
"$CSC" report feedback --format csv > "$T/fb1.csv" || fail "report feedback (with it)"
grep -q '^"\{0,1\}integrations' "$T/fb1.csv" || { cat "$T/fb1.csv"; fail "the report has no integrations row"; }
cmp -s "$T/fb0.csv" "$T/fb1.csv" && fail "the feedback changed nothing in the report"
"$CSC" undo --dry-run > "$T/u" || fail "undo --dry-run of the feedback"
assert_contains "$T/u" "would undo: recording of feedback 'A webhook when a shipment is late' on "
[ "$(q csconsole "SELECT count(*) FROM feedback WHERE id = '$FB'")" = 1 ] || fail "--dry-run retracted the feedback"
"$CSC" undo > "$T/u" || { cat "$T/u"; fail "undo of the feedback"; }
assert_contains "$T/u" "undone: recording of feedback 'A webhook when a shipment is late' on "
[ "$(q csconsole "SELECT count(*) FROM feedback WHERE id = '$FB'")" = 0 ] || fail "the feedback is still there"
[ "$(q csconsole "SELECT count(*) FROM event WHERE type = 'feedback.retract' AND entity = 'feedback/$FB' AND author = 'aiko'")" = 1 ] ||
  fail "no feedback.retract written"
"$CSC" report feedback --format csv > "$T/fb2.csv" || fail "report feedback (after)"
cmp -s "$T/fb0.csv" "$T/fb2.csv" || { diff "$T/fb0.csv" "$T/fb2.csv"; fail "the report still counts the retracted feedback"; }

# --- a teammate gets the same rows ------------------------------------------------------
"$CSC" sync > /dev/null 2>&1 || fail "aiko's sync"
ken sync > /dev/null 2>&1 || fail "ken's sync"
[ "$(row ken "$OPP")" = "withdrawn proposal 1200000 USD 2027-01-15" ] || fail "ken: the withdrawn opportunity"
[ "$(row ken "$OPP2")" = "open discovery 300000 JPY 2027-02-01" ] || fail "ken: the restored opportunity"
[ "$(q ken "SELECT count(*) FROM event WHERE entity = 'feedback/$FB'")" = 2 ] || fail "ken: the feedback's two events"
[ "$(q ken "SELECT count(*) FROM feedback WHERE id = '$FB'")" = 0 ] || fail "ken: the retracted feedback shows"

# --- changed by a teammate since: refused, saying who -------------------------------------
"$CSC" opportunity --update "$OPP2" --stage proposal > /dev/null 2>&1 || fail "aiko's update"
"$CSC" sync > /dev/null 2>&1 || fail "aiko's sync 2"
ken sync > /dev/null 2>&1 || fail "ken's sync 2"
ken opportunity --update "$OPP2" --stage commit > /dev/null 2>&1 || fail "ken's update"
ken sync > /dev/null 2>&1 || fail "ken's sync 3"
"$CSC" sync > /dev/null 2>&1 || fail "aiko's sync 3"
assert_status 1 "$CSC" undo > /dev/null 2> "$T/err"
assert_contains "$T/err" "was changed since by ken (opportunity.update)"
[ "$(row csconsole "$OPP2")" = "open commit 300000 JPY 2027-02-01" ] || fail "ken's stage was overwritten"
exit 0
