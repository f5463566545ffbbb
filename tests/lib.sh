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
# gen_book DIR ARGS...: a generated book, tools/gen-book ARGS --out DIR (its
# report in DIR.out); sets GEN_EVENTS (the events it wrote) and GEN_ME (the
# team's first CSM, a handle for `me:`).
gen_book() {
  _dir=$1; shift
  _gen="$CSC_BUILD/tools/gen-book"
  [ -x "$_gen" ] || fail "$_gen is missing (make all builds the tools)"
  "$_gen" "$@" --out "$_dir" > "$_dir.out" || { cat "$_dir.out"; fail "gen-book $* failed"; }
  GEN_EVENTS=$(sed -n 's/.* \([0-9]*\) events in [0-9]* segments.*/\1/p' "$_dir.out")
  GEN_ME=$(sed -n 's/^  - handle: *//p' "$_dir/feeds/team.yaml" | head -n 1)
}

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
tmux_wait() { _tmux_poll -F "$@"; }
# tmux_wait_re ERE [SECONDS]: the same for an extended regular expression
# (when the text alone could already be on the screen before the key lands).
tmux_wait_re() { _tmux_poll -E "$@"; }
_tmux_poll() {
  i=0; n=$(( ${3:-10} * 10 ))
  while [ $i -lt $n ]; do
    tmux_screen > "$T/screen.txt" 2>/dev/null || true
    grep -q "$1" -- "$2" "$T/screen.txt" && return 0
    sleep 0.1; i=$((i + 1))
  done
  echo "--- screen:"; cat "$T/screen.txt"; fail "timed out waiting for \"$2\""
}

# tmux_wait_all TEXT...: polls until every TEXT (fixed strings) is on one
# capture: wait for the whole state a test then reads, never for one part of
# it (a capture can land in the middle of a redraw: the first text there, the
# next lines still the old screen). tmux_wait_gone TEXT: until TEXT is gone.
tmux_wait_all() {
  i=0
  while [ $i -lt 100 ]; do
    tmux_screen > "$T/screen.txt" 2>/dev/null || true
    _all=1
    for _t in "$@"; do grep -qF -- "$_t" "$T/screen.txt" || { _all=0; break; }; done
    [ $_all = 1 ] && return 0
    sleep 0.1; i=$((i + 1))
  done
  echo "--- screen:"; cat "$T/screen.txt"; fail "timed out waiting for \"$_t\" (with: $*)"
}
# tmux_wait_line N ERE: until screen line N ($: the last) matches ERE.
tmux_wait_line() {
  i=0
  while [ $i -lt 100 ]; do
    tmux_screen > "$T/screen.txt" 2>/dev/null || true
    sed -n "${1}p" "$T/screen.txt" | grep -qE -- "$2" && return 0
    sleep 0.1; i=$((i + 1))
  done
  echo "--- screen:"; cat "$T/screen.txt"; fail "timed out waiting for line $1 to match \"$2\""
}
tmux_wait_gone() {
  i=0
  while [ $i -lt 100 ]; do
    tmux_screen > "$T/screen.txt" 2>/dev/null || true
    grep -qF -- "$1" "$T/screen.txt" || return 0
    sleep 0.1; i=$((i + 1))
  done
  echo "--- screen:"; cat "$T/screen.txt"; fail "timed out waiting for \"$1\" to go"
}

# expect_screen NAME [SED]: $screen (the last capture) equals
# tests/tui/expected/NAME.txt, trailing blanks aside and with the sync's age
# ("synced 3m ago": it depends on the clock) masked; SED edits it more (e.g.
# '$d' leaves out the status line). CSC_UPDATE_SCREENS=1 writes the file
# instead (docs/testing.md: review the diff).
_screen_masked() { # FILE SED: the capture as expect_screen compares it
  sed -E 's/ *$//; s/ +synced (just now|[0-9]+[mhd] ago)$/  synced (when)/' "$1" | sed "${2:-}"
}
expect_screen() {
  want=$CSC_ROOT/tests/tui/expected/$1.txt
  _screen_masked "$screen" "${2:-}" > "$T/got.txt"
  if [ "${CSC_UPDATE_SCREENS:-}" = 1 ]; then
    cp "$T/got.txt" "$want"; echo "updated $want"; return 0
  fi
  [ -f "$want" ] || fail "no expected screen $want: run with CSC_UPDATE_SCREENS=1 and review it"
  diff -u "$want" "$T/got.txt" || fail "the screen differs from $want"
}

