#!/bin/sh
# tools/bench.sh BUILD - `make bench`: sync and console timings at scale, as figures.
# For each scale (medium, large; BENCH_SCALES overrides) it generates a book
# with BUILD/tools/gen-book into BUILD/bench/SCALE/shared (reused when the
# generator and its arguments are unchanged), then measures with
# BUILD/tools/peakrss:
#   cold   csconsole sync on a fresh database
#   no-op  the same sync again (every file unchanged)
#   floor  the sqlite3 command-line tool importing the same metric CSV files
#          into a bare table (rowid, rollback journal, no key), in the same
#          run, as the lower bound
#   fair   the same rows imported by sqlite3 the way csconsole stores them:
#          a keyed WITHOUT ROWID table (account, metric, day), WAL and
#          synchronous=FULL (csconsole also imports the accounts and computes
#          the health pass: the fair floor is still the metrics alone)
# and prints one table; then `csconsole health --recompute --weeks 52` on
# the synced database: a year of weekly computed snapshots for every account,
# beside its floor: sqlite3 copying the same snapshots into the same keyed
# health table (WAL, synchronous=FULL) of a fresh database. Every row says
# the CPUs it ran on and the 1-minute load average when it started, so a
# noisy run shows.
#
# Then the console, on each scale's synced database (the same config): the
# first paint and the redraw after each kind of key (move, page, sort by
# health, a band filter, a search keystroke, switching to the whole team),
# in the opening scope and in the team, the switch to the team pressed at
# once after opening (it shows the team's first rows, which the background
# fetch finds first), then a sort and the last row there (they wait for
# every row), and peak memory, as measured by
# BUILD/tools/bench-tui drawing into /dev/null at 200x50 (one table per
# scale; goals beside the figures: first paint < 150 ms, keys < 16 ms, the
# switch to the team right after opening < 50 ms, memory
# < 100 MB).
#
# Then the team lead's agenda: `csconsole agenda --scope team` (csv, to
# /dev/null: wall and user CPU seconds, peakrss's fourth figure) on each
# scale's synced database, beside Taskwarrior's `task next` over 10,000
# pending tasks shaped like a CSM's follow-ups (a project per account, tags,
# priority, due dates spread over three months, 0-2 annotations, no
# dependencies), generated with a fixed seed in BUILD/bench/taskwarrior: the
# issue's anchor for "fast". The two alternate, BENCH_AGENDA_RUNS (5) runs
# each, so that both see the same load on a shared machine; the medians, the
# ratios, the CPUs and the load average at the start are printed. Taskwarrior
# is installed (apt-get install taskwarrior) when missing and running as
# root; otherwise that column says so.
#
# Then packing: a new laptop's first sync of a year of a 50-CSM team, before
# and after packing (the section's own comment below says how).
#
# Then team events (one table): for each count in BENCH_SEGMENTS (a list,
# default "2000 10000 50000"; 0 skips), a book of BENCH_EVENTS_SCALE
# (medium) with that many segments from BENCH_DEVICES (200) devices, in
# BUILD/bench/events-N/shared. The feeds are imported first with events/ set
# aside (feeds s); from a copy of that database, the cold sync of the events,
# the events phase alone (ingest) and its floor (bench-eventfloor: the same
# events into the same event table and indexes in one transaction) are timed
# BENCH_EVENT_RUNS (3) times each, and the medians printed with the ratios,
# user CPU, peak memory and the database bytes per event beside the floor's
# and the segments'. Then a no-op sync, and, when strace(1) is installed, one
# more no-op sync under `strace -f -e trace=openat` counts the segment files
# it opens (the protocol says none), the device folders it lists and the feed
# files it opens (none: an unchanged feed is recognised by its size and
# mtime). Nothing passes or fails on the figures.
set -eu

