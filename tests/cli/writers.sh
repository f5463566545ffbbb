# writers.sh - note, risk, touch and cover write events: each prints the
# entity's id, its event shows in `csconsole dump` with the fields given, and
# bad arguments are refused with a message naming the argument and what is
# allowed. Also: a teammate's note is read-only; a concurrent edit is listed
# by `csconsole conflicts`.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book
DB="$T/db/csconsole.db"
# A sentiment scale of our own, so "--sentiment good" has a value this test knows.
printf 'sentiment:\n  labels: [awful, bad, fine, good]\n' >> "$T/csconsole.yaml"
assert_status 0 "$CSC" sync > /dev/null
TODAY=$CSCONSOLE_TODAY
day() { date -u -d "$TODAY $1 days" +%F; }   # today + N days, by date(1)
ulid_ok() { printf '%s\n' "$1" | grep -qE '^[0-9A-HJKMNP-TV-Z]{26}$'; }
# ev FIELD ENTITY_ID TYPE: a field of the event of TYPE about ENTITY_ID.
ev() { sqlite3 "$DB" "SELECT $1 FROM event WHERE entity LIKE '%/$2' AND type = '$3'"; }

# --- note: add, with the sentiment as a label and the text from stdin ----------
echo "They want SSO before the renewal." |
  "$CSC" note ACC-0001 --kind call --sentiment good --summary "QBR went well" --text - \
  --date yesterday > "$T/id" 2> "$T/err"
NOTE=$(cat "$T/id")
ulid_ok "$NOTE" || fail "note printed \"$NOTE\", not a ULID"
assert_contains "$T/err" "note added to ACC-0001"
[ "$(ev "json_extract(data, '\$.sentiment')" "$NOTE" note.add)" = 4 ] || fail "sentiment good is 4 of 4"
[ "$(ev "json_extract(data, '\$.touch_day')" "$NOTE" note.add)" = "$(day -1)" ] || fail "--date yesterday"
[ "$(ev "json_extract(data, '\$.text')" "$NOTE" note.add)" = "They want SSO before the renewal." ] ||
  fail "--text - reads stdin"
[ "$(ev author "$NOTE" note.add)" = aiko ] || fail "author is me"
[ "$(ev account "$NOTE" note.add)" = ACC-0001 ] || fail "account"
# in_dump ENTITY TYPE: the dump has that event (one line per event, canonical JSON).
in_dump() {
  "$CSC" dump > "$T/dump"
  grep -F "\"entity\":\"$1\"" "$T/dump" | grep -qF "\"type\":\"$2\"" ||
    { cat "$T/dump"; fail "no $2 event about $1 in the dump"; }
}
in_dump "note/$NOTE" note.add
assert_contains "$T/dump" "QBR went well"
# A number works too; the default day is today.
"$CSC" note ACC-0003 --kind email --sentiment 1 --summary "Asked for a discount" > "$T/id2" 2>/dev/null
NOTE2=$(cat "$T/id2")
[ "$(ev "json_extract(data, '\$.sentiment')" "$NOTE2" note.add)" = 1 ] || fail "sentiment 1"
[ "$(ev "json_extract(data, '\$.touch_day')" "$NOTE2" note.add)" = "$TODAY" ] || fail "default day"

# --- note: edit (base = the note's latest stamp) and delete ------------------------
add_hlc=$(ev hlc "$NOTE" note.add)
assert_status 0 "$CSC" note --edit "$NOTE" --summary "QBR went very well" --sentiment fine > "$T/out" 2> "$T/err"
[ "$(cat "$T/out")" = "$NOTE" ] || fail "edit prints the note's id"
assert_contains "$T/err" "edited"
[ "$(ev base "$NOTE" note.edit)" = "$add_hlc" ] || fail "edit's base is the note's stamp"
[ "$(ev "json_extract(data, '\$.sentiment')" "$NOTE" note.edit)" = 3 ] || fail "sentiment fine is 3"
in_dump "note/$NOTE" note.edit
assert_contains "$T/dump" "QBR went very well"
assert_status 0 "$CSC" note --delete "note/$NOTE2" > /dev/null 2>&1
in_dump "note/$NOTE2" note.delete
[ "$(sqlite3 "$DB" "SELECT deleted FROM note WHERE id LIKE '%$NOTE2'")" = 1 ] || fail "note not deleted"
assert_status 2 "$CSC" note --edit "$NOTE2" --summary again > /dev/null 2> "$T/err"
assert_contains "$T/err" "deleted"

