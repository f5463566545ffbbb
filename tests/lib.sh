# tests/lib.sh - shared by the CLI and TUI test scripts (sourced, POSIX sh).
# Each test script runs in a fresh scratch directory $T with its own HOME, a
# fixed today (CSCONSOLE_TODAY, set by run.sh) and no user configuration.
set -eu
: "${CSC:?run through tests/run.sh (or set CSC to the csconsole binary)}"
: "${CSC_ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"
T=$(mktemp -d "${TMPDIR:-/tmp}/csc-test.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
export HOME="$T/home" XDG_CONFIG_HOME="$T/home/.config" XDG_DATA_HOME="$T/home/.local/share"
mkdir -p "$HOME"
: "${CSCONSOLE_TODAY:=2026-11-23}"
export CSCONSOLE_TODAY LC_ALL="${LC_ALL:-C.UTF-8}" TZ=UTC
# Feed files are copied just before each sync: no settle wait (feeds.settle_seconds);
# cli/feed_settle.sh unsets it to test the wait.
export CSCONSOLE_SETTLE_SECONDS=0

# fail writes to fd 3 (the script's stderr), so a redirect around the
# command under test cannot swallow the reason.
exec 3>&2
fail() { echo "FAIL: $*" >&3; exit 1; }

# setup_book [ME]: copies sample-data/ to $T/shared and writes $T/csconsole.yaml
# for CSM ME (default: the sample book's own CSM) with the database in $T.
# Exports CSCONSOLE_CONFIG so plain "$CSC cmd" uses it.
setup_book() {
  me=${1:-aiko}
  cp -R "$CSC_ROOT/sample-data" "$T/shared"
  write_config "$me" "$T/shared" "$T/db/csconsole.db" > "$T/csconsole.yaml"
  export CSCONSOLE_CONFIG="$T/csconsole.yaml"
}

# setup_console_book [ME]: setup_book, then one sync, with the console's own
# start-up sync turned off so no late sync message lands on a screen under
# test (tests/tui/sync.sh tests that sync).
setup_console_book() {
  setup_book "$@"
  echo "sync_on_start: false" >> "$T/csconsole.yaml"
  "$CSC" sync > "$T/sync.txt" 2>&1 || { cat "$T/sync.txt"; fail "csconsole sync failed"; }
}

# write_config ME SHARED DB: a minimal config on stdout. The sample book's
# planted stories (drops, bands, attention order) are told by the vendor's
# score, so the tests show that one; cli/health_model.sh takes the line out
# to test the computed score (the default) end to end.
write_config() {
  printf 'me: %s\nshared_dir: "%s"\ndatabase: "%s"\nhealth.score: vendor\n' "$1" "$2" "$3"
}

# assert_contains FILE TEXT: FILE has a line containing TEXT (fixed string).
assert_contains() {
  grep -qF -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "expected \"$2\" in $1"; }
}
assert_not_contains() {
  ! grep -qF -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "did not expect \"$2\" in $1"; }
}
# assert_status EXPECTED CMD...: runs CMD, checks its exit status.
assert_status() {
  want=$1; shift
  set +e; "$@"; got=$?; set -e
  [ "$got" -eq "$want" ] || fail "expected exit $want, got $got from: $*"
}

# --- TUI tests: a private tmux server at a fixed size -----------------------
TMUX_SOCK="csc-$$"
tmux_start() { # W H CMD...: starts CMD in a detached session "t"
  w=$1 h=$2; shift 2
  command -v tmux >/dev/null || { echo "tmux not installed"; exit 77; }
  trap 'tmux -L "$TMUX_SOCK" kill-server 2>/dev/null; rm -rf "$T"' EXIT INT TERM
  # a server that is still exiting (the last session just killed) can make
  # new-session fail with "server exited unexpectedly": try again a little later
  n=0
  until tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -s t -x "$w" -y "$h" \
    "env TERM=xterm-256color LC_ALL=$LC_ALL CSCONSOLE_TODAY=$CSCONSOLE_TODAY HOME=$HOME CSCONSOLE_CONFIG=${CSCONSOLE_CONFIG:-} $*; echo __EXIT:\$?; sleep 30"; do
    n=$((n + 1)); [ $n -lt 5 ] || fail "tmux could not start a session"
    sleep 0.2
  done
}
tmux_keys() { tmux -L "$TMUX_SOCK" send-keys -t t "$@"; }
tmux_screen() { tmux -L "$TMUX_SOCK" capture-pane -p -t t; }
tmux_screen_e() { tmux -L "$TMUX_SOCK" capture-pane -p -e -t t; }   # with colour escapes
tmux_fmt() { tmux -L "$TMUX_SOCK" display-message -p -t t "$1"; }   # a tmux format, e.g. #{cursor_flag}
tmux_resize() { tmux -L "$TMUX_SOCK" resize-window -t t -x "$1" -y "$2"; }
# tmux_wait TEXT [SECONDS]: polls the screen until TEXT appears.
tmux_wait() {
  i=0; n=$(( ${2:-10} * 10 ))
  while [ $i -lt $n ]; do
    tmux_screen > "$T/screen.txt" 2>/dev/null || true
    grep -qF -- "$1" "$T/screen.txt" && return 0
    sleep 0.1; i=$((i + 1))
  done
  echo "--- screen:"; cat "$T/screen.txt"; fail "timed out waiting for \"$1\""
}

# expect_screen NAME [SED]: $screen (the last capture) equals
# tests/tui/expected/NAME.txt, trailing blanks aside and with the sync's age
# ("synced 3m ago": it depends on the clock) masked; SED edits it more (e.g.
# '$d' leaves out the status line). CSC_UPDATE_SCREENS=1 writes the file
# instead (docs/testing.md: review the diff).
expect_screen() {
  want=$CSC_ROOT/tests/tui/expected/$1.txt
  sed -E 's/ *$//; s/ +synced (just now|[0-9]+[mhd] ago)$/  synced (when)/' "$screen" |
    sed "${2:-}" > "$T/got.txt"
  if [ "${CSC_UPDATE_SCREENS:-}" = 1 ]; then
    cp "$T/got.txt" "$want"; echo "updated $want"; return 0
  fi
  [ -f "$want" ] || fail "no expected screen $want: run with CSC_UPDATE_SCREENS=1 and review it"
  diff -u "$want" "$T/got.txt" || fail "the screen differs from $want"
}

# tmux_select_line LINE: from the first row (g), j until screen line LINE is
# the selected row (the dark theme's selected background, 153).
tmux_select_line() {
  tmux_keys g
  _j=0
  while :; do
    tmux_screen_e > "$T/e.txt"
    sed -n "${1}p" "$T/e.txt" | grep -q "$(printf '\033')\[[0-9;]*48;5;153m" && return 0
    _j=$((_j + 1)); [ $_j -le 40 ] || fail "could not select screen line $1"
    tmux_keys j; sleep 0.1
  done
}