# tmux_wait_screen NAME [SED]: polls until the screen is the expected one
# (the whole state), then expect_screen; on a timeout expect_screen shows
# the difference. CSC_UPDATE_SCREENS=1: half a second to settle, then writes it.
tmux_wait_screen() {
  if [ "${CSC_UPDATE_SCREENS:-}" = 1 ]; then
    sleep 0.5; tmux_screen > "$T/screen.txt"; expect_screen "$@"; return
  fi
  i=0
  while [ $i -lt 100 ]; do
    tmux_screen > "$T/screen.txt" 2>/dev/null || true
    _screen_masked "$T/screen.txt" "${2:-}" | cmp -s "$CSC_ROOT/tests/tui/expected/$1.txt" - && break
    sleep 0.1; i=$((i + 1))
  done
  expect_screen "$@"
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

# --- real transports: Syncthing (cli/sync_syncthing.sh), git (cli/sync_git.sh) ---
# Both run one scenario: three CSMs, each with their own database, config
# (--me) and copy of the team directory, which a real tool carries between
# them. real_* helpers are shared by the two; st_* drive Syncthing, git_* git.

# real_dev WHO ARGS...: csconsole as WHO's device ($T/WHO.yaml).
real_dev() { _who=$1; shift; "$CSC" --config "$T/$_who.yaml" "$@"; }

# real_ids DIR: the id of every event in every segment under DIR/events, one
# a line, unsorted (a duplicate shows twice). Canonical JSON sorts the keys,
# so an event's own id is the one right after its "hlc".
real_ids() {
  find "$1/events" -name '*.jsonl' -exec cat {} + 2>/dev/null |
    sed -n 's/.*"hlc":"[0-9a-f.]*","id":"\([0-9A-Z]\{26\}\)".*/\1/p'
}

# real_listing DIR: every segment under DIR/events with its checksum, sorted.
real_listing() {
  (cd "$1" && find events -name '*.jsonl' -exec cksum {} + 2>/dev/null) | sort -k3
}

# real_settled WHO...: true when the WHO's team directories ($T/WHO/team)
# hold the same segments, and each WHO's database holds exactly their events
# and has nothing left to publish: it imported every segment, and its
# writes are out.
real_settled() {
  real_listing "$T/$1/team" > "$T/settled.listing"
  _n=$(real_ids "$T/$1/team" | sort -u | wc -l)
  for _w in "$@"; do
    real_listing "$T/$_w/team" | cmp -s - "$T/settled.listing" || return 1
    [ "$(sqlite3 "$T/db/$_w.db" "SELECT count(*) FROM event")" -eq "$_n" ] || return 1
    [ "$(sqlite3 "$T/db/$_w.db" "SELECT count(*) FROM event WHERE own = 1 AND published = 0")" -eq 0 ] || return 1
  done
}

# real_check SAMPLE WHO...: the end state of the scenario, once converged:
# every WHO's team directory ($T/WHO/team) holds the same segments; every
# event is in them exactly once (SAMPLE from the sample book, plus every
# event each device wrote); every device's dump is the same and lists each
# of those events once; `conflicts` says the same on every device.
real_check() {
  _sample=$1; shift
  _first=$1
  real_listing "$T/$_first/team" > "$T/listing.$_first"
  real_ids "$T/$_first/team" | sort > "$T/ids.segments"
  _n=$(wc -l < "$T/ids.segments")
  [ "$(sort -u "$T/ids.segments" | wc -l)" -eq "$_n" ] ||
    { sort "$T/ids.segments" | uniq -d | head; fail "an event is in more than one segment"; }
  _own=0
  for _w in "$@"; do
    _own=$((_own + $(sqlite3 "$T/db/$_w.db" "SELECT count(*) FROM event WHERE own = 1")))
  done
  [ "$_n" -eq $((_sample + _own)) ] ||
    fail "the segments hold $_n events: want $_sample of the sample book + $_own written by the devices"
  real_dev "$_first" dump > "$T/dump.$_first"
  real_dev "$_first" conflicts > "$T/conflicts.$_first"
  for _w in "$@"; do
    real_listing "$T/$_w/team" > "$T/listing.$_w"
    cmp -s "$T/listing.$_first" "$T/listing.$_w" ||
      { diff "$T/listing.$_first" "$T/listing.$_w" | head; fail "the team directories of $_first and $_w differ"; }
    real_dev "$_w" dump > "$T/dump.$_w"
    cmp -s "$T/dump.$_first" "$T/dump.$_w" ||
      { diff "$T/dump.$_first" "$T/dump.$_w" | head; fail "the dumps of $_first and $_w differ"; }
    sed -n 's/^event .*"hlc":"[0-9a-f.]*","id":"\([0-9A-Z]\{26\}\)".*/\1/p' "$T/dump.$_w" | sort > "$T/ids.dump.$_w"
    cmp -s "$T/ids.segments" "$T/ids.dump.$_w" ||
      { diff "$T/ids.segments" "$T/ids.dump.$_w" | head; fail "$_w's dump does not list each event of the segments once"; }
    real_dev "$_w" conflicts > "$T/conflicts.$_w"
    cmp -s "$T/conflicts.$_first" "$T/conflicts.$_w" ||
      { diff "$T/conflicts.$_first" "$T/conflicts.$_w"; fail "$_first and $_w list different conflicts"; }
  done
}

# real_conflict FILE ENTITY FIELD A B: FILE (a `conflicts` output) lists
# ENTITY's FIELD with the two values A and B ("high (aiko)"), in either order.
real_conflict() {
  _line=$(grep -F "$2" "$1" | grep -F "$3") || { cat "$1"; fail "no conflict listed for $2 $3"; }
  case "$_line" in *"$4"*"$5"* | *"$5"*"$4"*) ;; *) fail "conflict of $2 $3: want \"$4\" and \"$5\" in: $_line" ;; esac
}

