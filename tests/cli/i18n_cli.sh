# The command line in Japanese (issue 16): --help and agenda --help translated
# with their columns aligned by terminal cells, agenda's text in Japanese,
# --lang and `language:` choose, and machine output (json, csv) and exit
# statuses are the same in both languages.
. "$(dirname "$0")/../lib.sh"

setup_book
"$CSC" sync > "$T/sync.txt" 2>&1 || { cat "$T/sync.txt"; fail "sync failed"; }

# Japanese without a generated ja_JP locale: LANGUAGE=ja under C.UTF-8 (i18n.c).
ja() { env LANGUAGE=ja LANG=C.UTF-8 LC_ALL=C.UTF-8 "$CSC" "$@"; }
en() { env -u LANGUAGE LANG=C.UTF-8 LC_ALL=C.UTF-8 "$CSC" "$@"; }

# cells TEXT: the display width of TEXT (wc -L counts cells in a UTF-8 locale).
cells() { printf '%s' "$1" | LC_ALL=C.UTF-8 wc -L | tr -d ' '; }

# --- csconsole --help --------------------------------------------------------
ja --help > "$T/help.ja"
assert_contains "$T/help.ja" "使い方: csconsole [オプション] [コマンド [引数]]"
assert_contains "$T/help.ja" "コマンド:"
assert_contains "$T/help.ja" "      --lang LANG     表示言語: en、ja、auto"
assert_not_contains "$T/help.ja" "usage: csconsole"
# Every summary starts in the same cell, whatever the (translated) arguments
# before it: "show 顧客 [--format F]" is 20 cells but 24 bytes.
n=0
while IFS= read -r line; do
  case "$line" in "  "[a-z]*) ;; *) continue ;; esac
  # the name and arguments (words one space apart), then the padding
  prefix=$(printf '%s\n' "$line" | sed -E 's/^(  [^ ]+( [^ ]+)*  +).*/\1/')
  [ "$prefix" != "$line" ] || fail "no summary after two spaces: $line"
  [ "$(cells "$prefix")" -eq 39 ] || fail "summary not at cell 39 ($(cells "$prefix")): $line"
  n=$((n + 1))
done < "$T/help.ja"
[ "$n" -ge 20 ] || fail "only $n command lines checked in csconsole --help"
for c in "show 顧客" "handoff 担当者" "cover ハンドル" "import --check [ファイル...]"; do
  grep -qF "  $c " "$T/help.ja" || fail "no \"$c\" line in the Japanese help"
done

# --- agenda --help: option descriptions in one column ------------------------
ja agenda --help > "$T/agenda-help.ja"
assert_contains "$T/agenda-help.ja" "使い方: csconsole agenda"
assert_contains "$T/agenda-help.ja" "  --excel      csv: Excel 向け"
opts=0
in_opts=false
while IFS= read -r line; do
  case "$line" in
    "  --"*)
      in_opts=true
      # the option and its argument are ASCII; the description starts at cell 15
      opt=$(printf '%s\n' "$line" | sed 's/^\(  --[a-z-]*\( [A-Z]\)\{0,1\} *\).*/\1/')
      [ "$(cells "$opt")" -eq 15 ] || fail "agenda --help: description not at cell 15: $line"
      opts=$((opts + 1)) ;;
    "") in_opts=false ;;
    *)
      if $in_opts; then
        lead=$(printf '%s\n' "$line" | sed 's/^\( *\).*/\1/')
        [ "${#lead}" -eq 15 ] || fail "agenda --help: continuation not at cell 15: $line"
      fi ;;
  esac
done < "$T/agenda-help.ja"
[ "$opts" -ge 8 ] || fail "only $opts option lines in agenda --help"

# --- agenda's text in Japanese -----------------------------------------------
ja agenda --no-mark > "$T/agenda.ja"
assert_contains "$T/agenda.ja" "aiko の今日 ("
assert_contains "$T/agenda.ja" "前回の確認 (なし) 以降の新着"
assert_contains "$T/agenda.ja" "1. 東都精機株式会社 (ACC-0004、主担当) 新着"
assert_contains "$T/agenda.ja" "(ACC-0047、副担当) 新着"
grep -q '^   新着  ' "$T/agenda.ja" || fail "agenda: no item marked 新着"
assert_not_contains "$T/agenda.ja" "Agenda of"
# by reason: the "new" column is padded by cells, so every item's id is in cell 9
ja agenda --no-mark --by reason > "$T/agenda-reason.ja"
ids=0
while IFS= read -r line; do
  case "$line" in "  新着  ACC-"*) ;; *) continue ;; esac
  [ "$(cells "${line%%ACC-*}")" -eq 8 ] || fail "agenda --by reason: id not after 8 cells: $line"
  ids=$((ids + 1))
done < "$T/agenda-reason.ja"
[ "$ids" -ge 5 ] || fail "agenda --by reason: only $ids items"

