#!/bin/sh
# ja_sync.sh - the background sync in Japanese (LANGUAGE=ja in C.UTF-8): the
# child `csconsole sync --quiet` inherits the language, so its summaries
# come in Japanese (同期: ..., イベント: ...); the console still tells them
# from problems: at start-up and after R the status line joins the feeds'
# and the events' summaries (a problem would show alone, in the error
# colours), the health line stays out of it; the header's indicator and
# "a sync is already running" in Japanese; an absent shared directory.
. "$(dirname "$0")/../lib.sh"

setup_book                    # no sync yet: the start-up sync imports the book
screen=$T/screen.txt

tmux_start 100 30 LANGUAGE=ja "$CSC"
tmux_wait " 1/21" 20
# both summaries on the status line, in the status colours (not status-error)
tmux_wait_re '同期: 5 ファイル: 取り込み済み 5.*; イベント: '
last=$(tail -n 1 "$screen")
case "$last" in *"ヘルス: "*) fail "the health line is in the status line: $last" ;; esac
tmux_screen_e | tail -n 1 > "$T/status.e"
tmux_keys R
tmux_wait_re '(⟳ )?同期中 [0-9]+秒|同期: 5 ファイル: 変更なし 5'
tmux_wait_re '同期: 5 ファイル: 変更なし 5.*; イベント: '
# the error colours of the theme are not those of the status line: a summary is no error
tmux_select_line 7          # 株式会社ゆうひ介護サービス: no touchpoint planned
tmux_keys d
tmux_wait 'に予定中のタッチポイントはありません'
tmux_screen_e | tail -n 1 > "$T/error.e"
# the colours the message starts in: the SGR sequences after the status
# line's own colours and its first blank cell
E=$(printf '\033')
sgr() { sed "s/^\($E\[[0-9;]*m\)* //; s/^\(\($E\[[0-9;]*m\)*\).*/\1/" "$1"; }
[ -n "$(sgr "$T/error.e")" ] || fail "no colours captured on the error line: $(cat -v "$T/error.e")"
[ "$(sgr "$T/status.e")" != "$(sgr "$T/error.e")" ] ||
  fail "the sync's summary was drawn in the error colours: $(cat -v "$T/status.e")"
tmux_keys q
tmux_wait "__EXIT:0"

# no shared directory: working offline, said in Japanese
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
sed -i 's/^shared_dir: .*/shared_dir: ""/' "$T/csconsole.yaml"
tmux_start 100 30 LANGUAGE=ja "$CSC"
tmux_wait " 1/21"
tmux_keys R
tmux_wait '共有ディレクトリがないため、オフラインで作業します'
tmux_keys q
tmux_wait "__EXIT:0"