# The scenario both tests run. The test defines real_sync WHO (one sync as
# its users do it: csconsole sync plus, for git, pull/commit/push) and
# real_converge (sync everyone until real_settled), sets WHO="aiko ken yuki"
# and calls real_scenario SAMPLE (SAMPLE: events of the sample book).
# real_bg WHO FUNCTION: one CSM's activity, in the background (everyone's at
# once); real_wait_all: each of them must have ended well.
real_bg() { ( set -e; "$2" ) > "$T/bg.$1.log" 2>&1 & echo "$!" > "$T/bg.$1.pid"; }
real_wait_all() {
  for _w in $WHO; do
    [ -f "$T/bg.$_w.pid" ] || continue
    wait "$(cat "$T/bg.$_w.pid")" || { cat "$T/bg.$_w.log"; fail "$_w's activity failed"; }
    rm -f "$T/bg.$_w.pid"
  done
}
# real_w WHO ARGS...: a write whose printed id is kept, to be found in every dump.
real_w() { real_dev "$@" >> "$T/written.$1" 2>/dev/null || fail "$1: csconsole $* failed"; }

real_round1_aiko() {
  real_w aiko note ACC-0001 --kind call --sentiment 4 --summary "aiko: QBR went well"
  real_dev aiko risk ACC-0002 --category champion_left --severity medium --text "Sponsor left" > "$T/R" 2>/dev/null
  real_dev aiko touch ACC-0003 --due 2026-12-01 --kind call > "$T/TP" 2>/dev/null
  real_sync aiko
  real_w aiko note ACC-0008 --kind email --summary "aiko: sent the renewal quote"
  real_sync aiko
  # One note with more than 8 events, its sentiment set by an early one.
  real_dev aiko note ACC-0009 --kind call --sentiment 2 --summary "aiko: long call" > "$T/N" 2>/dev/null
  for _i in 1 2 3 4 5 6 7 8 9 10; do
    real_w aiko note --edit "$(cat "$T/N")" --summary "aiko: long call, part $_i"
  done
  real_sync aiko
}
real_round1_ken() {
  real_w ken note ACC-0004 --kind meeting --summary "ken: kickoff"
  real_w ken touch ACC-0005 --due 2026-12-03 --kind meeting
  real_sync ken
  real_w ken note ACC-0009 --kind call --sentiment 2 --summary "ken: budget frozen"
  real_sync ken
}
real_round1_yuki() {
  real_w yuki note ACC-0006 --kind chat --summary "yuki: quick check"
  real_sync yuki
  real_w yuki touch ACC-0007 --due 2026-12-02 --kind email
  real_sync yuki
}
real_round2_aiko() {
  real_sync aiko
  real_dev aiko risk ACC-0010 --category budget --severity medium --text "Budget review in Q1" > "$T/R2" 2>/dev/null
  real_sync aiko
}
real_round2_ken() {
  for _i in 1 2 3; do real_w ken note ACC-0011 --kind internal --summary "ken: prep $_i"; real_sync ken; done
}
real_round2_yuki() {
  for _i in 1 2 3; do real_w yuki note ACC-0012 --kind call --sentiment 3 --summary "yuki: call $_i"; real_sync yuki; done
}
real_round3_aiko() { real_sync aiko; real_w aiko note ACC-0013 --kind meeting --summary "aiko: steering committee"; real_sync aiko; }
real_round3_ken() { real_sync ken; real_w ken cover aiko --by ken --from 2026-12-01 --until 2026-12-05; real_sync ken; }
real_round3_yuki() { real_sync yuki; real_w yuki note ACC-0014 --kind email --summary "yuki: follow-up"; real_sync yuki; }

