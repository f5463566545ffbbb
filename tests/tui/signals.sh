# signals.sh - the terminal is restored however the console ends or pauses:
# Ctrl-C (ends by SIGINT: status 130), SIGTERM from outside (143), and Ctrl-Z
# in a job-control shell (stopped on the normal screen, back after fg).
. "$(dirname "$0")/../lib.sh"

restored() { # WHEN: the terminal modes, screen and cursor are back to normal
  assert_contains "$T/screen.txt" "__STTY: icanon echo"
  assert_not_contains "$T/screen.txt" "株式会社"
  [ "$(tmux_fmt '#{alternate_on}')" = 0 ] || fail "$1: still on the alternate screen"
  [ "$(tmux_fmt '#{cursor_flag}')" = 1 ] || fail "$1: the cursor is still hidden"
}
# wait_fmt FORMAT VALUE: polls a tmux format (e.g. #{alternate_on}) for VALUE.
wait_fmt() {
  i=0
  while [ "$(tmux_fmt "$1")" != "$2" ]; do
    i=$((i + 1)); [ $i -lt 100 ] || fail "timed out waiting for $1 = $2"
    sleep 0.1
  done
}
# console_pid: the csconsole process whose parent is the wrapper below.
console_pid() {
  parent=$(cat "$T/wrapper.pid")
  for s in /proc/[0-9]*/stat; do
    rest=$(sed 's/^.*) //' "$s" 2>/dev/null) || continue
    [ "$(echo "$rest" | cut -d' ' -f2)" = "$parent" ] || continue
    p=${s#/proc/}; p=${p%/stat}
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = csconsole ] && { echo "$p"; return 0; }
  done
  return 1
}

setup_console_book

# The wrapper runs the console as a job of its own (set -m), so Ctrl-C goes
# to the console only, then reports the terminal modes it left behind. The
# wrapper ignores SIGINT, which it would otherwise re-raise on itself.
cat > "$T/wrapper.sh" <<EOS
trap '' INT
set -m
echo \$\$ > "$T/wrapper.pid"
"$CSC"
rc=\$?
echo "__STTY: \$(stty -a | tr ' ;' '\n\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\n' ' ')"
exit \$rc
EOS

# --- Ctrl-C -----------------------------------------------------------------
tmux_start 100 30 sh "$T/wrapper.sh"
tmux_wait "株式会社とうきょうクラウド"
tmux_wait " 1/21"     # the status line: drawn last
tmux_keys C-c
tmux_wait "__EXIT:130"
restored "Ctrl-C"
tmux -L "$TMUX_SOCK" kill-session -t t

# --- SIGTERM ----------------------------------------------------------------
tmux_start 100 30 sh "$T/wrapper.sh"
tmux_wait "株式会社とうきょうクラウド"
tmux_wait " 1/21"     # the status line: drawn last
pid=$(console_pid) || fail "could not find the console's process"
kill -TERM "$pid"
tmux_wait "__EXIT:143"
restored "SIGTERM"
tmux -L "$TMUX_SOCK" kill-session -t t

# --- Ctrl-Z, then fg, in an interactive shell --------------------------------
command -v bash >/dev/null || { echo "bash not installed: the Ctrl-Z part is skipped"; exit 0; }
tmux_start 100 30 bash --norc --noprofile -i
tmux_keys "\"$CSC\"" Enter
tmux_wait "株式会社とうきょうクラウド"
tmux_wait " 1/21"     # the status line: drawn last
tmux_keys j
tmux_wait " 2/21"
tmux_keys C-z
tmux_wait "Stopped"
[ "$(tmux_fmt '#{alternate_on}')" = 0 ] || fail "Ctrl-Z: stopped on the alternate screen"
[ "$(tmux_fmt '#{cursor_flag}')" = 1 ] || fail "Ctrl-Z: the cursor is hidden while stopped"
tmux_keys "fg" Enter
tmux_wait " 2/21"          # back where it was
[ "$(tmux_fmt '#{alternate_on}')" = 1 ] || fail "fg: the console did not come back"
tmux_keys j
tmux_wait " 3/21"
tmux_keys q
wait_fmt '#{alternate_on}' 0             # the console has left the screen
tmux_keys "echo __RC:\$?" Enter          # fg's status is the console's
tmux_wait "__RC:0"
[ "$(tmux_fmt '#{cursor_flag}')" = 1 ] || fail "q after fg: the cursor is still hidden"
