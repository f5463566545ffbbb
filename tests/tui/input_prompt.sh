# input_prompt.sh - what is typed in the status line's input survives: a
# resize, a background sync finishing, Ctrl-Z and fg, and a refused Enter;
# a multi-line paste (bracketed) goes in as one line, line ends as spaces.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 not installed"; exit 77; }
command -v bash >/dev/null || { echo "bash not installed (job control for Ctrl-Z)"; exit 77; }
setup_console_book
screen=$T/screen.txt
db=$T/db/csconsole.db
# prompt_is TEXT: polls until the status line is the owner input holding TEXT.
prompt_is() {
  i=0
  while :; do
    tmux_screen > "$screen"
    got=$(grep -F "owner (empty for all): " "$screen" | tail -n 1 | sed 's/^owner (empty for all): //; s/  .*$//; s/ *$//')
    grep -qF "owner (empty for all): " "$screen" && [ "$got" = "$1" ] && return 0
    i=$((i + 1)); [ $i -lt 100 ] || { cat "$screen"; fail "$2: the input holds \"$got\", expected \"$1\""; }
    sleep 0.1
  done
}

tmux_start 100 30 bash --norc --noprofile -i
tmux_keys "\"$CSC\"" Enter
tmux_wait " 1/21"

# --- a sync finishes while the input is open -------------------------------------
# another process holds the database: the sync waits, the input opens meanwhile
mkfifo "$T/hold"
(sqlite3 "$db" < "$T/hold" > "$T/sqlite.out" 2>&1) &
exec 4> "$T/hold"
printf ".timeout 5000\nBEGIN IMMEDIATE; INSERT INTO meta(key, value) VALUES('held', '1');\n" >&4
i=0; while sqlite3 "$db" "BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null; do
  i=$((i + 1)); [ $i -lt 100 ] || fail "could not lock the database"; sleep 0.1
done
tmux_keys R
tmux_wait "syncing"
tmux_keys o
tmux_wait "owner (empty for all):"
tmux_keys -l "東京オフィス"
prompt_is "東京オフィス" "typed"
echo "ROLLBACK;" >&4
exec 4>&-
wait
i=0; while tmux_screen | grep -qF "syncing"; do
  i=$((i + 1)); [ $i -lt 100 ] || fail "the sync did not finish"; sleep 0.1
done
prompt_is "東京オフィス" "after the sync finished"

# --- a resize ------------------------------------------------------------------------
tmux_resize 70 20
tmux_wait "owner (empty for all): 東京オフィス"
prompt_is "東京オフィス" "after a resize"
tmux_resize 100 30
prompt_is "東京オフィス" "after the resize back"

# --- Ctrl-Z and fg ----------------------------------------------------------------------
tmux_keys C-z
tmux_wait "Stopped"
tmux_keys "fg" Enter
prompt_is "東京オフィス" "after Ctrl-Z and fg"

# --- a refused Enter: the text stays, with the reason ------------------------------------
tmux_keys C-u
tmux_keys -l "nobody"
prompt_is "nobody" "typed"
tmux_keys Enter
tmux_wait "no account of the team has nobody"
prompt_is "nobody" "after a refused Enter"

# --- a multi-line paste: one line, line ends as spaces ------------------------------------
tmux_keys C-u
printf 'ken\nand\nmore\n' > "$T/paste.txt"
tmux -L "$TMUX_SOCK" load-buffer -b p "$T/paste.txt"
tmux -L "$TMUX_SOCK" paste-buffer -p -b p -t t
prompt_is "ken and more" "after a paste"
tmux_keys Escape
i=0; while tmux_screen | grep -qF "owner (empty for all)"; do
  i=$((i + 1)); [ $i -lt 50 ] || fail "Esc did not close the input"; sleep 0.1; done
tmux_keys q
i=0; while [ "$(tmux_fmt '#{alternate_on}')" != 0 ]; do   # the console has left the screen
  i=$((i + 1)); [ $i -lt 100 ] || fail "q did not quit"; sleep 0.1; done
tmux_keys "echo __DONE:\$((1 + 1))" Enter
tmux_wait "__DONE:2"
exit 0
