# completion_fish.sh - `csconsole completion fish` loads in fish and
# completes (complete -C) commands, options, option values, and account CRM
# ids and handles from the database, with their names as descriptions.
. "$(dirname "$0")/../lib.sh"
command -v fish > /dev/null || { echo "fish not installed (tools/deps.sh installs it as root)"; exit 77; }

setup_book
"$CSC" sync > "$T/sync" 2>&1 || { cat "$T/sync"; fail "sync failed"; }
"$CSC" completion fish > "$T/csconsole.fish" || fail "completion fish failed"
fish -n "$T/csconsole.fish" || fail "the fish script does not parse"
mkdir -p "$T/bin"; ln -s "$CSC" "$T/bin/csconsole"
# fc LINE: what fish completes for the command line LINE (values only).
fc() { PATH="$T/bin:$PATH" fish -N -c 'source $argv[1]; complete -C $argv[2]' "$T/csconsole.fish" "$1" 2>&1 | cut -f1 | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'; }
expect() { got=$(fc "$2"); [ "$got" = "$1" ] || fail "fish completing \"$2\": got \"$got\", expected \"$1\""; }

expect "agenda" "csconsole ag"
expect "--dry-run" "csconsole sync --d"
expect "meeting" "csconsole note --kind mee"
expect "$(sed -n 's/^  - id: //p' "$T/shared/feeds/accounts.yaml" | grep '^ACC-008' | tr '\n' ' ' | sed 's/ $//')" "csconsole show ACC-008"
expect "$(sed -n 's/^  - handle: //p' "$T/shared/feeds/team.yaml" | grep '^k' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')" "csconsole --me k"
# The account's name is the description.
name=$(awk '/^  - id: ACC-0080$/ { f = 1; next } f && /^    name:/ { sub(/^    name: "?/, ""); sub(/"$/, ""); print; exit }' "$T/shared/feeds/accounts.yaml")
PATH="$T/bin:$PATH" fish -N -c 'source $argv[1]; complete -C $argv[2]' "$T/csconsole.fish" "csconsole show ACC-0080" > "$T/desc" 2>&1
grep -qxF "ACC-0080	$name" "$T/desc" || { cat "$T/desc"; fail "no description \"$name\" for ACC-0080"; }
# The command's summary describes it.
fish -N -c 'source $argv[1]; complete -C "csconsole agen"' "$T/csconsole.fish" > "$T/cmd" 2>&1
grep -q "^agenda	what needs me (or the team) today" "$T/cmd" || { cat "$T/cmd"; fail "no summary for agenda"; }
echo ok
