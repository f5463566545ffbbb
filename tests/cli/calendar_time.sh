# calendar_time.sh - the iCalendar export's timed events and alarms: a
# touchpoint scheduled with --time is a timed VEVENT (DTSTART/DTEND in UTC,
# from the local time in TZ) with a VALARM whose trigger is
# calendar.alarm_minutes; untimed touchpoints stay all-day without an alarm;
# calendar.meeting_minutes sets the length; touch.schedule is written at
# version 2 only when it carries a time.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book
"$CSC" sync > /dev/null 2>&1 || fail "the first sync failed"
# the feed's first account, which aiko owns (main)
ACC=$(sed -n 's/^  - id: //p' "$T/shared/feeds/accounts.yaml" | head -n 1)
sed -n '/^  - id: '"$ACC"'$/,/^  - id: /p' "$T/shared/feeds/accounts.yaml" | grep -qx "    main_owner: aiko" ||
  fail "the feed's first account ($ACC) is aiko's"

"$CSC" touch "$ACC" --due 2026-11-30 --time 14:30 --kind call --note "QBR prep" > "$T/t1" 2>&1 ||
  { cat "$T/t1"; fail "touch --time"; }
assert_contains "$T/t1" "scheduled for 2026-11-30 at 14:30"
TIMED=$(head -n 1 "$T/t1")
"$CSC" touch "$ACC" --due 2026-12-01 --kind email > "$T/t2" 2>&1 || { cat "$T/t2"; fail "touch without --time"; }
PLAIN=$(head -n 1 "$T/t2")
# "9:05" is read as 09:05
"$CSC" touch "$ACC" --due 2026-12-02 --time 9:05 > "$T/t3" 2>&1 || { cat "$T/t3"; fail "touch --time 9:05"; }
EARLY=$(head -n 1 "$T/t3")

# Refusals: not a time, and --time where it does not belong.
for bad in 24:00 14:60 1430 14:3 x; do
  assert_status 2 "$CSC" touch "$ACC" --due 2026-11-30 --time "$bad" 2> "$T/bad"
  assert_contains "$T/bad" "give a time of day HH:MM"
done
assert_status 2 "$CSC" touch --done "$TIMED" --time 10:00 2> "$T/bad"
assert_contains "$T/bad" "--time does not apply to --done"

# The events: version 2 with the time, version 1 without one.
db="$T/db/csconsole.db"
[ "$(sqlite3 "$db" "SELECT version || ' ' || json_extract(data, '\$.time') FROM event WHERE entity = 'touch/$TIMED'")" = "2 14:30" ] ||
  fail "the timed touch.schedule is version 2 with its time"
[ "$(sqlite3 "$db" "SELECT version || ' ' || coalesce(json_extract(data, '\$.time'), '-') FROM event WHERE entity = 'touch/$PLAIN'")" = "1 -" ] ||
  fail "an untimed touch.schedule is version 1, without a time"
[ "$(sqlite3 "$db" "SELECT time FROM touchpoint WHERE id = '$EARLY'")" = "09:05" ] || fail "9:05 stored as 09:05"

