#!/bin/sh
# The computed score (health.score: computed, the default) end to end: the
# weekly snapshots a sync stores, the portfolio showing them, the blind-spot
# flags on the planted accounts, a model change that leaves the past alone
# until --recompute, switching to the vendor score and back, and playbook
# rules making each touchpoint once across syncs.
. "$CSC_ROOT/tests/lib.sh"
setup_book aiko
sed -i '/^health.score:/d' "$CSCONSOLE_CONFIG"        # the default: computed
"$CSC" sync > "$T/sync1" 2>&1 || { cat "$T/sync1"; fail "sync failed"; }
DB=$T/db/csconsole.db
q() { sqlite3 "$DB" "$1"; }
# score ID: the portfolio's health cell of an account (team scope, csv)
score() { "$CSC" accounts --scope team --format csv | grep "\"$1\"" | cut -d, -f9 | tr -d '"'; }
# jfield JSONPATH [ROUND] < json: a field of a JSON document on stdin, rounded
jfield() { cat > "$T/j.json"; sqlite3 :memory: "SELECT round(json_extract(readfile('$T/j.json'), '$1'), ${2:-0})" | sed 's/\.0$//'; }

# --- snapshots -------------------------------------------------------------------
# the week's first day (a Monday: week_start) is the anchor itself
snaps=$(q "SELECT count(*) FROM health WHERE source = 'model'")
[ "$snaps" -gt 0 ] || fail "no computed snapshots"
accts=$(q "SELECT count(*) FROM account WHERE active")
grouped() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }   # 1958 -> 1,958
grep -qxF "health: $accts accounts computed, $(grouped "$snaps") weekly snapshots written; blind spots: 2 hidden risks, 1 quiet but loyal" "$T/sync1" ||
  fail "sync health line: $(grep '^health' "$T/sync1")"
# snapshots are dated on Mondays only
[ "$(q "SELECT count(*) FROM health WHERE source = 'model' AND strftime('%w', day * 86400, 'unixepoch') <> '1'")" = 0 ] ||
  fail "a snapshot off the week's first day"
# the portfolio shows the stored snapshot, and it is what `health` explains
for id in ACC-0004 ACC-0005 ACC-0013; do
  stored=$(q "SELECT round(score) FROM health h JOIN account a ON a.id = h.account_id WHERE a.crm_id = '$id' AND source = 'model' ORDER BY day DESC LIMIT 1" | sed 's/\.0$//')
  [ "$(score $id)" = "$stored" ] || fail "$id: portfolio $(score $id), stored $stored"
  explained=$("$CSC" health "$id" --format json | jfield '$.computed.score')
  [ "$explained" = "$stored" ] || fail "$id: health explains $explained, the snapshot is $stored"
  "$CSC" health "$id" | grep -qE "^computed score +$stored \((red|yellow|green)\) on 2026-11-23 .*\[shown\]\$" ||
    fail "$id: $("$CSC" health "$id" | sed -n 3p)"
done
# a sync with nothing new computes nothing and writes nothing
"$CSC" sync > "$T/sync2" 2>&1
assert_not_contains "$T/sync2" "health:"
[ "$(q "SELECT count(*) FROM health WHERE source = 'model'")" = "$snaps" ] || fail "a no-op sync changed the snapshots"

# --- blind spots: exactly the planted ones ------------------------------------------
# ACC-0002 (champion left, negative notes) and ACC-0005 (bad last meeting) are
# hidden risks; ACC-0007 is quiet but loyal (sample-data/README.md)
ids() { "$CSC" accounts --scope team --blind "$1" --format csv | tail -n +2 | cut -d, -f2 | tr -d '"' | sort | tr '\n' ' '; }
[ "$(ids hidden)" = "ACC-0002 ACC-0005 " ] || fail "hidden risks: $(ids hidden)"
[ "$(ids quiet)" = "ACC-0007 " ] || fail "quiet but loyal: $(ids quiet)"
# each with its reason; plainly healthy accounts carry none
"$CSC" accounts --scope team --blind hidden --format csv | grep '"ACC-0002"' | grep -q 'champion left' ||
  fail "ACC-0002's reason does not name the champion"
for id in ACC-0001 ACC-0009 ACC-0012; do
  [ "$(q "SELECT count(*) FROM account_flag WHERE crm_id = '$id'")" = 0 ] || fail "$id is flagged"
done

