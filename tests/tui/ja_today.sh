#!/bin/sh
# ja_today.sh - Today (t) in Japanese (LANGUAGE=ja in C.UTF-8) on the sample
# book as aiko: the whole 120x40 screen by account
# (tests/tui/expected/ja_today.txt: the header, 副担当 beside the names, the
# key hints); every reason starts at the same cell whatever the name's
# width, and every role label ends at the same cell; b groups by reason
# under Japanese group titles and says so; m on an item that is no
# touchpoint says what to do, in Japanese.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
cells() { printf '%s' "$1" | wc -L; }

tmux_start 120 40 LANGUAGE=ja "$CSC"
tmux_wait_all " 1/21" "顧客名"
tmux_keys t
tmux_wait_all " 今日 · aiko · " "今日 · 1/"
tmux_wait_screen ja_today

# the reasons' column: the text after the name (and role) starts at one cell
reason_at=""
n=0
for y in $(seq 2 38); do
  line=$(sed -n "${y}p" "$screen")
  case "$line" in " ● "*) ;; *) continue ;; esac
  # the name, then a role label or not, then two spaces at least: the reason
  at=$(cells "$(printf '%s' "$line" | sed 's/^\( ● \([^ ]\| [^ ]\)*  *\(副担当  *\|代行  *\)\{0,1\}\).*/\1/')")
  [ -n "$reason_at" ] || reason_at=$at
  [ "$at" -eq "$reason_at" ] || fail "line $y: the reason starts at cell $at, the first one's at $reason_at: $line"
  n=$((n + 1))
  case "$line" in
  *" 副担当  "*)
    end=$(cells "$(printf '%s' "$line" | sed 's/\(.* 副担当\)  .*/\1/')")
    [ -z "${role_end:-}" ] && role_end=$end
    [ "$end" -eq "$role_end" ] || fail "line $y: 副担当 ends at cell $end, not $role_end: $line" ;;
  esac
done
[ "$n" -ge 5 ] || fail "expected 5 entries at least, found $n"
[ -n "${role_end:-}" ] || fail "no entry of a sub owner's account (副担当)"
# the wrapped lines of a reason start there too (indented by 2)
grep -q "^$(printf '%*s' "$((reason_at + 2))" '')[^ ]" "$screen" || fail "no wrapped reason line indented under the reasons"

# grouped by reason: Japanese group titles with their counts
tmux_keys b
tmux_wait_all "今日: 理由別" "期限超過のタッチポイント (1)"
grep -qE '^ ヘルスの低下 \([0-9]+\)$' "$screen" || fail "no group title ヘルスの低下 (N)"
# the first item is the overdue touchpoint; on a renewal item m explains
tmux_keys j
tmux_wait_re '今日 · 2/'
tmux_keys m
tmux_wait 'タッチポイントではありません: l で接点を記録、Enter でアカウントを開きます'
tmux_keys b
tmux_wait "今日: アカウント別"
tmux_keys q
tmux_wait_all "顧客名" " 1/21"
tmux_keys q
tmux_wait "__EXIT:0"