real_scenario() {
  for _w in $WHO; do real_sync "$_w"; done
  # --- round 1: everyone writes and syncs at once
  for _w in $WHO; do real_bg "$_w" "real_round1_$_w"; done
  real_wait_all
  R=$(cat "$T/R") TP=$(cat "$T/TP")
  real_converge
  # --- round 2: concurrent edits from the same synced state: aiko and ken both
  # change the risk's severity, aiko and yuki the touchpoint's due day, each
  # once, before anyone syncs; then everyone writes and syncs at once.
  real_w aiko risk --update "$R" --severity high
  real_w ken risk --update "$R" --severity low
  real_w aiko touch --reschedule "$TP" --due 2026-12-05 --reason "aiko moved it"
  real_w yuki touch --reschedule "$TP" --due 2026-12-12 --reason "yuki moved it"
  for _w in $WHO; do real_bg "$_w" "real_round2_$_w"; done
  real_wait_all
  R2=$(cat "$T/R2")
  real_converge
  # --- round 3: the issue's recipe for an edit overwritten by one whose writer
  # had not seen it: before syncing again, ken sets the severity low with a
  # text; aiko sets it medium, then high.
  real_w ken risk --update "$R2" --severity low --text "ken: they found the budget"
  real_w aiko risk --update "$R2" --severity medium
  real_w aiko risk --update "$R2" --severity high
  for _w in $WHO; do real_bg "$_w" "real_round3_$_w"; done
  real_wait_all
  real_converge
  # --- the end state
  real_check "$1" $WHO
  for _id in $(cat "$T"/written.* "$T/R" "$T/TP" "$T/R2" "$T/N"); do assert_contains "$T/dump.aiko" "$_id"; done
  # The many-times edited note: every device shows its sentiment and last summary.
  for _w in $WHO; do
    real_dev "$_w" dump | grep "^note \[\"$(cat "$T/N")\"" > "$T/note.$_w" || fail "$_w: no note $(cat "$T/N")"
    grep -qF '"call",2,"aiko: long call, part 10"' "$T/note.$_w" || { cat "$T/note.$_w"; fail "$_w: the note's sentiment or summary is wrong"; }
  done
  real_conflict "$T/conflicts.aiko" "risk/$R" severity "high (aiko)" "low (ken)"
  real_conflict "$T/conflicts.aiko" "touch/$TP" due_day "2026-12-05 (aiko)" "2026-12-12 (yuki)"
  if grep -F "risk/$R2" "$T/conflicts.aiko" | grep -qF "low (ken)"; then
    echo "the recipe's overwritten edit is listed"
  else
    cat "$T/conflicts.aiko"
    fail "causal conflicts: ken's severity low on risk/$R2 is not listed"
  fi
  for _w in $WHO; do
    real_dev "$_w" sync --status > "$T/status.$_w" 2>&1 || true
    assert_not_contains "$T/status.$_w" "quarantine"
  done
}

