# doctor.sh - `csconsole doctor`: effective configuration, sources, paths, problems.
. "$(dirname "$0")/../lib.sh"

mkdir -p "$T/team/feeds"
export USER=tester    # `me` is derived from it when the file leaves it empty

# --- a good configuration, found through $CSCONSOLE_CONFIG ------------------
write_config aiko "$T/team" "$T/db/csconsole.db" > "$T/good.yaml"
export CSCONSOLE_CONFIG="$T/good.yaml"
assert_status 0 "$CSC" doctor > "$T/out" 2> "$T/err"
assert_contains "$T/out" "csconsole "
assert_contains "$T/out" "Configuration:     $T/good.yaml (named by \$CSCONSOLE_CONFIG)"
# Source column, then key names aligned to the longest; setting SOURCE KEY
# VALUE: that line, spaces between columns squeezed.
setting() {
  tr -s ' ' < "$T/out" | grep -qxF -- " $1 $2 = $3" || { cat "$T/out"; fail "no setting line: $1 $2 = $3"; }
}
# every "=" in one column
[ "$(awk '/^  (default|file|derived|env|option) / { print index($0, " = ") }' "$T/out" | sort -u | wc -l)" -eq 1 ] ||
  { cat "$T/out"; fail "the settings are not aligned"; }
setting file me "aiko"
setting file shared_dir "$T/team"
setting default theme "dark"
setting default health.bands.yellow "75"
setting default renewal_windows "[120, 90, 60, 30]"
setting default sentiment.labels "[very negative, negative, neutral, positive, very positive]"
assert_contains "$T/out" "Database:          $T/db/csconsole.db"
assert_contains "$T/out" "does not exist yet"
assert_contains "$T/out" "Shared directory:  $T/team"
assert_contains "$T/out" "exists, readable, feeds/ present"
assert_contains "$T/out" "Today:             2026-11-23 Monday (pinned by CSCONSOLE_TODAY)"
assert_contains "$T/out" "(UTF-8)"
assert_contains "$T/out" "0 problems found"
assert_not_contains "$T/out" "Problems:"

# Every key of the table is listed (the shipped file documents them all).
for k in me shared_dir database theme date_format week_start health.bands.red \
         health.bands.yellow cadence.high cadence.low cadence.tech renewal_windows \
         risk_categories sentiment.labels; do
  grep -q "^  [a-z]* *$k *= " "$T/out" || fail "doctor does not list $k"
done

# With the database present: its schema version (an empty file is a valid,
# empty SQLite database that store_open migrates).
mkdir -p "$T/db" && (umask 077 && : > "$T/db/csconsole.db")
assert_status 0 "$CSC" doctor > "$T/out" 2> "$T/err"
assert_contains "$T/out" "exists, schema version"
grep -q "schema version \([0-9]*\) (this build: \1)" "$T/out" || fail "schema version not current"

# --config wins over $CSCONSOLE_CONFIG.
printf 'theme: light\n' > "$T/cli.yaml"
assert_status 0 "$CSC" --config "$T/cli.yaml" doctor > "$T/out" 2> "$T/err"
assert_contains "$T/out" "$T/cli.yaml (named by --config)"
setting file theme "light"
setting derived me "tester"

# --- a bad value: FILE:LINE:COL, exit status 1 -----------------------------
{ write_config aiko "$T/team" "$T/db/csconsole.db"; printf 'health:\n  bands:\n    red: abc\n'; } > "$T/bad.yaml"
export CSCONSOLE_CONFIG="$T/bad.yaml"
assert_status 1 "$CSC" doctor > "$T/out" 2> "$T/err"
assert_contains "$T/out" "Problems:"
assert_contains "$T/out" "$T/bad.yaml:7:10: error: health.bands.red must be a whole number from 0 to 100, not \"abc\""
setting default health.bands.red "50"
assert_contains "$T/out" "1 problem found"
# Other commands refuse to run on it, with the same message and the config exit status.
assert_status 3 "$CSC" accounts > "$T/out2" 2> "$T/err2"
assert_contains "$T/err2" "$T/bad.yaml:7:10: error: health.bands.red"

# --- an unknown key (with an escape sequence in it) is a warning, sanitized --
{ write_config aiko "$T/team" "$T/db/csconsole.db"; printf '"colour\\e[2J": red\n'; } > "$T/warn.yaml"
export CSCONSOLE_CONFIG="$T/warn.yaml"
assert_status 1 "$CSC" doctor > "$T/out" 2> "$T/err"
assert_contains "$T/out" "$T/warn.yaml:5:1: warning: unknown key \"colour"
assert_contains "$T/out" "1 problem found"
! grep -q "$(printf '\033')" "$T/out" || fail "an escape sequence reached the output"

# --- the database inside the shared directory is refused ---------------------
write_config aiko "$T/team" "$T/team/local.db" > "$T/inside.yaml"
export CSCONSOLE_CONFIG="$T/inside.yaml"
assert_status 1 "$CSC" doctor > "$T/out" 2> "$T/err"
assert_contains "$T/out" "inside the shared directory: refused"
assert_contains "$T/out" "the database $T/team/local.db lies inside the shared directory $T/team"
[ ! -e "$T/team/local.db" ] || fail "doctor created a database inside the shared directory"

