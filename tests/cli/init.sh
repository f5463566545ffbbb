# init.sh - `csconsole init [SHARED]` lays out a shared directory: feeds/,
# feeds/metrics/, events/, tmp/, a .gitattributes that keeps git from
# converting segments (events/** -text), a .gitignore for tmp/ and a
# .stignore for Syncthing. Run again it changes nothing; a file the user
# changed is left as it is, and init says so. (init_config.sh tests the
# configuration init writes, joining a team and the handle.)
. "$(dirname "$0")/../lib.sh"

S="$T/team"
# These runs are about the folder: an existing configuration that init leaves alone.
printf 'me: aiko\ndatabase: "%s"\n' "$T/db/x.db" > "$T/base.yaml"
export CSCONSOLE_CONFIG="$T/base.yaml"
assert_status 0 "$CSC" init "$S" > "$T/o1" 2>&1
for d in feeds feeds/metrics events tmp; do
  [ -d "$S/$d" ] || fail "init made no $d/"
done
grep -qxF 'events/** -text' "$S/.gitattributes" || fail ".gitattributes: no events/** -text"
grep -qxF 'tmp/' "$S/.gitignore" || fail ".gitignore: no tmp/"
grep -qxF 'tmp' "$S/.stignore" || fail ".stignore: no tmp"
grep -qF '.sync-conflict-' "$S/.stignore" || fail ".stignore: conflict copies not ignored"
assert_contains "$T/o1" "created $S/.gitattributes"
assert_contains "$T/o1" "created $S/tmp/"

# Again: nothing to do.
md5sum "$S/.gitattributes" "$S/.gitignore" "$S/.stignore" > "$T/sums"
assert_status 0 "$CSC" init "$S" > "$T/o2" 2>&1
assert_not_contains "$T/o2" "created"
assert_contains "$T/o2" "already set up"
md5sum -c --quiet "$T/sums" || fail "a second init changed a file"

# A file the user changed stays as it is, and init says so.
echo "*.bak" >> "$S/.gitignore"
cp "$S/.gitignore" "$T/mine"
assert_status 0 "$CSC" init "$S" > "$T/o3" 2>&1
cmp -s "$S/.gitignore" "$T/mine" || fail "init overwrote the user's .gitignore"
assert_contains "$T/o3" "$S/.gitignore: left as it is"
# ... unless it lacks what csconsole needs: then init says what to add.
printf '*.pdf binary\n' > "$S/.gitattributes"
assert_status 1 "$CSC" init "$S" > "$T/o4" 2>&1
assert_contains "$T/o4" "$S/.gitattributes: left as it is, but it lacks the line \"events/** -text\""
[ "$(cat "$S/.gitattributes")" = '*.pdf binary' ] || fail "init changed the user's .gitattributes"

# Without an argument: the configured shared_dir.
printf 'me: aiko\nshared_dir: "%s"\ndatabase: "%s"\n' "$T/other" "$T/db/x.db" > "$T/c.yaml"
assert_status 0 "$CSC" --config "$T/c.yaml" init > "$T/o5" 2>&1
[ -d "$T/other/events" ] || fail "init without an argument did not use shared_dir"
# No argument and no shared_dir: a usage error that says what to do.
printf 'me: aiko\ndatabase: "%s"\n' "$T/db/x.db" > "$T/c2.yaml"
assert_status 2 "$CSC" --config "$T/c2.yaml" init > "$T/o6" 2>&1
assert_contains "$T/o6" "shared_dir"
echo ok
