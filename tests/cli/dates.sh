#!/bin/sh
# Dates typed on the command line: every option that takes a day accepts the
# human forms (12/15, next fri, in 2 weeks, 明日, 来週金曜, 3日後, 12月15日...),
# says on stderr which day it took, and stores that day. Today is pinned to
# Monday 2026-11-23 (tests/run.sh).
. "$CSC_ROOT/tests/lib.sh"
setup_book aiko
"$CSC" sync > "$T/sync.out" 2>&1 || { cat "$T/sync.out"; fail "sync failed"; }
DB="$T/db/csconsole.db"
q() { sqlite3 "$DB" "$1"; }
iso() { q "SELECT date($1 * 86400, 'unixepoch')"; }
[ "$CSCONSOLE_TODAY" = 2026-11-23 ] || fail "today is not pinned to 2026-11-23"

# run NAME CMD...: runs csconsole CMD, output in $T/NAME.out and .err
run() {
  name=$1; shift
  "$CSC" "$@" > "$T/$name.out" 2> "$T/$name.err" || { cat "$T/$name.err"; fail "csconsole $* failed"; }
}

# touch --due: next fri is Friday of next week; 来週金曜 the same day.
run t1 touch ACC-0004 --due "next fri"
assert_contains "$T/t1.err" 'csconsole touch: --due "next fri" is Fri 2026-12-04'
assert_contains "$T/t1.err" "scheduled for 2026-12-04"
t1=$(head -n 1 "$T/t1.out")
[ "$(iso "(SELECT due_day FROM touchpoint WHERE id = '$t1')")" = 2026-12-04 ] || fail "next fri stored wrongly"
run t2 touch ACC-0004 --due 来週金曜
assert_contains "$T/t2.err" 'csconsole touch: --due "来週金曜" is Fri 2026-12-04'
# an ISO day is taken as written, without the extra line
run t3 touch ACC-0004 --due 2026-12-10
assert_not_contains "$T/t3.err" '" is '
assert_contains "$T/t3.err" "scheduled for 2026-12-10"

# --reschedule --due 12/15, --snooze --until 2週間後, --done --date 昨日
run r touch --reschedule "$t1" --due 12/15
assert_contains "$T/r.err" '--due "12/15" is Tue 2026-12-15'
[ "$(iso "(SELECT due_day FROM touchpoint WHERE id = '$t1')")" = 2026-12-15 ] || fail "12/15 stored wrongly"
t2=$(head -n 1 "$T/t2.out")
run s touch --snooze "$t2" --until 2週間後 --reason "customer on holiday"
assert_contains "$T/s.err" '--until "2週間後" is Mon 2026-12-07'
assert_contains "$T/s.err" "snoozed until 2026-12-07"
t3=$(head -n 1 "$T/t3.out")
run d touch --done "$t3" --date 昨日
assert_contains "$T/d.err" '--date "昨日" is Sun 2026-11-22'
[ "$(iso "(SELECT done_day FROM touchpoint WHERE id = '$t3')")" = 2026-11-22 ] || fail "昨日 stored wrongly"

# note --date: full-width digits, Japanese counts, English counts
run n1 note ACC-0004 --kind call --summary "call" --date "３日前"
assert_contains "$T/n1.err" '--date "３日前" is Fri 2026-11-20'
n1=$(head -n 1 "$T/n1.out")
[ "$(iso "(SELECT touch_day FROM note WHERE id = '$n1')")" = 2026-11-20 ] || fail "３日前 stored wrongly"
run n2 note ACC-0004 --kind call --summary "call" --date "1 week ago"
assert_contains "$T/n2.err" '--date "1 week ago" is Mon 2026-11-16'

# cover --from/--until: 明日 and 12月15日
run c cover yuki --by ken --from 明日 --until 12月15日
assert_contains "$T/c.err" '--from "明日" is Tue 2026-11-24'
assert_contains "$T/c.err" '--until "12月15日" is Tue 2026-12-15'
assert_contains "$T/c.err" "ken covers for yuki from 2026-11-24 until 2026-12-15"

# in 2 weeks, for a handoff window
"$CSC" handoff yuki --from today --until "in 2 weeks" > "$T/h.out" 2> "$T/h.err" ||
  { cat "$T/h.err"; fail "handoff failed"; }
assert_contains "$T/h.err" '--until "in 2 weeks" is Mon 2026-12-07'

# Refused with the reason, nothing saved.
before=$(q "SELECT count(*) FROM touchpoint")
assert_status 2 "$CSC" touch ACC-0004 --due "next fooday" 2> "$T/bad.err"
assert_contains "$T/bad.err" 'csconsole touch: --due: unknown date "next fooday": after next or this comes a weekday'
assert_status 2 "$CSC" touch ACC-0004 --due 2/30 2> "$T/bad.err"
assert_contains "$T/bad.err" '"2/30" is not a date: February has 29 days'
assert_status 2 "$CSC" touch ACC-0004 --due 3日 2> "$T/bad.err"
assert_contains "$T/bad.err" '3日後, 2週間後, 1ヶ月後'
[ "$(q "SELECT count(*) FROM touchpoint")" = "$before" ] || fail "a refused date saved a touchpoint"
exit 0