# st_require: skips (77) unless Syncthing and curl are here and run.
st_require() {
  for _c in syncthing curl sqlite3; do
    command -v "$_c" >/dev/null 2>&1 ||
      { echo "SKIP: $_c is not installed (as root, tools/deps.sh installs it: apt-get install syncthing curl sqlite3)"; exit 77; }
  done
  syncthing --version > "$T/st.version" 2>&1 || { cat "$T/st.version"; echo "SKIP: syncthing does not run here"; exit 77; }
}

# st_free_port: a TCP port nobody on this machine uses now, and not handed
# out before in this test. (Another process may still take it before
# Syncthing binds it: st_start then tries other ports.)
st_free_port() {
  while :; do
    _p=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 + 20000 ))
    grep -qx "$_p" "$T/st.ports" 2>/dev/null && continue
    grep -qi ":$(printf '%04X' "$_p") " /proc/net/tcp /proc/net/tcp6 2>/dev/null && continue
    echo "$_p" >> "$T/st.ports"; echo "$_p"; return 0
  done
}

# st_api WHO METHOD PATH [JSON]: one call to WHO's Syncthing REST API.
st_api() {
  _h="$T/st/$1"
  if [ $# -ge 4 ]; then
    curl -fsS -m 20 -X "$2" -H "X-API-Key: $(cat "$_h/key")" -H 'Content-Type: application/json' \
      --data "$4" "http://127.0.0.1:$(cat "$_h/gui")$3"
  else
    curl -fsS -m 20 -X "$2" -H "X-API-Key: $(cat "$_h/key")" "http://127.0.0.1:$(cat "$_h/gui")$3"
  fi
}
# st_get WHO PATH: a GET, its JSON on one line without blanks ("key":value).
st_get() { st_api "$1" GET "$2" | tr -d ' \n\t'; }

# st_start WHO: a private Syncthing for WHO in $T/st/WHO (its --home: keys,
# config, index), loopback only: listens on tcp://127.0.0.1:PORT, GUI and
# REST API on 127.0.0.1 with an API key; global and local discovery, relays,
# NAT, usage reporting, crash reporting and upgrades off before it first
# starts. Its device id goes to $T/st/WHO/id, its pid to $T/st.pids.
st_start() {
  _h="$T/st/$1"
  mkdir -p "$_h"
  syncthing generate --home "$_h" --no-default-folder --skip-port-probing > "$_h/generate.log" 2>&1 ||
    { cat "$_h/generate.log"; echo "SKIP: syncthing cannot create a configuration here"; exit 77; }
  syncthing serve --home "$_h" --device-id > "$_h/id" 2>/dev/null && grep -qE '^[A-Z0-9]{7}(-[A-Z0-9]{7}){7}$' "$_h/id" ||
    fail "no device id from syncthing: $(cat "$_h/id")"
  od -An -N12 -tx1 /dev/urandom | tr -d ' \n' > "$_h/key"
  sed -i -e 's|<globalAnnounceEnabled>true<|<globalAnnounceEnabled>false<|' \
    -e 's|<localAnnounceEnabled>true<|<localAnnounceEnabled>false<|' \
    -e 's|<relaysEnabled>true<|<relaysEnabled>false<|' \
    -e 's|<natEnabled>true<|<natEnabled>false<|' \
    -e 's|<urAccepted>[-0-9]*<|<urAccepted>-1<|' \
    -e 's|<autoUpgradeIntervalH>[0-9]*<|<autoUpgradeIntervalH>0<|' \
    -e 's|<crashReportingEnabled>true<|<crashReportingEnabled>false<|' \
    -e 's|<startBrowser>true<|<startBrowser>false<|' \
    -e 's|<reconnectionIntervalS>[0-9]*<|<reconnectionIntervalS>2<|' "$_h/config.xml"
  _try=0
  while :; do
    _try=$((_try + 1))
    st_free_port > "$_h/gui"; st_free_port > "$_h/listen"
    sed -i "s|<listenAddress>[^<]*</listenAddress>|<listenAddress>tcp://127.0.0.1:$(cat "$_h/listen")</listenAddress>|" "$_h/config.xml"
    STNOUPGRADE=1 STNODEFAULTFOLDER=1 syncthing serve --home "$_h" --no-browser --no-restart --no-upgrade \
      --gui-address="http://127.0.0.1:$(cat "$_h/gui")" --gui-apikey="$(cat "$_h/key")" > "$_h/log" 2>&1 &
    echo $! > "$_h/pid"; echo $! >> "$T/st.pids"
    _i=0
    while [ $_i -lt 300 ]; do   # 30 s
      st_get "$1" /rest/system/ping 2>/dev/null | grep -q '"ping":"pong"' && break
      kill -0 "$(cat "$_h/pid")" 2>/dev/null || break
      sleep 0.1; _i=$((_i + 1))
    done
    if st_get "$1" /rest/system/ping 2>/dev/null | grep -q '"ping":"pong"'; then
      # It must also listen where we said (a port taken meanwhile is only a warning to it).
      _j=0
      until st_get "$1" /rest/system/status 2>/dev/null | grep -qF "\"tcp://127.0.0.1:$(cat "$_h/listen")\":{\"error\":null"; do
        _j=$((_j + 1)); [ $_j -lt 50 ] || break; sleep 0.1
      done
      [ $_j -lt 50 ] && break
    fi
    kill "$(cat "$_h/pid")" 2>/dev/null; wait "$(cat "$_h/pid")" 2>/dev/null || true
    [ $_try -lt 3 ] || { tail -n 20 "$_h/log"; echo "SKIP: syncthing does not start here (log above)"; exit 77; }
  done
  # Nothing may leave the machine: check what the running instance uses.
  st_get "$1" /rest/config/options > "$_h/options"
  for _o in '"globalAnnounceEnabled":false' '"localAnnounceEnabled":false' '"relaysEnabled":false' \
    '"natEnabled":false' '"urAccepted":-1' '"autoUpgradeIntervalH":0' '"crashReportingEnabled":false' \
    "\"listenAddresses\":[\"tcp://127.0.0.1:$(cat "$_h/listen")\"]"; do
    grep -qF -- "$_o" "$_h/options" || { cat "$_h/options"; fail "syncthing $1 does not run with $_o"; }
  done
}

# st_stop_all: stops every Syncthing this test started (SIGTERM, then
# SIGKILL after 10 s), and waits for each.
st_stop_all() {
  [ -f "$T/st.pids" ] || return 0
  for _p in $(cat "$T/st.pids"); do kill "$_p" 2>/dev/null || true; done
  for _p in $(cat "$T/st.pids"); do
    _i=0
    while kill -0 "$_p" 2>/dev/null && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
    kill -9 "$_p" 2>/dev/null || true
    wait "$_p" 2>/dev/null || true
  done
  rm -f "$T/st.pids"
}

# st_share FOLDER WHO...: every WHO knows every other by device id, then
# shares FOLDER ($T/WHO/team, send and receive, watched for changes with a
# 1 s delay) with all of them, through the REST API. Of each pair, the one
# listed first dials the other at tcp://127.0.0.1:PORT, and the other, which
# knows it by then, only accepts: two devices dialling each other at once
# while one does not know the other yet can leave a connection stuck for 20 s.
st_share() {
  _f=$1; shift
  _devs=""
  for _w in "$@"; do _devs="$_devs${_devs:+,}{\"deviceID\":\"$(cat "$T/st/$_w/id")\"}"; done
  for _pass in accept dial; do
    _seen=""
    for _w in "$@"; do
      for _o in "$@"; do
        [ "$_o" = "$_w" ] && continue
        case " $_seen " in *" $_o "*) _role=accept ;; *) _role=dial ;; esac
        [ "$_role" = "$_pass" ] || continue
        _addr='"dynamic"'
        [ "$_role" = dial ] && _addr="\"tcp://127.0.0.1:$(cat "$T/st/$_o/listen")\""
        st_api "$_w" POST /rest/config/devices \
          "{\"deviceID\":\"$(cat "$T/st/$_o/id")\",\"name\":\"$_o\",\"addresses\":[$_addr]}" > /dev/null ||
          fail "syncthing $_w: cannot add device $_o"
      done
      _seen="$_seen $_w"
    done
  done
  for _w in "$@"; do
    st_api "$_w" POST /rest/config/folders \
      "{\"id\":\"$_f\",\"label\":\"team\",\"path\":\"$T/$_w/team\",\"type\":\"sendreceive\",\"devices\":[$_devs],\"fsWatcherEnabled\":true,\"fsWatcherDelayS\":1,\"rescanIntervalS\":60}" > /dev/null ||
      fail "syncthing $_w: cannot add folder $_f"
  done
}

