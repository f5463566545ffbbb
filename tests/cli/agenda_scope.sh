#!/bin/sh
# csconsole agenda --scope: one CSM's agenda (owner:HANDLE) is what that CSM
# sees with --me; the team's (team) lists every account once, under the CSM
# who acts on it today (the main owner, or while away who covers), and each
# of its items is one of that CSM's own; neither moves my last look; an
# unknown handle is refused naming the closest handle, or the team's handles;
# an owner may be named by e-mail or display name, as in the feeds.
. "$CSC_ROOT/tests/lib.sh"
setup_book aiko
"$CSC" sync > "$T/sync.out" 2>&1 || { cat "$T/sync.out"; fail "sync failed"; }
F=$T/shared/feeds

# accounts.yaml as "id|main|sub" lines
awk '
  function flush() { if (id != "") print id "|" main "|" so }
  /^  - id: / { flush(); id = $3; main = so = ""; next }
  /^    main_owner: / { main = $2 }
  /^    sub_owner: / { so = $2 }
  END { flush() }' "$F/accounts.yaml" | sort > "$T/owners"
HANDLES=$(cut -d'|' -f2,3 "$T/owners" | tr '|' '\n' | grep . | sort -u)
[ "$(echo "$HANDLES" | wc -l)" -ge 4 ] || fail "the sample has several owners"

# csv rows without the header and CR: rank,account,name,role,group,reason,day,new,owner
rows() { tail -n +2 | tr -d '\r'; }
# a csv row's fields 2 (account), 5 (group), 6 (reason), 9 (owner) as
# "account|group|reason|owner"; no quoted
# comma is split wrongly because every field is quoted: split on '","'
fields() { sed 's/^"//; s/"$//' | awk -F'","' -v OFS='|' '{ print $2, $5, $6, $9 }'; }

"$CSC" agenda --no-mark --format json > "$T/before.json" || fail "agenda json"
look_before=$(grep -o '"last_look":[^,]*' "$T/before.json")

# ---- owner:H is H's own agenda ---------------------------------------------------
for h in $HANDLES; do
  "$CSC" agenda --no-mark --scope "owner:$h" --format csv > "$T/owner.$h.csv" || fail "--scope owner:$h"
  "$CSC" --me "$h" agenda --no-mark --format csv > "$T/me.$h.csv" || fail "--me $h agenda"
  cmp -s "$T/owner.$h.csv" "$T/me.$h.csv" || { diff "$T/me.$h.csv" "$T/owner.$h.csv"; fail "owner:$h differs from --me $h"; }
  rows < "$T/owner.$h.csv" | fields | awk -F'|' -v h="$h" '$4 != h { exit 1 }' ||
    fail "owner:$h: every row names $h as its owner"
done
"$CSC" agenda --no-mark --scope owner:aiko > "$T/owner.txt"
head -n 1 "$T/owner.txt" | grep -q "^Agenda of aiko for 2026-11-23: " || fail "owner:aiko header: $(head -n 1 "$T/owner.txt")"

# ---- the team, on a day haruto is away (his sub owners cover) ------------------
team_check() { # day
  CSCONSOLE_TODAY=$1 "$CSC" agenda --no-mark --scope team --format csv > "$T/team.csv" || fail "--scope team on $1"
  rows < "$T/team.csv" | fields > "$T/team.rows"
  [ -s "$T/team.rows" ] || fail "the team's agenda on $1 is empty"
  # each account under one owner, its entries' rank unique per account
  cut -d'|' -f1,4 "$T/team.rows" | sort -u | cut -d'|' -f1 | uniq -d | grep . && fail "an account under two owners on $1"
  rows < "$T/team.csv" | sed 's/^"\([0-9]*\)","\([^"]*\)".*/\2 \1/' | sort -u | cut -d' ' -f1 | uniq -d | grep . &&
    fail "an account in two entries on $1"
  # the owner: main, or while the main owner is away the sub owner (role covering)
  while IFS='|' read -r acc group reason owner; do
    main=$(awk -F'|' -v a="$acc" '$1 == a { print $2 }' "$T/owners")
    sub=$(awk -F'|' -v a="$acc" '$1 == a { print $3 }' "$T/owners")
    want=$main
    if [ "$1" = 2026-11-25 ] && [ "$main" = haruto ] && [ -n "$sub" ]; then want=$sub; fi
    [ "$owner" = "$want" ] || fail "$1: $acc is under $owner, want $want (main $main, sub $sub)"
  done < "$T/team.rows"
  # every team item is one of its owner's own items
  for h in $(cut -d'|' -f4 "$T/team.rows" | sort -u); do
    CSCONSOLE_TODAY=$1 "$CSC" agenda --no-mark --scope "owner:$h" --format csv | rows | fields |
      cut -d'|' -f1-3 | sort > "$T/own.$h"
    awk -F'|' -v OFS='|' -v h="$h" '$4 == h { print $1, $2, $3 }' "$T/team.rows" | sort > "$T/team.$h"
    comm -23 "$T/team.$h" "$T/own.$h" | grep . && fail "$1: team items of $h that are not on $h's agenda"
  done
  :
}
team_check 2026-11-23
team_check 2026-11-25
grep -q '|covering|covering for haruto' "$T/team.rows" || fail "2026-11-25: haruto's accounts are covered"
grep -q '|covering|' "$T/team.rows" && ! grep '|covering|' "$T/team.rows" | grep -qv 'covering for haruto' ||
  fail "only haruto is away on 2026-11-25"
