#!/bin/sh
# ja_help.sh - the help screen (?) in Japanese (LANGUAGE=ja in C.UTF-8),
# generated from the bindings: the whole 120x40 screen of the portfolio's
# keys (tests/tui/expected/ja_help.txt); the description column starts at
# one cell on every row; a key rebound in csconsole.yaml shows in the
# Japanese help as in the English one; `csconsole tui --help` in Japanese
# with the keys as they are (j Down, Enter); English without LANGUAGE.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
cells() { printf '%s' "$1" | wc -L; }
printf 'keys:\n  log: [l, L]\n' >> "$T/csconsole.yaml"

tmux_start 120 40 LANGUAGE=ja "$CSC"
tmux_wait_all " 1/21" "顧客名"
tmux_keys '?'
tmux_wait_all " csconsole · キー · ポートフォリオ" "説明"
tmux_wait_screen ja_help
# titles, then one row per action: keys, the action's name (as csconsole.yaml
# names it), what it does; the third column at one cell everywhere
title_at=$(cells "$(sed -n 2p "$screen" | sed 's/^\( キー  *アクション  *\).*/\1/')")
n=0
for y in $(seq 3 38); do
  line=$(sed -n "${y}p" "$screen")
  printf '%s' "$line" | grep -q '^ [^ ].*  [a-z-]*  ' || continue
  at=$(cells "$(printf '%s' "$line" | sed 's/^\( [^ ]\([^ ]\|, \)*  *[a-z-]*  *\).*/\1/')")
  [ "$at" -eq "$title_at" ] || fail "line $y: the description starts at cell $at, 説明 at $title_at: $line"
  n=$((n + 1))
done
[ "$n" -ge 30 ] || fail "expected 30 rows of keys at least, got $n"
grep -qE '^ l, L +log +アカウントとの接点を記録: ' "$screen" || fail "the rebound log key is not in the help"
grep -qE '^ j, Down +move-down +選択を1行下へ移動$' "$screen" || fail "no row for j"
tmux_keys q
tmux_wait_all "顧客名" " 1/21"
tmux_keys q
tmux_wait "__EXIT:0"

# tui --help: Japanese prose, keys and names as they are
LANGUAGE=ja "$CSC" tui --help > "$T/help.txt"
assert_contains "$T/help.txt" "使い方: csconsole [オプション] [tui]"
grep -qE '^  j Down +選択を1行下へ移動$' "$T/help.txt" || { cat "$T/help.txt"; fail "no Japanese line for j Down"; }
grep -qE '^  Enter +選択したアカウントを開く: ' "$T/help.txt" || fail "no Japanese line for Enter"
grep -qE '^  C-z +一時停止 \(fg で再開\)$' "$T/help.txt" || fail "no Japanese line for C-z"
"$CSC" tui --help > "$T/help.en"
assert_contains "$T/help.en" "usage: csconsole [OPTIONS] [tui]"
assert_not_contains "$T/help.en" "使い方"
