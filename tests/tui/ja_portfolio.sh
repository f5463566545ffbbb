#!/bin/sh
# ja_portfolio.sh - the portfolio in Japanese (LANGUAGE=ja in C.UTF-8: no
# ja_JP locale needed, see src/core/i18n.c) on the sample book as aiko: the
# whole 120x40 screen (tests/tui/expected/ja_portfolio-120x40.txt: titles,
# header counts, status-line hints and scope in Japanese); the ARR
# column's right edge at the same cell on every row (a Japanese character
# counts 2, as wc -L counts it); at 60 columns the status line keeps only
# whole hints, ? ヘルプ and q 終了 among them; a scope change and a refused
# owner filter say so in Japanese; English is back without LANGUAGE.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
# the last sync's age depends on the clock (as " synced 3m ago" in English)
JA_SYNCED='s/  *\(たった今\|[0-9][0-9]*\(分\|時間\|日\)前に\)同期$/  同期 (when)/'
# cells TEXT: display width (wc -L counts a double-width character as 2)
cells() { printf '%s' "$1" | wc -L; }

tmux_start 120 40 LANGUAGE=ja "$CSC"
tmux_wait_all " 1/21" "顧客名"
tmux_wait_screen ja_portfolio-120x40 "$JA_SYNCED"

# the ARR column (arr in the columns, at 150 columns), right-aligned: every
# amount and its title end at the same cell
tmux_keys q
tmux_wait "__EXIT:0"
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
echo 'columns: [account, role, arr, health, days, next]' >> "$T/csconsole.yaml"
tmux_start 150 30 LANGUAGE=ja "$CSC"
tmux_wait_all " 1/21" "顧客名" "ARR"
title=$(sed -n 3p "$screen")
end=$(cells "$(printf '%s' "$title" | sed 's/\(.* ARR\).*/\1/')")
n=0
for y in $(seq 4 24); do
  line=$(sed -n "${y}p" "$screen")
  [ -n "$line" ] || continue
  amount=$(printf '%s' "$line" | grep -oE '[¥$][0-9,]+(\.[0-9]{2})?') || fail "line $y: no amount: $line"
  at=$(cells "$(printf '%s' "$line" | sed "s/\(.*$(printf '%s' "$amount" | sed 's/[$.]/\\&/g')\).*/\1/")")
  [ "$at" -eq "$end" ] || fail "line $y: the ARR $amount ends at cell $at, its title at $end: $line"
  n=$((n + 1))
done
[ "$n" -eq 21 ] || fail "21 rows with an ARR expected, got $n"
grep -q '^ 顧客名  .* 役割  *ARR  *ヘルス  *残日数  *次回接点$' "$screen" || fail "titles: $title"

# 60 columns: whole hints only, help and quit kept
tmux_resize 60 20
tmux_wait_line '$' '\? ヘルプ  q 終了'
hints=$(tail -n 1 "$screen" | sed 's/^ //; s/  *自分の担当.*$//')
printf '%s\n' "$hints" | sed 's/  /\n/g' > "$T/hints"
while IFS= read -r h; do
  case "$h" in
  "j 下" | "k 上" | "PgDn ページ" | "Enter 開く" | "l 記録" | "t 今日" | "> 並べ替え" | "f 絞り込み" | \
  "s 範囲" | "/ 検索" | "? ヘルプ" | "q 終了") ;;
  *) fail "a hint cut or unknown in the status line: \"$h\" (line: $hints)" ;;
  esac
done < "$T/hints"
[ "$(cells "$(tail -n 1 "$screen")")" -le 60 ] || fail "the status line is wider than 60 cells"
tmux_resize 150 30

# messages: the scope, then a refused owner filter keeps the prompt
tmux_keys s
tmux_wait_all '範囲「代行」: 0 社' '範囲「代行」にアカウントはありません'
tmux_keys s
tmux_wait '範囲「チーム」'
tmux_keys o
tmux_wait '担当者 (空欄ですべて): '
tmux_keys nobody
tmux_wait 'nobody'
tmux_keys Enter
tmux_wait 'チームに nobody が主担当または副担当のアカウントはありません'
tmux_keys Escape
tmux_wait_gone '担当者 (空欄ですべて): '
tmux_keys q
tmux_wait "__EXIT:0"

# English without LANGUAGE: the same book, the English titles
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
tmux_start 150 30 "$CSC"
tmux_wait_all " 1/21" "ACCOUNT" "ROLE"
assert_not_contains "$screen" "顧客名"
tmux_keys q
tmux_wait "__EXIT:0"
