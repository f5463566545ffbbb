#!/bin/sh
# tools/demo.sh BIN SHIFT DEMO_DIR - the `make run` flow.
# Recreates DEMO_DIR with a copy of sample-data/ whose dates are shifted so the
# book looks current (SHIFT = build/tools/sample-shift), writes a config for
# the sample's CSM (aiko), syncs, then opens the console. sample-data/ itself
# is never touched. When stdin is not a terminal it prints what it would open
# and exits 0 (so scripts and tests can run it).
#
# The demo's language: DEMO_LANG=ja or en, else Japanese when the locale asks
# for it (LANGUAGE, LC_ALL, LC_MESSAGES or LANG starting with "ja": `make run
# LANG=ja_JP.UTF-8`). In Japanese the team's English notes, risks and
# touchpoint texts are replaced by sample-data/ja/texts.jsonl (sample-shift
# --texts), the config says `language: ja` and the console runs with
# LANGUAGE=ja; a Japanese locale that is not installed falls back to C.UTF-8
# (the messages stay Japanese).
set -eu

if [ $# -ne 3 ]; then
  echo "usage: sh tools/demo.sh BIN SHIFT DEMO_DIR" >&2
  exit 2
fi
BIN=$1 SHIFT=$2 DEMO=$3
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
MARK=.csconsole-demo

for f in "$BIN" "$SHIFT"; do
  [ -x "$f" ] || { echo "demo: $f is missing; run make first" >&2; exit 1; }
done

# rm -rf only what is clearly a demo directory made by this script.
case $DEMO in
  "" | / | . | ..) echo "demo: refusing DEMO_DIR=\"$DEMO\"" >&2; exit 2 ;;
esac
DEMO=$(realpath -m -- "$DEMO")
case $DEMO/ in
  "$ROOT/" | "$ROOT/sample-data/"*) echo "demo: DEMO_DIR must not be the source tree or inside sample-data/" >&2; exit 2 ;;
esac
if [ -e "$DEMO" ]; then
  if [ ! -d "$DEMO" ]; then
    echo "demo: $DEMO exists and is not a directory; remove it or set DEMO_DIR" >&2
    exit 1
  fi
  if [ -n "$(ls -A "$DEMO")" ] && [ ! -f "$DEMO/$MARK" ]; then
    echo "demo: $DEMO is not empty and was not made by the demo; remove it or set DEMO_DIR" >&2
    exit 1
  fi
  rm -rf "$DEMO"
fi
mkdir -p "$DEMO"
: > "$DEMO/$MARK"

if [ -z "${DEMO_LANG:-}" ]; then
  DEMO_LANG=en
  for v in "${LANGUAGE:-}" "${LC_ALL:-}" "${LC_MESSAGES:-}" "${LANG:-}"; do
    [ -n "$v" ] || continue
    case $v in ja*) DEMO_LANG=ja ;; esac
    break
  done
fi
case $DEMO_LANG in
  en) TEXTS= ;;
  ja) TEXTS=$ROOT/sample-data/ja/texts.jsonl ;;
  *) echo "demo: DEMO_LANG=\"$DEMO_LANG\" is not a language of the demo; use ja or en" >&2; exit 2 ;;
esac
if [ "$DEMO_LANG" = ja ]; then
  export LANGUAGE=ja
  # A Japanese locale that is not installed would leave the terminal in
  # ASCII: C.UTF-8 draws Japanese (and LANGUAGE keeps the messages).
  if [ "$(locale charmap 2>/dev/null)" != UTF-8 ]; then
    echo "demo: the locale ${LC_ALL:-${LANG:-(none)}} is not installed; using C.UTF-8 with Japanese messages" >&2
    export LC_ALL=C.UTF-8
  fi
fi

"$SHIFT" "$ROOT/sample-data" "$DEMO/shared" ${TEXTS:+--texts "$TEXTS"} >/dev/null

# The reports' ARR history (sample-data/README.md, "The reports' stories"):
# the CRM exports of June and September, shifted like the book, imported on
# their days into the demo's database before the book itself.
TODAY=$(cat "$DEMO/shared/ANCHOR")
DELTA=$(( ($(date -u -d "$TODAY" +%s) - $(date -u -d "$(cat "$ROOT/sample-data/ANCHOR")" +%s)) / 86400 ))
for d in 2026-06-01 2026-09-01; do
  h=$DEMO/history/$d
  mkdir -p "$h/src/feeds"
  cp "$ROOT/sample-data/ANCHOR" "$h/src/"
  cp "$ROOT/sample-data/reports/accounts-$d.yaml" "$h/src/feeds/accounts.yaml"
  cp "$ROOT/sample-data/feeds/team.yaml" "$h/src/feeds/"
  "$SHIFT" "$h/src" "$h/shared" --today "$TODAY" > /dev/null
  printf 'me: aiko\nshared_dir: "%s"\ndatabase: "%s"\n' "$h/shared" "$DEMO/csconsole.db" > "$h/csconsole.yaml"
  CSCONSOLE_TODAY=$(date -u -d "$d + $DELTA days" +%F) "$BIN" --config "$h/csconsole.yaml" sync > "$h/sync.log" 2>&1 ||
    { cat "$h/sync.log" >&2; echo "demo: importing the CRM export of $d failed" >&2; exit 1; }
done

CFG=$DEMO/csconsole.yaml
cat > "$CFG" <<EOF
# The demo configuration written by tools/demo.sh (make run); recreated on
# every run. See csconsole.yaml in the source tree for every key.
me: aiko
shared_dir: "$DEMO/shared"
database: "$DEMO/csconsole.db"
# The demo's language (DEMO_LANG, or the locale when it is not set).
language: $DEMO_LANG
# The team lead's reports (docs/reports.md) in USD, at these rates.
reports: {currency: USD, rates: {JPY: 0.0067, EUR: 1.08}}
# A few playbook rules (docs/playbook.md), so the sync schedules touchpoints.
playbook:
  - {name: renewal_90, when: renewal, days: 90, due_before: 80}
  - {name: fell_red, when: band_drop, into: red}
  - {name: falling, when: score_drop, points: 15, weeks: 4}
  - {name: season, when: season, days: 45, kind: qbr, due_before: 30}
  - {name: new_champion, when: champion_changed, kind: meeting, due_in: 2}
  - {name: quiet, when: no_touch, grace: 7, kind: email}
EOF

echo "demo: the sample book is a scratch copy under $DEMO (dates moved to today; sample-data/ is untouched)"
[ "$DEMO_LANG" = en ] || echo "demo: in Japanese (DEMO_LANG=$DEMO_LANG): the team's notes from $TEXTS"

set +e
"$BIN" --config "$CFG" sync
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
  echo "demo: csconsole sync exited with status $rc" >&2
  [ "$rc" -le 1 ] || exit "$rc"
fi

if [ -t 0 ] && [ -t 1 ]; then
  exec "$BIN" --config "$CFG"
fi
echo "demo: not a terminal, so the console is not opened. To open it:"
echo "  $BIN --config $CFG"
exit 0
