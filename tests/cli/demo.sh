#!/bin/sh
# tools/demo.sh (make run) without a terminal: a shifted scratch copy of the
# sample book, a config for aiko, a synced database, the command to open the
# console printed; sample-data/ untouched; unsafe demo directories refused.
. "$CSC_ROOT/tests/lib.sh"
SHIFT="$CSC_BUILD/tools/sample-shift"
DEMO_SH="$CSC_ROOT/tools/demo.sh"
[ -x "$SHIFT" ] || fail "$SHIFT is missing (make all builds the tools)"
SRC="$CSC_ROOT/sample-data"
ANCHOR=$(cat "$SRC/ANCHOR")
D=$(realpath -m "$T/demo")   # demo.sh prints canonical paths
# The English book, whatever the locale running the tests (the Japanese demo
# is tests/cli/demo_ja.sh).
export DEMO_LANG=en

tree_sum() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum); }
plus() { date -u -d "$1 + $2 days" +%F; }
days_between() { echo $(( ($(date -u -d "$2" +%s) - $(date -u -d "$1" +%s)) / 86400 )); }
renewal_of() { awk -v id="$2" '$0 ~ "- id: " id "$" { f = 1 } f && /renewal_date:/ { print $2; exit }' "$1"; }
q() { sqlite3 "$D/csconsole.db" "$1"; }

git_status() {
  if git -C "$CSC_ROOT" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    git -C "$CSC_ROOT" status --porcelain -- sample-data
  else
    echo "(not a git checkout)"
  fi
}
src_before=$(tree_sum "$SRC")
git_before=$(git_status)

