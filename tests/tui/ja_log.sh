#!/bin/sh
# ja_log.sh - the log form (l) in Japanese (LANGUAGE=ja in C.UTF-8) on the
# sample book as aiko: the whole 120x40 form on the first account
# (tests/tui/expected/ja_log.txt: labels, choices, the date's meaning, the
# key line); every field's value starts at the same cell after the widest
# label (センチメント, 12 cells); the date field takes 今日 and 明日; a
# summary in Japanese is saved, the message says so in Japanese, and the
# note is stored with its kind's id (call), not its label.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
cells() { printf '%s' "$1" | wc -L; }
ANCHOR=$(cat "$T/shared/ANCHOR")
tomorrow=$(date -ud "$ANCHOR 1 day" +%Y-%m-%d)
# the dates beside the field in the Japanese long form: 2026年11月24日(火)
anchor_ja=$(date -ud "$ANCHOR" +%Y年%-m月%-d日)
tomorrow_ja=$(date -ud "$ANCHOR 1 day" +%Y年%-m月%-d日)

tmux_start 120 40 LANGUAGE=ja "$CSC"
tmux_wait_all " 1/21" "顧客名"
first=$(sed -n 4p "$screen" | sed 's/^ \(\([^ ]\| [^ ]\)*\).*/\1/')
id=$("$CSC" accounts --format csv | grep -F "\"$first\"," | head -n 1 | cut -d, -f2 | tr -d '"')
[ -n "$id" ] || fail "no id for the first account ($first)"
tmux_keys l
tmux_wait_all " 接点を記録 · $first ($id)" "Enter 保存  Esc 取消"
tmux_wait_screen ja_log

# the values' column: one cell for every field, after the widest label and a space
for label in 種別 センチメント 日付 要約 メモ リスク 次回接点 次回の種別; do
  line=$(grep "^ $label " "$screen" | head -n 1) || fail "no field $label"
  case $label in 要約) continue ;; esac          # empty: nothing to measure
  at=$(cells "$(printf '%s' "$line" | sed 's/^\( [^ ]*  *\).*/\1/')")
  [ "$at" -eq 15 ] || fail "$label: its value starts at cell $at, not 15 (1 + 12 for センチメント + 2): $line"
done

# the date: 明日 is tomorrow, said beside the field
tmux_keys Tab Tab
tmux_wait_re '^ 日付 .*\(今日\)'
tmux_keys C-u
tmux_keys 明日
tmux_wait_re "$tomorrow_ja\\([月火水木金土日]\\) \\(明日\\)"
tmux_keys C-u
tmux_keys 今日
tmux_wait_re "^ 日付 +今日 +$anchor_ja\\([月火水木金土日]\\) \\(今日\\)"
# the summary, in Japanese, then Enter saves
tmux_keys Tab
tmux_keys '予算の確認をした'
tmux_wait '予算の確認をした'
tmux_keys Enter
tmux_wait_re "$id との電話を記録しました · 次回接点 [0-9-]+ · 次回の同期で公開されます"
"$CSC" show "$id" --format json > "$T/show.json"
grep -q '"summary": *"予算の確認をした"' "$T/show.json" || { cat "$T/show.json"; fail "the note was not stored"; }
grep -B3 '"summary": *"予算の確認をした"' "$T/show.json" | grep -q '"kind": *"call"' ||
  { cat "$T/show.json"; fail "the note's kind is not stored as its id (call)"; }
tmux_keys q
tmux_wait "__EXIT:0"