# --- note: refusals ---------------------------------------------------------------
assert_status 2 "$CSC" note ACC-9999 --kind call --summary x > /dev/null 2> "$T/err"
assert_contains "$T/err" 'ACCOUNT "ACC-9999" is not an account'
assert_status 2 "$CSC" note ACC-0001 --kind visit --summary x > /dev/null 2> "$T/err"
assert_contains "$T/err" '--kind "visit": use call, meeting, email, chat or internal'
assert_status 2 "$CSC" note ACC-0001 --kind call --summary x --date someday > /dev/null 2> "$T/err"
assert_contains "$T/err" "--date: "
assert_contains "$T/err" "someday"
assert_contains "$T/err" "use YYYY-MM-DD, 12/15, today, tomorrow, fri, next fri, in 2 weeks"
assert_status 2 "$CSC" note ACC-0001 --kind call --summary x --date 2026-02-30 > /dev/null 2> "$T/err"
assert_contains "$T/err" "is not a date"
assert_status 2 "$CSC" note ACC-0001 --kind call --summary x --sentiment 5 > /dev/null 2> "$T/err"
assert_contains "$T/err" '--sentiment "5": use 1 to 4 or a label: awful, bad, fine, good'
assert_status 2 "$CSC" note ACC-0001 --kind call > /dev/null 2> "$T/err"
assert_contains "$T/err" "--summary"
assert_status 2 "$CSC" note --edit "$NOTE" > /dev/null 2> "$T/err"
assert_contains "$T/err" "nothing to change"
assert_status 2 "$CSC" note --edit not-an-id --summary x > /dev/null 2> "$T/err"
assert_contains "$T/err" '--edit "not-an-id" is not a note id'
assert_status 2 "$CSC" note ACC-0001 --kind call --summary x --date tomorrow > /dev/null 2> "$T/err"
assert_contains "$T/err" "must not be after today"
# This database writes as aiko; --me shows a teammate's book but writes as no one else.
assert_status 2 "$CSC" --me ken note ACC-0001 --kind call --summary x > /dev/null 2> "$T/err"
assert_contains "$T/err" "this database writes as aiko, not ken"
# Nothing refused was saved: two notes, one edit, one delete.
[ "$(sqlite3 "$DB" "SELECT count(*) FROM event WHERE own = 1 AND entity LIKE 'note/%'")" -eq 4 ] ||
  fail "a refused note was saved"

# --- risk ------------------------------------------------------------------------
"$CSC" risk ACC-0005 --category champion_left --severity high --text "Sponsor moved to another company" \
  > "$T/id" 2> "$T/err"
RISK=$(cat "$T/id")
ulid_ok "$RISK" || fail "risk printed \"$RISK\""
assert_contains "$T/err" "high risk (champion_left) opened on ACC-0005"
[ "$(ev "json_extract(data, '\$.opened_day')" "$RISK" risk.open)" = "$TODAY" ] || fail "opened today"
# an owner other than the author (risk.open version 2), then a handle that is no CSM
ROWN=$("$CSC" risk ACC-0005 --category budget --severity low --text "Budget review" --owner ken 2>/dev/null)
[ "$(sqlite3 "$DB" "SELECT owner || '/' || author FROM risk WHERE id = '$ROWN'")" = "ken/aiko" ] ||
  fail "the risk's owner is not ken"
[ "$(sqlite3 "$DB" "SELECT version FROM event WHERE entity = 'risk/$ROWN'")" = 2 ] || fail "risk.open is not version 2"
assert_status 2 "$CSC" risk ACC-0005 --category budget --severity low --text x --owner nobody > /dev/null 2> "$T/err"
assert_contains "$T/err" "--owner"
"$CSC" risk --update "$ROWN" --owner aiko > /dev/null 2>&1 || fail "risk --update --owner failed"
[ "$(sqlite3 "$DB" "SELECT owner FROM risk WHERE id = '$ROWN'")" = "aiko" ] || fail "the owner did not change"
assert_status 2 "$CSC" risk ACC-0005 --category weather --severity high --text x > /dev/null 2> "$T/err"
# The allowed categories come from the configuration's defaults (csconsole.yaml).
cats=$(sed -n '/^risk_categories:/,/^$/s/^  - \([a-z_]*\).*/\1/p' "$CSC_ROOT/csconsole.yaml")
[ -n "$cats" ] || fail "no categories read from csconsole.yaml"
for c in $cats; do assert_contains "$T/err" "$c"; done
assert_contains "$T/err" '--category "weather": use'
assert_status 2 "$CSC" risk ACC-00050 --category budget --severity high --text x > /dev/null 2> "$T/err"
assert_contains "$T/err" 'ACCOUNT "ACC-00050" is not an account'
assert_status 2 "$CSC" risk ACC-0005 --category budget --severity urgent --text x > /dev/null 2> "$T/err"
assert_contains "$T/err" '--severity "urgent": use low, medium or high'
assert_status 0 "$CSC" risk --update "$RISK" --severity medium > /dev/null 2>&1
assert_status 2 "$CSC" risk --update "$RISK" --status closed > /dev/null 2> "$T/err"
assert_contains "$T/err" '--status "closed": use open or resolved'
assert_status 0 "$CSC" risk --resolve "$RISK" --text "New sponsor named" > /dev/null 2>&1
[ "$(sqlite3 "$DB" "SELECT status || ' ' || severity FROM risk WHERE id LIKE '%$RISK'")" = "resolved medium" ] ||
  fail "risk state after update and resolve"
