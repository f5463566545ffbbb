# opportunity.sh - csconsole opportunity and csconsole feedback (issue 17):
# each prints its id and writes its event with the fields given (amounts in
# minor units of the currency, the account's ARR currency by default); show
# lists an account's opportunities (text and json); bad arguments are
# refused naming the argument; a teammate's device gets the same
# opportunities, feedback and dump after a sync, and a concurrent stage
# change is listed by `csconsole conflicts` on both.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
command -v jq >/dev/null || { echo "jq not installed (tools/deps.sh)"; exit 77; }
setup_book
# This test writes its own opportunities and feedback: the sample's (issue
# 17's stories, checked by cli/report_sample.sh) are left out of its book.
grep -rl -e '"type":"opportunity\.' -e '"type":"feedback\.add"' "$T/shared/events" | xargs rm -f
DB="$T/db/csconsole.db"
assert_status 0 "$CSC" sync > /dev/null
TODAY=$CSCONSOLE_TODAY
ulid_ok() { printf '%s\n' "$1" | grep -qE '^[0-9A-HJKMNP-TV-Z]{26}$'; }
# ev FIELD ID TYPE: a field of the event of TYPE about opportunity or feedback ID.
ev() { sqlite3 "$DB" "SELECT $1 FROM event WHERE entity LIKE '%/$2' AND type = '$3'"; }
# The account's ARR as the accounts feed has it (independent of csconsole).
feed_field() { awk -v id="$1" -v f="$2" '$0 ~ "- id: "id"$" {on=1; next} /- id:/ {on=0}
  on && $1 == f":" {print $2; exit}' "$CSC_ROOT/sample-data/feeds/accounts.yaml"; }
CUR2=$(feed_field ACC-0002 currency)
[ "$CUR2" = USD ] || fail "the sample's ACC-0002 is in USD (found \"$CUR2\"); this test counts cents"

# --- open: the account's currency by default; the amount in minor units ---------
"$CSC" opportunity ACC-0002 --kind upsell --amount 12,000.50 --stage proposal --close 2027-01-15 \
  > "$T/id" 2> "$T/err" || { cat "$T/err"; fail "opportunity failed"; }
OPP=$(cat "$T/id")
ulid_ok "$OPP" || fail "opportunity printed \"$OPP\", not a ULID"
assert_contains "$T/err" "upsell opportunity (proposal) opened on ACC-0002"
[ "$(ev "json_extract(data, '\$.amount')" "$OPP" opportunity.open)" = 1200050 ] || fail "12,000.50 USD is 1200050 cents"
[ "$(ev "json_extract(data, '\$.currency')" "$OPP" opportunity.open)" = USD ] || fail "currency from the account"
[ "$(ev "json_extract(data, '\$.owner')" "$OPP" opportunity.open)" = aiko ] || fail "owner: me by default"
[ "$(ev "json_extract(data, '\$.close_day')" "$OPP" opportunity.open)" = 2027-01-15 ] || fail "close day"
# A second one in another currency, expected in 6 weeks (by date(1)), owned by ken.
"$CSC" opportunity ACC-0002 --kind seats --amount 500000 --currency JPY --stage discovery \
  --close "in 6 weeks" --owner ken > "$T/id2" 2>/dev/null || fail "second opportunity"
OPP2=$(cat "$T/id2")
[ "$(ev "json_extract(data, '\$.close_day')" "$OPP2" opportunity.open)" = "$(date -u -d "$TODAY 42 days" +%F)" ] ||
  fail "--close 'in 6 weeks'"
[ "$(ev "json_extract(data, '\$.amount') || json_extract(data, '\$.currency')" "$OPP2" opportunity.open)" = 500000JPY ] ||
  fail "JPY has no minor unit"

# --- update and close ----------------------------------------------------------
open_hlc=$(ev hlc "$OPP" opportunity.open)
assert_status 0 "$CSC" opportunity --update "$OPP" --stage negotiation --amount 15000 > /dev/null 2>&1
[ "$(ev base "$OPP" opportunity.update)" = "$open_hlc" ] || fail "update's base is the open's stamp"
[ "$(ev "json_extract(data, '\$.stage') || ' ' || json_extract(data, '\$.amount')" "$OPP" opportunity.update)" = "negotiation 1500000" ] ||
  fail "update's fields"
assert_status 0 "$CSC" opportunity --close-lost "$OPP2" --note "budget frozen until April" > /dev/null 2>&1
[ "$(ev "json_extract(data, '\$.outcome') || ' ' || json_extract(data, '\$.closed_day')" "$OPP2" opportunity.close)" = "lost $TODAY" ] ||
  fail "close-lost writes lost today"
assert_status 2 "$CSC" opportunity --close-won "$OPP2" > /dev/null 2> "$T/err"
assert_contains "$T/err" "already closed (lost)"

# --- show: text and json ---------------------------------------------------------
"$CSC" show ACC-0002 > "$T/show"
assert_contains "$T/show" "Opportunities (1 open, 1 closed)"
grep -E "^  open +upsell +\\\$15,000\\.00  negotiation close 2027-01-15, owner aiko$" "$T/show" > /dev/null ||
  { cat "$T/show"; fail "the open opportunity's line"; }
grep -E "^  lost +seats +¥500,000  discovery +closed $TODAY, owner ken$" "$T/show" > /dev/null ||
  { cat "$T/show"; fail "the lost opportunity's line"; }
assert_contains "$T/show" "closing note: budget frozen until April"
"$CSC" show ACC-0002 --format json > "$T/show.json"
[ "$(jq -r '.opportunities | length' "$T/show.json")" = 2 ] || fail "json: two opportunities"
[ "$(jq -r --arg id "$OPP" '.opportunities[] | select(.id == $id) | "\(.status) \(.amount) \(.amount_minor) \(.currency) \(.stage) \(.expected_close)"' "$T/show.json")" = \
  "open 15000.00 1500000 USD negotiation 2027-01-15" ] || fail "json: the open one"
[ "$(jq -r --arg id "$OPP2" '.opportunities[] | select(.id == $id) | "\(.status) \(.closed) \(.closing_note)"' "$T/show.json")" = \
  "lost $TODAY budget frozen until April" ] || fail "json: the lost one"
"$CSC" show ACC-0001 --format json > "$T/show1.json"
[ "$(jq -r '.opportunities | length' "$T/show1.json")" = 0 ] || fail "json: ACC-0001 has none"

# --- refusals name the argument --------------------------------------------------
assert_status 2 "$CSC" opportunity ACC-0002 --kind resell --amount 1 --stage proposal --close 2027-01-01 > /dev/null 2> "$T/err"
assert_contains "$T/err" "--kind \"resell\": use upsell, cross-sell or seats"
assert_status 2 "$CSC" opportunity ACC-0002 --kind upsell --amount 1 --stage maybe --close 2027-01-01 > /dev/null 2> "$T/err"
assert_contains "$T/err" "--stage \"maybe\": use discovery, qualified, proposal, negotiation or commit"
assert_status 2 "$CSC" opportunity ACC-0002 --kind upsell --amount lots --stage proposal --close 2027-01-01 > /dev/null 2> "$T/err"
assert_contains "$T/err" "--amount \"lots\""
assert_status 2 "$CSC" opportunity ACC-0002 --kind upsell --amount 1 > /dev/null 2> "$T/err"
assert_contains "$T/err" "a new opportunity needs --kind K, --amount A, --stage S and --close DAY"
assert_status 2 "$CSC" opportunity ACC-9999 --kind upsell --amount 1 --stage proposal --close 2027-01-01 > /dev/null 2> "$T/err"
assert_contains "$T/err" "ACCOUNT \"ACC-9999\" is not an account of the local database"
assert_status 2 "$CSC" opportunity --update "$OPP" --currency EUR > /dev/null 2> "$T/err"
assert_contains "$T/err" "--currency goes with --amount"
assert_status 2 "$CSC" opportunity --update "$OPP" > /dev/null 2> "$T/err"
assert_contains "$T/err" "--update: nothing to change"
assert_status 2 "$CSC" opportunity --update 01JD8X3Q6V0000000000000000 --stage commit > /dev/null 2> "$T/err"
assert_contains "$T/err" "no such opportunity in the local database"

# --- feedback: the area from feedback.areas, the account's ARR now --------------
ARR2=$(feed_field ACC-0002 arr)   # 48000.00
ARR2_CENTS=$(printf '%s\n' "$ARR2" | awk '{printf "%d", $1 * 100 + 0.5}')
echo "Reports should be scheduled weekly" |
  "$CSC" feedback ACC-0002 --area reporting --type missing_feature --text - > "$T/fid" 2> "$T/err" ||
  { cat "$T/err"; fail "feedback failed"; }
FB=$(cat "$T/fid")
ulid_ok "$FB" || fail "feedback printed \"$FB\""
assert_contains "$T/err" "missing_feature feedback (reporting) recorded on ACC-0002"
[ "$(ev "json_extract(data, '\$.arr') || ' ' || json_extract(data, '\$.currency') || ' ' || json_extract(data, '\$.day')" "$FB" feedback.add)" = \
  "$ARR2_CENTS USD $TODAY" ] || fail "feedback carries the account's ARR ($ARR2 USD) and today"
[ "$(ev "json_extract(data, '\$.text')" "$FB" feedback.add)" = "Reports should be scheduled weekly" ] || fail "text from stdin"
assert_status 2 "$CSC" feedback ACC-0002 --area sso --type bug --text x > /dev/null 2> "$T/err"
assert_contains "$T/err" "--area \"sso\": use onboarding, reporting, integrations, permissions, billing, mobile or performance"
assert_status 2 "$CSC" feedback ACC-0002 --area mobile --type wish --text x > /dev/null 2> "$T/err"
assert_contains "$T/err" "--type \"wish\": use bug, missing_feature, usability or praise"
# A configured area list replaces the defaults.
printf 'feedback:\n  areas: [sso, exports]\n' >> "$T/csconsole.yaml"
assert_status 0 "$CSC" feedback ACC-0002 --area sso --type bug --text "SAML login loops" --date 2026-11-20 > "$T/fid2" 2>/dev/null
[ "$(ev "json_extract(data, '\$.area') || ' ' || json_extract(data, '\$.day')" "$(cat "$T/fid2")" feedback.add)" = "sso 2026-11-20" ] ||
  fail "a configured area, --date"

# --- a teammate's device: the same state after a sync; a concurrent edit shown ---
write_config ken "$T/shared" "$T/db/ken.db" > "$T/ken.yaml"
KEN="$CSC --config $T/ken.yaml"
assert_status 0 "$CSC" sync > /dev/null
assert_status 0 $KEN sync > /dev/null
[ "$($KEN show ACC-0002 --format json | jq -r '.opportunities | length')" = 2 ] || fail "ken sees both"
# both change the stage before seeing the other's change
assert_status 0 "$CSC" opportunity --update "$OPP" --stage commit > /dev/null 2>&1
assert_status 0 $KEN opportunity --update "$OPP" --stage proposal > /dev/null 2>&1
assert_status 0 "$CSC" sync > /dev/null
assert_status 0 $KEN sync > /dev/null
assert_status 0 "$CSC" sync > /dev/null
"$CSC" dump > "$T/dump.aiko"
$KEN dump > "$T/dump.ken"
cmp -s "$T/dump.aiko" "$T/dump.ken" || { diff "$T/dump.aiko" "$T/dump.ken" | head; fail "the dumps differ"; }
[ "$(grep -c '^opportunity ' "$T/dump.aiko")" = 2 ] || fail "the dump has both opportunities"
[ "$(grep -c '^feedback ' "$T/dump.aiko")" = 2 ] || fail "the dump has both feedbacks"
"$CSC" conflicts --format json > "$T/c.aiko"
$KEN conflicts --format json > "$T/c.ken"
cmp -s "$T/c.aiko" "$T/c.ken" || fail "the conflict lists differ"
grep -q '"stage"' "$T/c.aiko" || { cat "$T/c.aiko"; fail "the concurrent stage change is not listed"; }
# whichever won, both show it
S1=$(sqlite3 "$DB" "SELECT stage FROM opportunity WHERE id = '$OPP'")
S2=$(sqlite3 "$T/db/ken.db" "SELECT stage FROM opportunity WHERE id = '$OPP'")
[ "$S1" = "$S2" ] && { [ "$S1" = commit ] || [ "$S1" = proposal ]; } || fail "stage: $S1 here, $S2 at ken's"
exit 0
