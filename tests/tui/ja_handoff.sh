#!/bin/sh
# ja_handoff.sh - the handoff brief (H) in Japanese (LANGUAGE=ja in
# C.UTF-8) on the sample book as aiko, from one of haruto's accounts: the
# whole 120x40 screen of haruto's brief, status line aside
# (tests/tui/expected/ja_handoff.txt); the brief's labels (代行者, ヘルス,
# 未解決リスク, チャンピオン...) in one column whose values start at one
# cell; v marks an account reviewed and says so in Japanese; o asks whose
# brief in Japanese and refuses a bad handle; w opens "while you were out".
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
cells() { printf '%s' "$1" | wc -L; }
S=$T/shared
N=$(awk '/^  - id: /{id = $3} /^    main_owner: haruto$/{n++} END {print n}' "$S/feeds/accounts.yaml")
[ "$N" -ge 5 ] || fail "expected haruto's accounts in accounts.yaml, found $N"

tmux_start 120 40 LANGUAGE=ja "$CSC"
tmux_wait_all " 1/21" "顧客名"
tmux_keys / 'とうきょうクラウド' Enter     # ACC-0047: haruto's, aiko covers it
tmux_wait "「とうきょうクラウド」に一致するアカウントは 1 件です"
tmux_keys H
tmux_wait "haruto  アカウント 1/$N  確認済み 0/$N"
tmux_wait " 引き継ぎ資料 · haruto (田中 陽翔) 不在 "
tmux_wait_screen ja_handoff '$d'
assert_contains "$screen" "緊急度順に $N 社"

# the labels' column: each label's value starts at the same cell
at0=""
for label in 代行者 ヘルス 最終接点 センチメント 未解決リスク 更新日 期間中の予定 メモ チャンピオン; do
  # (a bar marks the selected account's lines)
  line=$(grep "^[▎ ]  $label  " "$screen" | head -n 1) || fail "no line labelled $label"
  at=$(cells "$(printf '%s' "$line" | sed 's/^\([▎ ]  [^ ]*  *\).*/\1/')")
  [ -n "$at0" ] || at0=$at
  [ "$at" -eq "$at0" ] || fail "$label: the value starts at cell $at, not $at0: $line"
done
# the widest label (センチメント, 12 cells) and two spaces at least
[ "$at0" -ge 17 ] || fail "the values start at cell $at0: the widest label does not fit with a space"

# v: reviewed, said in Japanese
tmux_keys v
tmux_wait "ACC-0047 を aiko が確認済みにしました (1/$N。同期後にチームに共有されます"
tmux_wait "確認済み 1/$N"
# o: whose brief; a bad handle is refused in Japanese, the text kept
tmux_keys o
tmux_wait '誰の引き継ぎ資料: haruto'
tmux_keys C-u 'Bad Name'
tmux_wait '誰の引き継ぎ資料: Bad Name'
tmux_keys Enter
tmux_wait '「Bad Name」は CSM のハンドルではありません'
tmux_keys Escape
tmux_wait_gone '誰の引き継ぎ資料: '
tmux_keys q
tmux_wait_all "顧客名" " 2/21"
# w: while you were out
tmux_keys w
tmux_wait " 不在中の変更 · aiko"
tmux_wait_re 'チームメイトの変更'
tmux_keys q
tmux_wait_all "顧客名" " 2/21"
tmux_keys q
tmux_wait "__EXIT:0"