# --- a shared directory without feeds/, a missing --config file ---------------
write_config aiko "$T/nowhere" "$T/db/csconsole.db" > "$T/nofeeds.yaml"
export CSCONSOLE_CONFIG="$T/nofeeds.yaml"
assert_status 1 "$CSC" doctor > "$T/out" 2> "$T/err"
assert_contains "$T/out" "the shared directory $T/nowhere cannot be found"

assert_status 1 "$CSC" --config "$T/missing.yaml" doctor > "$T/out" 2> "$T/err"
assert_contains "$T/out" "$T/missing.yaml: error: configuration file not found (named by --config)"

# --- no file at all: built-in defaults, me and database derived ----------------
unset CSCONSOLE_CONFIG
assert_status 0 "$CSC" doctor > "$T/out" 2> "$T/err"
assert_contains "$T/out" "Configuration:     built-in defaults (no file at $XDG_CONFIG_HOME/csconsole/csconsole.yaml)"
setting derived me "tester"
setting derived database "$XDG_DATA_HOME/csconsole/csconsole.db"
assert_contains "$T/out" "Shared directory:  none"
assert_contains "$T/out" "0 problems found"

# --- after a sync of the sample book: `me` is checked against the team ------
setup_book aiko
assert_status 0 "$CSC" sync > "$T/sync.out" 2>&1
assert_status 0 "$CSC" doctor > "$T/out" 2> "$T/err"
assert_contains "$T/out" "0 problems found"
write_config nobody "$T/shared" "$T/db/csconsole.db" > "$T/nobody.yaml"
assert_status 1 "$CSC" --config "$T/nobody.yaml" doctor > "$T/out" 2> "$T/err"
assert_contains "$T/out" "me (\"nobody\") is not a CSM of the imported team feed"
assert_contains "$T/out" "1 problem found"
assert_contains "$T/out" "Last sync:         2026-11-23T12:00:00Z"
assert_contains "$T/out" "feeds/team.yaml: 8 rows"

# --- a feed whose last import rejected a row is a problem until it is fixed ----
printf 'ACC-0001,2026-02-30,logins,7\n' >> "$T/shared/feeds/metrics/daily.csv"
assert_status 1 "$CSC" sync > "$T/sync.out" 2>&1
assert_status 1 "$CSC" doctor > "$T/out" 2> "$T/err"
assert_contains "$T/out" "feeds/metrics/daily.csv: 1 row was rejected at its last import"
assert_contains "$T/out" "1 problem found"
unset CSCONSOLE_CONFIG

# --- the database holds customers' notes: others must not read it -------------
# csconsole creates it, in a directory that exists already, under a
# permissive umask: 0600 all the same.
sed -i '$d' "$T/shared/feeds/metrics/daily.csv"    # the rejected row above, gone
umask 022
mkdir "$T/private"
db="$T/private/cs.db"
write_config aiko "$T/shared" "$db" > "$T/private.yaml"
export CSCONSOLE_CONFIG="$T/private.yaml"
assert_status 0 "$CSC" sync > "$T/sync.out" 2>&1
[ "$(stat -c %a "$db")" = 600 ] || fail "the database is mode $(stat -c %a "$db"), not 600"
assert_status 0 "$CSC" doctor > "$T/out" 2> "$T/err"
assert_contains "$T/out" "0 problems found"
assert_contains "$T/out" "private to its owner"
chmod 644 "$db"
assert_status 1 "$CSC" doctor > "$T/out" 2> "$T/err"
assert_contains "$T/out" "the database $db can be read by other users (mode 0644)"
assert_contains "$T/out" "chmod 600 $db"
assert_contains "$T/out" "1 problem found"
[ "$(stat -c %a "$db")" = 644 ] || fail "doctor changed the database's mode itself"
chmod 602 "$db"
assert_status 1 "$CSC" doctor > "$T/out" 2> "$T/err"
assert_contains "$T/out" "the database $db can be changed by other users (mode 0602)"
chmod 610 "$db"    # an execute bit gives no access to the data
assert_status 0 "$CSC" doctor > "$T/out" 2> "$T/err"
# Its WAL holds the latest writes: the same for it (a group-readable one here).
chmod 600 "$db"
(umask 077 && : > "$db-wal") && chmod 640 "$db-wal"
assert_status 1 "$CSC" doctor > "$T/out" 2> "$T/err"
assert_contains "$T/out" "the database's write-ahead log $db-wal can be read by other users (mode 0640)"
assert_contains "$T/out" "chmod 600 $db-wal"
assert_contains "$T/out" "1 problem found"
rm -f "$db-wal" "$db-shm"
unset CSCONSOLE_CONFIG

# --- help ----------------------------------------------------------------------
assert_status 0 "$CSC" doctor --help > "$T/out"
assert_contains "$T/out" "usage: csconsole doctor"
assert_status 2 "$CSC" doctor --bogus > "$T/out" 2> "$T/err"
exit 0
