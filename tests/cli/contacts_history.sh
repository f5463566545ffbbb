#!/bin/sh
# Contacts are kept per import: each import that brings a different contact
# list for an account adds a row of contact_history (the new list in the
# feed's text form and the one it replaced); an unchanged list adds none.
. "$CSC_ROOT/tests/lib.sh"
setup_book aiko
F=$T/shared/feeds/accounts.yaml
DB=$T/db/csconsole.db
hist() { sqlite3 "$DB" "SELECT h.day, h.contacts, coalesce(h.prev, '-') FROM contact_history h
  JOIN account a ON a.id = h.account_id WHERE a.crm_id = '$1' ORDER BY h.id"; }

"$CSC" sync > "$T/s1" 2>&1 || { cat "$T/s1"; fail "first sync"; }
hist ACC-0001 > "$T/h1"
[ "$(wc -l < "$T/h1")" -eq 1 ] || fail "one row after the first import: $(cat "$T/h1")"
first="山田 太郎 <yamada@sakura-logi.example> (情報システム部長); 清水 大輔 <daisuke.shimizu@sakura-logi.example> (情報システム部長)"
today=$(( $(date -u -d "$CSCONSOLE_TODAY" +%s) / 86400 ))
[ "$(cat "$T/h1")" = "$today|$first|-" ] || fail "first row: $(cat "$T/h1")"

# the same export again: no row
touch "$F"
"$CSC" sync > "$T/s2" 2>&1 || { cat "$T/s2"; fail "second sync"; }
[ "$(hist ACC-0001 | wc -l)" -eq 1 ] || fail "an unchanged list adds no row"

# a new e-mail for 清水 大輔, a day later: one more row, the old list as prev
sed -i 's/daisuke.shimizu@sakura-logi.example/d.shimizu@sakura-logi.example/' "$F"
grep -q d.shimizu@ "$F" || fail "could not edit $F"
CSCONSOLE_TODAY=$(date -u -d "$CSCONSOLE_TODAY + 1 day" +%F) "$CSC" sync > "$T/s3" 2>&1 || { cat "$T/s3"; fail "third sync"; }
hist ACC-0001 > "$T/h3"
[ "$(wc -l < "$T/h3")" -eq 2 ] || fail "two rows after the change: $(cat "$T/h3")"
second="山田 太郎 <yamada@sakura-logi.example> (情報システム部長); 清水 大輔 <d.shimizu@sakura-logi.example> (情報システム部長)"
[ "$(tail -n 1 "$T/h3")" = "$((today + 1))|$second|$first" ] || fail "second row: $(tail -n 1 "$T/h3")"
# no other account changed
[ "$(sqlite3 "$DB" "SELECT count(*) FROM contact_history WHERE prev IS NOT NULL")" -eq 1 ] ||
  fail "only ACC-0001's list changed"
exit 0
