# sync_pack.sh - packing keeps the shared folder small and changes nothing:
# ken writes 40 notes, one segment per sync; yuki imports the small files;
# ken's sync packs them (the rule: 32 or more own segments older than
# $CSCONSOLE_PACK_AGE, 7 days by default) into 2 packs and removes the small
# files; yuki's next sync reads nothing new and keeps the same dump; a new
# laptop's first sync reads the packs alone and gets the same dump; a pack
# killed before its small files went leaves both forms, which everyone
# reads once, and ken's next sync removes the leftovers (also when killed
# before the pack was recorded). Ken's events are never published twice.
# The team portfolio (every column) stays the same where the dump does.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book
rm -rf "$T/shared/events"
"$CSC" sync > /dev/null 2>&1 || fail "the first sync failed"
for who in ken yuki; do
  write_config "$who" "$T/shared" "$T/db/$who.db" > "$T/$who.yaml"
done
write_config yuki "$T/shared" "$T/db/laptop.db" > "$T/laptop.yaml"
as() { who=$1; shift; CSCONSOLE_NOW=2026-11-20T09:00:00Z "$CSC" --config "$T/$who.yaml" "$@"; }
files() { find "$T/shared/events/$KEN" -name '*.jsonl' | wc -l | tr -d ' '; }
events_in_files() { cat "$T/shared/events/$KEN"/*.jsonl | grep -c '"type":"note.add"'; }

as ken sync > /dev/null 2>&1 || true
i=1
while [ $i -le 40 ]; do
  as ken note ACC-00$((10 + i % 30)) --kind call --summary "call $i" > /dev/null 2>&1 || fail "note $i"
  as ken sync > /dev/null 2>&1 || fail "ken's sync $i"
  i=$((i + 1))
done
KEN=$(sqlite3 "$T/db/ken.db" "SELECT DISTINCT device FROM event WHERE own = 1")
[ "$(files)" -eq 40 ] || fail "ken's folder holds $(files) files, not 40"
as yuki sync > "$T/y1" 2>&1 || { cat "$T/y1"; fail "yuki's first sync"; }
as yuki dump > "$T/dump.before" || fail "yuki's dump"
# portfolio NAME WHO: WHO's team portfolio, every column, in $T/NAME.csv
portfolio() { as "$2" accounts --scope team --format csv > "$T/$1.csv" || fail "$2's portfolio"; }
same_portfolio() { cmp -s "$T/$1.csv" "$T/$2.csv" || { diff "$T/$1.csv" "$T/$2.csv" | head; fail "$1 and $2: the portfolio differs"; }; }
portfolio before yuki
[ "$(wc -l < "$T/before.csv")" -gt 40 ] || fail "yuki's team portfolio has $(wc -l < "$T/before.csv") lines"

# Young segments are not packed by a plain sync.
as ken sync > "$T/k0" 2>&1 || { cat "$T/k0"; fail "ken's sync"; }
assert_not_contains "$T/k0" "packed"
[ "$(files)" -eq 40 ] || fail "a sync packed segments younger than 7 days"

# Old enough: 40 small files become 2 packs (32 + 8: the binary counter).
CSCONSOLE_PACK_AGE=0 as ken sync > "$T/k1" 2>&1 || { cat "$T/k1"; fail "ken's packing sync"; }
assert_contains "$T/k1" "events: packed 40 own segments (40 events) into 2; this device's folder holds 2 files (was 40)"
[ "$(files)" -eq 2 ] || fail "ken's folder holds $(files) files after packing"
[ "$(events_in_files)" -eq 40 ] || fail "the packs hold $(events_in_files) notes, not 40"
ls "$T/shared/events/$KEN" | grep -qE '^pack-0000000001-0000000032-[0-9A-Z]{26}\.jsonl$' ||
  { ls "$T/shared/events/$KEN"; fail "no pack named for seqs 1..32"; }
ls "$T/shared/events/$KEN" | grep -qE '^pack-0000000033-0000000040-[0-9A-Z]{26}\.jsonl$' ||
  { ls "$T/shared/events/$KEN"; fail "no pack named for seqs 33..40"; }
[ -z "$(ls "$T/shared/tmp")" ] || { ls "$T/shared/tmp"; fail "packing left files in tmp/"; }
# Ken's own events point at the packs, and none went back to the outbox.
as ken sync > "$T/k2" 2>&1 || { cat "$T/k2"; fail "ken's sync after packing"; }
assert_contains "$T/k2" "events: nothing to publish"
assert_not_contains "$T/k2" "republished"
assert_not_contains "$T/k2" "packed"
[ "$(sqlite3 "$T/db/ken.db" "SELECT count(*) FROM event WHERE own = 1 AND segment LIKE '%/pack-%'")" -eq 40 ] ||
  fail "ken's events do not point at the packs"

# Yuki had the small files: nothing new, the same state.
as yuki sync > "$T/y2" 2>&1 || { cat "$T/y2"; fail "yuki's sync after the packing"; }
assert_contains "$T/y2" "events: 2 new segments: 2 imported (0 new events, 40 already here)"
as yuki dump > "$T/dump.after" || fail "yuki's dump"
cmp -s "$T/dump.before" "$T/dump.after" || { diff "$T/dump.before" "$T/dump.after"; fail "yuki's dump changed"; }
portfolio after yuki
same_portfolio before after
# A new laptop reads the packs alone: the same state.
as laptop sync > "$T/l1" 2>&1 || { cat "$T/l1"; fail "the new laptop's sync"; }
as laptop dump > "$T/dump.laptop" || fail "the laptop's dump"
cmp -s "$T/dump.before" "$T/dump.laptop" || { diff "$T/dump.before" "$T/dump.laptop"; fail "the laptop's dump differs"; }
portfolio laptop laptop
same_portfolio before laptop

# Killed between the pack and the removal: both forms, read once.
i=41
while [ $i -le 44 ]; do
  as ken note ACC-0020 --kind email --summary "mail $i" > /dev/null 2>&1 || fail "note $i"
  as ken sync > /dev/null 2>&1 || fail "ken's sync $i"
  i=$((i + 1))
done
[ "$(files)" -eq 6 ] || fail "ken's folder holds $(files) files, not 6"
CSCONSOLE_CRASH_AT=pack-before-remove as ken sync --pack > "$T/k3" 2>&1 && fail "the crash did not happen"
[ "$(files)" -eq 7 ] || { ls "$T/shared/events/$KEN"; fail "after the crash: $(files) files, not 7 (2 packs, 4 small, 1 new pack)"; }
as yuki sync > "$T/y3" 2>&1 || { cat "$T/y3"; fail "yuki's sync beside both forms"; }
assert_contains "$T/y3" "4 new events"
as yuki sync > "$T/y4" 2>&1 || { cat "$T/y4"; fail "yuki's second sync"; }
[ "$(sqlite3 "$T/db/yuki.db" "SELECT count(*) FROM event WHERE device = '$KEN'")" -eq 44 ] || fail "yuki does not hold ken's 44 events once"
as ken sync > "$T/k4" 2>&1 || { cat "$T/k4"; fail "ken's sync after the crash"; }
assert_contains "$T/k4" "removed 4 already packed"
assert_contains "$T/k4" "events: nothing to publish"
[ "$(files)" -eq 3 ] || { ls "$T/shared/events/$KEN"; fail "ken's folder holds $(files) files, not 3"; }
[ "$(events_in_files)" -eq 44 ] || fail "ken's folder holds $(events_in_files) notes, not 44, each once"
[ "$(sqlite3 "$T/db/ken.db" "SELECT count(*) FROM event WHERE own = 1 AND published = 0")" -eq 0 ] || fail "ken's outbox is not empty"
# Killed between the pack's rename and its record: the next sync reads the
# pack as its own (nothing new, nothing republished) and removes the small
# files it holds.
for i in 45 46; do
  as ken note ACC-0021 --kind chat --summary "chat $i" > /dev/null 2>&1 || fail "note $i"
  as ken sync > /dev/null 2>&1 || fail "ken's sync $i"
done
CSCONSOLE_CRASH_AT=pack-before-record as ken sync --pack > "$T/k5" 2>&1 && fail "the crash did not happen"
ls "$T/shared/events/$KEN" | grep -qE '^pack-0000000045-0000000046-' || { ls "$T/shared/events/$KEN"; fail "no pack of 45..46"; }
[ "$(files)" -eq 6 ] || { ls "$T/shared/events/$KEN"; fail "after the crash: $(files) files, not 6"; }
as ken sync > "$T/k6" 2>&1 || { cat "$T/k6"; fail "ken's sync after the second crash"; }
assert_contains "$T/k6" "events: 1 new segment: 1 imported (0 new events, 2 already here)"
assert_contains "$T/k6" "removed 2 already packed"
assert_contains "$T/k6" "events: nothing to publish"
[ "$(files)" -eq 4 ] || { ls "$T/shared/events/$KEN"; fail "ken's folder holds $(files) files, not 4"; }
[ "$(events_in_files)" -eq 46 ] || fail "ken's folder holds $(events_in_files) notes, not 46, each once"
[ "$(sqlite3 "$T/db/ken.db" "SELECT count(*) FROM event WHERE own = 1 AND published = 0")" -eq 0 ] || fail "ken's outbox is not empty"
as yuki sync > /dev/null 2>&1 || fail "yuki's last sync"
as yuki dump > "$T/dump.y" || fail "yuki's dump"
as ken dump > "$T/dump.k" || fail "ken's dump"
cmp -s "$T/dump.y" "$T/dump.k" || { diff "$T/dump.y" "$T/dump.k"; fail "ken and yuki differ"; }
echo ok