unfold() { tr -d '\r' < "$1" | awk 'NR > 1 && /^ / { cur = cur substr($0, 2); next } NR > 1 { print cur } { cur = $0 } END { print cur }'; }
# vevent FILE UID: the lines of that VEVENT, BEGIN to END
vevent() { awk -v uid="UID:touch-$2@csconsole" '/^BEGIN:VEVENT$/ { buf = ""; keep = 0 }
  { buf = buf $0 "\n" } $0 == uid { keep = 1 } /^END:VEVENT$/ && keep { printf "%s", buf; keep = 0 }' "$1"; }

"$CSC" agenda --format ics > "$T/c1.ics" || fail "agenda --format ics"
unfold "$T/c1.ics" > "$T/c1.txt"
vevent "$T/c1.txt" "$TIMED" > "$T/timed"
[ -s "$T/timed" ] || { cat "$T/c1.txt"; fail "no VEVENT for the timed touchpoint"; }
cat > "$T/want" <<ICS
DTSTART:20261130T143000Z
DTEND:20261130T150000Z
TRANSP:OPAQUE
BEGIN:VALARM
ACTION:DISPLAY
TRIGGER:-PT15M
END:VALARM
ICS
grep -E '^(DTSTART|DTEND|TRANSP|BEGIN:VALARM|ACTION|TRIGGER|END:VALARM)' "$T/timed" > "$T/got"
diff -u "$T/want" "$T/got" || fail "the timed touchpoint's VEVENT (want, got)"
vevent "$T/c1.txt" "$PLAIN" > "$T/plain"
grep -qx "DTSTART;VALUE=DATE:20261201" "$T/plain" || { cat "$T/plain"; fail "the untimed touchpoint stays all-day"; }
grep -qx "DTEND;VALUE=DATE:20261202" "$T/plain" || { cat "$T/plain"; fail "the all-day event ends the next day"; }
assert_not_contains "$T/plain" "VALARM"
grep -qx "TRANSP:TRANSPARENT" "$T/plain" || fail "an all-day touchpoint is not busy time"
vevent "$T/c1.txt" "$EARLY" | grep -qx "DTSTART:20261202T090500Z" || fail "09:05 starts at 090500Z"
# an alarm only where there is a time: one per timed touchpoint
[ "$(grep -c '^BEGIN:VALARM$' "$T/c1.txt")" -eq 2 ] || fail "two alarms, for the two timed touchpoints"
# every line still at most 75 octets, CRLF
[ "$(LC_ALL=C awk '!/\r$/' "$T/c1.ics" | wc -l)" -eq 0 ] || fail "a line without CRLF"
[ "$(LC_ALL=C awk '{ sub(/\r$/, "") } length($0) > 75' "$T/c1.ics" | wc -l)" -eq 0 ] || fail "a line over 75 octets"

# Local time is TZ's: 14:30 in Tokyo (UTC+9) is 05:30 UTC.
TZ=Asia/Tokyo "$CSC" agenda --format ics > "$T/tokyo.ics"
unfold "$T/tokyo.ics" > "$T/tokyo.txt"
vevent "$T/tokyo.txt" "$TIMED" | grep -qx "DTSTART:20261130T053000Z" || fail "14:30 in Asia/Tokyo is 05:30Z"
# ... and daylight saving time counts on the day: 14:30 in New York on 2026-11-30 (EST) is 19:30Z
TZ=America/New_York "$CSC" agenda --format ics > "$T/ny.ics"
unfold "$T/ny.ics" > "$T/ny.txt"
vevent "$T/ny.txt" "$TIMED" | grep -qx "DTSTART:20261130T193000Z" || fail "14:30 in New York (EST) is 19:30Z"

# The keys: a longer meeting and alarm, then no alarm.
printf 'calendar.alarm_minutes: 90\ncalendar.meeting_minutes: 60\n' >> "$CSCONSOLE_CONFIG"
"$CSC" agenda --format ics > "$T/c2.ics"
unfold "$T/c2.ics" > "$T/c2.txt"
vevent "$T/c2.txt" "$TIMED" > "$T/timed2"
grep -qx "DTEND:20261130T153000Z" "$T/timed2" || { cat "$T/timed2"; fail "calendar.meeting_minutes: 60"; }
grep -qx "TRIGGER:-PT90M" "$T/timed2" || { cat "$T/timed2"; fail "calendar.alarm_minutes: 90"; }
sed -i 's/^calendar.alarm_minutes: 90$/calendar.alarm_minutes: 0/' "$CSCONSOLE_CONFIG"
"$CSC" agenda --format ics > "$T/c3.ics" 2> "$T/c3.err" || { cat "$T/c3.err"; fail "agenda with alarm_minutes 0"; }
assert_not_contains "$T/c3.ics" "VALARM"
grep -q "^DTSTART:20261130T143000Z" "$T/c3.ics" || fail "still timed without an alarm"
echo ok