assert_status 2 "$CSC" risk --resolve "$RISK" > /dev/null 2> "$T/err"
assert_contains "$T/err" "already resolved"
in_dump "risk/$RISK" risk.open
in_dump "risk/$RISK" risk.update
in_dump "risk/$RISK" risk.resolve

# --- touch -------------------------------------------------------------------------
# "fri" is the next Friday after today.
dow=$(date -u -d "$TODAY" +%u)
fri=$(day $(( (5 - dow + 7) % 7 == 0 ? 7 : (5 - dow + 7) % 7 )))
"$CSC" touch ACC-0007 --due fri --kind qbr --note "Prepare the ROI deck" > "$T/id" 2> "$T/err"
TOUCH=$(cat "$T/id")
ulid_ok "$TOUCH" || fail "touch printed \"$TOUCH\""
assert_contains "$T/err" "scheduled for $fri"
[ "$(sqlite3 "$DB" "SELECT due_day FROM touchpoint WHERE id LIKE '%$TOUCH'")" = \
  "$(( $(date -u -d "$fri" +%s) / 86400 ))" ] || fail "due day is $fri"
assert_status 0 "$CSC" touch --reschedule "$TOUCH" --due +3d --reason "customer asked" > /dev/null 2>&1
[ "$(ev "json_extract(data, '\$.due_day')" "$TOUCH" touch.reschedule)" = "$(day 3)" ] || fail "+3d"
assert_status 2 "$CSC" touch --snooze "$TOUCH" --until +1w > /dev/null 2> "$T/err"
assert_contains "$T/err" "--snooze needs --reason"
assert_status 2 "$CSC" touch --snooze "$TOUCH" --until yesterday --reason x > /dev/null 2> "$T/err"
assert_contains "$T/err" "--until"
assert_status 0 "$CSC" touch --snooze "$TOUCH" --until +2w --reason "budget freeze" > /dev/null 2>&1
[ "$(ev "json_extract(data, '\$.until_day')" "$TOUCH" touch.snooze)" = "$(day 14)" ] || fail "+2w"
assert_status 0 "$CSC" touch --done "$TOUCH" --note "Done early" > /dev/null 2>&1
[ "$(sqlite3 "$DB" "SELECT status FROM touchpoint WHERE id LIKE '%$TOUCH'")" = done ] || fail "not done"
assert_status 2 "$CSC" touch --done "$TOUCH" > /dev/null 2> "$T/err"
assert_contains "$T/err" "already done"
assert_status 2 "$CSC" touch ACC-0007 --due tomorrow --until fri > /dev/null 2> "$T/err"
assert_contains "$T/err" "--until does not apply to a new touchpoint"
assert_status 2 "$CSC" touch ACC-0007 --due "the week after" > /dev/null 2> "$T/err"
assert_contains "$T/err" "--due: "
assert_contains "$T/err" "in 2 weeks"
assert_status 2 "$CSC" touch acc-0007 --due fri > /dev/null 2> "$T/err"
assert_contains "$T/err" 'ACCOUNT "acc-0007" is not an account'
assert_status 2 "$CSC" touch ACC-0007 --due fri --kind lunch > /dev/null 2> "$T/err"
assert_contains "$T/err" '--kind "lunch": use call, meeting, email, chat, internal, qbr, renewal or onboarding'
for t in touch.schedule touch.reschedule touch.snooze touch.done; do in_dump "touch/$TOUCH" $t; done

# --- cover ---------------------------------------------------------------------------
"$CSC" cover ken --by aiko --from tomorrow --until +1w > "$T/id" 2> "$T/err"
COVER=$(cat "$T/id")
ulid_ok "$COVER" || fail "cover printed \"$COVER\""
assert_contains "$T/err" "aiko covers for ken from $(day 1) until $(day 7)"
[ "$(sqlite3 "$DB" "SELECT handle || ' ' || covered_by || ' ' || start_day || ' ' || end_day FROM absence WHERE entity = 'cover/$COVER'")" = \
  "ken aiko $(( $(date -u -d "$(day 1)" +%s) / 86400 )) $(( $(date -u -d "$(day 7)" +%s) / 86400 ))" ] ||
  fail "coverage absence"