# --- a model change: new weeks only, until --recompute ---------------------------------
past=$(q "SELECT day || ':' || score FROM health h JOIN account a ON a.id = h.account_id WHERE a.crm_id = 'ACC-0004' AND source = 'model' ORDER BY day DESC LIMIT 1 OFFSET 4")
printf 'health.model: {adoption: {weight: 0}, core_use: {weight: 0}}\n' >> "$CSCONSOLE_CONFIG"
"$CSC" sync > "$T/sync3" 2>&1
grep -q "^health: $accts accounts computed" "$T/sync3" || fail "a model change did not recompute the week: $(cat "$T/sync3")"
day=${past%%:*}
[ "$(q "SELECT day || ':' || score FROM health h JOIN account a ON a.id = h.account_id WHERE a.crm_id = 'ACC-0004' AND source = 'model' AND day = $day")" = "$past" ] ||
  fail "a past snapshot changed without --recompute"
new=$("$CSC" health ACC-0004 --format json | jfield '$.computed.score')
[ "$(score ACC-0004)" = "$new" ] || fail "this week's snapshot is not under the new model"
# the past is named as another model's, by health and doctor
other=$(q "SELECT count(*) FROM health h JOIN account a ON a.id = h.account_id WHERE a.crm_id = 'ACC-0004' AND source = 'model' AND day < (SELECT max(day) FROM health WHERE source = 'model')")
total=$(q "SELECT count(*) FROM health h JOIN account a ON a.id = h.account_id WHERE a.crm_id = 'ACC-0004' AND source = 'model'")
"$CSC" health ACC-0004 > "$T/h4"
assert_contains "$T/h4" "$other of its $total weekly snapshots were computed by another model"
"$CSC" doctor > "$T/doc" 2>&1 || true
assert_contains "$T/doc" "were computed by another health model than the one configured"
"$CSC" health --recompute > "$T/rc" || fail "recompute failed"
"$CSC" health ACC-0004 > "$T/h4"
assert_not_contains "$T/h4" "computed by another model"
"$CSC" doctor > "$T/doc" 2>&1 || true
assert_not_contains "$T/doc" "computed by another health model"
[ "$(q "SELECT day || ':' || score FROM health h JOIN account a ON a.id = h.account_id WHERE a.crm_id = 'ACC-0004' AND source = 'model' AND day = $day")" != "$past" ] ||
  fail "--recompute left the past snapshot as it was"
# the recomputed past equals the model replayed as of that day
replayed=$(CSCONSOLE_TODAY=$(q "SELECT date($day * 86400, 'unixepoch')") "$CSC" health ACC-0004 --format json |
  jfield '$.computed.score' 6)
[ "$replayed" = "$(q "SELECT round(score, 6) FROM health h JOIN account a ON a.id = h.account_id WHERE a.crm_id = 'ACC-0004' AND source = 'model' AND day = $day")" ] ||
  fail "recomputed snapshot differs from the model as of that day ($replayed)"

# --- vendor or computed: the config says which ---------------------------------------
vendor=$(q "SELECT round(score) FROM health h JOIN account a ON a.id = h.account_id WHERE a.crm_id = 'ACC-0005' AND source = 'feed' ORDER BY day DESC LIMIT 1" | sed 's/\.0$//')
computed=$(score ACC-0005)
[ "$vendor" != "$computed" ] || fail "the sample should tell the two scores apart on ACC-0005"
printf 'health.score: vendor\n' >> "$CSCONSOLE_CONFIG"
[ "$(score ACC-0005)" = "$vendor" ] || fail "health.score vendor: $(score ACC-0005), want $vendor"
sed -i '/^health.score:/d' "$CSCONSOLE_CONFIG"
[ "$(score ACC-0005)" = "$computed" ] || fail "back to computed: $(score ACC-0005), want $computed"

# --- playbook rules: one touchpoint per condition, however often we sync -------------------
cat >> "$CSCONSOLE_CONFIG" <<'EOF'
playbook:
  - {name: renewal_30, when: renewal, days: 30, kind: meeting}
  - {name: quiet, when: no_touch, grace: 7}
  - {name: fell, when: band_drop, into: yellow}
  - {name: falling, when: score_drop, points: 5, weeks: 4}
  - {name: new_champion, when: champion_changed, kind: meeting, due_in: 2}
