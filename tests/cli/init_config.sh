# init_config.sh - `csconsole init --shared DIR --me HANDLE` sets a team up in
# one command: on an empty folder it lays out the layout (with a README that
# says what goes where) and writes the user's configuration where csconsole
# reads it by default (the XDG path) with the handle, shared_dir and the
# database outside the share; a second init changes nothing; a teammate joins
# the existing team (a non-empty folder: nothing in it changes) with a handle
# checked against team.yaml; a configuration that exists is never overwritten.
. "$(dirname "$0")/../lib.sh"

unset CSCONSOLE_CONFIG
S="$T/team"
CFG="$XDG_CONFIG_HOME/csconsole/csconsole.yaml"
DB="$XDG_DATA_HOME/csconsole/csconsole.db"

# Without --me and without a terminal: an error that says to pass --me, and
# nothing is made.
assert_status 2 "$CSC" init --shared "$S" < /dev/null > "$T/o0" 2>&1
assert_contains "$T/o0" "--me HANDLE"
[ ! -e "$S" ] || fail "init made the folder although it stopped at the handle"
[ ! -e "$CFG" ] || fail "init wrote a configuration without a handle"
# A handle that is no handle.
assert_status 2 "$CSC" init --shared "$S" --me "Aiko Sato" > "$T/o0b" 2>&1
assert_contains "$T/o0b" "\"Aiko Sato\" is not a handle"

# 1. An empty folder: the layout, the README, the configuration, the next steps.
assert_status 0 "$CSC" init --shared "$S" --me aiko > "$T/o1" 2>&1
for d in feeds feeds/metrics events tmp; do
  [ -d "$S/$d" ] || fail "init made no $d/"
done
for f in README.md .gitattributes .gitignore .stignore; do
  [ -f "$S/$f" ] || fail "init made no $f"
