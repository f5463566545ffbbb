#!/bin/sh
# i18n_messages.sh - the core's messages in Japanese (LANGUAGE=ja with
# C.UTF-8, no generated locale needed): a malformed feed's diagnostics keep
# their file:line, their figures and a Japanese label (エラー, 警告), a real
# sync in Japanese says the same, the handoff brief marks a done touchpoint
# in Japanese and a refusal is Japanese; the same runs in English still give
# the English text, and the machine formats (json) are byte-identical.
. "$CSC_ROOT/tests/lib.sh"
unset LANGUAGE LANG LC_MESSAGES
export LC_ALL=C.UTF-8
ja() { LANGUAGE=ja "$CSC" "$@"; }

[ -f "$(dirname "$CSC")/locale/ja/LC_MESSAGES/csconsole.mo" ] ||
  fail "no Japanese catalog beside $CSC (make builds build/locale/ja/LC_MESSAGES/csconsole.mo)"

setup_book
"$CSC" sync > "$T/sync0.txt" 2>&1 || { cat "$T/sync0.txt"; fail "the first sync failed"; }

# --- a malformed metrics export, previewed (nothing written) in both languages ------
mkdir -p "$T/bad"
B="$T/bad/weekly.csv"
{
  echo "account,date,metric,value"
  echo "ACC-0001,2026-11-16,logins,12"
  echo "ACC-0001,2026-11-16,health_score,150"
  echo "ACC-0002,2026-11-16,logins"
  echo "ACC-9999,2026-11-16,logins,3"
} > "$B"
l_range=$(grep -n 'health_score,150' "$B" | cut -d: -f1)
l_short=$(grep -n '^ACC-0002' "$B" | cut -d: -f1)
l_unknown=$(grep -n '^ACC-9999' "$B" | cut -d: -f1)
F=feeds/metrics/weekly.csv

assert_status 1 ja import --check --as metrics "$B" > "$T/ja.txt" 2>&1
assert_contains "$T/ja.txt" "$F:$l_range: エラー: 列「value」: health_score 150 が範囲外です。0〜100 にしてください"
assert_contains "$T/ja.txt" "$F:$l_short: エラー: この行のフィールドは 3 個ですが、ヘッダーは 4 列です。足りないフィールドを追加してください"
assert_contains "$T/ja.txt" "$F:$l_unknown: エラー: 列「account」: 「ACC-9999」はアカウントのフィードにありません。"
assert_not_contains "$T/ja.txt" ": error: "

assert_status 1 "$CSC" import --check --as metrics "$B" > "$T/en.txt" 2>&1
assert_contains "$T/en.txt" "$F:$l_range: error: column \"value\": health_score 150 is out of range: it is 0 to 100"
assert_contains "$T/en.txt" "$F:$l_short: error: the row has 3 fields but the header has 4: add the missing fields"
assert_contains "$T/en.txt" "$F:$l_unknown: error: column \"account\": \"ACC-9999\" is not in the accounts feed"
assert_not_contains "$T/en.txt" "エラー"

# --- a real sync in Japanese on a malformed team feed: an error and a warning --------
# (a second book, so the English sync below reads the same file fresh)
break_team() {
  awk '{print} /^  - handle: ken$/ {print "    nickname: kenny"}' "$1/feeds/team.yaml" > "$1/t.yaml"
  printf '  - handle: "Bad Handle"\n    name: "誤記"\n' >> "$1/t.yaml"
  mv "$1/t.yaml" "$1/feeds/team.yaml"
}
break_team "$T/shared"
l_nick=$(grep -n 'nickname: kenny' "$T/shared/feeds/team.yaml" | cut -d: -f1)
l_bad=$(grep -n 'handle: "Bad Handle"' "$T/shared/feeds/team.yaml" | cut -d: -f1)
ja sync > "$T/ja_sync.txt" 2>&1 || true
assert_contains "$T/ja_sync.txt" "feeds/team.yaml:$l_nick:5: 警告: 不明なキー「nickname」を無視しました"
assert_contains "$T/ja_sync.txt" "feeds/team.yaml:$l_bad:"
assert_contains "$T/ja_sync.txt" ": エラー: handle: 「Bad Handle」は正しくありません。英小文字、数字、'.'、'_'、'-' を使ってください"

cp -R "$CSC_ROOT/sample-data" "$T/shared2"
write_config aiko "$T/shared2" "$T/db2/csconsole.db" > "$T/en.yaml"
break_team "$T/shared2"
CSCONSOLE_CONFIG="$T/en.yaml" "$CSC" sync > "$T/en_sync.txt" 2>&1 || true
assert_contains "$T/en_sync.txt" "feeds/team.yaml:$l_nick:5: warning: unknown key \"nickname\" ignored"
assert_contains "$T/en_sync.txt" "feeds/team.yaml:$l_bad:"
assert_contains "$T/en_sync.txt" ": error: handle: \"Bad Handle\" is not valid: use lowercase letters, digits, '.', '_' and '-'"
assert_not_contains "$T/en_sync.txt" "警告"

# --- the handoff brief: a touchpoint aiko did for haruto's account -------------------
id=$("$CSC" touch ACC-0050 --due today --kind call 2> "$T/err") || { cat "$T/err"; fail "touch"; }
"$CSC" touch --done "$id" > /dev/null 2>&1 || fail "touch --done $id"

ja handoff haruto > "$T/ja_brief.txt" 2> "$T/err" || { cat "$T/err"; fail "handoff in Japanese"; }
awk 'index($0, "ACC-0050  ") == 1 {f = 1} f && /^$/ {exit} f' "$T/ja_brief.txt" > "$T/ja_b.txt"
[ -s "$T/ja_b.txt" ] || { cat "$T/ja_brief.txt"; fail "ACC-0050 is not in the Japanese brief"; }
# (the day and "by" around it are the brief's own, cmd_handoff.c: its format in
# Japanese is its own test's; this part is handoff_touch_kind's)
assert_contains "$T/ja_b.txt" "電話(タッチポイント完了)"
"$CSC" handoff haruto > "$T/en_brief.txt"
assert_contains "$T/en_brief.txt" "$CSCONSOLE_TODAY call (touchpoint done) by aiko"
assert_not_contains "$T/en_brief.txt" "タッチポイント完了"
ja handoff haruto --format markdown > "$T/ja_brief.md"
assert_contains "$T/ja_brief.md" "電話(タッチポイント完了)"

# machine formats stay English and byte-identical: the brief's and the changes' json
ja handoff haruto --format json > "$T/ja_brief.json"
"$CSC" handoff haruto --format json > "$T/en_brief.json"
cmp -s "$T/ja_brief.json" "$T/en_brief.json" || fail "handoff --format json differs in Japanese"
ja changes haruto --format json > "$T/ja_changes.json"
"$CSC" changes haruto --format json > "$T/en_changes.json"
cmp -s "$T/ja_changes.json" "$T/en_changes.json" || fail "changes --format json differs in Japanese"
assert_contains "$T/en_changes.json" "\"what\":\"done call (due $CSCONSOLE_TODAY)\""

# a refusal: aiko has no absence, in Japanese with the day, and in English
assert_status 2 ja handoff aiko > /dev/null 2> "$T/ja_err"
assert_contains "$T/ja_err" "aiko さんには今日($CSCONSOLE_TODAY)以降の不在がありません"
assert_contains "$T/ja_err" "--from DAY --until DAY で期間を指定してください"
assert_status 2 "$CSC" handoff aiko > /dev/null 2> "$T/en_err"
assert_contains "$T/en_err" "aiko has no absence today ($CSCONSOLE_TODAY) or later"
