# sync_clocks.sh - three devices share one directory: aiko's clock is right,
# ken's is a day ahead, yuki's a year behind. They write interleaved events,
# including concurrent edits of one risk's status and one touchpoint's due
# day; after syncing in different orders all three hold every event and the
# same state (`csconsole dump` identical), and the skew is reported.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book
for who in aiko ken yuki; do
  write_config "$who" "$T/shared" "$T/db/$who.db" > "$T/$who.yaml"
done

# dev WHO ARGS...: runs csconsole as WHO's device, whose clock (and so its
# idea of today) is off by a fixed amount. Every call moves all clocks one
# minute on, as real time would.
minute=0
dev() {
  who=$1; shift
  minute=$((minute + 1))
  case $who in
    aiko) day=2026-11-23 ;;
    ken)  day=2026-11-24 ;;   # one day ahead
    yuki) day=2025-11-23 ;;   # one year behind
  esac
  now=$(date -u -d "$day 12:00 UTC + $minute minutes" +%Y-%m-%dT%H:%M:%SZ)
  CSCONSOLE_TODAY=$day CSCONSOLE_NOW=$now "$CSC" --config "$T/$who.yaml" "$@"
}
written=0   # events written by all devices, counted as they are
w() { dev "$@" || fail "csconsole $* failed"; written=$((written + 1)); }

# The sample book's own events (segments from several devices) travel too.
sample=$(find "$T/shared/events" -name '*.jsonl' -exec cat {} + 2>/dev/null | grep -c '"type":"' || true)
for who in aiko ken yuki; do dev $who sync > /dev/null; done

# --- interleaved writes --------------------------------------------------------------
w aiko note ACC-0001 --kind call --sentiment 4 --summary "aiko: QBR went well" > "$T/n1" 2>/dev/null
w aiko risk ACC-0002 --category champion_left --severity high --text "Sponsor left" > "$T/risk" 2>/dev/null
w aiko touch ACC-0003 --due 2026-12-01 --kind call > "$T/touch" 2>/dev/null
RISK=$(cat "$T/risk") TOUCH=$(cat "$T/touch")
dev aiko sync > /dev/null
w ken note ACC-0004 --kind meeting --summary "ken: kickoff" > "$T/n2" 2>/dev/null
dev ken sync > /dev/null
w yuki note ACC-0005 --kind email --summary "yuki: sent the deck" > "$T/n3" 2>/dev/null
dev yuki sync > /dev/null
w ken note ACC-0006 --kind chat --summary "ken: quick check" > "$T/n4" 2>/dev/null
# Everyone catches up, so the concurrent edits below share their base.
for who in aiko ken yuki aiko ken; do dev $who sync > /dev/null; done

# --- concurrent edits: nobody syncs in between --------------------------------------
w aiko risk --update "$RISK" --status resolved > /dev/null 2>&1
w ken risk --update "$RISK" --status open --text "Sponsor left; the new one is not convinced" > /dev/null 2>&1
w aiko touch --reschedule "$TOUCH" --due 2026-12-05 --reason "aiko moved it" > /dev/null 2>&1
w yuki touch --reschedule "$TOUCH" --due 2026-12-12 --reason "yuki moved it" > /dev/null 2>&1
w yuki note ACC-0007 --kind internal --summary "yuki: prep" > /dev/null 2>/dev/null

# --- sync in different orders until everyone has everything ----------------------------
dev yuki sync > "$T/sync.yuki" 2>&1
dev ken sync > /dev/null 2>&1
dev aiko sync > "$T/sync.aiko" 2>&1
dev yuki sync > /dev/null 2>&1
dev ken sync > /dev/null 2>&1

for who in aiko ken yuki; do
  dev $who dump > "$T/dump.$who"
  n=$(sqlite3 "$T/db/$who.db" "SELECT count(*) FROM event")
  [ "$n" -eq $((written + sample)) ] || fail "$who holds $n events: $written written + $sample of the sample"