done
grep -qxF 'events/** -text' "$S/.gitattributes" || fail ".gitattributes: no events/** -text"
grep -qxF '*.tmp' "$S/.gitignore" || fail ".gitignore: temp files not ignored"
grep -qxF '*.tmp' "$S/.stignore" || fail ".stignore: temp files not ignored"
grep -qF 'feeds/accounts.csv' "$S/README.md" || fail "README.md does not say where the accounts go"
grep -qF 'events/<device>/' "$S/README.md" || fail "README.md does not say what events/ holds"
assert_contains "$T/o1" "laid out the team's folder $S"
assert_contains "$T/o1" "wrote $CFG"
assert_contains "$T/o1" "csconsole sync"
assert_contains "$T/o1" "csconsole import --check"
[ -f "$CFG" ] || fail "no configuration at $CFG"
[ "$(stat -c %a "$CFG")" = 600 ] || fail "the configuration is not 0600: $(stat -c %a "$CFG")"
grep -qxF 'me: aiko' "$CFG" || fail "configuration: no me: aiko"
grep -qxF "shared_dir: \"$S\"" "$CFG" || fail "configuration: no shared_dir $S"
grep -qxF "database: \"$DB\"" "$CFG" || fail "configuration: database not $DB"
case "$DB" in "$S"/*) fail "database inside the share" ;; esac
# csconsole reads it by default: doctor names it, and a sync works with it.
"$CSC" doctor > "$T/doc" 2>&1 || true
assert_contains "$T/doc" "$CFG"
assert_contains "$T/doc" "$S"
cp "$CSC_ROOT"/sample-data/feeds/team.yaml "$CSC_ROOT"/sample-data/feeds/accounts.* "$S/feeds/"
"$CSC" sync > "$T/sync" 2>&1 || { cat "$T/sync"; fail "sync with the written configuration failed"; }
[ -f "$DB" ] || fail "sync made no database at $DB"
"$CSC" accounts --format csv > "$T/acc" 2>&1
grep -q '"ACC-0001"' "$T/acc" || { cat "$T/acc"; fail "no accounts after the sync"; }

# 2. init again: nothing changes, not the folder, not the configuration.
snapshot() { (cd "$1" && find . -path ./events -prune -o -type f -print | LC_ALL=C sort | xargs md5sum; find . | LC_ALL=C sort); }
snapshot "$S" > "$T/before"; md5sum "$CFG" > "$T/cfgsum"
assert_status 0 "$CSC" init --shared "$S" --me aiko > "$T/o2" 2>&1
assert_contains "$T/o2" "joined the team's folder $S: already set up (nothing changed)"
assert_contains "$T/o2" "$CFG exists and is left as it is"
assert_not_contains "$T/o2" "created"
snapshot "$S" > "$T/after"
cmp -s "$T/before" "$T/after" || { diff "$T/before" "$T/after"; fail "a second init changed the folder"; }
md5sum -c --quiet "$T/cfgsum" || fail "a second init changed the configuration"

# 3. A teammate joins the team (another computer: another HOME). The folder is
# not empty (feeds, the team's own README edits, a user's .gitignore line).
echo "Our exports land here at 06:00." >> "$S/README.md"
echo "*.bak" >> "$S/.gitignore"
snapshot "$S" > "$T/before"
export HOME="$T/ken" XDG_CONFIG_HOME="$T/ken/.config" XDG_DATA_HOME="$T/ken/.local/share"
KCFG="$XDG_CONFIG_HOME/csconsole/csconsole.yaml"
# A handle team.yaml does not list: refused, naming the team's handles.
assert_status 2 "$CSC" init --shared "$S" --me kenji > "$T/o3" 2>&1
assert_contains "$T/o3" "\"kenji\" is not in the team's feeds/team.yaml"
for h in $(sed -n 's/^  - handle: //p' "$S/feeds/team.yaml"); do
  assert_contains "$T/o3" "$h"
done
[ ! -e "$KCFG" ] || fail "a refused handle wrote a configuration"
# Without --me: the error lists the handles too.
assert_status 2 "$CSC" init --shared "$S" < /dev/null > "$T/o3b" 2>&1
assert_contains "$T/o3b" "the team's handles: aiko, ken"
# ken joins.
assert_status 0 "$CSC" init --shared "$S" --me ken > "$T/o4" 2>&1
assert_contains "$T/o4" "joined the team's folder $S"
assert_contains "$T/o4" "$S/.gitignore: left as it is"
grep -qxF 'me: ken' "$KCFG" || fail "ken's configuration: no me: ken"
grep -qxF "database: \"$XDG_DATA_HOME/csconsole/csconsole.db\"" "$KCFG" || fail "ken's database is not his own"
snapshot "$S" > "$T/after"
cmp -s "$T/before" "$T/after" || { diff "$T/before" "$T/after"; fail "joining changed the team's folder"; }

# 4. A configuration that exists is never overwritten, and init says how to
# proceed: here it points at another folder.
printf 'me: ken\nshared_dir: "%s"\n' "$T/old-team" > "$KCFG"
cp "$KCFG" "$T/kcfg"
assert_status 0 "$CSC" init --shared "$S" --me ken > "$T/o5" 2>&1
cmp -s "$KCFG" "$T/kcfg" || fail "init overwrote an existing configuration"
assert_contains "$T/o5" "$KCFG exists and is left as it is: it uses shared_dir $T/old-team"
assert_contains "$T/o5" "set shared_dir: \"$S\" in it"

# A team.yaml that cannot be read: the handle cannot be checked; said, and
# nothing written. With a configuration and no handle given, it does not matter.
mkdir -p "$T/broken/feeds"; printf 'csms: [\n' > "$T/broken/feeds/team.yaml"
assert_status 5 "$CSC" init --shared "$T/broken" --me ken > "$T/o5b" 2>&1
assert_contains "$T/o5b" "feeds/team.yaml"
[ ! -e "$T/broken/events" ] || fail "init laid out a folder whose team.yaml it could not read"
assert_status 0 "$CSC" init --shared "$T/broken" > "$T/o5c" 2>&1
[ -d "$T/broken/events" ] || fail "init without a handle to check did not lay out the folder"

# 5. On a terminal without --me, init asks (script(1) gives it one).
if command -v script > /dev/null; then
  export HOME="$T/yuki" XDG_CONFIG_HOME="$T/yuki/.config" XDG_DATA_HOME="$T/yuki/.local/share"
  printf 'yuki\n' | script -qec "\"$CSC\" init --shared \"$S\"" /dev/null > "$T/o6" 2>&1 ||
    { cat "$T/o6"; fail "interactive init failed"; }
  assert_contains "$T/o6" "Your CSM handle (one of aiko, ken"
  grep -qxF 'me: yuki' "$T/yuki/.config/csconsole/csconsole.yaml" || { cat "$T/o6"; fail "the handle typed was not written"; }
fi
echo ok
