# sync_syncthing.sh - three CSMs, each on their own computer (database,
# configuration, --me) with their own copy of the team directory, which three
# real Syncthing instances keep in sync over loopback. They write notes,
# touchpoints and concurrent risk edits while `csconsole sync` runs on each
# (real_scenario in tests/lib.sh); once Syncthing and csconsole have settled,
# every device holds every event exactly once, the same state (`dump`) and
# the same conflict list. The set-up is the one docs/sync.md gives ("Setting
# up the shared directory", Syncthing), done through Syncthing's REST API.
. "$(dirname "$0")/../lib.sh"

trap 'st_stop_all; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
st_require
WHO="aiko ken yuki"
FOLDER=csconsole-team
for w in $WHO; do
  mkdir -p "$T/$w/team/.stfolder"
  printf '%s\n' '// csconsole: segments still being written' '/tmp' \
    '// conflict copies (csconsole ignores them; no need to spread them)' '*.sync-conflict-*' > "$T/$w/team/.stignore"
  write_config "$w" "$T/$w/team" "$T/db/$w.db" > "$T/$w.yaml"
done
# aiko's copy starts with the sample book (feeds and the team's past events).
cp -R "$CSC_ROOT/sample-data/." "$T/aiko/team/"
sample=$(real_ids "$T/aiko/team" | wc -l)
[ "$sample" -gt 50 ] || fail "the sample book has only $sample events"

for w in $WHO; do st_start "$w"; done
st_share "$FOLDER" $WHO
st_wait_in_sync 40 "$FOLDER" $WHO
for w in ken yuki; do
  diff -r -x .stfolder -x .stignore "$T/aiko/team" "$T/$w/team" > /dev/null ||
    fail "syncthing did not give $w the team directory"
done

# real_sync WHO: what a CSM does here: `csconsole sync`; Syncthing runs all along.
real_sync() {
  real_dev "$1" sync > "$T/sync.$1" 2>&1 || { cat "$T/sync.$1"; fail "$1: csconsole sync failed"; }
}
# real_converge: waits for Syncthing to have carried every file everywhere
# (its REST API, not a sleep), then syncs every device, until each has
# imported every segment and published everything.
real_converge() {
  _end=$(( $(date +%s) + 40 ))
  while :; do
    st_wait_in_sync 30 "$FOLDER" $WHO
    real_settled $WHO && return 0
    [ "$(date +%s)" -lt "$_end" ] || fail "the devices did not converge in 40 s"
    for w in $WHO; do real_sync "$w"; done
  done
}

real_scenario "$sample"

# Syncthing made no conflict copy, carried no csconsole temp file and left none of its own.
for w in $WHO; do
  [ -z "$(find "$T/$w/team" -name '*.sync-conflict-*')" ] || fail "syncthing made conflict copies on $w"
  [ -z "$(find "$T/$w/team" -name '.syncthing.*')" ] || fail "syncthing left temp files on $w"
done
exit 0
