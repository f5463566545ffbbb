#!/bin/sh
# csconsole accounts --search: account names, notes, risks and touchpoints,
# folded alike on both sides (NFKC: full-width and half-width forms; case;
# katakana as hiragana); a search that finds nothing says what it searched.
. "$CSC_ROOT/tests/lib.sh"
setup_book aiko
"$CSC" sync > "$T/sync.out" 2>&1 || { cat "$T/sync.out"; fail "sync failed"; }
DB="$T/db/csconsole.db"
q() { sqlite3 "$DB" "$1"; }
# ids TEXT: the CRM ids the search finds in the whole team, sorted, on one line
ids() { "$CSC" accounts --scope team --search "$1" --format csv | tail -n +2 | cut -d, -f2 | tr -d '"' | sort | tr '\n' ' ' | sed 's/ $//'; }

# A name: 株式会社さくらロジスティクス (ACC-0001) by every form of さくら.
sakura=$(q "SELECT crm_id FROM account WHERE active AND name LIKE '%さくら%' ORDER BY crm_id" | tr '\n' ' ' | sed 's/ $//')
[ "$sakura" = ACC-0001 ] || fail "the sample's さくら accounts changed: $sakura"
for form in さくら サクラ ｻｸﾗ; do
  [ "$(ids "$form")" = "$sakura" ] || fail "--search $form: $(ids "$form"), want $sakura"
done
[ "$(ids "ＮＯＲＴＨＷＩＮＤ")" = ACC-0002 ] || fail "--search ＮＯＲＴＨＷＩＮＤ: $(ids "ＮＯＲＴＨＷＩＮＤ")"

# Text written now on four accounts, found by another form of it.
"$CSC" note ACC-0004 --kind call --summary "定例" --text "ＱＢＲ準備の相談" > "$T/note.out" 2>&1 ||
  { cat "$T/note.out"; fail "note failed"; }
"$CSC" risk ACC-0005 --category budget --severity high --text "ＣＦＯが予算を凍結" > "$T/risk.out" 2>&1 ||
  { cat "$T/risk.out"; fail "risk failed"; }
"$CSC" touch ACC-0006 --due +5d --note "ﾃﾞﾓ日程の調整" > "$T/touch.out" 2> "$T/touch.err" ||
  { cat "$T/touch.err"; fail "touch failed"; }
"$CSC" touch ACC-0007 --due +5d > "$T/touch2.out" 2> "$T/touch2.err" || { cat "$T/touch2.err"; fail "touch failed"; }
"$CSC" touch --snooze "$(head -n 1 "$T/touch2.out")" --until +9d --reason "Waiting for Procurement" \
  > "$T/snooze.out" 2>&1 || { cat "$T/snooze.out"; fail "snooze failed"; }
[ "$(ids "qbr準備")" = ACC-0004 ] || fail "a note's text: $(ids "qbr準備")"
[ "$(ids "cfoが予算")" = ACC-0005 ] || fail "a risk's text: $(ids "cfoが予算")"
[ "$(ids "でも日程")" = ACC-0006 ] || fail "a touchpoint's note: $(ids "でも日程")"
[ "$(ids "PROCUREMENT")" = ACC-0007 ] || fail "a touchpoint's reason: $(ids "PROCUREMENT")"

# Nothing found: the message names what was searched, in the scope asked.
"$CSC" accounts --search "zzqq" > "$T/none.out" 2> "$T/none.err"
[ ! -s "$T/none.out" ] || fail "rows for zzqq: $(cat "$T/none.out")"
assert_contains "$T/none.err" 'no name, note, risk or touchpoint of the accounts in scope "mine" matches "zzqq"'
"$CSC" accounts --search "zzqq" --band red 2> "$T/none.err" > /dev/null
assert_contains "$T/none.err" 'of the accounts in scope "mine" that pass the filters matches "zzqq"'
exit 0
