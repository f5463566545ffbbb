# manpage_ja.sh - docs/ja/csconsole.1, the Japanese man page, renders without
# warnings (through preconv, as man(1) renders it) and covers what the English
# page covers: the same synopsis, every command entry of its COMMANDS section,
# every command and global option of --help, every key of the bindings table
# (`csconsole tui --help`) and every exit status of exitcode.h.
. "$(dirname "$0")/../lib.sh"

EN=$CSC_ROOT/docs/csconsole.1
JA=$CSC_ROOT/docs/ja/csconsole.1
[ -f "$JA" ] || fail "docs/ja/csconsole.1 is missing"
# preconv and man(1) read the encoding from the first line.
head -n 1 "$JA" | grep -q 'coding: utf-8' || fail "docs/ja/csconsole.1 does not start with the '.\\\" -*- coding: utf-8 -*-' line preconv reads"
grep -q '^\.TH CSCONSOLE 1 ' "$JA" || fail "docs/ja/csconsole.1 has no \".TH CSCONSOLE 1\" header"

# --- rendering ------------------------------------------------------------------
if command -v groff > /dev/null && command -v preconv > /dev/null; then
  # -k: preconv (UTF-8 input); -ww: every warning, at the default width and
  # at a narrower and a wider one (Japanese lines break between characters).
  for ll in "" -rLL=65n -rLL=120n; do
    groff -k -man -Tutf8 -ww -z $ll "$JA" > "$T/groff.txt" 2>&1
    [ ! -s "$T/groff.txt" ] || { cat "$T/groff.txt"; fail "groff warns about docs/ja/csconsole.1 ${ll:-at the default width}"; }
  done
  groff -k -man -Tutf8 -P -cbou "$JA" 2> /dev/null > "$T/man.txt"
  for s in 名前 書式 説明 オプション コマンド コンソール 設定 環境変数 ファイル 終了ステータス; do
    grep -q "^$s" "$T/man.txt" || fail "the rendered Japanese page has no $s section"
  done
  # Japanese text is there as text, not as mojibake of its bytes.
  grep -q 'カスタマーサクセスマネージャー' "$T/man.txt" || fail "the rendered Japanese page lost its Japanese text (preconv?)"
else
  echo "groff or preconv not installed: rendering not checked"
fi

# --- the synopsis is the English page's, line for line ------------------------------
sed -n '/^\.SH SYNOPSIS$/,/^\.SH /p' "$EN" | sed '1d;$d' > "$T/syn.en"
sed -n '/^\.SH 書式$/,/^\.SH /p' "$JA" | sed '1d;$d' > "$T/syn.ja"
[ "$(grep -c '^\.SY' "$T/syn.en")" -ge 10 ] || fail "could not read the English synopsis"
diff "$T/syn.en" "$T/syn.ja" > "$T/syn.diff" || { cat "$T/syn.diff"; fail "the Japanese synopsis differs from the English one (copy it over)"; }

# --- every command entry of the English COMMANDS section ------------------------------
awk '/^\.SH COMMANDS/ { f = 1 } /^\.SH CONSOLE/ { f = 0 } f && prev == ".TP" && /^\.B / { print } { prev = $0 }' "$EN" > "$T/entries.txt"
[ "$(wc -l < "$T/entries.txt")" -ge 20 ] || fail "could not read the command entries of docs/csconsole.1"
while IFS= read -r entry; do
  grep -qxF -- "$entry" "$JA" || fail "the English command entry \"$entry\" is not in docs/ja/csconsole.1"
done < "$T/entries.txt"

# --- commands and global options of --help ------------------------------------------
"$CSC" --help > "$T/help.txt"
sed -n '/^Commands:$/,/^$/p' "$T/help.txt" | sed '1d; /^$/d' | awk '{print $1}' > "$T/commands.txt"
[ -s "$T/commands.txt" ] || fail "--help lists no commands"
while read -r cmd; do
  grep -qE "^\.B $cmd( |\$)" "$JA" || fail "command $cmd is not documented in docs/ja/csconsole.1"
done < "$T/commands.txt"
grep -o -- '--[a-z][a-z-]*' "$T/help.txt" | sort -u > "$T/options.txt"
while read -r opt; do
  grep -qF -- "$(echo "$opt" | sed 's/-/\\-/g')" "$JA" || fail "option $opt is not documented in docs/ja/csconsole.1"
done < "$T/options.txt"

# --- keys: every binding's keys head an entry of the キー section ----------------------
sed -n '/^\.SS キー$/,/^\.SS /p' "$JA" |
  awk 'prev == ".TP" { print } { prev = $0 }' | sed 's/^\.BR* //; s/ *", " */ /g' > "$T/ja-keys.txt"
[ "$(wc -l < "$T/ja-keys.txt")" -ge 10 ] || fail "docs/ja/csconsole.1 has no キー section with key entries"
"$CSC" tui --help > "$T/keys.txt"
sed -n '/^Keys:$/,/^$/p' "$T/keys.txt" | sed '1d; /^$/d' > "$T/bindings.txt"
[ "$(wc -l < "$T/bindings.txt")" -ge 10 ] || { cat "$T/keys.txt"; fail "tui --help lists too few keys"; }
while IFS= read -r line; do
  keys=$(echo "$line" | cut -c3-16 | sed 's/ *$//')
  want=$(echo "$keys" | sed 's/C-\([a-z]\)/Ctrl\\-\1/g' | sed 's/Ctrl\\-\([a-z]\)/Ctrl\\-\U\1/g')
  grep -qxF -- "$want" "$T/ja-keys.txt" || fail "key $keys is not documented in the キー section of docs/ja/csconsole.1"
done < "$T/bindings.txt"

# --- exit statuses: each code of exitcode.h in 終了ステータス ------------------------
sed -n 's/.*X(EXIT_[A-Z_]*, *\([0-9][0-9]*\), *".*").*/\1/p' "$CSC_ROOT/include/csconsole/exitcode.h" > "$T/codes.txt"
[ "$(wc -l < "$T/codes.txt")" -ge 5 ] || fail "could not read the exit codes from exitcode.h"
sed -n '/^\.SH 終了ステータス$/,/^\.SH /p' "$JA" > "$T/exit.txt"
while read -r code; do
  awk -v c=".B $code" 'prev == ".TP" && $0 == c { found = 1 } { prev = $0 } END { exit !found }' "$T/exit.txt" ||
    fail "exit status $code is not documented in the 終了ステータス section of docs/ja/csconsole.1"
done < "$T/codes.txt"
