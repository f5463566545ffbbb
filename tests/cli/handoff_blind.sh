#!/bin/sh
# A handoff brief names each account's blind spot: when aiko is away, the
# CSM who covers her learns of her hidden risks (ACC-0005, her main account:
# sample-data/README.md) in text, markdown and json, and the brief agrees
# with the flags the sync judged.
. "$CSC_ROOT/tests/lib.sh"
setup_book
# aiko away from tomorrow (her entry in team.yaml gains an absence)
awk '{ print }
     /^  - handle: aiko$/ { mine = 1 }
     mine && /^    team: / { print "    absences:\n      - from: 2026-11-24\n        until: 2026-11-28\n        reason: vacation"; mine = 0 }' \
  "$T/shared/feeds/team.yaml" > "$T/team.yaml" && mv "$T/team.yaml" "$T/shared/feeds/team.yaml"
"$CSC" sync > "$T/sync.txt" 2>&1 || { cat "$T/sync.txt"; fail "sync failed"; }
q() { sqlite3 "$T/db/csconsole.db" "$1"; }
[ "$(q "SELECT count(*) FROM absence WHERE handle = 'aiko'")" = 1 ] || fail "aiko's absence was not imported"

"$CSC" handoff aiko --format json > "$T/brief.json" || fail "handoff aiko"
want=$(q "SELECT group_concat(crm_id, ' ') FROM (SELECT f.crm_id FROM account_flag f JOIN account a ON a.crm_id = f.crm_id
          WHERE a.main_owner = 'aiko' AND a.active AND f.flag = 'hidden_risk' ORDER BY 1)")
got=$(jq -r '[.accounts[] | select(.blind_spot != null and .blind_spot.flag == "hidden_risk") | .id] | sort | join(" ")' "$T/brief.json")
[ -n "$want" ] || fail "aiko has no main account with a hidden risk (the sample says ACC-0005)"
[ "$got" = "$want" ] || fail "hidden risks in the brief: $got, the sync judged: $want"
jq -r '.accounts[] | select(.id == "ACC-0005") | .blind_spot.reason' "$T/brief.json" |
  grep -q "^last note's sentiment 2 of 5 (negative) on 2026-11-16" || fail "ACC-0005's reason"
# an account without a flag has none
[ "$(jq -r '.accounts[] | select(.id == "ACC-0001") | .blind_spot' "$T/brief.json")" = null ] || fail "ACC-0001 flagged"

# text: a line in ACC-0005's block; markdown: a bullet
"$CSC" handoff aiko > "$T/brief.txt"
awk '/^ACC-0005 / { on = 1; next } /^ACC-[0-9]+ / { on = 0 } on' "$T/brief.txt" |
  grep -qE "^  blind spot +hidden risk: last note's sentiment" || { cat "$T/brief.txt"; fail "text: no blind spot line for ACC-0005"; }
"$CSC" handoff aiko --format markdown > "$T/brief.md"
awk '/^## ACC-0005 / { on = 1; next } /^## / { on = 0 } on' "$T/brief.md" |
  grep -qF -- "- **Blind spot:** hidden risk: last note" || { cat "$T/brief.md"; fail "markdown: no blind spot for ACC-0005"; }
exit 0