# st_in_sync FOLDER WHO...: true when every WHO has scanned FOLDER (a scan is
# requested first, so files csconsole just wrote are seen), is idle, needs
# nothing, is connected to every other WHO and sees each of them 100%
# complete: everyone has every file anyone has.
st_in_sync() {
  _f=$1; shift
  for _w in "$@"; do st_api "$_w" POST "/rest/db/scan?folder=$_f" > /dev/null 2>&1 || return 1; done
  for _w in "$@"; do
    _s=$(st_get "$_w" "/rest/db/status?folder=$_f" 2>/dev/null) || return 1
    case "$_s" in *'"state":"idle"'*'"needTotalItems":0'* | *'"needTotalItems":0'*'"state":"idle"'*) ;; *) return 1 ;; esac
    _c=$(st_get "$_w" /rest/system/connections 2>/dev/null) || return 1
    for _o in "$@"; do
      [ "$_o" = "$_w" ] && continue
      [ "$(echo "$_c" | sed -n "s/.*\"$(cat "$T/st/$_o/id")\":{[^}]*\"connected\":\([a-z]*\).*/\1/p")" = true ] || return 1
      st_get "$_w" "/rest/db/completion?folder=$_f&device=$(cat "$T/st/$_o/id")" 2>/dev/null |
        grep -q '"completion":100[,}]' || return 1
      st_get "$_w" "/rest/db/completion?folder=$_f&device=$(cat "$T/st/$_o/id")" 2>/dev/null |
        grep -q '"needItems":0[,}]' || return 1
    done
  done
}

