#!/bin/sh
# i18n_playbook.sh - playbook reasons (issue 16): a rule's reason is stored in
# English (the touchpoint's note, playbook_fired.reason) and the agenda's and
# show's JSON carry it as stored in every language; the text agenda and show
# in Japanese write each reason again in Japanese from its figures
# (playbook_text.c): no English reason is left, the dates are the Japanese
# ones, the rule names (ids) stay.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 > /dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book aiko
cat >> "$CSCONSOLE_CONFIG" <<'YAML'
playbook:
  - {name: renewal_90, when: renewal, days: 90, due_before: 80}
  - {name: fell_red, when: band_drop, into: red}
  - {name: falling, when: score_drop, points: 5, weeks: 4}
  - {name: season, when: season, days: 45, kind: qbr, due_before: 30}
  - {name: new_champion, when: champion_changed, kind: meeting, due_in: 2}
  - {name: quiet, when: no_touch, grace: 7, kind: email}
YAML
"$CSC" sync > "$T/sync.txt" 2>&1 || { cat "$T/sync.txt"; fail "sync failed"; }
n=$(sqlite3 "$T/db/csconsole.db" "SELECT count(*) FROM touchpoint WHERE note LIKE 'Playbook%' AND status = 'open'")
[ "$n" -gt 0 ] || fail "the playbook scheduled no touchpoint: $(grep -i playbook "$T/sync.txt")"

# as stored: English, in both languages' JSON
"$CSC" agenda --scope team --no-mark --format json > "$T/en.json"
"$CSC" --lang ja agenda --scope team --no-mark --format json > "$T/ja.json"
cmp -s "$T/en.json" "$T/ja.json" || { diff "$T/en.json" "$T/ja.json" | head; fail "the agenda's JSON differs in Japanese"; }
assert_contains "$T/ja.json" "Playbook "
"$CSC" agenda --scope team --no-mark > "$T/en.txt"
assert_contains "$T/en.txt" "Playbook "

# people read them in Japanese
"$CSC" --lang ja agenda --scope team --no-mark > "$T/ja.txt"
assert_contains "$T/ja.txt" "プレイブック"
assert_not_contains "$T/ja.txt" "Playbook"
for en in "no touch since" "renews 20" "touch cadence" "points from" "falling since" "the champion" \
          "key feature season" " days ago" "since 20"; do
  assert_not_contains "$T/ja.txt" "$en"
done
# each rule that fired says why in Japanese, its name as it is
for rule in $(sqlite3 "$T/db/csconsole.db" "SELECT DISTINCT rule FROM playbook_fired WHERE rule NOT LIKE '~%'"); do
  grep -q "$rule: [^;]*[^ -~]" "$T/ja.txt" || fail "rule $rule: no Japanese reason after its name in the Japanese agenda"
done
grep -q '以降接点なし、[0-9]*日経過([^)]*の接点周期 [0-9]*日)' "$T/ja.txt" || fail "no quiet reason in Japanese: $(grep quiet "$T/ja.txt" | head -n 2)"
# and no ISO date left in a playbook reason
grep 'プレイブック' "$T/ja.txt" | grep -q '20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]' &&
  fail "an ISO date in a Japanese playbook reason: $(grep 'プレイブック' "$T/ja.txt" | grep '20[0-9][0-9]-' | head -n 1)"

# the account's own page (show) reads the note the same way; its JSON as stored
acc=$(sqlite3 "$T/db/csconsole.db" "SELECT account FROM touchpoint WHERE note LIKE 'Playbook%' AND status = 'open' ORDER BY account LIMIT 1")
"$CSC" --lang ja show "$acc" > "$T/show.ja"
assert_contains "$T/show.ja" "プレイブック"
assert_not_contains "$T/show.ja" "Playbook"
"$CSC" --lang ja show "$acc" --format json > "$T/show.ja.json"
assert_contains "$T/show.ja.json" "\"note\":\"Playbook"
"$CSC" show "$acc" > "$T/show.en"
assert_contains "$T/show.en" "Playbook"
exit 0