done
cmp -s "$T/dump.aiko" "$T/dump.ken" || { diff "$T/dump.aiko" "$T/dump.ken" | head; fail "aiko and ken differ"; }
cmp -s "$T/dump.aiko" "$T/dump.yuki" || { diff "$T/dump.aiko" "$T/dump.yuki" | head; fail "aiko and yuki differ"; }
for f in n1 n2 n3 n4 risk touch; do assert_contains "$T/dump.aiko" "$(cat "$T/$f")"; done

# ken's clock is a day ahead, so his concurrent edit carries the later stamp
# and wins; both are listed as a conflict on every device.
[ "$(sqlite3 "$T/db/yuki.db" "SELECT status FROM risk WHERE id LIKE '%$RISK'")" = open ] ||
  fail "the day-ahead clock's status should win"
for who in aiko ken yuki; do dev $who conflicts > "$T/conflicts.$who"; done
cmp -s "$T/conflicts.aiko" "$T/conflicts.yuki" || fail "conflicts differ between devices"
line=$(grep -F "risk/$RISK" "$T/conflicts.aiko" | grep -F status) || { cat "$T/conflicts.aiko"; fail "no risk status conflict"; }
case "$line" in *"open (ken)"*"resolved (aiko)"*) ;; *) fail "risk conflict: $line";; esac
line=$(grep -F "touch/$TOUCH" "$T/conflicts.aiko" | grep -F due_day) || { cat "$T/conflicts.aiko"; fail "no touchpoint conflict"; }
case "$line" in *"(aiko)"*"(yuki)"* | *"(yuki)"*"(aiko)"*) ;; *) fail "touchpoint conflict: $line";; esac

# --- rebuild: the state rebuilt from the events equals the one built by syncs -----------
dev aiko rebuild > "$T/rebuild" 2> "$T/rebuild.err" || { cat "$T/rebuild" "$T/rebuild.err"; fail "rebuild"; }
assert_contains "$T/rebuild" "state rebuilt from $((written + sample)) events (0 of them waiting in the outbox)"
dev aiko dump > "$T/dump.rebuilt"
cmp -s "$T/dump.aiko" "$T/dump.rebuilt" || { diff "$T/dump.aiko" "$T/dump.rebuilt" | head; fail "rebuild changed the state"; }
# So does a new device's, built by one sync from the shared directory alone.
write_config daniel "$T/shared" "$T/db/daniel.db" > "$T/daniel.yaml"
"$CSC" --config "$T/daniel.yaml" sync > /dev/null 2>&1
"$CSC" --config "$T/daniel.yaml" dump > "$T/dump.daniel"
cmp -s "$T/dump.aiko" "$T/dump.daniel" || { diff "$T/dump.aiko" "$T/dump.daniel" | head; fail "a fresh device differs"; }

# --- the skew is reported ----------------------------------------------------------------
ken_dev=$(sqlite3 "$T/db/ken.db" "SELECT DISTINCT device FROM event WHERE own = 1")
yuki_dev=$(sqlite3 "$T/db/yuki.db" "SELECT DISTINCT device FROM event WHERE own = 1")
dev aiko sync --status > "$T/status"
assert_contains "$T/status" "warning: the clock of device $ken_dev (ken) is about 1 day ahead of"
assert_contains "$T/status" "warning: the clock of device $yuki_dev (yuki) is about 365 days behind"
# ... and aiko's own clock is not blamed.
aiko_dev=$(sqlite3 "$T/db/aiko.db" "SELECT DISTINCT device FROM event WHERE own = 1")
assert_not_contains "$T/status" "device $aiko_dev (aiko) is about"
# The syncs that imported those segments said so too.
cat "$T/sync.yuki" "$T/sync.aiko" > "$T/syncs"
assert_contains "$T/syncs" "the clock of device $ken_dev (ken) is about"
exit 0