EOF
"$CSC" sync > "$T/sync4" 2>&1 || { cat "$T/sync4"; fail "sync with a playbook failed"; }
made=$(q "SELECT count(*) FROM touchpoint WHERE note LIKE 'Playbook%'")
[ "$made" -gt 0 ] || fail "the playbook made no touchpoint: $(cat "$T/sync4")"
grep -q "^playbook: $made touchpoints\( from [0-9]* firings\)\? (" "$T/sync4" || fail "playbook line: $(grep '^playbook' "$T/sync4")"
# rules do not stack: one sync makes at most one touchpoint per account
[ "$(q "SELECT count(*) FROM (SELECT account FROM touchpoint WHERE note LIKE 'Playbook%' GROUP BY account HAVING count(*) > 1)")" = 0 ] ||
  fail "an account got several playbook touchpoints in one sync"
# the touchpoints a rule is in (alone or with others)
made_by() {
  q "SELECT count(*) FROM playbook_fired f JOIN touchpoint t ON t.id = f.touch_id WHERE f.rule = '$1' AND f.reason IS NULL ${2:-}"
}
# renewal_30: exactly aiko's main accounts renewing within 30 days
want=$(q "SELECT count(*) FROM account WHERE active AND main_owner = 'aiko' AND renewal_day BETWEEN $(q "SELECT CAST(julianday('2026-11-23') - 2440587.5 AS INTEGER)") AND $(q "SELECT CAST(julianday('2026-11-23') - 2440587.5 AS INTEGER)") + 30")
[ "$(made_by renewal_30)" = "$want" ] || fail "renewal_30 made $(made_by renewal_30), want $want"
# the score rules fire on the sample's falling accounts (ACC-0004 fell 16 in 4 weeks)
[ "$(made_by falling)" -gt 0 ] || fail "falling never fired"
[ "$(made_by falling "AND t.account = 'ACC-0004'")" = 1 ] ||
  fail "falling: ACC-0004"
for i in 1 2; do
  "$CSC" sync > "$T/sync5" 2>&1
  grep -q "^playbook: no new touchpoints" "$T/sync5" || fail "sync $i after: $(grep '^playbook' "$T/sync5")"
done
[ "$(q "SELECT count(*) FROM touchpoint WHERE note LIKE 'Playbook%'")" = "$made" ] || fail "repeated syncs made duplicates"
# the first look at a champion is a baseline, not a change
[ "$(q "SELECT count(*) FROM touchpoint WHERE note LIKE 'Playbook new_champion%'")" = 0 ] || fail "new_champion fired on the baseline"

# a new champion in the CRM feed: ACC-0001 already has a touchpoint planned
# inside the rule's horizon (today to 2 days on), so none is made: the
# reason is kept against that one (the agenda shows it); nothing on later syncs
[ "$(q "SELECT main_owner || '|' || champion FROM account WHERE crm_id = 'ACC-0001'")" = "aiko|山田 太郎" ] ||
  fail "fixture: ACC-0001 is aiko's, champion 山田 太郎"
today=$(q "SELECT CAST(julianday('2026-11-23') - 2440587.5 AS INTEGER)")
[ "$(q "SELECT count(*) FROM touchpoint WHERE account = 'ACC-0001' AND status IN ('open', 'snoozed') AND due_day BETWEEN $today AND $today + 2")" -gt 0 ] ||
  fail "fixture: ACC-0001 has a touchpoint planned in the next 2 days"
sed -i 's/^    champion: "山田 太郎"$/    champion: "佐々木 花子"/' "$T/shared/feeds/accounts.yaml"
"$CSC" sync > "$T/sync6" 2>&1 || { cat "$T/sync6"; fail "sync after the champion changed"; }
grep -q "^playbook: no new touchpoints; 1 reason added to touchpoints already scheduled" "$T/sync6" ||
  fail "champion change: $(grep '^playbook' "$T/sync6")"
[ "$(q "SELECT t.account || '|' || (f.reason LIKE 'new_champion: %佐々木 花子%') FROM playbook_fired f JOIN touchpoint t ON t.id = f.touch_id WHERE f.rule = 'new_champion' AND t.status IN ('open', 'snoozed') AND t.due_day BETWEEN $today AND $today + 2")" = "ACC-0001|1" ] ||
  fail "new_champion's reason: $(q "SELECT * FROM playbook_fired WHERE rule = 'new_champion'")"
for i in 1 2; do
  "$CSC" sync > "$T/sync7" 2>&1
  grep -q "^playbook: no new touchpoints (" "$T/sync7" || fail "sync $i after the change: $(grep '^playbook' "$T/sync7")"
done
[ "$(q "SELECT count(*) FROM touchpoint WHERE note LIKE 'Playbook%'")" = "$made" ] || fail "duplicates after the change"
[ "$(q "SELECT count(*) FROM playbook_fired WHERE rule = 'new_champion'")" = 1 ] || fail "new_champion recorded twice"
exit 0