assert_status 2 "$CSC" cover kenn --by aiko --from tomorrow --until +1w > /dev/null 2> "$T/err"
assert_contains "$T/err" 'HANDLE "kenn" is not a CSM of the team feed: use one of'
assert_contains "$T/err" "haruto"
assert_status 2 "$CSC" cover ken --by aiko --from +1w --until tomorrow > /dev/null 2> "$T/err"
assert_contains "$T/err" "is before --from"
assert_status 0 "$CSC" cover --clear "$COVER" > /dev/null 2>&1
[ "$(sqlite3 "$DB" "SELECT count(*) FROM absence WHERE entity = 'cover/$COVER'")" -eq 0 ] || fail "not cleared"
in_dump "cover/$COVER" cover.set
in_dump "cover/$COVER" cover.clear

# --- a teammate: ken's notes are read-only to aiko; a concurrent edit -----------------
write_config ken "$T/shared" "$T/db/ken.db" > "$T/ken.yaml"
ken() { "$CSC" --config "$T/ken.yaml" "$@"; }
ken sync > /dev/null
KEN_NOTE=$(ken note ACC-0002 --kind meeting --summary "Champion left" 2>/dev/null)
ken sync > /dev/null
assert_status 0 "$CSC" sync > /dev/null
assert_status 2 "$CSC" note --edit "$KEN_NOTE" --summary "mine now" > /dev/null 2> "$T/err"
assert_contains "$T/err" "written by ken"
assert_contains "$T/err" "teammates' notes are read-only"
assert_status 2 "$CSC" note --delete "$KEN_NOTE" > /dev/null 2> "$T/err"
assert_contains "$T/err" "teammates' notes are read-only"

# Both change one risk's severity before seeing the other's change.
R2=$("$CSC" risk ACC-0002 --category champion_left --severity medium --text "Who replaces her?" 2>/dev/null)
"$CSC" sync > /dev/null; ken sync > /dev/null
"$CSC" risk --update "$R2" --severity high > /dev/null 2>&1
ken risk --update "$R2" --severity low > /dev/null 2>&1
"$CSC" sync > /dev/null
"$CSC" conflicts > "$T/c0"
assert_not_contains "$T/c0" "risk/$R2"     # ken's change has not arrived yet
ken sync > /dev/null; "$CSC" sync > /dev/null
"$CSC" conflicts > "$T/c1"
"$CSC" conflicts --format json > "$T/c1.json"
assert_contains "$T/c1" "risk/$R2"
assert_contains "$T/c1" "severity"
assert_contains "$T/c1" "ACC-0002"
# The value shown is the register's winner, whichever it is; the other is the loser.
shown=$(sqlite3 "$DB" "SELECT json_extract(data, '\$.severity') || ' (' || author || ')' FROM event
  WHERE entity = 'risk/$R2' AND type = 'risk.update' ORDER BY hlc DESC, device DESC LIMIT 1")
other=$(sqlite3 "$DB" "SELECT json_extract(data, '\$.severity') || ' (' || author || ')' FROM event
  WHERE entity = 'risk/$R2' AND type = 'risk.update' ORDER BY hlc ASC, device ASC LIMIT 1")
line=$(grep -F "risk/$R2" "$T/c1")
case "$line" in *"$shown "*"$other"*) ;; *) cat "$T/c1"; fail "conflict line: want \"$shown\" then \"$other\"";; esac
[ "$(sqlite3 "$DB" "SELECT severity FROM risk WHERE id LIKE '%$R2'")" = "${shown%% *}" ] ||
  fail "the risk shows the winner"
grep -qE '"field": ?"severity"' "$T/c1.json" || { cat "$T/c1.json"; fail "json conflicts"; }
ken conflicts > "$T/c1.ken"
cmp -s "$T/c1" "$T/c1.ken" || { diff "$T/c1" "$T/c1.ken"; fail "the devices list different conflicts"; }

# --- usage ---------------------------------------------------------------------------
for c in note risk touch cover conflicts dump rebuild; do
  assert_status 0 "$CSC" $c --help > "$T/help"
  assert_contains "$T/help" "usage: csconsole $c"
done
assert_status 2 "$CSC" conflicts --format xml > /dev/null 2> "$T/err"
assert_contains "$T/err" '--format "xml": use text, json or csv'
exit 0
