# completion_bash.sh - `csconsole completion bash` is a script that bash
# registers (complete -p) and that completes commands, options, option values
# and, from the database, account CRM ids and handles (through the hidden
# `csconsole __complete`). The options table it is generated from matches
# what each command accepts. (completion_zsh.sh, completion_fish.sh: the
# other shells.)
. "$(dirname "$0")/../lib.sh"
command -v bash > /dev/null || { echo "bash not installed"; exit 77; }

# No database yet: __complete prints nothing and creates none.
setup_book
"$CSC" __complete accounts > "$T/none" 2>&1 || fail "__complete without a database failed"
[ ! -s "$T/none" ] || fail "__complete printed something without a database: $(cat "$T/none")"
[ ! -e "$T/db" ] || fail "__complete created the database folder"
"$CSC" sync > "$T/sync" 2>&1 || { cat "$T/sync"; fail "sync failed"; }
ls -a "$T/db" > "$T/dbdir.before"

# The values from the database are the feed's: active accounts, CSMs.
sed -n 's/^  - id: //p' "$T/shared/feeds/accounts.yaml" | LC_ALL=C sort > "$T/want.accounts"
"$CSC" __complete accounts > "$T/got.accounts"
diff "$T/want.accounts" "$T/got.accounts" || fail "__complete accounts is not the feed's ids"
sed -n 's/^  - handle: //p' "$T/shared/feeds/team.yaml" | LC_ALL=C sort > "$T/want.handles"
"$CSC" __complete handles > "$T/got.handles"
diff "$T/want.handles" "$T/got.handles" || fail "__complete handles is not the team's handles"
"$CSC" __complete handles --describe | grep -qx "aiko	佐藤 愛子" || fail "__complete --describe: no \"aiko<TAB>name\""
ls -a "$T/db" > "$T/dbdir.after"
cmp -s "$T/dbdir.before" "$T/dbdir.after" || fail "__complete left files next to the database"
# Hidden: not in the help nor in the completions.
"$CSC" --help > "$T/help"
assert_not_contains "$T/help" "__complete"
assert_contains "$T/help" "completion bash|zsh|fish"

"$CSC" completion bash > "$T/csconsole.bash" || fail "completion bash failed"
bash -n "$T/csconsole.bash" || fail "the bash script does not parse"
assert_status 2 "$CSC" completion tcsh > /dev/null 2>&1

# comp WORDS...: the completions bash offers for the last word.
comp() {
  bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _csconsole; printf "%s\n" "${COMPREPLY[@]}"' \
    comp "$T/csconsole.bash" "$CSC" "$@" | sed '/^$/d' | LC_ALL=C sort
}
expect() { # WANT (space-separated) -- WORDS...
  want=$1; shift 2
  got=$(comp "$@" | tr '\n' ' ' | sed 's/ $//')
  [ "$got" = "$want" ] || fail "completing \"$*\": got \"$got\", expected \"$want\""
}
[ "$(bash -c '. "$1"; complete -p csconsole' x "$T/csconsole.bash")" = "complete -F _csconsole csconsole" ] ||
  fail "complete -p csconsole: not registered"
expect "agenda" -- ag
expect "changes completion conflicts cover" -- c
expect "--dry-run" -- sync --d
expect "--config" -- --conf
expect "dark" -- --theme d
expect "meeting" -- note --kind m
expect "markdown" -- handoff --format m
# From the database, through the script's own __complete call.
expect "$(grep '^ACC-008' "$T/want.accounts" | tr '\n' ' ' | sed 's/ $//')" -- show ACC-008
expect "$(grep '^ACC-001' "$T/want.accounts" | tr '\n' ' ' | sed 's/ $//')" -- note --kind call ACC-001
expect "$(grep '^k' "$T/want.handles" | tr '\n' ' ' | sed 's/ $//')" -- --me k
expect "$(grep '^h' "$T/want.handles" | tr '\n' ' ' | sed 's/ $//')" -- handoff h
expect "$(grep '^e' "$T/want.handles" | tr '\n' ' ' | sed 's/ $//')" -- risk ACC-0001 --owner e
# An --config before the command is passed to __complete: another database.
write_config aiko "$T/shared" "$T/db/empty.db" > "$T/other.yaml"
expect "" -- --config "$T/other.yaml" show ACC-008
# One account per command: none after the first.
expect "" -- show ACC-0001 ACC-00
[ ! -e "$T/db/empty.db" ] || fail "completing created the database of --config"

# The options table against the commands: every option it lists is one the
# command accepts (getopt does not call it unrecognized), and every --word a
# command's help mentions that the command accepts is listed.
for cmd in $("$CSC" __complete commands); do
  "$CSC" __complete options "$cmd" > "$T/opts" || fail "no options table for command $cmd"
  for o in $(cat "$T/opts"); do
    "$CSC" "$cmd" "$o=x" --help > "$T/probe" 2>&1 || true
    ! grep -q "unrecognized option" "$T/probe" || fail "$cmd: the completions offer $o, which $cmd does not accept"
  done
  "$CSC" "$cmd" --help 2>&1 | grep -o -- '--[a-z][a-z-]*' | sort -u > "$T/mentioned" || true
  for o in $(cat "$T/mentioned"); do
    grep -qx -- "$o" "$T/opts" && continue
    "$CSC" "$cmd" "$o=x" --help > "$T/probe" 2>&1 || true
    grep -q "unrecognized option" "$T/probe" ||
      fail "$cmd accepts $o (its help mentions it) but the completions do not offer it: add it to cmd_complete.c"
  done
done
echo ok
