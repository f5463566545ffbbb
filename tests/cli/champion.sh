#!/bin/sh
# A changed champion end to end: the sample book synced as aiko, then the CRM
# export names another champion for ACC-0001 and a second `csconsole sync`
# imports it. `csconsole agenda --format json` lists it ("champion changed:
# OLD → NEW on DAY; no touch since") and the account's hidden risk names it,
# until a touch is logged: an internal note is none, a call is one. A champion
# marked left without another name (ACC-0002 in the sample) is no change.
. "$CSC_ROOT/tests/lib.sh"
setup_book aiko
F=$T/shared/feeds/accounts.yaml
ACC=ACC-0001
NEW="佐々木 花子"

# the champion of an account in accounts.yaml (unquoted)
champion_of() {
  awk -v id="$1" -v k="$2" '
    /^  - id: / { on = ($3 == id); next }
    on && $1 == k ":" { sub(/^ *[a-z_]+: */, ""); gsub(/"/, ""); print; exit }' "$F"
}
OLD=$(champion_of $ACC champion)
[ -n "$OLD" ] && [ "$OLD" != "$NEW" ] || fail "fixture: $ACC has a champion other than $NEW"
[ "$(champion_of ACC-0002 champion_status)" = left ] || fail "fixture: ACC-0002's champion is marked left"
[ "$(champion_of $ACC main_owner)" = aiko ] || fail "fixture: $ACC is aiko's"
# no touch of ACC-0001 written on or after today in the sample's events (so nothing since the change)
late=$(cat "$T"/shared/events/*/*.jsonl | grep "\"account\":\"$ACC\"" |
       grep -o '"\(touch_day\|done_day\)":"[0-9-]*"' | cut -d'"' -f4 |
       awk -v t="$CSCONSOLE_TODAY" '$0 >= t' | wc -l)
[ "$late" -eq 0 ] || fail "fixture: $ACC has a touch on or after $CSCONSOLE_TODAY"

# json items as "group|account|reason" (any indentation)
items() {
  awk '
    function val(s) { sub(/^ *"[a-z_]+": */, "", s); sub(/,$/, "", s); gsub(/^"|"$/, "", s); return s }
    /^  "[a-z_]+":/ { on = ($0 ~ /^  "items":/) } !on { next }   # the top-level items only
    /^ *"group":/ { g = val($0) } /^ *"account":/ { a = val($0) }
    /^ *"reason":/ { print g "|" a "|" val($0) }' "$1"
}
agenda() { "$CSC" agenda --format json > "$T/$1.json" || fail "agenda --format json ($1)"; items "$T/$1.json" > "$T/$1"; }

"$CSC" sync > "$T/sync1" 2>&1 || { cat "$T/sync1"; fail "first sync"; }
agenda a1
assert_not_contains "$T/a1" "champion|"           # one import: nothing changed
grep -q '"champion": *0' "$T/a1.json" || fail "counts: champion 0 after one import"

# the CRM names another champion; the second sync imports it today
sed -i "s/^    champion: \"$OLD\"\$/    champion: \"$NEW\"/" "$F"
[ "$(champion_of $ACC champion)" = "$NEW" ] || fail "could not change the champion in $F"
"$CSC" sync > "$T/sync2" 2>&1 || { cat "$T/sync2"; fail "second sync"; }
agenda a2
want="champion|$ACC|champion changed: $OLD → $NEW on $CSCONSOLE_TODAY; no touch since"
assert_contains "$T/a2" "$want"
[ "$(grep -c '^champion|' "$T/a2")" -eq 1 ] || fail "one champion item: $(grep '^champion|' "$T/a2")"
grep -q "\"entity\": *\"champion/$CSCONSOLE_TODAY\"" "$T/a2.json" || fail "the item's entity"
grep -q '"champion": *1' "$T/a2.json" || fail "counts: champion 1"
# a hidden-risk cause of the account (its usage is healthy), and ACC-0002 stays champion_left
"$CSC" accounts --scope team --blind hidden --format csv > "$T/hidden.csv"
grep "\"$ACC\"" "$T/hidden.csv" | grep -qF "champion changed ($OLD → $NEW on $CSCONSOLE_TODAY), no note since" ||
  { cat "$T/hidden.csv"; fail "$ACC's hidden risk does not name the change"; }
grep '"ACC-0002"' "$T/hidden.csv" | grep -q "champion left" || fail "ACC-0002: champion left"
! grep '"ACC-0002"' "$T/hidden.csv" | grep -q "champion changed" || fail "ACC-0002: a status is no change"

# an internal note is no touch: still listed
"$CSC" note $ACC --kind internal --summary "new champion, to meet" > "$T/n1" 2>&1 || { cat "$T/n1"; fail "note"; }
agenda a3
assert_contains "$T/a3" "$want"
# a call is: gone from the agenda, and from the hidden risk at the next sync
"$CSC" note $ACC --kind call --summary "met $NEW" > "$T/n2" 2>&1 || { cat "$T/n2"; fail "note"; }
agenda a4
assert_not_contains "$T/a4" "champion|"
"$CSC" sync > "$T/sync3" 2>&1 || { cat "$T/sync3"; fail "third sync"; }
"$CSC" accounts --scope team --format csv > "$T/all.csv"
! grep -qF "champion changed" "$T/all.csv" || fail "the hidden-risk cause stays after the call"
agenda a5
assert_not_contains "$T/a5" "champion|"
assert_not_contains "$T/a5" "champion changed"
exit 0