# st_wait_in_sync SECONDS FOLDER WHO...: polls st_in_sync.
st_wait_in_sync() {
  _end=$(( $(date +%s) + $1 )); shift
  until st_in_sync "$@"; do
    [ "$(date +%s)" -lt "$_end" ] || { st_debug "$@"; fail "syncthing did not get $* in sync in time"; }
    sleep 0.2
  done
}
st_debug() {
  _f=$1; shift
  for _w in "$@"; do
    echo "--- syncthing $_w: status, connections, log"
    st_get "$_w" "/rest/db/status?folder=$_f" || true; echo
    st_get "$_w" /rest/system/connections || true; echo
    tail -n 15 "$T/st/$_w/log"
  done
}

# git_require: skips (77) unless git and sqlite3 are here.
git_require() {
  for _c in git sqlite3; do
    command -v "$_c" >/dev/null 2>&1 ||
      { echo "SKIP: $_c is not installed (as root, tools/deps.sh installs it: apt-get install git sqlite3)"; exit 77; }
  done
  # Only the test's own settings count: no system or user git configuration.
  export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_TERMINAL_PROMPT=0
}

# git_clone REMOTE DIR WHO [GIT-OPTIONS...]: a clone of REMOTE in DIR for WHO
# (their name on commits); GIT-OPTIONS go to `git clone` (e.g. -c core.autocrlf=true).
git_clone() {
  _r=$1 _d=$2 _who=$3; shift 3
  git clone -q "$@" "$_r" "$_d" || fail "git clone $_r for $_who failed"
  git -C "$_d" config user.name "$_who"
  git -C "$_d" config user.email "$_who@example.com"
}

