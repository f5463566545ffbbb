# keys.sh - bindings from csconsole.yaml's keys: map: the console, its status
# hints and its help screen follow them; a key taken by another action leaves
# its default one; bad maps are refused with FILE:LINE:COL.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
cat >> "$T/csconsole.yaml" <<'Y'
keys:
  move-down: [n, Down]
  help: [F1, h]
  quit: [x, j]
Y

tmux_start 120 45 "$CSC"        # wide enough for every status-line hint, tall for every help row
tmux_wait " 1/21"
tmux_wait "n down  k up"
assert_contains "$screen" "F1 help  x quit"
tmux_keys n n
tmux_wait " 3/21"
# q no longer quits: it is unbound, and the message names the keys in force
tmux_keys q
tmux_wait "key q does nothing here (F1 lists the keys, x quits)"
tmux_keys F1
tmux_wait "csconsole · keys"
tmux_wait_re '^ n, Down +move-down '
grep -qE '^ F1, h +help ' "$screen" || fail "help row"
grep -qE '^ x, j +quit ' "$screen" || fail "quit row: j moved from move-down to quit"
grep -qE '^ Esc +' "$screen" && fail "Esc is no longer bound"
tmux_keys x
tmux_wait " 3/21"
tmux_keys h
tmux_wait "csconsole · keys"
tmux_keys j                      # quit, from the configuration
tmux_wait " 3/21"
tmux_keys j
tmux_wait "__EXIT:0"

# A bad map: every problem, at its place, naming what is allowed.
cat > "$T/bad.yaml" <<'Y'
keys:
  leave: [x]
  quit: [q, Ctrl-q]
  help: [q]
Y
set +e; "$CSC" --config "$T/bad.yaml" accounts > "$T/out.txt" 2>&1; rc=$?; set -e
[ "$rc" -ne 0 ] || fail "a bad keys: map was accepted"
assert_contains "$T/out.txt" "bad.yaml:2:3: error: unknown action \"leave\" in keys; the actions are: move-down, move-up,"
assert_contains "$T/out.txt" "bad.yaml:3:13: error: keys.quit: \"Ctrl-q\" is not a key; a key is a printable character (j, G, ?), C-a to C-z (Ctrl)"
assert_contains "$T/out.txt" "bad.yaml:4:10: error: key q is given to both keys.quit and keys.help; a key runs one action"