# --- accounts, show, handoff, doctor in Japanese --------------------------------
ja accounts > "$T/accounts.ja"
head -1 "$T/accounts.ja" | grep -q '^顧客名 .* ID .* 役割 .* ヘルス' || fail "accounts: no Japanese column titles"
# the titles are padded by cells: "ID" is above the CRM ids, "役割" above the roles
title=$(head -1 "$T/accounts.ja")
row=$(grep -m1 'ACC-0004' "$T/accounts.ja")
[ "$(cells "${title%%ID*}")" -eq "$(cells "${row%%ACC-0004*}")" ] || fail "accounts: ID title not above the ids"
[ "$(cells "${title%%役割*}")" -eq "$(cells "${row%%主担当*}")" ] || fail "accounts: role title not above the roles"
ja accounts --summary > "$T/summary.ja"
assert_contains "$T/summary.ja" "顧客数:"
grep -q '^顧客数: *[0-9]* 社 (主担当 [0-9]*、副担当 [0-9]*、代行 [0-9]*)$' "$T/summary.ja" || fail "accounts --summary: counts"
ja show ACC-0005 > "$T/show.ja"
assert_contains "$T/show.ja" "基本情報"
grep -q '^  主担当         aiko' "$T/show.ja" || fail "show: the label column is not 15 cells"
ja handoff haruto --format markdown > "$T/handoff.ja.md"
assert_contains "$T/handoff.ja.md" "# 引き継ぎブリーフ: haruto"
assert_contains "$T/handoff.ja.md" "- **代行者:** "
en handoff haruto --format markdown > "$T/handoff.en.md"
assert_contains "$T/handoff.en.md" "# Handoff brief: haruto"
ja doctor > "$T/doctor.ja" || true
assert_contains "$T/doctor.ja" "表示言語:          ja"
ja doctor --format json > "$T/doctor.ja.json" || true
assert_contains "$T/doctor.ja.json" '"label":"Database"'
assert_not_contains "$T/doctor.ja.json" "データベース"

# --- the choice of language ---------------------------------------------------
ja --lang en agenda --no-mark > "$T/agenda.lang-en"
assert_contains "$T/agenda.lang-en" "Agenda of aiko for"
assert_contains "$T/agenda.lang-en" "(ACC-0004, main) new"
ja --lang en --help > "$T/help.lang-en"
assert_contains "$T/help.lang-en" "usage: csconsole [OPTIONS] [COMMAND [ARGS]]"
en --lang ja agenda --no-mark > "$T/agenda.lang-ja"
assert_contains "$T/agenda.lang-ja" "aiko の今日 ("
# `language: ja` in the configuration, in an English environment
cp "$T/csconsole.yaml" "$T/ja.yaml"
echo "language: ja" >> "$T/ja.yaml"
CSCONSOLE_CONFIG="$T/ja.yaml" en agenda --no-mark > "$T/agenda.config-ja"
assert_contains "$T/agenda.config-ja" "aiko の今日 ("
# ... and --lang wins over it
CSCONSOLE_CONFIG="$T/ja.yaml" en --lang en agenda --no-mark > "$T/agenda.config-ja-lang-en"
assert_contains "$T/agenda.config-ja-lang-en" "Agenda of aiko for"
# an unknown language is refused, with what to use
assert_status 2 ja --lang xx agenda 2> "$T/lang-xx.ja"
assert_contains "$T/lang-xx.ja" '--lang: "xx" は対応している言語ではありません'
assert_status 2 en --lang xx agenda 2> "$T/lang-xx.en"
assert_contains "$T/lang-xx.en" '--lang: "xx" is not a language; use en, ja or auto'

# --- machine output and exit statuses do not change ---------------------------
ja agenda --no-mark --format json > "$T/agenda.ja.json"
en agenda --no-mark --format json > "$T/agenda.en.json"
cmp -s "$T/agenda.ja.json" "$T/agenda.en.json" || fail "agenda --format json differs between ja and en"
assert_contains "$T/agenda.ja.json" '"role":"main"'
ja accounts --format csv > "$T/accounts.ja.csv"
en accounts --format csv > "$T/accounts.en.csv"
cmp -s "$T/accounts.ja.csv" "$T/accounts.en.csv" || fail "accounts --format csv differs between ja and en"
head -1 "$T/accounts.ja.csv" | grep -q '^"account","id","role"' || fail "accounts csv header changed"
ja show ACC-0005 --format json > "$T/show.ja.json"
en show ACC-0005 --format json > "$T/show.en.json"
cmp -s "$T/show.ja.json" "$T/show.en.json" || fail "show --format json differs between ja and en"
# the same exit status for the same mistake, in either language
for args in "agenda --format xml" "agenda --scope nobody" "show" "health ACC-0004 ACC-0005" "nonsense" \
            "accounts --band purple" "note ACC-0004 --kind call"; do
  set +e
  # shellcheck disable=SC2086
  ja $args > /dev/null 2> "$T/err.ja"; rj=$?
  # shellcheck disable=SC2086
  en $args > /dev/null 2> "$T/err.en"; re=$?
  set -e
  [ "$rj" -eq "$re" ] || fail "exit status of '$args': ja $rj, en $re"
  [ "$rj" -ne 0 ] || fail "'$args' should fail"
  cmp -s "$T/err.ja" "$T/err.en" && fail "'$args': the message is not translated"
done
exit 0