CSCONSOLE_TODAY=2026-11-25 "$CSC" agenda --no-mark --scope team > "$T/team.txt"
head -n 1 "$T/team.txt" | grep -q "^Agenda of the team for 2026-11-25: " || fail "team header: $(head -n 1 "$T/team.txt")"
grep -q '^[0-9]*\. .* (ACC-[0-9]*, owner [a-z]*, covering)' "$T/team.txt" || fail "team text names owner and role"
CSCONSOLE_TODAY=2026-11-25 "$CSC" agenda --no-mark --scope team --format json > "$T/team.json"
grep -q '"scope":"team"' "$T/team.json" || grep -q '"scope": "team"' "$T/team.json" || fail "json scope"
grep -q '"owner"' "$T/team.json" || fail "json owner"

# ---- neither scope records a look -----------------------------------------------
"$CSC" agenda --scope team > /dev/null || fail "team look"
"$CSC" agenda --scope owner:ken > /dev/null || fail "owner look"
"$CSC" agenda --no-mark --format json > "$T/after.json"
[ "$(grep -o '"last_look":[^,]*' "$T/after.json")" = "$look_before" ] || fail "a team or owner look moved my last look"

# ---- refusals ------------------------------------------------------------------------
rc=0; "$CSC" agenda --scope owner:nobody > "$T/o" 2> "$T/e" || rc=$?
[ $rc -eq 2 ] || fail "unknown owner: exit 2, got $rc"
grep -q 'owner:nobody: no such CSM' "$T/e" && grep -q 'aiko, ' "$T/e" || fail "unknown owner message: $(cat "$T/e")"
rc=0; "$CSC" agenda --scope owner:aikp > /dev/null 2> "$T/e" || rc=$?
[ $rc -eq 2 ] && grep -q '(did you mean aiko?)' "$T/e" || fail "a slip names the closest handle: $rc $(cat "$T/e")"
# an owner by e-mail or display name, as the feeds match owners
email=$(awk '/^  - handle: ken$/ { f = 1; next } f && /^    email:/ { print $2; exit }' "$T/shared/feeds/team.yaml")
"$CSC" agenda --no-mark --scope "owner:$email" --format csv > "$T/ken.email.csv" || fail "owner:$email"
cmp -s "$T/ken.email.csv" "$T/owner.ken.csv" || fail "owner:$email is ken's agenda"
rc=0; "$CSC" agenda --scope everyone > /dev/null 2> "$T/e" || rc=$?
[ $rc -eq 2 ] && grep -q 'use mine, team or owner:HANDLE' "$T/e" || fail "bad scope: $rc $(cat "$T/e")"
rc=0; "$CSC" agenda --scope team --format ics > /dev/null 2> "$T/e" || rc=$?
[ $rc -eq 2 ] && grep -q 'one CSM' "$T/e" || fail "team ics: $rc $(cat "$T/e")"
"$CSC" agenda --scope owner:ken --format ics > "$T/ken.ics" || fail "owner ics"
"$CSC" --me ken agenda --format ics > "$T/ken2.ics" || fail "--me ken ics"
grep -v '^DTSTAMP' "$T/ken.ics" > "$T/k1"; grep -v '^DTSTAMP' "$T/ken2.ics" > "$T/k2"
cmp -s "$T/k1" "$T/k2" || fail "owner:ken's calendar is ken's"
exit 0
