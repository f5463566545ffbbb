#!/bin/sh
# i18n_reasons.sh - sync_reasons.c's table holds every format with a
# conversion that segment.c, event.c and eventsync.c store as a segment's
# reason (marked N_()): a format missing from it would show people the
# stored English text; one left in it after its message changed matches
# nothing. Compared as xgettext reads them.
. "$(dirname "$0")/../lib.sh"
command -v xgettext > /dev/null || { echo "SKIP: xgettext is not installed (Debian: gettext)"; exit 77; }
cd "$CSC_ROOT" || fail "no $CSC_ROOT"
ids() { # the N_() msgids of FILE... that have a conversion, one a line
  xgettext --from-code=UTF-8 --language=C -kN_ --no-wrap --omit-header -o - "$@" |
    awk '/^msgid / { print substr($0, 7) }' | grep '%' | LC_ALL=C sort -u
}
ids src/core/segment.c src/core/event.c src/core/eventdata.c src/core/opportunity.c src/core/feedback.c src/core/eventsync.c > "$T/stored"
ids src/core/sync_reasons.c > "$T/table"
[ -s "$T/stored" ] || fail "no formats found in segment.c, event.c, eventsync.c"
diff -u "$T/stored" "$T/table" ||
  fail "sync_reasons.c's formats differ from the N_() formats of segment.c, event.c and eventsync.c (- missing, + stale)"
