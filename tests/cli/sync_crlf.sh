# sync_crlf.sh - the team shares a git repository; aiko's clone has
# core.autocrlf=true (Git for Windows' default), which turns every segment
# into CRLF line endings on checkout. Such a segment still checks once the CRs
# are removed (its CRC is over the LF bytes), so it is imported, with a
# warning that says what git did and how to fix the clone; `doctor` reports it
# as a problem until it is fixed. The documented recovery (a .gitattributes
# with `events/** -text`, as `csconsole init` writes, then checking events/
# out again) is run here for real and leaves LF files that import silently.
. "$(dirname "$0")/../lib.sh"

command -v git >/dev/null || { echo "git not installed (tools/deps.sh installs it)"; exit 77; }
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org
export GIT_CONFIG_NOSYSTEM=1
g() { git -c init.defaultBranch=main -c advice.detachedHead=false "$@"; }

g init -q --bare "$T/remote.git"
g clone -q "$T/remote.git" "$T/kc" 2> /dev/null
cp -R "$CSC_ROOT/sample-data/." "$T/kc/"
(cd "$T/kc" && g add -A && g commit -qm feeds && g push -q origin HEAD:main) || fail "git push failed"

# ken (LF clone) writes two notes and pushes his segment.
write_config ken "$T/kc" "$T/db/ken.db" > "$T/ken.yaml"
ken() { "$CSC" --config "$T/ken.yaml" "$@"; }
ken sync > /dev/null 2>&1 || true
ken note ACC-0027 --kind call --summary "ken crlf one" > /dev/null 2>&1
ken note ACC-0027 --kind call --summary "ken crlf two" > /dev/null 2>&1
ken sync > /dev/null 2>&1 || fail "ken's sync failed"
(cd "$T/kc" && g add -A && g commit -qm "ken" && g push -q origin HEAD:main) || fail "ken's push failed"

# aiko clones with core.autocrlf=true: segments arrive with CRLF.
g clone -q -c core.autocrlf=true -b main "$T/remote.git" "$T/ac"
write_config aiko "$T/ac" "$T/db/aiko.db" > "$T/aiko.yaml"
export CSCONSOLE_CONFIG="$T/aiko.yaml"
KSEG=$(ls "$T/ac/events/"*/*.jsonl | xargs grep -l '"summary":"ken crlf one"')
[ -n "$KSEG" ] || fail "ken's segment is not in aiko's clone"
grep -q "$(printf '\r')\$" "$KSEG" || { echo "git did not convert the segments to CRLF"; exit 77; }

assert_status 0 "$CSC" sync > "$T/s1.out" 2> "$T/s1.err"
assert_not_contains "$T/s1.out" "not complete yet"
assert_contains "$T/s1.err" "converted to CRLF line endings by git (core.autocrlf)"
assert_contains "$T/s1.err" "events/** -text"
assert_contains "$T/s1.err" "git rm --cached -r -q events && git checkout HEAD -- events"
"$CSC" dump > "$T/dump1"
assert_contains "$T/dump1" "ken crlf one"
assert_contains "$T/dump1" "ken crlf two"
# A second sync reads nothing again and warns no more.
assert_status 0 "$CSC" sync > "$T/s2.out" 2> "$T/s2.err"
assert_contains "$T/s2.out" "events: no new segments"
assert_not_contains "$T/s2.err" "CRLF"
# doctor: a problem, with what to do, while the files are CRLF.
assert_status 1 "$CSC" doctor > "$T/doc1"
assert_contains "$T/doc1" "converted to CRLF line endings by git (core.autocrlf)"
assert_contains "$T/doc1" "events/** -text"

# The recovery, as the message says: init writes .gitattributes, commit it,
# then check events/ out again.
"$CSC" init "$T/ac" > "$T/init.out" 2>&1 || { cat "$T/init.out"; fail "init failed"; }
grep -qxF 'events/** -text' "$T/ac/.gitattributes" || fail ".gitattributes has no events/** -text"
(cd "$T/ac" && g add .gitattributes && g commit -qm "segments are not text" &&
  git rm --cached -r -q events && git checkout HEAD -- events) || fail "the recovery failed"
! grep -q "$(printf '\r')\$" "$KSEG" || fail "the recovery left CRLF in $KSEG"
"$CSC" doctor > "$T/doc2" 2>&1 || true
assert_not_contains "$T/doc2" "CRLF"

# After the fix: ken's next segment arrives as LF and imports without a word.
(cd "$T/ac" && g push -q origin HEAD:main) || fail "aiko's push failed"
(cd "$T/kc" && g pull -q --no-rebase origin main) || fail "ken's pull failed"
ken note ACC-0027 --kind call --summary "ken crlf three" > /dev/null 2>&1
ken sync > /dev/null 2>&1 || fail "ken's second sync failed"
(cd "$T/kc" && g add -A && g commit -qm "ken 2" && g push -q origin HEAD:main) || fail "ken's push failed"
(cd "$T/ac" && g pull -q --no-rebase origin main) || fail "aiko's pull failed"
! grep -rq "$(printf '\r')\$" "$T/ac/events" || fail "a segment is CRLF after the fix"
assert_status 0 "$CSC" sync > "$T/s3.out" 2> "$T/s3.err"
assert_contains "$T/s3.out" "1 new segment: 1 imported (1 new event)"
assert_not_contains "$T/s3.err" "CRLF"
"$CSC" dump | grep -qF "ken crlf three" || fail "ken's third note is missing"
echo ok
