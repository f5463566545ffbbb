# sync_git.sh - the scenario of sync_syncthing.sh (real_scenario in
# tests/lib.sh) with a git remote as the transport: a bare repository, three
# clones, and the workflow docs/sync.md gives ("Setting up the shared
# directory", git): pull --rebase, csconsole sync, commit the new segments,
# push. yuki's clone has core.autocrlf=true (Git for Windows' default); the
# .gitattributes the first user commits (events/** -text) keeps its segments
# byte for byte, so it converges with the others.
# Part 2: without that .gitattributes, yuki's sync must say what to do.
. "$(dirname "$0")/../lib.sh"

git_require
WHO="aiko ken yuki"
git init -q --bare "$T/team.git"

# --- the first user sets the repository up --------------------------------------------
git_clone "$T/team.git" "$T/aiko/team" aiko 2>/dev/null
cp -R "$CSC_ROOT/sample-data/." "$T/aiko/team/"
printf 'tmp/\n' > "$T/aiko/team/.gitignore"
printf 'events/** -text\n' > "$T/aiko/team/.gitattributes"
git -C "$T/aiko/team" add -A
git -C "$T/aiko/team" commit -q -m "Team directory for csconsole"
git -C "$T/aiko/team" push -q -u origin HEAD 2>/dev/null || fail "the first push failed"
sample=$(real_ids "$T/aiko/team" | wc -l)
[ "$sample" -gt 50 ] || fail "the sample book has only $sample events"

# --- the others join: clone, configure --------------------------------------------------
git_clone "$T/team.git" "$T/ken/team" ken
git_clone "$T/team.git" "$T/yuki/team" yuki -c core.autocrlf=true
for w in $WHO; do write_config "$w" "$T/$w/team" "$T/db/$w.db" > "$T/$w.yaml"; done
# autocrlf is at work in yuki's clone (its feeds have CRLF line ends), but not on segments.
cr=$(printf '\r')
grep -q "$cr" "$T/yuki/team/feeds/team.yaml" || fail "core.autocrlf=true did not convert yuki's checkout"
! grep -q "$cr" "$T/aiko/team/feeds/team.yaml" || fail "aiko's checkout has CRLF"
[ -z "$(find "$T/yuki/team/events" -name '*.jsonl' -exec grep -l "$cr" {} +)" ] ||
  fail ".gitattributes did not keep yuki's segments as they are"

# real_sync WHO: the documented workflow, once.
real_sync() { git_sync "$T/$1/team" "$1"; }
# real_converge: everyone runs the workflow in turn until every clone is at
# the remote's head and every device has imported every segment there.
real_converge() {
  _pass=0
  while :; do
    for w in $WHO; do real_sync "$w"; done
    _head=$(git -C "$T/aiko/team" ls-remote -q origin HEAD | cut -f1)
    _same=1
    for w in $WHO; do [ "$(git -C "$T/$w/team" rev-parse HEAD)" = "$_head" ] || _same=0; done
    [ $_same = 1 ] && real_settled $WHO && return 0
    _pass=$((_pass + 1)); [ $_pass -lt 5 ] || fail "the clones did not converge in 5 passes"
  done
}

real_scenario "$sample"

# Nothing left behind: every clone clean (tmp/ ignored), yuki's segments still LF.
for w in $WHO; do
  [ -z "$(git -C "$T/$w/team" status --porcelain)" ] ||
    { git -C "$T/$w/team" status --short; fail "$w's clone has changes left"; }
done
[ -z "$(find "$T/yuki/team/events" -name '*.jsonl' -exec grep -l "$cr" {} +)" ] ||
  fail "yuki's clone has segments with CRLF"

# --- part 2: no .gitattributes; the autocrlf clone must be told what to do ----------------
git init -q --bare "$T/bare.git"
git_clone "$T/bare.git" "$T/p2/first" aiko 2>/dev/null
cp -R "$CSC_ROOT/sample-data/." "$T/p2/first/"
git -C "$T/p2/first" add -A
git -C "$T/p2/first" commit -q -m "Team directory, no .gitattributes"
git -C "$T/p2/first" push -q -u origin HEAD 2>/dev/null || fail "part 2: the first push failed"
git_clone "$T/bare.git" "$T/p2/win" yuki -c core.autocrlf=true
[ -n "$(find "$T/p2/win/events" -name '*.jsonl' -exec grep -l "$cr" {} +)" ] ||
  fail "part 2: core.autocrlf=true did not convert the segments"
write_config yuki "$T/p2/win" "$T/db/p2.db" > "$T/p2.yaml"
set +e; "$CSC" --config "$T/p2.yaml" sync > "$T/p2.out" 2>&1; set -e
if grep -qF ".gitattributes" "$T/p2.out"; then
  # Said, and the segments are still read (their CRs aside).
  assert_contains "$T/p2.out" "events/** -text"
  [ "$(sqlite3 "$T/db/p2.db" "SELECT count(*) FROM event")" -eq "$sample" ] ||
    fail "part 2: the CRLF segments were not imported"
else
  cat "$T/p2.out"
  fail "part 2: the CRLF segments' sync does not name .gitattributes"
fi
exit 0