# git_sync DIR WHO: the workflow docs/sync.md gives for a git checkout, once:
# pull (rebase), csconsole sync, commit the new segments, push; a push that
# loses a race with a teammate's pulls again and retries.
git_sync() {
  _d=$1 _who=$2
  git -C "$_d" pull -q --rebase > "$T/git.$_who" 2>&1 || { cat "$T/git.$_who"; fail "$_who: git pull --rebase failed"; }
  real_dev "$_who" sync > "$T/sync.$_who" 2>&1 || { cat "$T/sync.$_who"; fail "$_who: csconsole sync failed"; }
  git -C "$_d" add events
  git -C "$_d" diff --cached --quiet || git -C "$_d" commit -q -m "csconsole: $_who's events"
  _try=0
  until git -C "$_d" push -q > "$T/git.$_who" 2>&1; do
    _try=$((_try + 1)); [ $_try -lt 20 ] || { cat "$T/git.$_who"; fail "$_who: git push keeps failing"; }
    git -C "$_d" pull -q --rebase > "$T/git.$_who" 2>&1 || { cat "$T/git.$_who"; fail "$_who: git pull --rebase failed"; }
  done
}

# --- The team lead's reports (issue 17) ----------------------------------------
# setup_report_book [ME]: the sample book with its ARR history, as a team
# that has synced since June would have it (sample-data/README.md, "The
# reports' stories"): the CRM exports of 2026-06-01 and 2026-09-01 from
# sample-data/reports/ (with the team feed) imported on those days, then the
# whole book on the anchor day. The config has reports.rates for JPY and EUR.
setup_report_book() {
  setup_book "${1:-aiko}"
  printf 'reports: {currency: USD, rates: {JPY: 0.0067, EUR: 1.08}}\n' >> "$T/csconsole.yaml"
  mv "$T/shared" "$T/book"
  mkdir -p "$T/shared/feeds"
  cp "$T/book/feeds/team.yaml" "$T/shared/feeds/"
  for _d in 2026-06-01 2026-09-01; do
    cp "$CSC_ROOT/sample-data/reports/accounts-$_d.yaml" "$T/shared/feeds/accounts.yaml"
    CSCONSOLE_TODAY=$_d "$CSC" sync > "$T/sync.$_d" 2>&1 || { cat "$T/sync.$_d"; fail "the $_d sync failed"; }
  done
  rm -rf "$T/shared"
  mv "$T/book" "$T/shared"
  "$CSC" sync > "$T/sync.txt" 2>&1 || { cat "$T/sync.txt"; fail "csconsole sync failed"; }
}