if [ $# -ne 1 ]; then
  echo "usage: sh tools/bench.sh BUILD" >&2
  exit 2
fi
# Absolute paths: the config resolves relative paths against its own folder.
B=$(cd "$1" && pwd)
BIN=$B/csconsole GEN=$B/tools/gen-book PEAK=$B/tools/peakrss TUI=$B/tools/bench-tui
SCALES=${BENCH_SCALES:-medium large}
EV_SCALE=${BENCH_EVENTS_SCALE:-medium}
EV_SEGMENTS=${BENCH_SEGMENTS:-2000 10000 50000}
EV_DEVICES=${BENCH_DEVICES:-200}
SEED=1
ANCHOR=2026-11-23
# The generated books are anchored on a fixed day; pin today to it.
export CSCONSOLE_TODAY=$ANCHOR
# A book generated just now is complete: no settle wait before importing it.
export CSCONSOLE_SETTLE_SECONDS=0

for f in "$BIN" "$GEN" "$PEAK" "$TUI"; do
  [ -x "$f" ] || { echo "bench: $f is missing; run make first" >&2; exit 1; }
done
command -v sqlite3 >/dev/null ||
  { echo "bench: the sqlite3 command-line tool is needed for the floor: apt-get install sqlite3" >&2; exit 1; }

# Figures from a peakrss -o file: "WALL KIB STATUS USER SYS".
wall() { cut -d' ' -f1 "$1"; }
user() { cut -d' ' -f4 "$1"; }
rss_mib() { awk '{ printf "%.0f", $2 / 1024 }' "$1"; }
status() { cut -d' ' -f3 "$1"; }

rows=""
health_rows=""
cpus=$(nproc 2>/dev/null || echo '?')
# The 1-minute load average now (a run beside other work shows as > CPUs).
load() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?'; }
agenda_rows=""
report_rows=""
# The median wall time of PREFIX.1.txt .. PREFIX.3.txt (peakrss -o files).
median3() { for r in 1 2 3; do wall "$1.$r.txt"; done | sort -n | sed -n 2p; }
# The median user CPU time of the same files.
median3_user() { for r in 1 2 3; do user "$1.$r.txt"; done | sort -n | sed -n 2p; }
# medianN FIELD PREFIX N: the median of FIELD (wall or user) over PREFIX.1.txt .. PREFIX.N.txt.
medianN() { r=1; while [ "$r" -le "$3" ]; do "$1" "$2.$r.txt"; r=$((r + 1)); done | sort -n |
  awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
AGENDA_RUNS=${BENCH_AGENDA_RUNS:-5}

# ---- Taskwarrior's `task next` over 10,000 tasks, the agenda's anchor -----------
# Set up before the scales: each scale's agenda runs alternate with task next.
tw=$B/bench/taskwarrior
tw_ok=""
if ! command -v task >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "bench: installing taskwarrior for the agenda's anchor"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends taskwarrior > /dev/null 2>&1 || true
fi
if command -v task >/dev/null 2>&1; then
  rm -rf "$tw"
  mkdir -p "$tw/data"
  printf 'data.location=%s\nconfirmation=off\nverbose=nothing\n' "$tw/data" > "$tw/rc"
  # 10,000 pending tasks; a linear congruential generator keeps them the same run to run
  awk -v anchor="$(date -u -d "$ANCHOR" +%s)" 'BEGIN {
    seed = 1; split("renewal,qbr exec,onboarding,risk escalation,", tagset, ",")
    for (i = 0; i < 10000; i++) {
      uuid = sprintf("%08x-%04x-4%03x-8%03x-%04x%08x", i, rnd(65536), rnd(4096), rnd(4096), rnd(65536), rnd(2^31))
      entry = anchor - 86400 * 30 + i; due = anchor + 86400 * (rnd(91) - 30)
      line = sprintf("[description:\"Follow up with account %d about the renewal\" due:\"%d\" entry:\"%d\"" \
        " modified:\"%d\" priority:\"%s\" project:\"acct%d\" status:\"pending\"", i, due, entry, entry,
        substr("HML", rnd(3) + 1, 1), rnd(500) + 1)
      t = tagset[rnd(5) + 1]; if (t != "") { gsub(/ /, ",", t); line = line " tags:\"" t "\"" }
      n = rnd(3)
      for (k = 0; k < n; k++)
        line = line sprintf(" annotation_%d:\"Call notes %d: the customer asked about pricing\"", entry + k, k)
      print line " uuid:\"" uuid "\"]"
    }
  }
  function rnd(n) { seed = (seed * 1103515245 + 12345) % 2147483648; return int(seed / 2147483648 * n) }' \
    > "$tw/data/pending.data"
  : > "$tw/data/completed.data"
  task rc:"$tw/rc" next > /dev/null 2>&1 || true     # a first run settles its files
  tw_tasks=$(task rc:"$tw/rc" count 2>/dev/null || echo '?')
  tw_ok=1
fi

# fresh_config: sets cfg and db for the book in $dir/$shared (me = its first
# CSM) and removes any database left from an earlier run: every sync starts cold.
fresh_config() {
  me=$(sed -n 's/^  - handle: *//p' "$shared/feeds/team.yaml" | head -n 1)
  cfg=$dir/csconsole.yaml
  db=$dir/csconsole.db
  printf 'me: %s\nshared_dir: "%s"\ndatabase: "%s"\n' "$me" "$shared" "$db" > "$cfg"
  rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
}

for scale in $SCALES; do
  dir=$B/bench/$scale
  shared=$dir/shared
  stamp="gen-book $(cksum < "$GEN" | cut -d' ' -f1) --scale $scale --seed $SEED --anchor $ANCHOR"
  if [ -f "$dir/STAMP" ] && [ "$(cat "$dir/STAMP")" = "$stamp" ]; then
    echo "bench: $scale: reusing the book in $shared"
  else
    echo "bench: $scale: generating the book in $shared"
    rm -rf "$dir"
    mkdir -p "$dir"
    "$GEN" --scale "$scale" --seed "$SEED" --anchor "$ANCHOR" --out "$shared"
    echo "$stamp" > "$dir/STAMP"
  fi

  fresh_config

  echo "bench: $scale: cold sync"
  cold_load=$(load)
  "$PEAK" -o "$dir/cold.txt" "$BIN" --config "$cfg" sync > "$dir/cold.log" 2>&1 || true
  echo "bench: $scale: no-op sync"
  "$PEAK" -o "$dir/noop.txt" "$BIN" --config "$cfg" sync > "$dir/noop.log" 2>&1 || true

  echo "bench: $scale: health --recompute (a year of weekly snapshots)"
  recompute_load=$(load)
  "$PEAK" -o "$dir/recompute.txt" "$BIN" --config "$cfg" health --recompute --weeks 52 \
    > "$dir/recompute.log" 2>&1 || true

  echo "bench: $scale: floor (sqlite3 .import of the metric CSV files)"
  floor=$dir/floor.db
  rm -f "$floor" "$floor-journal"
  {
    echo "CREATE TABLE metric (account TEXT, date TEXT, metric TEXT, value REAL);"
    echo ".mode csv"
    for f in "$shared"/feeds/metrics/*.csv; do
      # Skip the "# generated_at" line and the header line.
      echo ".import --skip 2 '$f' metric"
    done
  } > "$dir/floor.sql"
  "$PEAK" -o "$dir/floor.txt" sqlite3 -bail "$floor" ".read '$dir/floor.sql'" > "$dir/floor.log" 2>&1 || true

  echo "bench: $scale: fair floor (sqlite3 .import into a keyed WITHOUT ROWID table, WAL, synchronous=FULL)"
  fair=$dir/fair.db
  rm -f "$fair" "$fair-wal" "$fair-shm" "$fair-journal"
  {
    echo "PRAGMA journal_mode = WAL;"
    echo "PRAGMA synchronous = FULL;"
    # the CSV's column order (account, date, metric, value), csconsole's key
    echo "CREATE TABLE metric (account_id TEXT, day TEXT, metric_id TEXT, value REAL,"
    echo "  PRIMARY KEY (account_id, metric_id, day)) WITHOUT ROWID;"
    echo ".mode csv"
    for f in "$shared"/feeds/metrics/*.csv; do
      echo ".import --skip 2 '$f' metric"
    done
  } > "$dir/fair.sql"
  "$PEAK" -o "$dir/fair.txt" sqlite3 -bail "$fair" ".read '$dir/fair.sql'" > "$dir/fair.log" 2>&1 || true

  echo "bench: $scale: health floor (sqlite3 copying the recomputed snapshots into a keyed table)"
  hfloor=$dir/health-floor.db
  rm -f "$hfloor" "$hfloor-wal" "$hfloor-shm" "$hfloor-journal"
  {
    echo "PRAGMA journal_mode = WAL;"
    echo "PRAGMA synchronous = FULL;"
    echo "CREATE TABLE health (account_id INTEGER NOT NULL, source TEXT NOT NULL, day INTEGER NOT NULL,"
    echo "  score REAL NOT NULL, model INTEGER, PRIMARY KEY (account_id, source, day)) WITHOUT ROWID;"
    echo "ATTACH '$db' AS src;"
    echo "INSERT INTO health SELECT account_id, source, day, score, model FROM src.health WHERE source = 'model';"
  } > "$dir/health-floor.sql"
  "$PEAK" -o "$dir/health-floor.txt" sqlite3 -bail "$hfloor" ".read '$dir/health-floor.sql'" \
    > "$dir/health-floor.log" 2>&1 || true

  echo "bench: $scale: console (first paint, keys, memory)"
  tui_rc=0
  "$TUI" --config "$cfg" > "$dir/tui.txt" 2> "$dir/tui.log" || tui_rc=$?
  echo "$tui_rc" > "$dir/tui.status"

  echo "bench: $scale: agenda --scope team ($AGENDA_RUNS runs${tw_ok:+, each followed by task next})"
  agenda_load=$(load)
  "$BIN" --config "$cfg" agenda --scope team --no-mark --format csv > /dev/null 2>&1 || true   # settles the database
  run=1
  while [ "$run" -le "$AGENDA_RUNS" ]; do
    "$PEAK" -o "$dir/agenda.$run.txt" "$BIN" --config "$cfg" agenda --scope team --no-mark --format csv \
      > "$dir/agenda.csv" 2> "$dir/agenda.log" || true
    [ -z "$tw_ok" ] || "$PEAK" -o "$dir/next.$run.txt" task rc:"$tw/rc" next > "$tw/next.out" 2> "$tw/next.log" || true
    run=$((run + 1))
  done

  # The team lead's reports (issue 17) on a copy of the synced database
  # whose ARR history is given 11 earlier monthly rows per account (the ARR
  # moved by -6% to +6%), so retention has a year of history to read.
  echo "bench: $scale: report retention and report forecast (3 runs each)"
  rdb=$dir/report.db
  rm -f "$rdb" "$rdb-wal" "$rdb-shm"
  sqlite3 "$db" ".backup '$rdb'"
  sqlite3 "$rdb" "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 11)
    INSERT OR IGNORE INTO arr_history SELECT h.account_id, h.day - 30 * k.n,
    CAST(h.arr_minor * (1 + ((h.account_id + k.n) % 5 - 2) * 0.03) AS INTEGER), h.currency, NULL, NULL, 1
    FROM arr_history h, k"
  sed "s|^database: .*|database: \"$rdb\"|" "$cfg" > "$dir/report.yaml"
  printf 'reports: {currency: USD, rates: {JPY: 0.0067, EUR: 1.08}}\n' >> "$dir/report.yaml"
  report_load=$(load)
  for kind in retention forecast; do
    for run in 1 2 3; do
      "$PEAK" -o "$dir/$kind.$run.txt" "$BIN" --config "$dir/report.yaml" report "$kind" --format csv \
        > "$dir/$kind.csv" 2> "$dir/$kind.log" || true
    done
  done
  report_rows="$report_rows$scale $(sqlite3 "$rdb" "SELECT count(*) FROM account WHERE active = 1") $(sqlite3 "$rdb" "SELECT count(*) FROM arr_history") $(median3 "$dir/retention") $(median3_user "$dir/retention") $(median3 "$dir/forecast") $(median3_user "$dir/forecast") $(($(wc -l < "$dir/forecast.csv") - 1)) $cpus $report_load $(status "$dir/retention.1.txt")/$(status "$dir/forecast.1.txt")
"

  for step in cold noop recompute floor fair health-floor agenda.1 retention.1 forecast.1; do
    if [ "$(status "$dir/$step.txt")" -ne 0 ]; then
      echo "bench: $scale: $step exited with status $(status "$dir/$step.txt"); the end of $dir/$step.log:" >&2
      tail -n 5 "$dir/$step.log" >&2
    fi
  done
  accounts=$(($(wc -l < "$shared/feeds/accounts.csv") - 2))
  metric_rows=$(sqlite3 "$floor" "SELECT count(*) FROM metric")
  feed_mib=$(du -sk "$shared/feeds" | awk '{ printf "%.0f", $1 / 1024 }')
  db_mib=$(du -ck "$db"* 2>/dev/null | tail -n 1 | awk '{ printf "%.0f", $1 / 1024 }')
  rows="$rows$scale $accounts $metric_rows $feed_mib $(wall "$dir/cold.txt") $(wall "$dir/noop.txt") $(rss_mib "$dir/cold.txt") $db_mib $(wall "$dir/floor.txt") $(wall "$dir/fair.txt") $cpus $cold_load $(status "$dir/cold.txt")/$(status "$dir/noop.txt")
"
  snaps=$(sed -n 's/^recomputed .*: \([0-9,]*\) snapshots.*/\1/p' "$dir/recompute.log")
  health_rows="$health_rows$scale $accounts ${snaps:-?} $(wall "$dir/recompute.txt") $(wall "$dir/health-floor.txt") $(rss_mib "$dir/recompute.txt") $cpus $recompute_load $(status "$dir/recompute.txt")
"
  entries=$(tail -n +2 "$dir/agenda.csv" | cut -d, -f1 | sort -u | wc -l)
  items=$(($(wc -l < "$dir/agenda.csv") - 1))
  if [ -n "$tw_ok" ]; then
    next_wall=$(medianN wall "$dir/next" "$AGENDA_RUNS") next_user=$(medianN user "$dir/next" "$AGENDA_RUNS")
  else
    next_wall=0 next_user=0
  fi
  agenda_rows="$agenda_rows$scale $accounts $entries $items $(medianN wall "$dir/agenda" "$AGENDA_RUNS") $(medianN user "$dir/agenda" "$AGENDA_RUNS") $(rss_mib "$dir/agenda.1.txt") $(status "$dir/agenda.1.txt") $next_wall $next_user $cpus $agenda_load
"
done

echo
echo "csconsole sync at scale ($cpus CPUs; seconds are wall time; floor: sqlite3 .import of the same metric CSV"
echo "into a bare table; fair: the same into a keyed WITHOUT ROWID table, WAL, synchronous=FULL; load: 1-min average at the start)"
printf '%s' "$rows" | awk '
  function r(a, b) { return b > 0 ? sprintf("%.2fx", a / b) : "-" }
  BEGIN { printf "%-7s %9s %11s %8s %8s %8s %8s %7s %8s %8s %8s %8s %4s %5s %5s\n",
          "scale", "accounts", "metric rows", "feed MiB", "cold s", "no-op s",
          "peak MiB", "db MiB", "floor s", "/floor", "fair s", "/fair", "CPUs", "load", "exit" }
  NF { printf "%-7s %9d %11d %8s %8.2f %8.2f %8s %7s %8.2f %8s %8.2f %8s %4s %5s %5s\n",
       $1, $2, $3, $4, $5, $6, $7, $8, $9, r($5, $9), $10, r($5, $10), $11, $12, $13 }'

echo
echo "health --recompute --weeks 52: a year of weekly computed snapshots, every account (seconds are wall time;"
echo "floor: sqlite3 copying the same snapshots into the same keyed health table of a fresh database, WAL, synchronous=FULL)"
printf '%s' "$health_rows" | awk '
  BEGIN { printf "%-7s %9s %11s %9s %9s %8s %9s %4s %5s %5s\n", "scale", "accounts", "snapshots", "wall s",
          "floor s", "/floor", "peak MiB", "CPUs", "load", "exit" }
  NF { r = $5 > 0 ? sprintf("%.2fx", $4 / $5) : "-"
       printf "%-7s %9d %11s %9.2f %9.2f %8s %9s %4s %5s %5s\n", $1, $2, $3, $4, $5, r, $6, $7, $8, $9 }'

echo
if [ -n "$tw_ok" ]; then
  echo "agenda --scope team (csv to /dev/null) beside Taskwarrior's task next over $tw_tasks tasks ($tw), run"
  echo "alternately, $AGENDA_RUNS runs each, medians; user: CPU seconds in user mode; the ratios: csconsole / task next"
else
  echo "agenda --scope team (csv to /dev/null, median of $AGENDA_RUNS); Taskwarrior's task next not measured: apt-get install taskwarrior"
fi
printf '%s' "$agenda_rows" | awk '
  function r(a, b) { return b > 0 ? sprintf("%.2fx", a / b) : "-" }
  BEGIN { printf "%-7s %9s %8s %7s %8s %8s %7s %8s %8s %7s %9s %4s %5s %5s\n", "scale", "accounts", "entries",
          "items", "wall s", "next s", "/next", "user s", "next u", "/next", "peak MiB", "CPUs", "load", "exit" }
  NF { printf "%-7s %9d %8d %7d %8.3f %8.3f %7s %8.3f %8.3f %7s %9s %4s %5s %5s\n", $1, $2, $3, $4, $5, $9,
       r($5, $9), $6, $10, r($6, $10), $7, $11, $12, $8 }'

echo
echo "the team lead's reports (csv to /dev/null, median of 3 runs; s: wall seconds, user: CPU seconds in user mode;"
echo "a year of ARR history per account; goal: each under 1 s wall; a load above the CPUs slows the wall time)"
printf '%s' "$report_rows" | awk '
  BEGIN { printf "%-7s %9s %10s %11s %7s %6s %10s %7s %6s %9s %4s %5s %5s\n", "scale", "accounts", "ARR rows",
          "retention s", "user", "goal", "forecast s", "user", "goal", "csv rows", "CPUs", "load", "exit" }
  NF { printf "%-7s %9d %10d %11.3f %7.3f %6s %10.3f %7.3f %6s %9d %4s %5s %5s\n", $1, $2, $3, $4, $5,
       $4 < 1 ? "< 1 s" : "MISSED", $6, $7, $6 < 1 ? "< 1 s" : "MISSED", $8, $9, $10, $11 }'

# ---- The console, per scale -----------------------------------------------------
for scale in $SCALES; do
  dir=$B/bench/$scale
  echo
  echo "csconsole console at scale $scale ($B/tools/bench-tui --config $dir/csconsole.yaml)"
  cat "$dir/tui.txt"
  if [ "$(cat "$dir/tui.status")" -ne 0 ]; then
    echo "bench: $scale: bench-tui exited with status $(cat "$dir/tui.status"):" >&2
    cat "$dir/tui.log" >&2
  fi
done

# ---- A shared folder that stays small: packing ---------------------------------
# A year of a BENCH_PACK_DEVICES (50) CSM team, BENCH_PACK_SEGMENTS (20000)
# segments over 365 days (gen-book --span 365), once as the devices wrote
# them and once as packing leaves each folder on the anchor day (gen-book
# --packed: pack.c's rule and writer). A new laptop's first sync of each
# (feeds of 1,000 accounts included, the same in both), BENCH_PACK_RUNS (3)
# runs alternating, medians of wall and user CPU time; the two dumps must be
# identical. BENCH_PACK_SEGMENTS=0 skips it.
PK_SEGMENTS=${BENCH_PACK_SEGMENTS:-20000}
PK_DEVICES=${BENCH_PACK_DEVICES:-50}
PK_RUNS=${BENCH_PACK_RUNS:-3}
if [ "$PK_SEGMENTS" -gt 0 ]; then
  pk=$B/bench/pack
  for form in small packed; do
    shared=$pk/$form/shared
    flag=""; [ "$form" = packed ] && flag=--packed
    stamp="gen-book $(cksum < "$GEN" | cut -d' ' -f1) --scale small --csms $PK_DEVICES --accounts 1000 --seed $SEED --anchor $ANCHOR --segments $PK_SEGMENTS --devices $PK_DEVICES --span 365 $flag"
    if [ -f "$pk/$form/STAMP" ] && [ "$(cat "$pk/$form/STAMP")" = "$stamp" ]; then
      echo "bench: pack: reusing the $form book in $shared"
    else
      echo "bench: pack: generating a year of $PK_DEVICES CSMs ($PK_SEGMENTS segments, $form) in $shared"
      rm -rf "$pk/$form"
      mkdir -p "$pk/$form"
      # shellcheck disable=SC2086
      "$GEN" --scale small --csms "$PK_DEVICES" --accounts 1000 --seed "$SEED" --anchor "$ANCHOR" \
        --segments "$PK_SEGMENTS" --devices "$PK_DEVICES" --span 365 $flag --out "$shared" > "$pk/$form/gen.log"
      echo "$stamp" > "$pk/$form/STAMP"
    fi
  done
  run=1
  while [ "$run" -le "$PK_RUNS" ]; do
    for form in small packed; do
      dir=$pk/$form shared=$pk/$form/shared
      fresh_config
      echo "bench: pack: a new laptop's first sync of the $form folder (run $run)"
      /usr/bin/time -f "%U" -o "$dir/user.$run.txt" \
        "$PEAK" -o "$dir/first.$run.txt" "$BIN" --config "$cfg" sync > "$dir/first.log" 2>&1 || true
      [ "$(status "$dir/first.$run.txt")" -eq 0 ] ||
        { echo "bench: pack: $form: the first sync exited with status $(status "$dir/first.$run.txt"):" >&2; tail -n 5 "$dir/first.log" >&2; }
    done
    run=$((run + 1))
  done
  for form in small packed; do
    dir=$pk/$form cfg=$pk/$form/csconsole.yaml
    "$BIN" --config "$cfg" dump > "$dir/dump.txt" 2>/dev/null || true
  done
  same=no
  cmp -s "$pk/small/dump.txt" "$pk/packed/dump.txt" && [ -s "$pk/small/dump.txt" ] && same=yes
  pack_rows=""
  for form in small packed; do
    dir=$pk/$form shared=$pk/$form/shared
    per=$(for d in "$shared"/events/*/; do find "$d" -name '*.jsonl' | wc -l; done | sort -n)
    files=$(echo "$per" | awk '{ t += $1 } END { print t }')
    fmin=$(echo "$per" | head -n 1) fmax=$(echo "$per" | tail -n 1)
    fmed=$(echo "$per" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    mib=$(find "$shared/events" -name '*.jsonl' -exec cat {} + | wc -c | awk '{ printf "%.1f", $1 / 1048576 }')
    wmed=$(for r in $(seq 1 "$PK_RUNS"); do wall "$dir/first.$r.txt"; done | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    umed=$(for r in $(seq 1 "$PK_RUNS"); do tail -n 1 "$dir/user.$r.txt"; done | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    pack_rows="$pack_rows$form $files $fmin $fmed $fmax $mib $wmed $umed $(rss_mib "$dir/first.1.txt")
"
  done
  echo
  echo "A shared folder that stays small: a year of a $PK_DEVICES-CSM team ($PK_SEGMENTS segments over 365 days),"
  echo "a new laptop's first sync (feeds of 1,000 accounts included), median of $PK_RUNS; $(nproc 2>/dev/null || echo '?') CPUs;"
  echo "small: as written; packed: as packing leaves it (docs/sync.md, Packing); the same dump: $same"
  printf '%s' "$pack_rows" | awk '
    BEGIN { printf "%-7s %7s %8s %8s %8s %8s %9s %9s %9s\n", "folder", "files", "min/dev", "med/dev",
            "max/dev", "MiB", "wall s", "user s", "peak MiB" }
    NF { printf "%-7s %7d %8d %8d %8d %8s %9.2f %9.2f %9s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }
    NF { w[NR] = $7; f[NR] = $2 }
    END { if (w[2] > 0 && f[2] > 0) printf "packing: %.0fx fewer files, first sync %.2fx faster\n", f[1] / f[2], w[1] / w[2] }'
fi

# ---- Team events ---------------------------------------------------------------
# For each count in BENCH_SEGMENTS (default "2000 10000 50000"; 0 skips), a
# BENCH_EVENTS_SCALE book with that many segments from BENCH_DEVICES devices
# in BUILD/bench/events-N/shared. The feeds are imported once with events/
# set aside (feeds s); that database is copied before every measurement, so
#   cold    times `csconsole sync` of the events on a database that has the
#           feeds (the events, then the health pass they call for)
#   ingest  the events phase alone (bench-eventfloor --ingest: events_ingest,
#           which refreshes the summaries its events change at its end; the
#           sync leaves that to its health pass, events_ingest_deferred)
#   floor   the same events read by the same reader and inserted into the
#           same event table and indexes in ONE transaction, nothing applied
#           (bench-eventfloor)
# each the median of BENCH_EVENT_RUNS (3) runs, with the cold sync's user
# CPU (and its ratio to the floor's: steadier than wall time on a shared
# machine); the checksums of what the cold sync computed (canonical dump,
# summaries, snapshots, flags: equal from build to build when an
# optimisation changes no result); then a no-op sync, and the database's bytes per event (the growth the
# events caused, WAL checkpointed) beside the floor's and the segments'.
EV_LIST=$EV_SEGMENTS
[ "$EV_LIST" != 0 ] || exit 0
EV_RUNS=${BENCH_EVENT_RUNS:-3}
FLOOR=$B/tools/bench-eventfloor
[ -x "$FLOOR" ] || { echo "bench: $FLOOR is missing; run make first" >&2; exit 1; }
# median FILES...: the median of the first field (wall s) of peakrss -o files,
# and the file it came from (for its other fields).
median_file() { for f in "$@"; do echo "$(wall "$f") $f"; done | sort -n | sed -n "$(( ($# + 1) / 2 ))p" | cut -d' ' -f2; }
checkpoint() { sqlite3 "$1" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null; }
ev_rows=""
proofs=""
for n in $EV_LIST; do
  dir=$B/bench/events-$n
  shared=$dir/shared
  devices=$EV_DEVICES
  [ "$devices" -le "$n" ] || devices=$n
  stamp="gen-book $(cksum < "$GEN" | cut -d' ' -f1) --scale $EV_SCALE --seed $SEED --anchor $ANCHOR --segments $n --devices $devices"
  if [ -f "$dir/STAMP" ] && [ "$(cat "$dir/STAMP")" = "$stamp" ]; then
    echo "bench: events $n: reusing the book in $shared"
  else
    echo "bench: events $n: generating a $EV_SCALE book with $n segments from $devices devices in $shared"
    rm -rf "$dir"
    mkdir -p "$dir"
    "$GEN" --scale "$EV_SCALE" --seed "$SEED" --anchor "$ANCHOR" --segments "$n" \
      --devices "$devices" --out "$shared" > "$dir/gen.log"
    echo "$stamp" > "$dir/STAMP"
  fi
  fresh_config

  # The feeds alone: events/ is moved aside (a rename: the segment files and
  # device folders keep their times) and back. The feed files are dated an
  # hour back first, as a CRM export is by the time a teammate's events
  # arrive: a file imported within seconds of being written has an mtime no
  # sync can trust yet, so the cold sync would read and hash every feed file
  # again (38 MB here), work the events' sync of a real book never does.
  find "$shared/feeds" -type f -exec touch -d '-1 hour' {} +
  echo "bench: events $n: importing the feeds alone (events/ set aside)"
  [ ! -e "$dir/events.aside" ] || { echo "bench: $dir/events.aside is left from an interrupted run; remove $dir" >&2; exit 1; }
  mv "$shared/events" "$dir/events.aside"
  "$PEAK" -o "$dir/feeds.txt" "$BIN" --config "$cfg" sync > "$dir/feeds.log" 2>&1 || true
  # A sync may create its own empty folders there; nothing else is in it.
  [ ! -e "$shared/events" ] || rm -r "$shared/events"
  mv "$dir/events.aside" "$shared/events"
  checkpoint "$db"
  cp "$db" "$dir/feeds.db"
  from_feeds() { rm -f "$db" "$db-wal" "$db-shm"; cp "$dir/feeds.db" "$db"; }

  rm -f "$dir"/cold.[0-9]*.txt "$dir"/ingest.[0-9]*.txt "$dir"/floor.[0-9]*.txt   # an earlier run's
  for run in $(seq "$EV_RUNS"); do
    echo "bench: events $n: cold sync, ingest alone, floor (run $run of $EV_RUNS)"
    from_feeds
    "$PEAK" -o "$dir/cold.$run.txt" "$BIN" --config "$cfg" sync > "$dir/cold.log" 2>&1 || true
    from_feeds
    "$PEAK" -o "$dir/ingest.$run.txt" "$FLOOR" --ingest "$db" "$shared" > "$dir/ingest.out" 2> "$dir/ingest.log" || true
    rm -f "$dir/floor.db" "$dir/floor.db-wal" "$dir/floor.db-shm"
    "$PEAK" -o "$dir/floor.$run.txt" "$FLOOR" "$dir/floor.db" "$shared" > "$dir/floor.out" 2> "$dir/floor.log" || true
  done
  # The database a cold sync leaves: its size, then a no-op sync on it.
  from_feeds
  "$BIN" --config "$cfg" sync > "$dir/cold.log" 2>&1 || true
  # What the cold sync computed, as checksums a run of another build must
  # match (an optimisation changes no result): the canonical dump, the
  # summaries, the weekly snapshots and the blind-spot flags.
  sums="dump $("$BIN" --config "$cfg" dump 2>/dev/null | cksum | cut -d' ' -f1)"
  for t in "account_summary ORDER BY crm_id" "health ORDER BY account_id, source, day" "account_flag ORDER BY crm_id"; do
    sums="$sums, ${t%% *} $(sqlite3 "$db" "SELECT * FROM $t" | cksum | cut -d' ' -f1)"
  done
  proofs="${proofs}$n segments: cold sync's checksums: $sums
"
  checkpoint "$db"
  checkpoint "$dir/floor.db"
  db_bytes=$(( $(stat -c %s "$db") - $(stat -c %s "$dir/feeds.db") ))
  floor_bytes=$(stat -c %s "$dir/floor.db")
  echo "bench: events $n: no-op sync"
  "$PEAK" -o "$dir/noop.txt" "$BIN" --config "$cfg" sync > "$dir/noop.log" 2>&1 || true
  cold=$(median_file "$dir"/cold.[0-9]*.txt)
  ingest=$(median_file "$dir"/ingest.[0-9]*.txt)
  floor=$(median_file "$dir"/floor.[0-9]*.txt)
  for step in "$dir/feeds.txt" "$cold" "$ingest" "$floor" "$dir/noop.txt"; do
    if [ "$(status "$step")" -ne 0 ]; then
      log=$(echo "$step" | sed 's/\.[0-9]*\.txt$/.log/; s/\.txt$/.log/')
      echo "bench: events $n: $(basename "$step") exited with status $(status "$step"); the end of $log:" >&2
      tail -n 5 "$log" >&2
    fi
  done
  if command -v strace >/dev/null; then
    strace -f -e trace=openat -o "$dir/strace.txt" "$BIN" --config "$cfg" sync > "$dir/strace.log" 2>&1 || true
    # openat lines naming a path under events/: segment files, device folders.
    opened=$(awk -v p="\"$shared/events/" 'index($0, p) && /\.jsonl"/' "$dir/strace.txt" | wc -l)
    listed=$(awk -v p="\"$shared/events/" 'index($0, p) && /O_DIRECTORY/' "$dir/strace.txt" | wc -l)
    # Feed files opened (read): an unchanged feed is only stat'ed.
    feeds=$(awk -v p="\"$shared/feeds/" 'index($0, p) && !/O_DIRECTORY/' "$dir/strace.txt" | wc -l)
    proofs="${proofs}$n segments: a no-op sync opened $opened segments, listed $listed of $devices device folders, opened $feeds feed files (strace -f -e trace=openat, $dir/strace.txt)
"
  else
    proofs="${proofs}$n segments: segments opened by a no-op sync not counted (strace is not installed: apt-get install strace)
"
  fi
  events=$(cut -d' ' -f1 "$dir/floor.out")
  seg_bytes=$(find "$shared/events" -type f -name '*.jsonl' -exec cat {} + | wc -c)
  ev_rows="$ev_rows$n $devices ${events:-0} $seg_bytes $(wall "$dir/feeds.txt") $(wall "$cold") $(user "$cold") $(wall "$ingest") $(user "$ingest") $(wall "$floor") $(user "$floor") $(wall "$dir/noop.txt") $(rss_mib "$cold") $db_bytes $floor_bytes $(status "$cold")/$(status "$ingest")/$(status "$floor")
"
done
accounts=$(($(wc -l < "$shared/feeds/accounts.csv") - 2))
echo
echo "csconsole sync of team events ($EV_SCALE book, $accounts accounts; $(nproc 2>/dev/null || echo '?') CPUs; seconds are wall time, median of $EV_RUNS,"
echo "user = user CPU s; cold: csconsole sync of the events on a database with the feeds (then its health pass); ingest: the events"
echo "phase alone; floor: the same events read and inserted into the same event table and indexes in one transaction;"
echo "user ratio: cold user / floor user; B/event: database bytes per event, beside the floor's and the segments')"
printf '%s' "$ev_rows" | awk '
  function ratio(a, b) { return b > 0 ? sprintf("%.1fx", a / b) : "-" }
  BEGIN { printf "%8s %7s %7s %7s %6s %6s %6s %6s %6s %6s %6s %11s %13s %10s %6s %6s %8s %8s %8s %7s\n",
          "segments", "devices", "events", "seg MiB", "feeds", "cold", "user", "ingest", "user", "floor",
          "user", "cold/floor", "ingest/floor", "user ratio", "no-op", "MiB", "B/event", "floor B", "seg B", "exit" }
  NF && $3 > 0 {
    printf "%8d %7d %7d %7.1f %6.2f %6.2f %6s %6.2f %6s %6.2f %6s %11s %13s %10s %6.2f %6s %8d %8d %8d %7s\n",
      $1, $2, $3, $4 / 1048576, $5, $6, $7, $8, $9, $10, $11, ratio($6, $10), ratio($8, $10), ratio($7, $11),
      $12, $13, $14 / $3, $15 / $3, $4 / $3, $16 }'
printf '%s' "$proofs"
