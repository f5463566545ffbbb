# empty.sh - before the first sync the book is empty: the console says why and
# what to do instead of showing an empty table; q quits.
. "$(dirname "$0")/../lib.sh"

setup_book      # no sync: the database is created empty
echo "sync_on_start: false" >> "$T/csconsole.yaml"   # no background sync: see sync.sh
screen=$T/screen.txt

tmux_start 100 30 "$CSC"
tmux_wait "no accounts for aiko"
tmux_wait "run csconsole sync, or check \`me\` in the config"
assert_contains "$screen" "configuration: $T/csconsole.yaml"
assert_contains "$screen" " csconsole · aiko · 0 accounts"
assert_not_contains "$screen" "ACCOUNT"
tmux_keys j G      # moving in an empty list is harmless
tmux_keys q
tmux_wait "__EXIT:0"
tmux -L "$TMUX_SOCK" kill-session -t t

# After a sync, a CSM who owns nothing gets the same explanation under her handle.
"$CSC" sync > "$T/sync.txt" 2>&1 || { cat "$T/sync.txt"; fail "csconsole sync failed"; }
tmux_start 100 30 "$CSC" --me nobody
tmux_wait "no accounts for nobody"
tmux_wait " csconsole · nobody · 0 accounts"
tmux_keys q
tmux_wait "__EXIT:0"
