# sync.sh - the background sync: at start-up (rows appear when it ends), R
# to sync again, the header's indicator while it runs, keys and drawing never
# waiting for it (a database held locked by another process makes it slow),
# its summary or first error in the status line, an absent shared directory,
# what the playbook scheduled leading that line,
# and quitting while it runs.
. "$(dirname "$0")/../lib.sh"

setup_book                    # no sync yet: the database starts empty
screen=$T/screen.txt
db=$T/db/csconsole.db
command -v sqlite3 >/dev/null || { echo "sqlite3 not installed"; exit 77; }

tmux_start 100 30 "$CSC"
# the start-up sync imports the sample book; the list reloads when it ends
tmux_wait " 1/21" 20
tmux_wait "sync: 5 files: 5 imported"
tmux_wait "events: "
assert_not_contains "$screen" "syncing"
# the header's second line reports the sync that just ended
sed -n 2p "$screen" | grep -qE ' synced (just now|1m ago)$' || fail "header line 2: $(sed -n 2p "$screen")"
tmux_keys j
tmux_wait " 2/21"
tmux_keys R
tmux_wait "sync: 5 files: 5 unchanged"
tmux_wait " 2/21"             # the selection stays on its account

# Another process holds the database's write lock: the sync waits for it.
mkfifo "$T/hold"
(sqlite3 "$db" < "$T/hold" > "$T/sqlite.out" 2>&1) &
exec 4> "$T/hold"
printf ".timeout 5000\nBEGIN IMMEDIATE; INSERT INTO meta(key, value) VALUES('held', '1');\n" >&4
i=0; while sqlite3 "$db" "BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null; do
  i=$((i + 1)); [ $i -lt 100 ] || fail "could not lock the database"; sleep 0.1
done
tmux_keys R
tmux_wait "syncing"
# keys and drawing go on while it waits
tmux_keys j
tmux_wait " 3/21"
tmux_wait "syncing"
tmux_keys R
tmux_wait "a sync is already running"
# the sync gives up after the database's busy timeout: its error is shown
tmux_wait "locked" 30
tmux_screen_e > "$T/color.txt"
tail -n 1 "$T/color.txt" | grep -q '48;5;124m' || fail "the sync's error is not in the error colours"
assert_not_contains "$screen" "syncing"
echo "ROLLBACK;" >&4
exec 4>&-
wait
tmux_keys R
tmux_wait "sync: 5 files: 5 unchanged"

# Quitting while a sync runs does not wait for it.
mkfifo "$T/hold2"
(sqlite3 "$db" < "$T/hold2" > /dev/null 2>&1) &
exec 5> "$T/hold2"
printf ".timeout 5000\nBEGIN IMMEDIATE; INSERT INTO meta(key, value) VALUES('held', '1');\n" >&5
i=0; while sqlite3 "$db" "BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null; do
  i=$((i + 1)); [ $i -lt 100 ] || fail "could not lock the database"; sleep 0.1
done
tmux_keys R
tmux_wait "syncing"
tmux_keys q
tmux_wait "__EXIT:0" 3       # well under the 5 s busy timeout
echo "ROLLBACK;" >&5
exec 5>&-
wait

# No shared directory at its path: the book stays usable, the reason is shown.
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
mv "$T/shared" "$T/moved"
tmux_start 200 30 "$CSC"       # wide enough for the whole message
tmux_wait " 1/21"
tmux_wait "shared directory $T/shared: No such file or directory" 20
tmux_keys j
tmux_wait " 2/21"
tmux_keys q
tmux_wait "__EXIT:0"

# Playbook rules: what a sync scheduled leads the status line (it is news;
# the rest is cut at the screen's edge), and only once.
mv "$T/moved" "$T/shared"
printf 'playbook:\n  - {name: renewal_30, when: renewal, days: 30, kind: meeting}\n' >> "$T/csconsole.yaml"
want=$(sqlite3 "$db" "SELECT count(*) FROM account WHERE active AND main_owner = 'aiko' AND renewal_day BETWEEN $(($(date -u -d "$CSCONSOLE_TODAY" +%s) / 86400)) AND $(($(date -u -d "$CSCONSOLE_TODAY" +%s) / 86400 + 30))")
[ "$want" -gt 0 ] || fail "the sample has no main account of aiko renewing within 30 days"
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
tmux_start 100 30 "$CSC"
tmux_wait " 1/21" 20
tmux_wait "playbook: $want touchpoint"
tmux_wait_line '$' "^ playbook: $want touchpoints? \(renewal_30: $want\); sync: "
tmux_keys R
tmux_wait "playbook: no new touchpoints"
tmux_keys q
tmux_wait "__EXIT:0"
