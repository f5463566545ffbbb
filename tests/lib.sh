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

# real_settled WHO...: true when each WHO's database holds exactly the events
# of the segments in its own team directory ($T/WHO/team) and has nothing
# left to publish: it imported every segment there, and its writes are out.
real_settled() {
  for _w in "$@"; do
    _n=$(real_ids "$T/$_w/team" | sort -u | wc -l)
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

# st_share FOLDER WHO...: every WHO knows every other by device id at its
# address, then shares FOLDER ($T/WHO/team, send and receive, watched for
# changes with a 1 s delay) with all of them, through the REST API.
st_share() {
  _f=$1; shift
  _devs=""
  for _w in "$@"; do
    _devs="$_devs${_devs:+,}{\"deviceID\":\"$(cat "$T/st/$_w/id")\"}"
    for _o in "$@"; do
      [ "$_o" = "$_w" ] && continue
      st_api "$_w" POST /rest/config/devices \
        "{\"deviceID\":\"$(cat "$T/st/$_o/id")\",\"name\":\"$_o\",\"addresses\":[\"tcp://127.0.0.1:$(cat "$T/st/$_o/listen")\"]}" > /dev/null ||
        fail "syncthing $_w: cannot add device $_o"
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
