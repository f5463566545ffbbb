#!/bin/sh
# ja_locale.sh - the console under LANG=ja_JP.UTF-8 (no LANGUAGE, no
# LC_ALL): Japanese from the locale alone. The ja_JP.UTF-8 locale is built
# into the test's own directory with localedef and found through LOCPATH
# (no root, nothing installed); without localedef or the ja_JP sources
# (Debian: locales) the test skips. The portfolio's screen is the one
# LANGUAGE=ja gives in C.UTF-8 but for the header's date, whose weekday the
# ja_JP locale names 月; Today and the help open in
# Japanese; `csconsole agenda --format json` is byte-identical to C.UTF-8's.
. "$(dirname "$0")/../lib.sh"

command -v localedef > /dev/null 2>&1 || { echo "SKIP: localedef is not installed (Debian: libc-bin)"; exit 77; }
mkdir -p "$T/locale"
localedef -i ja_JP -f UTF-8 "$T/locale/ja_JP.UTF-8" > "$T/localedef.log" 2>&1 ||
  { cat "$T/localedef.log"; echo "SKIP: cannot build ja_JP.UTF-8 here (Debian: apt-get install locales)"; exit 77; }
[ "$(LOCPATH=$T/locale LC_ALL=ja_JP.UTF-8 locale charmap 2>/dev/null)" = UTF-8 ] ||
  { echo "SKIP: the ja_JP.UTF-8 locale built here does not load"; exit 77; }

setup_console_book
screen=$T/screen.txt
JA_SYNCED='s/  *\(たった今\|[0-9][0-9]*\(分\|時間\|日\)前に\)同期$/  同期 (when)/'

# first the console as LANGUAGE=ja gives it in C.UTF-8 (the other ja_ tests)
tmux_start 120 40 LANGUAGE=ja "$CSC"
tmux_wait_all " 1/21" "顧客名"
sed "$JA_SYNCED" "$screen" > "$T/language.txt"
tmux_keys q
tmux_wait "__EXIT:0"
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
# a server of its own: a new session on the socket of a server still exiting
# fails ("server exited unexpectedly")
TMUX_SOCK="$TMUX_SOCK-lang"

# LC_ALL empty: LANG alone decides (and LANGUAGE is not set)
tmux_start 120 40 env -u LANGUAGE LC_ALL= LANG=ja_JP.UTF-8 LOCPATH="$T/locale" "$CSC"
tmux_wait_all " 1/21" "顧客名"
sed "$JA_SYNCED" "$screen" > "$T/lang.txt"
# the same screen, the header's date included: the weekday once, in Japanese
head -n 1 "$T/lang.txt" | grep -q ' 2026年11月23日(月) *$' ||
  fail "the header does not end with the Japanese date: $(head -n 1 "$T/lang.txt")"
[ "$(head -n 1 "$T/lang.txt" | grep -o '(月)' | wc -l)" -eq 1 ] && ! head -n 1 "$T/lang.txt" | grep -q ' 月 ' ||
  fail "the header says the weekday twice: $(head -n 1 "$T/lang.txt")"
diff -u "$T/language.txt" "$T/lang.txt" || fail "the screen under LANG=ja_JP.UTF-8 differs from LANGUAGE=ja's"
grep -q '^ 顧客名 ' "$T/lang.txt" || fail "the titles are not in Japanese"
tmux_keys t
tmux_wait_all " 今日 · aiko · " "今日 · 1/"
tmux_keys q
tmux_wait_all "顧客名" " 1/21"
tmux_keys '?'
tmux_wait_all " csconsole · キー · ポートフォリオ" "選択を1行下へ移動"
tmux_keys q
tmux_wait_all "顧客名" " 1/21"
tmux_keys q
tmux_wait "__EXIT:0"

# machine output does not change with the language
env -u LANGUAGE LC_ALL= LANG=ja_JP.UTF-8 LOCPATH="$T/locale" "$CSC" agenda --format json > "$T/agenda.ja"
env -u LANGUAGE LC_ALL=C.UTF-8 "$CSC" agenda --format json > "$T/agenda.c"
[ -s "$T/agenda.c" ] || fail "no agenda"
cmp -s "$T/agenda.ja" "$T/agenda.c" || { diff "$T/agenda.c" "$T/agenda.ja" | head; fail "the agenda's JSON differs under ja_JP.UTF-8"; }