# check_demo TODAY: the state one demo run must leave behind.
check_demo() {
  today=$1
  [ "$rc" -eq 0 ] || { cat "$T/demo.out"; fail "demo.sh exited $rc (today $today)"; }
  # The command to open the console, with the config it wrote.
  assert_contains "$T/demo.out" "To open it:"
  grep -qxF "  $CSC --config $D/csconsole.yaml" "$T/demo.out" ||
    { cat "$T/demo.out"; fail "demo.sh did not print \"$CSC --config $D/csconsole.yaml\""; }
  [ -f "$D/csconsole.yaml" ] || fail "no $D/csconsole.yaml"
  grep -qx 'me: aiko' "$D/csconsole.yaml" || fail "the demo config is not for aiko: $(cat "$D/csconsole.yaml")"
  # The sync inside the demo went through cleanly.
  assert_contains "$T/demo.out" "sync: "
  assert_not_contains "$T/demo.out" "rejected"
  assert_not_contains "$T/demo.out" "sync exited"
  # The shifted book: ANCHOR is today, ACC-0002's renewal moved accordingly.
  [ -d "$D/shared/feeds" ] || fail "no $D/shared/feeds"
  [ "$(cat "$D/shared/ANCHOR")" = "$today" ] || fail "demo ANCHOR is \"$(cat "$D/shared/ANCHOR")\", expected today $today"
  n=$(days_between "$ANCHOR" "$today")
  want=$(plus "$(renewal_of "$SRC/feeds/accounts.yaml" ACC-0002)" "$n")
  got=$(renewal_of "$D/shared/feeds/accounts.yaml" ACC-0002)
  [ "$got" = "$want" ] || fail "demo ACC-0002 renewal_date $got, expected $want (shift $n days)"
  # The database holds the feed: every account and CSM, ACC-0002's renewal
  # (renewal_day counts days since 1970-01-01).
  [ -f "$D/csconsole.db" ] || fail "no database at $D/csconsole.db"
  want=$(grep -c '^  - id: ' "$D/shared/feeds/accounts.yaml")
  [ "$want" -gt 0 ] || fail "no accounts in the demo feed"
  [ "$(q 'SELECT count(*) FROM account')" -eq "$want" ] || fail "database has $(q 'SELECT count(*) FROM account') accounts, the feed $want"
  want=$(grep -c '^  - handle: ' "$D/shared/feeds/team.yaml")
  [ "$(q 'SELECT count(*) FROM csm')" -eq "$want" ] || fail "database has $(q 'SELECT count(*) FROM csm') CSMs, the feed $want"
  got=$(q "SELECT date(renewal_day * 86400, 'unixepoch') FROM account WHERE crm_id = 'ACC-0002'")
  [ "$got" = "$(renewal_of "$D/shared/feeds/accounts.yaml" ACC-0002)" ] || fail "database ACC-0002 renewal $got"
  # The printed config works for the other commands too.
  CSCONSOLE_TODAY=$today "$CSC" --config "$D/csconsole.yaml" accounts > "$T/accounts.out" 2>&1 ||
    { cat "$T/accounts.out"; fail "csconsole --config $D/csconsole.yaml accounts failed"; }
  assert_contains "$T/accounts.out" "ACC-0002"
  # The reports' ARR history: ACC-0008's June and September ARR, on those
  # days shifted like the book (sample-data/README.md, "The reports' stories").
  got=$(q "SELECT group_concat(date(h.day * 86400, 'unixepoch') || '=' || h.arr_minor, ' ') FROM arr_history h
           JOIN account a ON a.id = h.account_id WHERE a.crm_id = 'ACC-0008' ORDER BY h.day")
  [ "$got" = "$(plus 2026-06-01 "$n")=30000000 $(plus 2026-09-01 "$n")=34800000" ] ||
    fail "demo: ACC-0008's ARR history is \"$got\" (shift $n days)"
}

# 1. With the tests' pinned today (the anchor): nothing moves.
set +e; sh "$DEMO_SH" "$CSC" "$SHIFT" "$T/demo" < /dev/null > "$T/demo.out" 2>&1; rc=$?; set -e
check_demo "$CSCONSOLE_TODAY"
if [ "$CSCONSOLE_TODAY" = "$ANCHOR" ]; then
  # Beside the book: what the demo's own sync published (the playbook's
  # touchpoints go out with the sync that made them) and its tmp/ folder.
  own=$(q "SELECT DISTINCT device FROM event WHERE own = 1")
  diff -r -x tmp ${own:+-x "$own"} "$SRC" "$D/shared" > "$T/diff" 2>&1 ||
    { head -n 20 "$T/diff"; fail "a shift by 0 days changed the book"; }
fi

# 2. Again on another day, over the previous demo directory (it is recreated).
set +e; CSCONSOLE_TODAY=2027-01-15 sh "$DEMO_SH" "$CSC" "$SHIFT" "$T/demo" < /dev/null > "$T/demo.out" 2>&1; rc=$?; set -e
check_demo 2027-01-15
[ "$(days_between "$ANCHOR" 2027-01-15)" -ne 0 ] || fail "test setup: 2027-01-15 should differ from the anchor"
[ -f "$D/.csconsole-demo" ] || fail "the demo directory lost its marker"

# 3. Refusals. A directory with someone's files in it is left alone.
mkdir "$T/mine"; echo precious > "$T/mine/notes.txt"
set +e; sh "$DEMO_SH" "$CSC" "$SHIFT" "$T/mine" < /dev/null > "$T/out" 2>&1; rc=$?; set -e
[ "$rc" -ne 0 ] || fail "demo.sh took over a non-empty directory it did not make"
assert_contains "$T/out" "not empty"
[ "$(ls -A "$T/mine")" = notes.txt ] && [ "$(cat "$T/mine/notes.txt")" = precious ] || fail "demo.sh touched $T/mine"
# A missing binary: a message, no demo directory.
set +e; sh "$DEMO_SH" "$T/no-such-csconsole" "$SHIFT" "$T/demo2" < /dev/null > "$T/out" 2>&1; rc=$?; set -e
[ "$rc" -ne 0 ] || fail "demo.sh ran without a binary"
assert_contains "$T/out" "run make first"
[ ! -e "$T/demo2" ] || fail "demo.sh created $T/demo2 without a binary"
# The source tree and sample-data/ itself, tried on a scratch copy of the
# layout demo.sh finds through its own path (the real tree is never risked).
mkdir -p "$T/root/tools"
cp "$DEMO_SH" "$T/root/tools/demo.sh"
cp -R "$SRC" "$T/root/sample-data"
copy_before=$(tree_sum "$T/root")
for bad in "$T/root/sample-data/demo" "$T/root/sample-data" "$T/root"; do
  set +e; sh "$T/root/tools/demo.sh" "$CSC" "$SHIFT" "$bad" < /dev/null > "$T/out" 2>&1; rc=$?; set -e
  [ "$rc" -ne 0 ] || fail "demo.sh accepted DEMO_DIR=$bad"
  assert_contains "$T/out" "must not be the source tree or inside sample-data/"
  [ "$(tree_sum "$T/root")" = "$copy_before" ] || fail "demo.sh changed the tree with DEMO_DIR=$bad"
done
[ ! -e "$T/root/sample-data/demo" ] || fail "demo.sh created a directory inside sample-data/"
# The same tree reached through a symlink (a checkout under a linked home
# directory, say) is still recognised as the source tree.
ln -s "$T/root" "$T/link"
set +e; sh "$T/link/tools/demo.sh" "$CSC" "$SHIFT" "$T/link/sample-data/demo" < /dev/null > "$T/out" 2>&1; rc=$?; set -e
[ "$rc" -ne 0 ] || fail "demo.sh accepted DEMO_DIR=$T/link/sample-data/demo ($T/link -> $T/root)"
[ ! -e "$T/root/sample-data/demo" ] && [ "$(tree_sum "$T/root")" = "$copy_before" ] ||
  fail "demo.sh run as $T/link/tools/demo.sh ($T/link -> $T/root) wrote into sample-data/: $(find "$T/root/sample-data/demo" 2>/dev/null | tr '\n' ' ')(its ROOT comes from pwd, a logical path, DEMO_DIR from realpath, a physical one, so the inside-sample-data/ check never matches)"
assert_contains "$T/out" "must not be the source tree or inside sample-data/"

# sample-data/ was never modified: same bytes, same git status.
[ "$(tree_sum "$SRC")" = "$src_before" ] || fail "sample-data/ changed during the demo"
[ "$(git_status)" = "$git_before" ] || fail "git status of sample-data/ changed: $(git_status)"
[ -z "$(git_status)" ] || [ "$(git_status)" = "(not a git checkout)" ] ||
  fail "sample-data/ has uncommitted changes: $(git_status)"
exit 0
